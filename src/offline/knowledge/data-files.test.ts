import { describe, expect, it } from "vitest";
import { CONDITIONS_FILE } from "./conditions.ts";
import { SETTINGS_FILE } from "./settings.ts";
import { SITUATIONS_FILE } from "./situations.ts";
import { STAFF_FILE } from "./staff.ts";
import { TEXT_DATA_FILES } from "./text-data.ts";

/**
 * What parsing changed in a file, as paths: a key dropped (the schema does not know it) unless it is
 * a note for readers (`about`, `…_about`), a value changed, or one added (a default).
 */
function changes(file: unknown, parsed: unknown, path = ""): string[] {
  if (typeof file !== "object" || file === null || typeof parsed !== "object" || parsed === null) return Object.is(file, parsed) ? [] : [path || "(root)"];
  if (Array.isArray(file) !== Array.isArray(parsed)) return [path];
  const before = file as Record<string, unknown>;
  const after = parsed as Record<string, unknown>;
  const found: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const at = `${path}/${key}`;
    if (!(key in after)) {
      if (!/(?:^|_)about$/.test(key)) found.push(`${at} (dropped)`);
    } else if (!(key in before)) found.push(`${at} (added)`);
    else found.push(...changes(before[key], after[key], at));
  }
  return found;
}

/**
 * These data files are taken as their schemas' types at run time (no parse at every start): here
 * each must parse, and parsing may drop nothing but notes for readers, nor change or add a value (no
 * default or transform), so that the run-time data is what the schema describes.
 */
const FILES = { ...Object.fromEntries(Object.entries(TEXT_DATA_FILES).map(([name, entry]) => [`text/${name}`, entry])), conditions: CONDITIONS_FILE, settings: SETTINGS_FILE, situations: SITUATIONS_FILE, staff: STAFF_FILE };

describe("data files taken as their schemas' types at run time", () => {
  it.each(Object.entries(FILES))("%s.json parses as its schema, unchanged", (_name, [schema, file]) => {
    const parsed = schema.safeParse(file);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(changes(file, parsed.data)).toEqual([]);
  });
});
