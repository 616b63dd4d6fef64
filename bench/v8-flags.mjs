// Loaded by `node --import` in the processes bench/scale.ts starts when BENCH_SCALE_V8_FLAGS is set:
// V8's own flags (--no-parallel-scavenge…) are refused in NODE_OPTIONS, and the spawn helper passes
// no execArgv, so they are set here, before the app is imported. V8's flags are process-wide, so the
// engine threads (started later) and every collection from here on run with them. Only flags read
// afresh at each collection are safe this late: --single-threaded-gc (and the concurrent marking it
// turns off) set at runtime aborts the process at its next full collection (V8_Fatal in
// cppgc's ~MarkerBase, Node 20) — that one can only be measured with the flag on node's command line.
import { setFlagsFromString } from "node:v8";

if (process.env.BENCH_V8_FLAGS) setFlagsFromString(process.env.BENCH_V8_FLAGS);
