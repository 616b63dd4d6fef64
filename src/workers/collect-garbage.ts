/**
 * A full collection of the calling thread's heap, now. Why: a report step's arrays are tens of
 * megabytes outside the heap (a range's table, terms and output, node-postgres's buffers of the
 * bytes it stores; the merge's band keys), which V8 frees only once a collection finds them dead —
 * for external memory, after about 64 MB more of it than at its last collection. A worker running
 * a million personas' ranges one after the other held a range or two of dead arrays besides the live
 * ones on each of its threads (decision 0008, "Session 19"); collected between the steps, a step
 * starts from what is live. A collection of these threads' small heaps takes milliseconds to tens
 * of milliseconds, against seconds a step.
 *
 * V8 gives `gc` only to contexts made while `--expose-gc` is set: it is set for one new context
 * and unset again, so no other context sees a `gc` (and no test or tool changes its behaviour).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined;

/** Collects now when V8 lets it (it may not: some hosts' contexts come without `gc` whatever the flag, as under vitest); else nothing. */
export function collectGarbage(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    setFlagsFromString("--expose-gc");
    try {
      collect = exposed ?? (runInNewContext("typeof gc === 'function' ? gc : undefined") as (() => void) | undefined) ?? (() => undefined);
    } finally {
      if (!exposed) setFlagsFromString("--no-expose-gc");
    }
  }
  collect();
}
