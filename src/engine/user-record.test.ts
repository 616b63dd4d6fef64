/**
 * `userRecord`: a record of caller-named keys keeps every key, `__proto__` included, as data; it
 * validates keys and values like `z.record` and reports them at the same paths; it is documented
 * (OpenAPI) exactly as `z.record` is; and nothing a caller sends reaches `Object.prototype`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { setOwn, userRecord, userRecordOf } from "./user-record.ts";
import { issuesToDetails } from "../shared/validation-details.ts";

const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];

afterEach(() => {
  expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

describe("userRecord", () => {
  const weights = userRecord(z.string(), z.number());

  it("keeps every prototype name as an own key, in the caller's order, with no prototype", () => {
    const text = `{${PROTOTYPE_NAMES.map((name, index) => `"${name}":${index}`).join(",")}}`;
    const record = weights.parse(JSON.parse(text));
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(Object.keys(record)).toEqual(PROTOTYPE_NAMES);
    for (const [index, name] of PROTOTYPE_NAMES.entries()) expect(record[name]).toBe(index);
    expect("__proto__" in record && "valueOf" in record && !("polluted" in record)).toBe(true);
    // Written back out, and copied with a spread, every key is still there.
    expect(JSON.stringify(record)).toBe(text);
    expect(JSON.stringify({ ...record })).toBe(text);
    expect(Object.hasOwn({ ...record }, "__proto__")).toBe(true);
  });

  it("z.record, which it replaces, drops __proto__ (why it exists)", () => {
    expect(Object.keys(z.record(z.string(), z.number()).parse(JSON.parse('{"__proto__":1,"a":2}')))).toEqual(["a"]);
  });

  it("a value under __proto__ is data, never a prototype", () => {
    const record = userRecord(z.string(), z.unknown()).parse(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(record["__proto__"]).toEqual({ polluted: true });
    expect((record as Record<string, unknown>)["polluted"]).toBeUndefined();
    const copy = { ...record };
    expect((copy as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reports a bad value or key where z.record does, __proto__ included", () => {
    const withRecord = z.object({ fields: z.record(z.string().max(3), z.string()) });
    const withUserRecord = z.object({ fields: userRecord(z.string().max(3), z.string()) });
    const input = JSON.parse('{"fields":{"a":1,"long key":"x","ok":"y"}}');
    const expected = issuesToDetails(withRecord.safeParse(input).error!.issues);
    expect(issuesToDetails(withUserRecord.safeParse(input).error!.issues)).toEqual(expected);
    const anyKey = z.object({ fields: userRecord(z.string(), z.string()) });
    expect(issuesToDetails(anyKey.safeParse(JSON.parse('{"fields":{"__proto__":2}}')).error!.issues)).toEqual([
      { loc: ["fields", "__proto__"], msg: "Input should be a valid string", type: "string_type" },
    ]);
    for (const notARecord of [[], "x", 3, null]) {
      expect(issuesToDetails(withUserRecord.safeParse({ fields: notARecord }).error!.issues)).toEqual(issuesToDetails(withRecord.safeParse({ fields: notARecord }).error!.issues));
    }
  });

  it("is documented as z.record is", () => {
    const options = { unrepresentable: "any", target: "openapi-3.0" } as const;
    for (const io of ["input", "output"] as const) {
      const documented = z.toJSONSchema(z.object({ weights: userRecord(z.string(), z.array(z.string())).optional() }), { ...options, io });
      expect(documented).toEqual(z.toJSONSchema(z.object({ weights: z.record(z.string(), z.array(z.string())).optional() }), { ...options, io }));
    }
  });
});

describe("userRecordOf", () => {
  it("defines __proto__ as a key", () => {
    const record = userRecordOf([["__proto__", 1], ["constructor", 2]]);
    expect(Object.keys(record)).toEqual(["__proto__", "constructor"]);
    expect(JSON.stringify(record)).toBe('{"__proto__":1,"constructor":2}');
  });
});

describe("setOwn", () => {
  it("adds __proto__ to a plain object as a key, leaving its prototype alone", () => {
    const record: Record<string, string> = {};
    setOwn(record, "__proto__", "a");
    setOwn(record, "constructor", "b");
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(record["__proto__"]).toBe("a");
    expect(JSON.stringify(record)).toBe('{"__proto__":"a","constructor":"b"}');
  });
});
