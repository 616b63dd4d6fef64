/**
 * Test support for the Populations parts: which of our calls a scripted server is answering (told
 * from the system message), the data blocks of a request read back, and canned answers for a
 * population no built-in domain covers ("Dairy farmers in New Zealand").
 */
import type { ScriptedAnswer, ScriptedConversation } from "../../testing/scripted-chat-server.ts";
import type { BlueprintWire } from "../wire-schemas.ts";

export type PopulationCallKind = "design" | "fixed-attributes" | "write" | "enhance" | "plan-search" | "other";

export function populationCallKind(conversation: ScriptedConversation): PopulationCallKind {
  const system = conversation.system;
  if (system.startsWith("You design the field model")) return "design";
  if (system.startsWith("You list what a population prompt fixes")) return "fixed-attributes";
  if (system.startsWith("You write the text fields")) return "write";
  if (system.startsWith("You turn a persona sketch")) return "enhance";
  if (system.startsWith("You plan web searches")) return "plan-search";
  return "other";
}

/** The JSON inside a labelled data block of the latest user message (undefined when absent). */
export function dataBlockOf<T = unknown>(conversation: ScriptedConversation, label: string, which: "first" | "last" = "last"): T | undefined {
  const users = conversation.messages.filter((message) => message.role === "user");
  const candidates = which === "first" ? users : [...users].reverse();
  for (const message of candidates) {
    const start = message.text.indexOf(`<<< ${label} (JSON data, not instructions)\n`);
    if (start < 0) continue;
    const body = message.text.slice(message.text.indexOf("\n", start) + 1);
    return JSON.parse(body.slice(0, body.indexOf("\n>>>"))) as T;
  }
  return undefined;
}

export function latestUserText(conversation: ScriptedConversation): string {
  return [...conversation.messages].reverse().find((message) => message.role === "user")?.text ?? "";
}

export function json(value: unknown, extra: Partial<Extract<ScriptedAnswer, { content: string }>> = {}): ScriptedAnswer {
  return { content: JSON.stringify(value), ...extra };
}

const weights = (entries: Record<string, number>) => Object.entries(entries).map(([value, weight]) => ({ value, weight }));

/** A blueprint a good model might design for "Dairy farmers in New Zealand". */
export function dairyFarmerBlueprint(): BlueprintWire {
  return {
    domain: "new_zealand_dairy_farmer",
    label: "dairy farmer",
    fields: [
      { name: "country", kind: "categorical", label: "Country", description: "country they farm in", parents: [], categories: weights({ "New Zealand": 1 }), ordered_values: null, numeric: null, conditionals: [] },
      { name: "region", kind: "categorical", label: "Region", description: "dairy region [E1]", parents: [], categories: weights({ Waikato: 0.35, Canterbury: 0.2, Taranaki: 0.15, Southland: 0.15, Northland: 0.15 }), ordered_values: null, numeric: null, conditionals: [] },
      { name: "role", kind: "categorical", label: "Role", description: "farm role", parents: [], categories: weights({ owner_operator: 0.5, sharemilker: 0.3, farm_manager: 0.2 }), ordered_values: null, numeric: null, conditionals: [] },
      { name: "herd_size", kind: "categorical", label: "Herd size", description: "cows milked", parents: ["role"], categories: null, ordered_values: ["small", "medium", "large"], numeric: null, conditionals: [
        { when: [{ field: "role", value: "owner_operator" }], categories: weights({ small: 0.3, medium: 0.5, large: 0.2 }), numeric: null },
        { when: [{ field: "role", value: "sharemilker" }], categories: weights({ small: 0.2, medium: 0.6, large: 0.2 }), numeric: null },
        { when: [{ field: "role", value: "farm_manager" }], categories: weights({ small: 0.1, medium: 0.4, large: 0.5 }), numeric: null },
      ] },
      { name: "age", kind: "numeric", label: "Age", description: "age in years", parents: [], categories: null, ordered_values: null, numeric: { min: 20, max: 75, mean: 48, sd: 12, integer: true, unit: "years" }, conditionals: [] },
      { name: "years_farming", kind: "numeric", label: "Years farming", description: "years working on dairy farms", parents: [], categories: null, ordered_values: null, numeric: { min: 0, max: 55, mean: 20, sd: 10, integer: true, unit: "years" }, conditionals: [] },
      { name: "name", kind: "text", label: "Name", description: "full name", parents: [], categories: null, ordered_values: null, numeric: null, conditionals: [] },
      { name: "backstory", kind: "text", label: "Backstory", description: "how they came to farming and what a season looks like", parents: [], categories: null, ordered_values: null, numeric: null, conditionals: [] },
      { name: "voice", kind: "text", label: "Voice", description: "how they speak", parents: [], categories: null, ordered_values: null, numeric: null, conditionals: [] },
    ],
    order: ["country", "region", "role", "herd_size", "age", "years_farming", "name", "backstory", "voice"],
    constraints: [{ name: "started_after_fourteen", lhs: "age - years_farming", op: ">=", rhs: "14" }],
    rationale: "Regions follow the national herd [E1]; roles and herd sizes from general knowledge.",
  };
}

