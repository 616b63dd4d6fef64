import { createRequire } from "node:module";
import { allLocales } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { LATIN_FAKER } from "./cultures.ts";

describe("faker locales are loaded one at a time", () => {
  // The cultures read a locale's own module (~0.1 CPU-s) instead of all of faker (~0.5 CPU-s a thread):
  // its person lists must be the very lists of faker's full table, or names would change.
  it.each([...LATIN_FAKER])("%s: the locale module's given and family names are faker's full table's", (key) => {
    const own = (createRequire(import.meta.url)(`@faker-js/faker/locale/${key}`) as { faker: { rawDefinitions: { person?: { first_name?: unknown; last_name?: unknown } } } }).faker.rawDefinitions.person;
    const table = (allLocales as Record<string, { person?: { first_name?: unknown; last_name?: unknown } }>)[key]?.person;
    expect(own?.first_name).toEqual(table?.first_name);
    expect(own?.last_name).toEqual(table?.last_name);
  });
});
