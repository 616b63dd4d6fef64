// The engine's worker thread, held: each task says "started" on the `held-save-thread` channel and
// runs only once the test says "release" there. Lets a test look at the server while a save is
// being checked in a thread, without timing anything.
import { BroadcastChannel } from "node:worker_threads";
import run from "../../../workers/engine-thread.mjs";

const channel = new BroadcastChannel("held-save-thread");
channel.unref();
let released = false;
const release = new Promise((resolve) => {
  channel.onmessage = (event) => {
    if (event.data === "release") {
      released = true;
      resolve();
    }
  };
});

export default async function held(task) {
  channel.postMessage("started");
  if (!released) await release;
  return run(task);
}
