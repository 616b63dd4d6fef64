/**
 * A population's blueprint stored apart from its result (migration 0012). A one-persona result is
 * ~28 KB, ~23 KB of it the blueprint, and nearly all of that its model: the fields with their
 * categories, the order, the constraints and the sources. A backlog of small generates repeats
 * models (one prompt with many seeds; prompts that differ in a detail the design leaves out), and
 * each result carried its own copy, written, compressed and logged by the database per job: on the
 * embedded database, the thread that runs every statement. The model is now stored once per
 * distinct content, keyed by the SHA-256 of its JSON text, and the result keeps everything else.
 *
 * A read must answer the same bytes as the whole result did (the key order too: see migration
 * 0001), so the result keeps every key of its blueprint in place, the model's with `null`, and a
 * read sets them back: assigning an existing key keeps its position.
 */
import { createHash } from "node:crypto";

/**
 * The blueprint's keys stored apart: the model, the same for every population designed alike. The
 * rest (domain, label, rationale, language, seed, what was left unmodelled) is what the prompt and
 * the request said, which differs from one job to the next, and small: it stays in the result.
 */
export const BLUEPRINT_MODEL_KEYS = ["order", "fields", "constraints", "sources"] as const;

/** A blueprint's model as stored: its JSON text and the hash that keys it. */
export interface StoredBlueprintModel {
  hash: string;
  json: string;
}

/** A result to store: its JSON text, and the model its blueprint takes back on a read (none: the result is whole). */
export interface ResultToStore {
  resultJson: string;
  model: StoredBlueprintModel | null;
}

/**
 * A result as it is stored: its blueprint's model apart, the model's keys left in place as `null`.
 * A result without a blueprint object (or whose blueprint has none of the model's keys) is stored
 * whole.
 */
export function resultWithModelApart(result: unknown): ResultToStore {
  const blueprint = isObject(result) ? result.blueprint : undefined;
  if (!isObject(result) || !isObject(blueprint)) return { resultJson: JSON.stringify(result), model: null };
  const model: Record<string, unknown> = {};
  const holes: Record<string, null> = {};
  // An undefined value is not in the JSON: left alone, it stays out of both.
  for (const key of BLUEPRINT_MODEL_KEYS) {
    if (blueprint[key] === undefined) continue;
    model[key] = blueprint[key];
    holes[key] = null;
  }
  if (Object.keys(model).length === 0) return { resultJson: JSON.stringify(result), model: null };
  const json = JSON.stringify(model);
  return {
    resultJson: JSON.stringify({ ...result, blueprint: { ...blueprint, ...holes } }),
    model: { hash: createHash("sha256").update(json).digest("hex"), json },
  };
}

/**
 * A stored result made whole again: its blueprint's model keys (left in place as `null`) set back
 * from the stored model, in place, so the key order is the one it was stored with. Changes and
 * answers `result` (a value just read, owned by the caller).
 */
export function resultWithModel(result: unknown, model: unknown): unknown {
  const blueprint = isObject(result) ? result.blueprint : undefined;
  if (!isObject(blueprint) || !isObject(model)) return result;
  for (const [key, value] of Object.entries(model)) blueprint[key] = value;
  return result;
}

/**
 * The models this process knows are stored in a database, so that a job repeating one sends its
 * hash alone. Bounded: forgotten all at once when full (a forgotten model is sent again and kept
 * once: the insert does nothing on a known hash).
 */
export class KnownModels {
  private readonly hashes = new Set<string>();

  constructor(private readonly capacity = 1_024) {}

  has(hash: string): boolean {
    return this.hashes.has(hash);
  }

  /** Only once the statement that stored them has committed. */
  add(hashes: Iterable<string>): void {
    for (const hash of hashes) {
      if (this.hashes.size >= this.capacity) this.hashes.clear();
      this.hashes.add(hash);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
