/**
 * The fallback: any prompt becomes a sensible person blueprint. The prompt's role is read as one of
 * three things: an occupation ("baristas" → everyone is a barista), a relation that is not a job
 * ("customers of a coffee shop" → everyone is a regular customer, with an everyday occupation), or
 * nothing in particular ("people", "personas"). Age, gender, country and city follow the prompt's
 * hints, else general world priors; occupations follow the age band, so nobody retires at 19.
 */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import { AREAS, COUNTRIES } from "../geo.ts";
import type { ParsedPrompt } from "../prompt.ts";
import { cityField, round, type Domain, type Weights } from "./domain.ts";

/** The twenty most populous countries we name (UN World Population Prospects 2022, millions, 2022). */
const WORLD_POPULATION: Weights = {
  IN: 1417, CN: 1426, US: 338, ID: 275, PK: 236, NG: 216, BR: 215, BD: 171, RU: 145, MX: 127,
  JP: 124, ET: 123, PH: 116, EG: 111, CD: 99, VN: 98, IR: 89, TR: 85, DE: 83, TH: 72,
};
export const TEMPERAMENTS = ["warm", "reserved", "curious", "driven", "easygoing", "meticulous", "blunt", "playful"] as const;

/** Heads that say nothing about what a person does: the general person model applies. */
const MEANINGLESS_HEADS = new Set([
  "persona", "person", "people", "individual", "human", "adult", "folk", "character", "profile", "citizen", "man", "woman",
  "girl", "boy", "teen", "teenager", "adolescent", "senior", "elder", "millennial", "zoomer", "boomer", "local", "inhabitant",
  "someone", "somebody", "anyone", "everyone", "family", "household", "friend", "guy", "lady", "gentleman", "kid", "child",
  "youth", "sample", "respondent", "subject", "random", "member of the public",
]);
/** Words before a meaningless head that still say nothing about a role ("random people", "young women"). */
const FILLER_WORDS = new Set([
  "random", "diverse", "different", "typical", "ordinary", "average", "everyday", "fictional", "synthetic", "realistic",
  "various", "young", "old", "older", "elderly", "middle-aged", "teenage", "female", "male", "local", "normal", "real",
  "unique", "interesting", "distinct", "varied", "working-class", "middle-class", "rural", "urban", "american", "new",
]);
/** Roles that are a relation to something rather than a job: customers, fans, patients, students, … */
const RELATION_HEADS = new Set([
  "customer", "client", "patron", "shopper", "buyer", "fan", "supporter", "follower", "subscriber", "viewer", "reader",
  "listener", "user", "player", "gamer", "patient", "student", "pupil", "learner", "voter", "resident", "neighbour",
  "neighbor", "tenant", "homeowner", "parent", "mother", "father", "grandparent", "grandmother", "grandfather", "tourist",
  "visitor", "traveller", "traveler", "commuter", "guest", "member", "donor", "volunteer", "attendee", "participant",
  "enthusiast", "lover", "hobbyist", "collector", "runner", "cyclist", "hiker", "immigrant", "expat", "migrant",
  "refugee", "veteran", "owner", "alumnus", "caregiver", "commenter", "backer", "investor", "bettor", "churchgoer",
]);
/** "business owners", "shop owners" run something: that is an occupation, not a relation. */
const BUSINESS_OWNER = /\b(?:business|shop|store|restaurant|bar|caf[eé]|company|farm|salon|hotel|bakery)\s+owner$/;
/** Relations one has by habit read better with "regular": "a regular customer of a coffee shop". */
const HABITUAL = new Set(["customer", "client", "patron", "shopper", "guest", "visitor"]);

const IRREGULAR: Record<string, string> = {
  people: "person", men: "man", women: "woman", children: "child", persons: "person", folks: "folk", alumni: "alumnus",
  personae: "persona", wives: "wife", knives: "knife", lives: "life", thieves: "thief", elves: "elf", feet: "foot",
  teeth: "tooth", geese: "goose", mice: "mouse", staff: "staff", series: "series", species: "species", clergy: "clergy",
};

/** One English noun, singular: "customers" → "customer", "nannies" → "nanny", "boxes" → "box". */
export function singularNoun(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular) return irregular;
  if (/(?:ss|us|is)$/i.test(word)) return word;
  if (/[^aeiou]ies$/i.test(word)) return word.replace(/ies$/i, "y");
  if (/(?:ches|shes|sses|xes|zzes)$/i.test(word)) return word.replace(/es$/i, "");
  if (/[^s]s$/i.test(word)) return word.replace(/s$/i, "");
  return word;
}

