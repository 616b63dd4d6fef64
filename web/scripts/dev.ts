/**
 * `npm run dev`: the API server (restarted when its sources change) and the web UI's Vite dev
 * server (hot reload) in front of it, proxying the API's paths. Open the address Vite prints.
 * Settings are the server's own (PORT, DATABASE_URL, DRAMATIS_MODEL, …); DRAMATIS_WEB_PORT moves
 * the UI (5173 by default).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const root = fileURLToPath(new URL("../..", import.meta.url));
const api = spawn(process.execPath, ["--import", "tsx", "--watch", "src/cli/main.ts", "serve"], { cwd: root, stdio: "inherit", env: process.env });
const ui = await createServer({ configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)) });
await ui.listen();
ui.printUrls();

const stop = async () => {
  api.kill("SIGTERM");
  await ui.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
api.once("exit", (code) => {
  console.error(`the API server stopped (${code ?? "signal"}); stopping the UI too`);
  void ui.close().then(() => process.exit(code ?? 1));
});
