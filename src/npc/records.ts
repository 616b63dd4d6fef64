/**
 * Records keyed by what authors and players write (variable keys, intent names, machine keys, state
 * keys). A plain object answers for keys it never had: `vars.constructor` is `Object`, `toString` a
 * function, and assigning `__proto__` replaces the prototype instead of storing a value. Every
 * user-keyed lookup in the NPC engine goes through `ownValue`, and every record the engine builds or
 * hands on is made with `ownRecord`, which has no prototype at all.
 */

/** The record's own value for `key`, never an inherited one. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A prototype-free copy of the own entries of `sources`, later ones winning. */
export function ownRecord<T>(...sources: ReadonlyArray<Readonly<Record<string, T>> | undefined>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const source of sources) {
    if (source === undefined) continue;
    // Without a prototype there is no `__proto__` setter to hit: every key, that one included, is stored as data.
    for (const key of Object.keys(source)) record[key] = source[key] as T;
  }
  return record;
}
