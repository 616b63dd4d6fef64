import { afterEach, describe, expect, it, vi } from "vitest";
import type { CliContext } from "../context.ts";
import { onShutdownSignal } from "./shutdown-signal.ts";

describe("shutdown on a signal", () => {
  const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
  afterEach(() => {
    vi.restoreAllMocks();
    for (const signal of ["SIGINT", "SIGTERM"] as const) for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.removeListener(signal, listener);
  });

  function start() {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    const close = vi.fn(async () => undefined);
    const context = { print: () => undefined, note: () => undefined } as unknown as CliContext;
    onShutdownSignal(context, close);
    return { exit, kill, close };
  }

  it("the same signal twice at once (a service manager signalling the launcher and the CLI) is one request: close runs once, nothing is killed", async () => {
    const { close, kill, exit } = start();
    process.emit("SIGTERM", "SIGTERM");
    // Still listening: a real second SIGTERM with no listener would end the process by its default action.
    expect(process.listenerCount("SIGTERM")).toBeGreaterThan(before.SIGTERM.length);
    process.emit("SIGTERM", "SIGTERM");
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(close).toHaveBeenCalledTimes(1);
    expect(kill).not.toHaveBeenCalled();
  });

  it("another signal after the first (Ctrl-C after a SIGTERM) still ends the process at once", () => {
    const { kill } = start();
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGINT", "SIGINT");
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGINT");
  });
});
