/**
 * What a population achieved for one field, for the blueprint graph's small charts: the share of
 * each value of a categorical field (most frequent first), or a histogram of a numeric one.
 */
import type { Persona } from "./dramatis.ts";

export interface Bin {
  label: string;
  count: number;
}

export function categoryCounts(personas: readonly Persona[], field: string, limit = 5): Bin[] {
  const counts = new Map<string, number>();
  for (const persona of personas) {
    const value = Object.hasOwn(persona.fields, field) ? persona.fields[field] : undefined;
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const sorted = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  if (sorted.length <= limit) return sorted;
  const rest = sorted.slice(limit - 1).reduce((sum, bin) => sum + bin.count, 0);
  return [...sorted.slice(0, limit - 1), { label: `${sorted.length - limit + 1} others`, count: rest }];
}

/** Equal-width bins over the values' own range; integers get whole-number bins (`21–27`), never a split value. */
export function histogram(personas: readonly Persona[], field: string, bins = 8): Bin[] {
  const values = personas
    .map((persona) => (Object.hasOwn(persona.fields, field) ? Number(persona.fields[field]) : Number.NaN))
    .filter((value) => Number.isFinite(value));
  if (values.length === 0) return [];
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (low === high) return [{ label: String(low), count: values.length }];
  if (values.every(Number.isInteger)) {
    const width = Math.ceil((high - low + 1) / bins);
    const binCount = Math.ceil((high - low + 1) / width);
    const counts = new Array<number>(binCount).fill(0);
    for (const value of values) counts[Math.floor((value - low) / width)]! += 1;
    return counts.map((count, index) => {
      const start = low + index * width;
      const end = Math.min(high, start + width - 1);
      return { label: start === end ? String(start) : `${start}–${end}`, count };
    });
  }
  const width = (high - low) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) counts[Math.min(bins - 1, Math.floor((value - low) / width))]! += 1;
  return counts.map((count, index) => ({ label: `${(low + index * width).toFixed(1)}–${(low + (index + 1) * width).toFixed(1)}`, count }));
}
