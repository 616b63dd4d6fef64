// An engine thread that answers every task with its own heap's limits (`v8.getHeapStatistics()`)
// and the young generation it was started with, so a test can read the resource limits its pool
// gave the thread.
import { getHeapStatistics } from "node:v8";
import { resourceLimits } from "node:worker_threads";

export default function heapLimits() {
  const { heap_size_limit } = getHeapStatistics();
  return { output: { heapSizeLimitMb: heap_size_limit / 2 ** 20, youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb } };
}
