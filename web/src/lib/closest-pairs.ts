/**
 * The population's closest pairs of personas, for the diversity report's side-by-side view, with
 * the engine's own similarity (the one the report's mean and max come from). Exact over every
 * pair up to `EXACT_LIMIT` personas; beyond, over the first `EXACT_LIMIT` (the page says so).
 */
import { cosine, vectorise, type Blueprint, type Persona } from "./dramatis.ts";

export const EXACT_LIMIT = 600;

export interface ClosePair {
  a: Persona;
  b: Persona;
  similarity: number;
  sameFields: string[];
}

export function closestPairs(personas: readonly Persona[], blueprint: Blueprint | undefined, count = 3): { pairs: ClosePair[]; compared: number } {
  const considered = personas.slice(0, EXACT_LIMIT);
  const { vectors } = vectorise(considered, blueprint);
  const best: Array<{ i: number; j: number; similarity: number }> = [];
  for (let i = 0; i < considered.length; i++) {
    for (let j = i + 1; j < considered.length; j++) {
      const similarity = cosine(vectors[i]!, vectors[j]!);
      if (best.length < count || similarity > best[best.length - 1]!.similarity) {
        best.push({ i, j, similarity });
        best.sort((left, right) => right.similarity - left.similarity);
        if (best.length > count) best.pop();
      }
    }
  }
  return {
    compared: considered.length,
    pairs: best.map(({ i, j, similarity }) => {
      const a = considered[i]!;
      const b = considered[j]!;
      const sameFields = Object.keys(a.fields).filter((name) => Object.hasOwn(b.fields, name) && a.fields[name] === b.fields[name]);
      return { a, b, similarity: Math.round(similarity * 10_000) / 10_000, sameFields };
    }),
  };
}
