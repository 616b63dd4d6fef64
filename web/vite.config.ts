/**
 * The web UI's build and dev server. `npm run build:web` writes `web/dist/`, which the API server
 * serves at `/`; `npm run dev` runs this dev server (hot reload) in front of the API, proxying the
 * API's paths to it.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Where the dev server sends API calls: a running `npm start`, unless told otherwise. */
const apiTarget = process.env.DRAMATIS_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`;
const API_PATHS = ["/v1", "/api", "/healthz", "/openapi.json", "/docs"];

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The graph layout (elkjs) is large and only the graph pages need it: it is its own chunk.
    chunkSizeWarningLimit: 1600,
    // Gzip sizes of 3 MB of chunks cost seconds of every build and nobody reads them.
    reportCompressedSize: false,
    target: "es2022",
    rollupOptions: {
      // zod's sources carry `@__PURE__` comments where Rollup cannot use them; it says so on every build.
      onwarn(warning, warn) {
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("node_modules")) return;
        warn(warning);
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.DRAMATIS_WEB_PORT ?? 5173),
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiTarget }])),
  },
});
