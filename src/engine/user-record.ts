/**
 * A record whose keys the caller names: a persona's `fields`, a blueprint's category `weights`, an
 * NPC's `intents`. The spec we are drop-in for is a pydantic API, where `{"__proto__": "x"}` or
 * `{"constructor": "x"}` is an ordinary dict key; `z.record` silently drops `__proto__` (it would
 * otherwise replace the prototype of the plain object it builds), so a persona's field of that name
 * was reported missing and a category of that name left out of a population.
 *
 * `userRecord` validates every own key and value with the given schemas, `__proto__` included, and
 * builds a null-prototype object, on which `record[key]`, `key in record` and `{...record}` see only
 * the caller's keys and `JSON.stringify` writes them all. (`Object.assign({}, record)` would still
 * drop `__proto__`: copy with a spread or `Object.entries`.) The documented shape (OpenAPI) is the
 * same as `z.record`'s.
 */
import { z } from "zod";

/**
 * Sets `record[key] = value` as an own key whatever `key` is. On a plain object, assigning
 * `__proto__` would replace the prototype (or, for a string, be ignored); this defines it instead,
 * and assigns every other key as usual so an ordinary record keeps V8's fast shape.
 */
export function setOwn<Value>(record: Record<string, Value>, key: string, value: Value): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** A null-prototype record holding `entries`; `__proto__` is defined as an own key, never a prototype. */
export function userRecordOf<Value>(entries: Iterable<readonly [string, Value]>): Record<string, Value> {
  const record: Record<string, Value> = Object.create(null);
  for (const [key, value] of entries) setOwn(record, key, value);
  return record;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** `z.record(keySchema, valueSchema)`, keeping every key the caller sent (see the header). */
export function userRecord<Key extends z.ZodType<string, string>, Value extends z.ZodType>(
  keySchema: Key,
  valueSchema: Value,
): z.ZodType<Record<z.output<Key>, z.output<Value>>, Record<z.input<Key>, z.input<Value>>> {
  const documented = z.toJSONSchema(z.record(keySchema, valueSchema), { unrepresentable: "any", io: "input", target: "openapi-3.0" });
  return z
    .unknown()
    .transform((input, context): Record<z.output<Key>, z.output<Value>> => {
      if (!isPlainObject(input)) {
        context.addIssue({ code: "invalid_type", expected: "record", input });
        return z.NEVER;
      }
      const entries: [string, z.output<Value>][] = [];
      for (const key of Object.keys(input)) {
        const checkedKey = keySchema.safeParse(key);
        if (!checkedKey.success) {
          // The shape z.record reports, so every reader of issues words a bad key as before.
          context.addIssue({ code: "invalid_key", origin: "record", issues: checkedKey.error.issues, input: key, path: [key] } as z.core.$ZodRawIssue);
          continue;
        }
        const checkedValue = valueSchema.safeParse(input[key]);
        if (!checkedValue.success) {
          for (const issue of checkedValue.error.issues) context.addIssue({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue);
          continue;
        }
        entries.push([checkedKey.data, checkedValue.data as z.output<Value>]);
      }
      return userRecordOf(entries) as Record<z.output<Key>, z.output<Value>>;
    })
    .meta(documented as Record<string, unknown>) as unknown as z.ZodType<Record<z.output<Key>, z.output<Value>>, Record<z.input<Key>, z.input<Value>>>;
}
