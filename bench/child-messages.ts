/**
 * The next IPC message of a given type from a bench's child process; rejects if the child exits
 * first. Shared by the benches that drive a server in a child process.
 */
import type { ChildProcess } from "node:child_process";

export function nextMessage<M extends { type: string }, T extends M["type"]>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<M, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
