// A worker thread for bench/shard-task.ts: runs engine tasks through the engine thread's own entry
// (`workerData.entry`: the bundle, or the source under tsx), as an engine pool's thread does, and
// answers each with its own thread's CPU seconds (Linux: /proc/thread-self), so the bench can tell
// the thread's work from the process's other threads (the collector's helpers, the main thread).
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { getHeapSpaceStatistics } from "node:v8";

const { default: run } = await import(workerData.entry);

function threadCpuSeconds() {
  try {
    const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * With `transfer`, the buffers of the answer's bytes (a shard's JSON, fields, digest) are moved to
 * the main thread instead of copied, as an engine pool would move them (Tinypool.move).
 */
function outputBuffers(output) {
  const buffers = new Set();
  for (const value of Object.values(output ?? {})) if (value instanceof Uint8Array) buffers.add(value.buffer);
  return [...buffers];
}

parentPort.on("message", async (message) => {
  const before = threadCpuSeconds();
  const answer = await run(message);
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  const reply = { answer, threadCpuSeconds: threadCpuSeconds() - before, newSpaceMb: (newSpace?.space_size ?? 0) / 2 ** 20 };
  parentPort.postMessage(reply, workerData.transfer ? outputBuffers(answer.output) : []);
});
parentPort.postMessage({ ready: true });
