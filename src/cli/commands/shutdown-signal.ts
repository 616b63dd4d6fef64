import type { CliContext } from "../context.ts";

/**
 * A long-running command (`serve`, `worker`) ends on the first SIGTERM or SIGINT: `close` lets
 * running jobs finish or hands them back, then the process exits 0. A failed close is reported,
 * never left to hang the process.
 */
export function onShutdownSignal(context: CliContext, close: () => Promise<void>, afterClose: () => void = () => undefined): void {
  const shutdown = async (signal: string) => {
    context.print(`\n${signal}: finishing current work and closing…`);
    await close().catch((error) => context.note(String(error instanceof Error ? (error.stack ?? error.message) : error)));
    afterClose();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}
