/**
 * The diversity report of a population held in memory (the CLI's local run, `npm run bench`) on two
 * threads: the calling thread and an engine thread (`engine-pool.ts`), with nothing of the personas
 * copied between them (decision 0011, "Session 16").
 *
 * The calling thread reads the text fields' terms into shared memory (`TermVectors` made `shared`);
 * the engine thread then makes every persona's vector from them, with its fingerprint and band keys
 * and the mean's sum (`makeSharedVectors`), while the calling thread counts the sentences; the
 * calling thread then groups equal vectors, finds and compares the candidate pairs. Both halves are
 * about a third of the report at 100,000 personas. The threads meet on one shared word
 * (`Atomics`): whichever takes the vectors first makes them, so a report whose engine thread has
 * not begun (a pool still starting, or busy) makes them on the calling thread and never waits for
 * an event loop it is blocking. The same report, byte for byte, as `computeDiversity` (with no
 * engine thread, it is `computeDiversity`): each vector, key and fingerprint is a function of its
 * persona, and the mean's sum is added persona after persona on one thread, as there.
 */
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import { BroadcastChannel } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import { compareSharedPairs, computeDiversity, EXACT_PAIRS_LIMIT, makeSharedVectors, type DiversityOptions, type DiversityReport, type SharedPairs, type SharedVectors, type VectorsElsewhere } from "../engine/quality/diversity.ts";
import { featureFields, type PersonaFields } from "../engine/quality/similarity.ts";
import type { ThreadedDiversity } from "../pipeline/generate.ts";

/** The shared word's states: no thread has taken the vectors yet, one is making them, they are made, making them failed. */
const OPEN = 0;
const TAKEN = 1;
const MADE = 2;
const FAILED = 3;

export interface VectorsInput {
  shared: SharedVectors;
  /** The shared words: the vectors' (`OPEN` … `FAILED`), then the pairs' (`OPEN`, `MADE`, `FAILED`). */
  state: Int32Array;
  /** Where the calling thread hands the pairs, or says there are none (`PairsMessage`). */
  channel: string;
}

type PairsMessage = { kind: "pairs"; pairs: SharedPairs } | { kind: "none" };

/**
 * The engine thread's part: the vectors, unless the calling thread took them first (then it answers
 * false at once); then the cosines of the candidate pairs the calling thread hands it, if any.
 */
export async function makeVectors({ shared, state, channel }: VectorsInput): Promise<boolean> {
  const port = new BroadcastChannel(channel);
  try {
    // Listening before the vectors are taken: the calling thread writes only once they are made.
    const heard = new Promise<PairsMessage>((resolve) => (port.onmessage = (event) => resolve((event as { data: PairsMessage }).data)));
    if (Atomics.compareExchange(state, 0, OPEN, TAKEN) !== OPEN) return false;
    const vectors = settle(state, 0, () => makeSharedVectors(shared));
    const message = await heard;
    if (message.kind === "pairs") settle(state, 1, () => compareSharedPairs(vectors, message.pairs));
    return true;
  } finally {
    port.close();
  }
}

/** `work`'s value, its end said on `state[word]` (`MADE` or `FAILED`) to a thread that may wait on it. */
function settle<Value>(state: Int32Array, word: number, work: () => Value): Value {
  try {
    const value = work();
    Atomics.store(state, word, MADE);
    return value;
  } catch (error) {
    Atomics.store(state, word, FAILED);
    throw error;
  } finally {
    Atomics.notify(state, word);
  }
}

/** Starts the engine thread (its modules loaded) before a report needs it. */
export async function engineReady(): Promise<boolean> {
  return true;
}

/**
 * What this module needs of the engine pool (engine-pool.ts): its size and its two tasks here. Not
 * the pool's type: the pool's task table includes this module's tasks, and the rules forbid the cycle.
 */
export interface DiversityEngine {
  readonly size: number;
  run(task: "engineReady", input: undefined): Promise<boolean>;
  run(task: "makeVectors", input: VectorsInput): Promise<boolean>;
}

/** The pipeline's port (generate.ts `ThreadedDiversity`) over `engine`'s threads; undefined when it has none. */
export function threadedDiversity(engine: DiversityEngine): ThreadedDiversity | undefined {
  if (engine.size === 0) return undefined;
  return {
    warm: () => void engine.run("engineReady", undefined).catch(() => undefined),
    diversity: (personas, blueprint, options) => diversityInThreads(engine, personas, blueprint, options),
  };
}

/** `computeDiversity`, its vectors made on an engine thread of `engine` meanwhile (see above). */
export async function diversityInThreads(engine: DiversityEngine, personas: readonly PersonaFields[], blueprint: BlueprintInput | undefined, options: DiversityOptions = {}): Promise<DiversityReport> {
  if (engine.size === 0 || personas.length <= (options.exactLimit ?? EXACT_PAIRS_LIMIT)) return computeDiversity(personas, blueprint, options);
  // A thread that has started says so in a message this thread hears between tasks: a population
  // written with no turn of the event loop has not heard it yet, and the task would wait for it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const state = new Int32Array(new SharedArrayBuffer(8));
  const channel = `dramatis-diversity-${randomUUID()}`;
  const port = new BroadcastChannel(channel);
  let handed = false;
  let madeHere = false;
  const elsewhere: VectorsElsewhere = {
    start: (shared) => {
      // Its failure is seen on the shared words (below).
      engine.run("makeVectors", { shared, state, channel }).catch(() => undefined);
    },
    finish: (shared) => {
      if (Atomics.compareExchange(state, 0, OPEN, TAKEN) === OPEN) {
        madeHere = true;
        makeSharedVectors(shared);
        return;
      }
      Atomics.wait(state, 0, TAKEN);
      if (Atomics.load(state, 0) !== MADE) throw new Error("the diversity report's vectors failed on the engine thread");
    },
    compare: (pairs) => {
      if (madeHere) return false;
      handed = true;
      port.postMessage({ kind: "pairs", pairs } satisfies PairsMessage);
      return true;
    },
    compared: () => {
      Atomics.wait(state, 1, OPEN);
      if (Atomics.load(state, 1) !== MADE) throw new Error("the diversity report's pairs failed on the engine thread");
    },
  };
  try {
    // Not awaited for the engine thread's task: it has made the vectors and heard about the pairs, or
    // will end at once when it runs (this thread took them; a pool still starting would have the
    // report wait for it).
    return computeDiversity(personas, blueprint, { ...options, read: { fields: featureFields(personas, blueprint), elsewhere, sharedPairsFrom: options.sharedPairsFrom } });
  } finally {
    if (!handed) port.postMessage({ kind: "none" } satisfies PairsMessage);
    port.close();
  }
}

export const DIVERSITY_TASKS = { makeVectors, engineReady } as const;