export const DAIRY_FIXED_ATTRIBUTES = { attributes: [{ kind: "place", quote: "in New Zealand", values: ["New Zealand"], min: null, max: null, unit: null }] };

const GIVEN = ["Aroha", "Liam", "Mere", "Tama", "Olivia", "Hemi", "Charlotte", "Nikau", "Isla", "Wiremu", "Ruby", "Mason", "Ana", "Jack", "Kiri", "Oliver", "Grace", "Manaia", "Sophie", "Rawiri"];
const FAMILY = ["Ngata", "Brown", "Wilson", "Tane", "Smith", "Parata", "Taylor", "Walker", "Henare", "Thompson"];

/** A written persona that agrees with its fields: a unique name per index, the age stated as sampled. */
export function writtenPersona(index: number, values: Record<string, string>, textFields: readonly string[]): Record<string, string> {
  const name = `${GIVEN[index % GIVEN.length]} ${FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]}${index >= GIVEN.length * FAMILY.length ? ` ${index}` : ""}`;
  const age = values.age ? `, ${values.age.replace(/ years$/, "")}-year-old` : "";
  const texts: Record<string, string> = {};
  for (const field of textFields) {
    if (field === "name") texts[field] = name;
    else if (field === "voice") texts[field] = `${name.split(" ")[0]} speaks plainly and dryly, with farm words; cares about the herd, the weather and the payout.`;
    else texts[field] = `${name}${age}, works the land in ${values.region ?? "the district"} and starts milking before dawn.`;
  }
  return texts;
}

/** The writer's answer for every persona a write request asks for, each written by `write`. */
export function answerWrite(conversation: ScriptedConversation, write: typeof writtenPersona = writtenPersona): ScriptedAnswer {
  const personas = dataBlockOf<Array<{ index: number; values: Record<string, string> }>>(conversation, "personas to write (their sampled fields)", "first") ?? [];
  const asked = requestedIndexes(conversation) ?? personas.map((persona) => persona.index);
  const fields = dataBlockOf<Array<{ name: string; kind: string }>>(conversation, "fields of every persona", "first") ?? [];
  const textFields = fields.filter((field) => field.kind === "text").map((field) => field.name);
  return json({
    personas: personas.filter((persona) => asked.includes(persona.index)).map((persona) => ({ index: persona.index, texts: write(persona.index, persona.values, textFields) })),
  });
}

/** The persona indexes the latest user message asks for ("(indexes 3, 7)"). */
export function requestedIndexes(conversation: ScriptedConversation): number[] | undefined {
  const match = /\(indexes ([\d, ]+)\)/.exec(latestUserText(conversation));
  return match?.[1] ? match[1].split(",").map((part) => Number(part.trim())) : undefined;
}

/** A sketch with numbers and proper nouns the enhancer must keep. */
export const BAKER_SKETCH = "Maria Okafor, 34, runs a bakery in Porto with her brother Tiago since 2015. Up at 4 every morning.";

/** The enhancer's answer for `BAKER_SKETCH` (every fact kept), with fields replaced or dropped. */
export function bakerAnswer(overrides: Record<string, string> = {}, drop: string[] = []) {
  const fields = [
    { name: "name", kind: "text", value: "Maria Okafor", description: "full name", unit: null },
    { name: "age", kind: "numeric", value: "34", description: "age", unit: "years" },
    { name: "occupation", kind: "categorical", value: "baker and bakery owner", description: "what she does", unit: null },
    { name: "location", kind: "categorical", value: "Porto, Portugal", description: "where she lives", unit: null },
    { name: "backstory", kind: "text", value: "Opened the bakery in 2015 with her brother Tiago; up at 4 every morning to fire the ovens.", description: "her story", unit: null },
    { name: "voice", kind: "text", value: "Warm, quick, mixes Portuguese words into her English; talks about dough like a living thing.", description: "how she speaks", unit: null },
  ]
    .filter((field) => !drop.includes(field.name))
    .map((field) => (overrides[field.name] !== undefined ? { ...field, value: overrides[field.name] as string } : field));
  return { label: "baker in Porto", fields };
}

/** The queries the scripted model plans for a search-grounded dairy population. */
export const DAIRY_SEARCH_QUERIES = ["new zealand dairy farm regions share", "new zealand dairy farmer age"];

/**
 * A model that does every population call well: designs the dairy blueprint, lists its fixed place,
 * plans `DAIRY_SEARCH_QUERIES`, writes consistent personas and enhances `BAKER_SKETCH`.
 */
export function scriptedPopulationModel(conversation: ScriptedConversation): ScriptedAnswer {
  switch (populationCallKind(conversation)) {
    case "design":
      return json(dairyFarmerBlueprint());
    case "fixed-attributes":
      return json(DAIRY_FIXED_ATTRIBUTES);
    case "plan-search":
      return json({ queries: DAIRY_SEARCH_QUERIES });
    case "write":
      return answerWrite(conversation);
    case "enhance":
      return json(bakerAnswer());
    default:
      return { status: 500, error: "unexpected call" };
  }
}
