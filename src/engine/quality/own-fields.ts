/**
 * Persona fields and blueprint categories are named by callers, and a caller may name one
 * `toString`, `constructor` or `__proto__`. On a plain object `fields.toString` is then
 * Object.prototype's function whenever the persona lacks that field (`value.split is not a
 * function`), and assigning `record.__proto__` changes the prototype instead of adding a key. So
 * user-keyed records are read with `ownValue` and built on null prototypes.
 */

/** The record's own value for `key`, never an inherited one. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A record with no prototype: every key, `__proto__` included, is just a key. */
export function nullPrototypeRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record: Record<string, T> = Object.create(null);
  for (const [key, value] of entries) record[key] = value;
  return record;
}