/** Prepositions that end the role proper: "nurses in Ohio", "people who cook", "fans from Lagos". */
const ROLE_END = /\s+(?:in|from|who|that|with|living|working|based|across|around|near|on|during|aged|between)\s+/i;
/** …and the ones that belong to a relation ("customers of a coffee shop", "patients at a clinic"). */
const RELATION_LINK = /\s+(of|at|for)\s+/i;

export interface RoleReading {
  kind: "general" | "relation" | "occupation";
  /** Singular, lower-case except in a kept complement: "customer of a coffee shop", "retired teacher". */
  phrase: string;
  /** The singular head noun: "customer", "teacher", "person". */
  head: string;
}

/** Reads the prompt's role: "customers of a coffee shop in Seattle" → relation "customer of a coffee shop". */
export function readRole(role: string): RoleReading {
  const clipped = (role.split(ROLE_END)[0] ?? role).trim().replace(/^(?:the|some|many|several|a|an|few)\s+/i, "");
  const link = RELATION_LINK.exec(clipped);
  const headPart = link ? clipped.slice(0, link.index) : clipped;
  const complement = link ? clipped.slice(link.index).trim() : "";
  // "Kenyan farmers": the demonym is the country (already read), not part of the occupation.
  const allWords = headPart.trim().split(/\s+/).filter(Boolean);
  const words = allWords.filter((word, index) => index === allWords.length - 1 || !DEMONYMS.has(word.toLowerCase()));
  const last = words.pop() ?? "";
  const head = singularNoun(last).toLowerCase();
  const headPhrase = [...words.map((word) => word.toLowerCase()), head].join(" ").trim();
  const demonyms = DEMONYMS;
  const fillerOnly = words.every((word) => FILLER_WORDS.has(word.toLowerCase()) || demonyms.has(word.toLowerCase()));
  if (!head || (fillerOnly && (MEANINGLESS_HEADS.has(head) || demonyms.has(head) || MEANINGLESS_HEADS.has(headPhrase)))) {
    return { kind: "general", phrase: "person", head: "person" };
  }
  const phrase = complement ? `${headPhrase} ${complement}` : headPhrase;
  if (RELATION_HEADS.has(head) && !BUSINESS_OWNER.test(headPhrase)) return { kind: "relation", phrase, head };
  return { kind: "occupation", phrase, head };
}

const DEMONYMS = new Set(COUNTRIES.flatMap((country) => [country.demonym.toLowerCase(), ...country.aliases.filter((alias) => !alias.includes(" "))]));

