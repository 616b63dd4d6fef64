/**
 * The fallback: any prompt becomes a sensible person blueprint. The role comes from the prompt;
 * age, gender and country follow the prompt's hints, else general world priors.
 */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import { AREAS } from "../geo.ts";
import type { ParsedPrompt } from "../prompt.ts";
import { fitAge, type Domain, type Weights } from "./domain.ts";

/** The twenty most populous countries we name (UN World Population Prospects 2022, millions, 2022). */
const WORLD_POPULATION: Weights = {
  IN: 1417, CN: 1426, US: 338, ID: 275, PK: 236, NG: 216, BR: 215, BD: 171, RU: 145, MX: 127,
  JP: 124, ET: 123, PH: 116, EG: 111, CD: 99, VN: 98, IR: 89, TR: 85, DE: 83, TH: 72,
};
export const TEMPERAMENTS = ["warm", "reserved", "curious", "driven", "easygoing", "meticulous", "blunt", "playful"] as const;
const GENERAL_OCCUPATIONS = ["teacher", "shop owner", "nurse", "electrician", "accountant", "farmer", "driver", "cook", "clerk", "engineer", "student", "retiree"];

/** "retired teachers in Ohio" → "retired teacher"; keeps the head noun phrase, singular. */
export function singularRole(role: string): string {
  const head = role.split(/\s+(?:in|from|who|that|with|living|working|at|on|of the)\s+/i)[0] ?? role;
  const words = head.trim().split(/\s+/);
  const last = words[words.length - 1] ?? "";
  const irregular: Record<string, string> = { people: "person", men: "man", women: "woman", children: "child", persons: "person", folks: "person" };
  let singular = irregular[last.toLowerCase()] ?? last;
  if (!(last.toLowerCase() in irregular)) {
    if (/ies$/i.test(last)) singular = last.replace(/ies$/i, "y");
    else if (/(ches|shes|sses|xes)$/i.test(last)) singular = last.replace(/es$/i, "");
    else if (/[^s]s$/i.test(last)) singular = last.replace(/s$/i, "");
  }
  words[words.length - 1] = singular;
  return words.join(" ").replace(/^(?:the|some|many|several|various)\s+/i, "").toLowerCase() || "person";
}

export function slugOfRole(role: string): string {
  return singularRole(role).normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_|_$/g, "").toLowerCase().slice(0, 40) || "generic_person";
}

function countryWeights(prompt: ParsedPrompt): Weights {
  const codes = new Set(prompt.countries);
  for (const area of prompt.areas) for (const code of AREAS[area] ?? []) codes.add(code);
  if (codes.size === 0) return WORLD_POPULATION;
  const weights: Weights = {};
  for (const code of codes) weights[code] = WORLD_POPULATION[code] ?? 1;
  const total = Object.values(weights).reduce((sum, value) => sum + value, 0);
  for (const code of Object.keys(weights)) weights[code] = Math.round(((weights[code] as number) / total) * 10000) / 10000;
  return weights;
}

export const genericPerson: Domain = {
  id: "generic_person",
  match: () => 0.5,
  blueprint(prompt): Blueprint {
    const role = singularRole(prompt.role);
    const isGeneral = /^(person|people|human|individual|adult|user|customer|resident|citizen|man|woman)$/.test(role);
    const minimumAge = prompt.ageMin !== undefined && prompt.ageMin < 18 ? prompt.ageMin : 18;
    const age = fitAge({ min: minimumAge, max: 90, mean: 41, sd: 15, integer: true }, prompt);
    const fields: Field[] = [
      { name: "country", kind: "categorical", label: "Country", description: "country they live in", parents: [], categorical: { weights: countryWeights(prompt) }, conditionals: [] },
      { name: "gender", kind: "categorical", label: "Gender", description: "gender", parents: [], categorical: { weights: prompt.gender ? { [prompt.gender]: 1 } : { female: 0.5, male: 0.5 } }, conditionals: [] },
      { name: "age", kind: "numeric", label: "Age", description: "age in years", parents: [], numeric: age, conditionals: [] },
      {
        name: "occupation", kind: "categorical", label: "Occupation", description: isGeneral ? "what they do for a living" : "their role, from the prompt", parents: [],
        categorical: { weights: isGeneral ? Object.fromEntries(GENERAL_OCCUPATIONS.map((job) => [job, 1])) : { [role]: 1 } }, conditionals: [],
      },
      { name: "temperament", kind: "categorical", label: "Temperament", description: "their dominant temperament", parents: [], categorical: { weights: Object.fromEntries(TEMPERAMENTS.map((word) => [word, 1])) }, conditionals: [] },
      { name: "name", kind: "text", label: "Name", description: "full name fitting their country", parents: ["country", "gender"], conditionals: [] },
      { name: "goals", kind: "text", label: "Goals", description: "what they want now", parents: ["occupation", "age"], conditionals: [] },
      { name: "backstory", kind: "text", label: "Backstory", description: "a short paragraph about who they are", parents: ["country", "age", "occupation", "temperament"], conditionals: [] },
    ];
    return {
      domain: isGeneral ? "generic_person" : slugOfRole(prompt.role),
      label: isGeneral ? "person" : role,
      order: fields.map((field) => field.name),
      fields,
      constraints: [{ name: "adult_or_stated_age", lhs: "age", op: ">=", rhs: String(age.min) }],
      rationale:
        `No built-in domain matched "${prompt.role}", so this is a general person model using built-in general priors. ` +
        "Country weights are 2022 population sizes of the most populous countries (or the places the prompt names); gender is an even split; age is a broad adult spread, an assumption unless the prompt gives ages. " +
        (isGeneral ? "Occupations are an illustrative list with equal weights, not labour statistics. " : `Everyone is a ${role}, as the prompt says. `) +
        "Temperaments are an illustrative list with equal weights, not a psychometric distribution.",
      sources: [
        "Built-in general priors (no domain-specific data)",
        "United Nations, Department of Economic and Social Affairs, Population Division, \"World Population Prospects 2022\" (country population sizes, 2022)",
      ],
      language: "en",
    };
  },
};
