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
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!first) {
      first = { signal, at: Date.now() };
      void shutdown(signal);
      return;
    }
    // A service manager that signals every process of the service (systemd's control-group kill)
    // reaches bin/dramatis.js's parent, which passes the signal on, and this process: one request.
    if (signal === first.signal && Date.now() - first.at < REPEATED_SIGNAL_MS) return;
    // A second request (a second Ctrl-C): end at once, as the signal's default does.
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    process.kill(process.pid, signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** The same signal again within this is the same request, sent twice. */
const REPEATED_SIGNAL_MS = 1000;