/** "retired teachers in Ohio" → "retired teacher"; the role as one person holds it. */
export function singularRole(role: string): string {
  return readRole(role).phrase;
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

// ---------------------------------------------------------------- age bands and occupations

const BANDS: ReadonlyArray<readonly [string, number, number]> = [
  ["under 18", 13, 17], ["18-24", 18, 24], ["25-34", 25, 34], ["35-44", 35, 44], ["45-54", 45, 54], ["55-64", 55, 64], ["65+", 65, 90],
];
/**
 * Band shares. `adults`: the world's population aged 18+ (approximating UN World Population
 * Prospects 2022); `workers`: an assumed working-age profile for a named occupation; `students`
 * and `parents`: assumptions for those relations. Each is renormalised over the bands a prompt allows.
 */
const BAND_PROFILES: Record<"adults" | "workers" | "students" | "parents", Weights> = {
  adults: { "18-24": 0.16, "25-34": 0.22, "35-44": 0.19, "45-54": 0.16, "55-64": 0.13, "65+": 0.14 },
  workers: { "18-24": 0.11, "25-34": 0.25, "35-44": 0.25, "45-54": 0.22, "55-64": 0.14, "65+": 0.03 },
  students: { "under 18": 0.2, "18-24": 0.65, "25-34": 0.15 },
  parents: { "18-24": 0.05, "25-34": 0.3, "35-44": 0.4, "45-54": 0.2, "55-64": 0.05 },
};

/** Everyday occupations, equal weights within a band (illustrative, not labour statistics). */
const WORKING = [
  "shop assistant", "teacher", "nurse", "electrician", "accountant", "farmer", "delivery driver", "cook", "office clerk",
  "engineer", "mechanic", "hairdresser", "warehouse worker", "sales representative", "construction worker", "cashier",
  "receptionist", "plumber", "civil servant", "small business owner", "social worker", "bus driver", "security guard", "software developer",
];
const ENTRY_LEVEL = ["shop assistant", "cashier", "delivery driver", "cook", "warehouse worker", "receptionist", "construction worker", "hairdresser", "office clerk", "security guard"];
const LATE_CAREER = ["farmer", "small business owner", "shop assistant", "teacher", "accountant", "security guard"];
const STUDENT_JOBS = ["part-time barista", "part-time shop assistant", "private tutor", "delivery rider", "library assistant"];

function spread(names: readonly string[], share: number): Weights {
  return Object.fromEntries(names.map((name) => [name, share / names.length]));
}

function occupationsFor(band: string, min: number, max: number, relationHead: string | undefined): Weights {
  if (relationHead === "student" || relationHead === "pupil" || relationHead === "learner") {
    return max < 18 ? { "high school student": 0.8, "weekend shop assistant": 0.2 } : { "full-time student": 0.45, ...spread(STUDENT_JOBS, 0.55) };
  }
  if (max <= 12) return { "primary school pupil": 1 };
  if (max < 18 || band === "under 18") return { "high school student": 0.9, apprentice: 0.1 };
  if (min >= 65) return { retiree: 0.75, ...spread(LATE_CAREER, 0.25) };
  if (max <= 24) return { student: 0.35, "job seeker": 0.05, ...spread(ENTRY_LEVEL, 0.6) };
  const weights: Weights = { ...spread(WORKING, 0.88), homemaker: 0.07, "job seeker": 0.05 };
  if (min >= 55) weights.retiree = 0.15;
  return weights;
}

interface Band {
  name: string;
  min: number;
  max: number;
  weight: number;
}

/**
 * The bands a prompt allows, clipped to its age hint and weighted by the share of each band the
 * hint keeps; one band of the hint's own when none overlaps ("children aged 8-12").
 */
function bandsFor(prompt: ParsedPrompt, profile: Weights): Band[] {
  const hinted = prompt.ageMin !== undefined || prompt.ageMax !== undefined;
  const low = prompt.ageMin ?? 0;
  const high = prompt.ageMax ?? 200;
  const positive = Object.values(profile).filter((weight) => weight > 0);
  const typical = positive.reduce((sum, weight) => sum + weight, 0) / Math.max(1, positive.length);
  const bands: Band[] = [];
  for (const [name, bandMin, bandMax] of BANDS) {
    const min = Math.max(bandMin, low);
    const max = Math.min(bandMax, high);
    if (min > max) continue;
    const base = profile[name] ?? 0;
    // Without a hint the profile decides; a hint may reach bands the profile leaves empty (teenage customers).
    const weight = hinted ? (base || typical) * ((max - min + 1) / (bandMax - bandMin + 1)) : base;
    if (weight > 0) bands.push({ name, min, max, weight });
  }
  if (bands.length === 0) {
    const min = prompt.ageMin ?? 18;
    const max = Math.max(min, prompt.ageMax ?? 90);
    return [{ name: `${min}-${max}`, min, max, weight: 1 }];
  }
  const total = bands.reduce((sum, band) => sum + band.weight, 0);
  return bands.map((band) => ({ ...band, weight: round(band.weight / total) }));
}

function profileFor(reading: RoleReading): Weights {
  // "retired teachers" are no longer of working age: the general adult profile, cut by the prompt's ages.
  if (reading.kind === "occupation") return /\b(?:retired|former|ex)\b/.test(reading.phrase) ? BAND_PROFILES.adults : BAND_PROFILES.workers;
  if (["student", "pupil", "learner"].includes(reading.head)) return BAND_PROFILES.students;
  if (["parent", "mother", "father"].includes(reading.head)) return BAND_PROFILES.parents;
  return BAND_PROFILES.adults;
}

/** "a regular customer of a coffee shop", "a chess player", "a patient at a rural clinic". */
export function relationPhrase(reading: RoleReading): string {
  return HABITUAL.has(reading.head) && !/\bregular\b/.test(reading.phrase) ? `regular ${reading.phrase}` : reading.phrase;
}

export const genericPerson: Domain = {
  id: "generic_person",
  match: () => 0.5,
  blueprint(prompt): Blueprint {
    const reading = readRole(prompt.role);
    const bands = bandsFor(prompt, profileFor(reading));
    const countries = countryWeights(prompt);
    const city = cityField(prompt, Object.keys(countries));
    const relation = reading.kind === "relation" ? relationPhrase(reading) : undefined;
    const bandNames = bands.map((band) => band.name);
    const fields: Field[] = [
      { name: "country", kind: "categorical", label: "Country", description: "country they live in", parents: [], categorical: { weights: countries }, conditionals: [] },
      ...(city ? [city] : []),
      { name: "gender", kind: "categorical", label: "Gender", description: "gender", parents: [], categorical: { weights: prompt.gender ? { [prompt.gender]: 1 } : { female: 0.5, male: 0.5 } }, conditionals: [] },
      { name: "age_band", kind: "categorical", label: "Age band", description: "age group", parents: [], categorical: { weights: Object.fromEntries(bands.map((band) => [band.name, band.weight])) }, ordered_values: bandNames, conditionals: [] },
      {
        name: "age", kind: "numeric", label: "Age", description: "age in years", parents: ["age_band"],
        conditionals: bands.map((band) => ({ when: { age_band: band.name }, numeric: { min: band.min, max: band.max, mean: (band.min + band.max) / 2, sd: Math.max(1, (band.max - band.min) / 3), integer: true } })),
      },
      reading.kind === "occupation"
        ? { name: "occupation", kind: "categorical", label: "Occupation", description: "their occupation, from the prompt", parents: [], categorical: { weights: { [reading.phrase]: 1 } }, conditionals: [] }
        : {
            name: "occupation", kind: "categorical", label: "Occupation", description: "what they do for a living", parents: ["age_band"],
            conditionals: bands.map((band) => ({ when: { age_band: band.name }, categorical: { weights: roundWeights(occupationsFor(band.name, band.min, band.max, relation ? reading.head : undefined)) } })),
          },
      ...(relation
        ? [{ name: "relation", kind: "categorical" as const, label: "Relation", description: "how they belong to the group the prompt describes", parents: [], categorical: { weights: { [relation]: 1 } }, conditionals: [] }]
        : []),
      { name: "temperament", kind: "categorical", label: "Temperament", description: "their dominant temperament", parents: [], categorical: { weights: Object.fromEntries(TEMPERAMENTS.map((word) => [word, 1])) }, conditionals: [] },
      { name: "name", kind: "text", label: "Name", description: "full name fitting their country", parents: ["country", "gender"], conditionals: [] },
      { name: "goals", kind: "text", label: "Goals", description: "what they want now", parents: ["occupation", "age"], conditionals: [] },
      {
        name: "backstory", kind: "text", label: "Backstory", description: "a short paragraph about who they are",
        parents: ["country", ...(city ? ["city"] : []), "age", "occupation", ...(relation ? ["relation"] : []), "temperament"], conditionals: [],
      },
    ];
    const minimumAge = Math.min(...bands.map((band) => band.min));
    const placeNote = prompt.places.length > 0 ? `Everyone lives in the places the prompt names (${prompt.places.map((place) => place.name).join(", ")}), spread evenly over their largest cities. ` : "";
    const roleNote =
      reading.kind === "occupation"
        ? `Everyone is a ${reading.phrase}, as the prompt says; ages follow an assumed working-age profile. `
        : reading.kind === "relation"
          ? `"${prompt.role}" is a relation, not a job: everyone is a ${relation}, and occupations are everyday ones sampled by age band (illustrative equal weights, not labour statistics). `
          : "Occupations are everyday ones sampled by age band (students among the young, retirees among the old), with illustrative weights, not labour statistics. ";
    return {
      domain: reading.kind === "general" ? "generic_person" : slugOfRole(prompt.role),
      label: reading.kind === "general" ? "person" : reading.phrase,
      order: fields.map((field) => field.name),
      fields,
      constraints: [{ name: "adult_or_stated_age", lhs: "age", op: ">=", rhs: String(minimumAge) }],
      rationale:
        `No built-in domain matched "${prompt.role}", so this is a general person model using built-in general priors. ` +
        "Country weights are 2022 population sizes of the most populous countries (or the places the prompt names); gender is an even split; age bands approximate the world's adult age structure, an assumption unless the prompt gives ages. " +
        placeNote + roleNote +
        "Temperaments are an illustrative list with equal weights, not a psychometric distribution.",
      sources: [
        "Built-in general priors (no domain-specific data)",
        "United Nations, Department of Economic and Social Affairs, Population Division, \"World Population Prospects 2022\" (country population sizes and age structure, 2022)",
        ...(prompt.places.some((place) => place.country === "US") ? ["U.S. Census Bureau, city and town population estimates, Vintage 2023 (largest cities of each state)"] : []),
      ],
      language: "en",
    };
  },
};

function roundWeights(weights: Weights): Weights {
  return Object.fromEntries(Object.entries(weights).map(([key, value]) => [key, round(value)]));
}
