import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { integerOption } from "../options.ts";
import { dataDirOption, type DataDirOption } from "./operator.ts";
import { onShutdownSignal } from "./shutdown-signal.ts";

export function registerServe(program: Command, context: CliContext): void {
  dataDirOption(
    program
      .command("serve")
      .description("serve the API on the embedded defaults (PGlite in ./.dramatis, offline engine)")
      .option("-p, --port <port>", "port to listen on (default: $PORT or 8787)", integerOption("port", { min: 0 }))
      .option("--host <host>", "interface to bind (default: $HOST or 127.0.0.1)")
      .option("--no-workers", "accept jobs but leave the work to other processes (`dramatis worker` on the same DATABASE_URL)"),
  ).action(async (options: DataDirOption & { port?: number; host?: string; workers: boolean }) => {
    const config = context.config();
    if (options.port !== undefined) config.port = options.port;
    if (options.host) config.host = options.host;
    if (options.dataDir) config.dataDir = context.path(options.dataDir);
    // The server's modules (Fastify, the store, the queue, the engine's pool) load only for this command.
    const [{ startApp }, { acquire, recordUrl }] = await Promise.all([import("../../app.ts"), import("../../store/data-dir-lock.ts")]);
    const release = config.databaseUrl ? () => undefined : acquire(config.dataDir);
    const app = await startApp(config, { workers: options.workers, logger: true }).catch((error) => {
      release();
      throw error;
    });
    if (!config.databaseUrl) recordUrl(config.dataDir, app.url);
    const where = config.databaseUrl ? app.context.store.location : `${config.dataDir} (embedded PGlite)`;
    context.print(`Dramatis listening on ${app.url}`);
    context.print(`Database: ${where}; model: ${config.model}`);
    if (!options.workers) {
      context.print(
        config.databaseUrl
          ? "No workers here: jobs are worked by `dramatis worker` processes on the same DATABASE_URL."
          : "No workers here, and the embedded database has no room for other processes: jobs wait for the next `dramatis serve` with workers.",
      );
    }
    context.print(`API key: ${app.devKey}`);
    context.print(`Try: curl ${app.url}/v1/personas/actions/generate -H "Authorization: Bearer ${app.devKey}" -H "Content-Type: application/json" -d '{"prompt":"10 League of Legends players from around the globe","count":10}'`);
    // Serving outlives this function: the process ends on a signal, once current work is closed.
    onShutdownSignal(context, () => app.close(), release);
  });
}
