// A worker thread whose modules fail to load (as when a deployment ships a broken file).
throw new Error("the engine's modules could not be loaded");
