/**
 * How a population is cut into shards: fixed slices of `POPULATION_SHARD_SIZE` personas, the last
 * one shorter. A shard is the unit of work a queue job writes and renders, and of what a writer's
 * session sees (names and sentences are kept unique inside a shard). The size is the server's, not
 * the caller's: it is part of what makes a seeded population, so the same request and seed give
 * the same bytes whatever the number of workers, crashes or retries. Populations of up to one
 * shard are written exactly as before sharding existed.
 */

/** Personas per shard: small enough that a shard is seconds of work, large enough that bookkeeping stays cheap. */
export const POPULATION_SHARD_SIZE = 1_000;

export interface ShardRange {
  /** 0-based position of the shard in its population. */
  index: number;
  /** Index of the shard's first persona in the population. */
  start: number;
  /** Personas in the shard. */
  size: number;
}

export function shardRanges(count: number, shardSize = POPULATION_SHARD_SIZE): ShardRange[] {
  const ranges: ShardRange[] = [];
  for (let start = 0, index = 0; start < count; start += shardSize, index++) ranges.push({ index, start, size: Math.min(shardSize, count - start) });
  return ranges;
}
