import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { integerOption } from "../options.ts";
import { onShutdownSignal } from "./shutdown-signal.ts";

/**
 * `dramatis worker`: works jobs from `DATABASE_URL` with no HTTP server, next to an API started
 * with `dramatis serve --no-workers` and any number of other workers (deploy/compose.yaml). Stops
 * on SIGTERM or SIGINT once running jobs have finished or been handed back.
 */
export function registerWorker(program: Command, context: CliContext): void {
  program
    .command("worker")
    .description("work jobs from DATABASE_URL (a Postgres server shared with `dramatis serve --no-workers`), without HTTP")
    .option("-c, --concurrency <n>", "jobs of each kind worked at once (default: $DRAMATIS_WORKERS or 2)", integerOption("concurrency", { min: 1 }))
    .option("--metrics-port <port>", "serve /healthz, /readyz and /metrics on this port (default: $DRAMATIS_METRICS_PORT, else none)", integerOption("metrics port", { min: 0 }))
    .action(async (options: { concurrency?: number; metricsPort?: number }) => {
      const config = context.config();
      if (options.concurrency !== undefined) config.workers = options.concurrency;
      if (options.metricsPort !== undefined) config.metricsPort = options.metricsPort;
      const { startWorkerProcess } = await import("../../app.ts");
      const worker = await startWorkerProcess(config, { log: (line) => context.print(line) });
      context.print(`Dramatis worker on ${worker.store.location}: ${config.workers} jobs of each kind at once; model: ${config.model}`);
      if (worker.url) context.print(`Probes and metrics on ${worker.url} (/healthz, /readyz, /metrics)`);
      onShutdownSignal(context, () => worker.close());
    });
}
