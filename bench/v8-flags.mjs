// Loaded by `node --import` in the processes bench/scale.ts starts when BENCH_SCALE_V8_FLAGS is set:
// V8's own flags (--single-threaded-gc, --no-concurrent-marking…) are refused in NODE_OPTIONS, and
// the spawn helper passes no execArgv, so they are set here, before the app is imported. V8's flags
// are process-wide and read when a heap is made or a collection starts, so the engine threads
// (started later) and every collection from here on run with them.
import { setFlagsFromString } from "node:v8";

if (process.env.BENCH_V8_FLAGS) setFlagsFromString(process.env.BENCH_V8_FLAGS);
