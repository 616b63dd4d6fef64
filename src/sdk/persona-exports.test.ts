/**
 * The download formats: CSV that any RFC 4180 reader reads back exactly (the reader is written
 * here, from the RFC, so the test does not trust the writer's own idea of quoting), JSON Lines, and
 * Character Card V2 objects with every key the spec requires.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import { toCharacterCardV2, toCsv, toJsonl } from "./index.ts";

/** RFC 4180 §2, read strictly: CRLF (or LF) between records, `"` around a field that needs it, `""` for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (character === '"') {
        quoted = false;
        index++;
      } else {
        field += character;
        index++;
      }
    } else if (character === '"' && field === "") {
      quoted = true;
      index++;
    } else if (character === ",") {
      row.push(field);
      field = "";
      index++;
    } else if (character === "\r" || character === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      index += character === "\r" && text[index + 1] === "\n" ? 2 : 1;
    } else if (character === '"') {
      throw new Error(`a quote inside an unquoted field at ${index}`);
    } else {
      field += character;
      index++;
    }
  }
  if (quoted) throw new Error("an unterminated quoted field");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const BLUEPRINT: Blueprint = {
  domain: "nurse",
  order: [],
  constraints: [],
  fields: [
    { name: "name", kind: "text", parents: [], conditionals: [] },
    { name: "country", kind: "categorical", parents: [], conditionals: [], categorical: { weights: { Nigeria: 1, "Côte d'Ivoire": 1 } } },
    { name: "age", kind: "numeric", parents: [], conditionals: [], numeric: { min: 20, max: 70, mean: 40, sd: 10 } },
    { name: "backstory", kind: "text", parents: [], conditionals: [] },
  ],
};

function persona(id: string, fields: Record<string, string>): Persona {
  return { persona_id: id, fields, system_prompt: `You are ${fields.name ?? id}.`, markdown: `# ${fields.name ?? id}\n\n| Field | Value |\n| --- | --- |\n| Age | ${fields.age ?? ""} |\n` };
}

const TRICKY = [
  persona("p0001", { backstory: 'She said "no", then\r\nleft, quietly.', name: "Adaugo, RN", country: "Nigeria", age: "29" }),
  persona("p0002", { name: "  Chloé  ", country: "Côte d'Ivoire", age: "41", backstory: "" }),
  persona("p0003", { name: "=SUM(A1:A2)", country: "Nigeria", age: "35", backstory: "Line one\nline two", hobby: "chess" }),
];

describe("toCsv", () => {
  it("writes a header and one row per persona that an RFC 4180 reader reads back exactly, fields in blueprint order", () => {
    const rows = parseCsv(toCsv(TRICKY, { blueprint: BLUEPRINT }));

    expect(rows[0]).toEqual(["persona_id", "name", "country", "age", "backstory", "hobby", "system_prompt", "markdown"]);
    expect(rows.slice(1)).toEqual(
      TRICKY.map((entry) => [entry.persona_id, ...["name", "country", "age", "backstory", "hobby"].map((name) => entry.fields[name] ?? ""), entry.system_prompt, entry.markdown]),
    );
  });

  it("ends every record with CRLF, and starts with a byte-order mark only when asked", () => {
    const csv = toCsv([persona("p0001", { name: "Ada" })]);
    expect(csv).toBe("persona_id,name,system_prompt,markdown\r\np0001,Ada,You are Ada.,\"# Ada\n\n| Field | Value |\n| --- | --- |\n| Age |  |\n\"\r\n");
    expect(toCsv([], { byteOrderMark: true })).toBe("\uFEFFpersona_id,system_prompt,markdown\r\n");
  });

  it("round-trips any text (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string(), backstory: fc.string({ unit: "binary" }) }), { minLength: 1, maxLength: 5 }), (fieldsList) => {
        const personas = fieldsList.map((fields, index) => persona(`p${index}`, fields));
        const rows = parseCsv(toCsv(personas));
        expect(rows.slice(1).map((row) => [row[1], row[2]])).toEqual(fieldsList.map((fields) => [fields.name, fields.backstory]));
      }),
    );
  });
});

describe("toJsonl", () => {
  it("writes one persona per line, each parsing back to the persona", () => {
    const lines = toJsonl(TRICKY).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(TRICKY);
  });
});

describe("toCharacterCardV2", () => {
  it("is a chara_card_v2 object with every field of the spec, the persona's system prompt and its sheet", () => {
    const [first] = TRICKY;
    const card = toCharacterCardV2(first!, { population: { id: "pop-1", prompt: "nurses in Lagos", result: { blueprint: BLUEPRINT } } });

    expect(card.spec).toBe("chara_card_v2");
    expect(card.spec_version).toBe("2.0");
    expect(Object.keys(card.data).sort()).toEqual(
      [
        "alternate_greetings",
        "character_version",
        "creator",
        "creator_notes",
        "description",
        "extensions",
        "first_mes",
        "mes_example",
        "name",
        "personality",
        "post_history_instructions",
        "scenario",
        "system_prompt",
        "tags",
      ].sort(),
    );
    for (const key of ["name", "description", "personality", "scenario", "first_mes", "mes_example", "creator_notes", "system_prompt", "post_history_instructions", "creator", "character_version"] as const) {
      expect(typeof card.data[key], key).toBe("string");
    }
    expect(card.data).toMatchObject({
      name: "Adaugo, RN",
      system_prompt: first!.system_prompt,
      description: "| Field | Value |\n| --- | --- |\n| Age | 29 |",
      scenario: "{{user}} is talking with {{char}}, one of a group described as: nurses in Lagos",
      alternate_greetings: [],
      tags: ["dramatis", "nurse", "Nigeria"],
      extensions: { dramatis: { persona_id: "p0001", population_id: "pop-1", domain: "nurse", fields: first!.fields } },
    });
    expect(card.data.creator_notes).toContain("nurses in Lagos");
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });

  it("falls back to the persona id for a name and needs no population", () => {
    const card = toCharacterCardV2(persona("p0009", { age: "50" }));
    expect(card.data).toMatchObject({ name: "p0009", scenario: "{{user}} is talking with {{char}}.", tags: ["dramatis"], extensions: { dramatis: { persona_id: "p0009", fields: { age: "50" } } } });
  });
});
