import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { LANGUAGES_DATA_FILE } from "../languages/language-data.ts";
import { NAME_DATA_FILES } from "../names/cultures.ts";
import { PERIOD_NAMES_DATA } from "../names/person-name.ts";
import { PLACE_DATA_FILES } from "./gazetteer.ts";

/** The file less the notes for readers (`about`, `…_about`) that its parse left out: what the parse must equal. */
function lessDroppedNotes(file: unknown, parsed: unknown): unknown {
  if (Array.isArray(file)) return file.map((item, index) => lessDroppedNotes(item, Array.isArray(parsed) ? parsed[index] : undefined));
  if (typeof file !== "object" || file === null) return file;
  const kept = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(file).filter(([key]) => key in kept || !/(?:^|_)about$/.test(key)).map(([key, inner]) => [key, lessDroppedNotes(inner, kept[key])]));
}

/**
 * The place, name and language files are taken as their schemas' types at run time (no parse at every
 * process start): each must parse here, and parsing must give back the file itself less its notes — no
 * key the schema does not know, no default or transform — so the run-time data is what the schema says.
 */
const FILES: Record<string, readonly [z.ZodTypeAny, unknown]> = { ...PLACE_DATA_FILES, ...NAME_DATA_FILES, "names (period_names)": PERIOD_NAMES_DATA, languages: LANGUAGES_DATA_FILE };

describe("place, name and language data taken as their schemas' types at run time", () => {
  it.each(Object.entries(FILES))("%s.json parses as its schema, unchanged", (_name, [schema, file]) => {
    const parsed = schema.safeParse(file);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toStrictEqual(lessDroppedNotes(file, parsed.data));
  });
});
