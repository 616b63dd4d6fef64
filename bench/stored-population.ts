/**
 * A finished population written straight into the store in the sharded shape (issue 16's storage
 * contract): `populations.result` without `personas`, the personas as `population_batches` rows by
 * `start_index`. For tests and benchmarks of the poll and export routes that must not wait for a
 * real generation of tens of thousands of personas.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../src/store/database.ts";
import type { JobRepository } from "../src/store/jobs.ts";
import { populations } from "../src/store/schema.ts";

export interface StoredPopulationSpec {
  accountId: string;
  count: number;
  /** Personas per stored row (a shard). */
  batchSize: number;
  /** The persona at an index (0-based). */
  personaAt: (index: number) => unknown;
  /** The result without its personas, in the spec's key order (blueprint, diversity, …). */
  result: Record<string, unknown>;
  prompt?: string;
  id?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export async function storeShardedPopulation(db: Db, jobs: JobRepository, spec: StoredPopulationSpec): Promise<string> {
  const id = spec.id ?? randomUUID();
  const createdAt = spec.createdAt ?? new Date();
  await db.transaction((tx) =>
    jobs.insertPopulation(tx, { id, accountId: spec.accountId, prompt: spec.prompt ?? "stored population", count: spec.count, grounding: "off", seed: 1, status: "running", createdAt, updatedAt: createdAt }),
  );
  for (let start = 0; start < spec.count; start += spec.batchSize) {
    const personas = Array.from({ length: Math.min(spec.batchSize, spec.count - start) }, (_, offset) => spec.personaAt(start + offset));
    await jobs.storeBatch(id, start, personas);
  }
  await db
    .update(populations)
    .set({ status: "succeeded", phase: "complete", produced: spec.count, total: spec.count, result: spec.result, updatedAt: spec.updatedAt ?? createdAt })
    .where(eq(populations.id, id));
  return id;
}

/** A persona of about `textCharacters` characters of rendered text, shaped as the engine shapes one. */
export function syntheticPersona(index: number, count: number, textCharacters = 2_000): Record<string, unknown> {
  const id = `p${String(index + 1).padStart(Math.max(4, String(count).length), "0")}`;
  const name = `Person ${index + 1}`;
  const age = String(20 + (index % 50));
  const sentence = `${name} is ${age} and writes "quoted" text, commas, and a line\nbreak. `;
  const body = sentence.repeat(Math.max(1, Math.ceil(textCharacters / 2 / sentence.length)));
  return {
    persona_id: id,
    fields: { name, age, region: ["north", "south", "east", "west"][index % 4], backstory: body },
    system_prompt: `You are ${name}. ${body}`,
    markdown: `# ${name}\n\n| Field | Value |\n| --- | --- |\n| Age | ${age} |\n\n${body}`,
  };
}

/** The blueprint of `syntheticPersona`'s fields. */
export const SYNTHETIC_BLUEPRINT = {
  domain: "synthetic",
  order: ["region", "age", "name", "backstory"],
  fields: [
    { name: "name", kind: "text", description: "name" },
    { name: "age", kind: "numeric", description: "age", numeric: { mean: 40, sd: 10, min: 20, max: 69, integer: true } },
    { name: "region", kind: "categorical", description: "region", categorical: { weights: { north: 1, south: 1, east: 1, west: 1 } } },
    { name: "backstory", kind: "text", description: "backstory" },
  ],
};
