/** Software developers, shaped by the Stack Overflow Developer Survey 2024. */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import type { ParsedPrompt } from "../prompt.ts";
import { cityField, concentrate, keywordScore, placesComposedFromPrompt, type Domain, type Weights } from "./domain.ts";

/** Approximate shares among the survey's largest respondent countries, renormalised and rounded. */
const COUNTRY_WEIGHTS: Weights = { US: 0.3, DE: 0.12, IN: 0.11, GB: 0.09, FR: 0.06, UA: 0.05, CA: 0.05, PL: 0.05, BR: 0.05, NL: 0.04, ES: 0.04, IT: 0.04 };
const AGE_BANDS: Weights = { "18-24": 0.214, "25-34": 0.365, "35-44": 0.241, "45-54": 0.099, "55-64": 0.037, "65+": 0.011 };
const AGE_BY_BAND: Record<string, [number, number]> = { "18-24": [18, 24], "25-34": [25, 34], "35-44": [35, 44], "45-54": [45, 54], "55-64": [55, 64], "65+": [65, 80] };
/** Years coding rise with age; the survey reports the bands' ordering, the spreads are assumptions. */
const YEARS_CODING_BY_BAND: Record<string, { min: number; max: number; mean: number; sd: number }> = {
  "18-24": { min: 0, max: 14, mean: 5, sd: 3 },
  "25-34": { min: 1, max: 25, mean: 11, sd: 5 },
  "35-44": { min: 2, max: 35, mean: 19, sd: 7 },
  "45-54": { min: 3, max: 45, mean: 26, sd: 8 },
  "55-64": { min: 3, max: 52, mean: 33, sd: 9 },
  "65+": { min: 3, max: 65, mean: 38, sd: 10 },
};
export const DEVELOPER_TYPES: Weights = {
  "full-stack developer": 0.38, "back-end developer": 0.2, "front-end developer": 0.07, "mobile developer": 0.04,
  "desktop application developer": 0.04, "embedded developer": 0.03, "DevOps engineer": 0.04, "data engineer": 0.05,
  "engineering manager": 0.04, "game developer": 0.02, "QA engineer": 0.02, "security engineer": 0.02, "data scientist": 0.05,
};

const PATTERNS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(software (?:developers?|engineers?)|developers?|programmers?|coders?|devs?)\b/i, 8],
  [/\b(engineers?)\b/i, 2],
  [/\b(front[\s-]?end|back[\s-]?end|full[\s-]?stack|devops|sre|web developers?)\b/i, 4],
];

function ageBands(prompt: ParsedPrompt): Weights {
  if (prompt.ageMin === undefined && prompt.ageMax === undefined) return AGE_BANDS;
  const low = prompt.ageMin ?? 0;
  const high = prompt.ageMax ?? 200;
  const overlapping = Object.keys(AGE_BANDS).filter((band) => {
    const [min, max] = AGE_BY_BAND[band] as [number, number];
    return min <= high && max >= low;
  });
  return overlapping.length > 0 ? concentrate(AGE_BANDS, overlapping) : AGE_BANDS;
}

function bandBounds(band: string, prompt: ParsedPrompt): [number, number] {
  const [min, max] = AGE_BY_BAND[band] as [number, number];
  const low = Math.max(min, prompt.ageMin ?? min);
  const high = Math.min(max, prompt.ageMax ?? max);
  return low <= high ? [low, high] : [min, max];
}

export const softwareDeveloper: Domain = {
  id: "software_developer",
  match: (prompt) => keywordScore(prompt.text, PATTERNS),
  blueprint(prompt): Blueprint {
    // Where the prompt names places, they are composed from the understanding step's reading (any
    // country, its cities and regions, names of the place); the survey's country mix is for prompts
    // that name none.
    const ownPlaces = !placesComposedFromPrompt(prompt);
    const countries = [...prompt.countries];
    const countryWeights = countries.length > 0 ? Object.fromEntries(countries.map((code) => [code, 1 / countries.length])) : COUNTRY_WEIGHTS;
    const bands = ageBands(prompt);
    const bandNames = Object.keys(AGE_BANDS);
    const city = ownPlaces ? cityField(prompt, Object.keys(countryWeights)) : undefined;
    const placeFields = ownPlaces ? ["country", ...(city ? ["city"] : [])] : [];
    const fields: Field[] = [
      ...(ownPlaces ? [{ name: "country", kind: "categorical", label: "Country", description: "country the developer lives and works in", parents: [], categorical: { weights: countryWeights }, conditionals: [] } satisfies Field] : []),
      ...(city ? [city] : []),
      { name: "age_band", kind: "categorical", label: "Age band", description: "age group as the survey reports it", parents: [], categorical: { weights: bands }, ordered_values: bandNames, conditionals: [] },
      {
        name: "age", kind: "numeric", label: "Age", description: "age in years", parents: ["age_band"],
        conditionals: bandNames.map((band) => {
          const [min, max] = bandBounds(band, prompt);
          return { when: { age_band: band }, numeric: { min, max, mean: (min + max) / 2, sd: Math.max(1, (max - min) / 3), integer: true } };
        }),
      },
      { name: "gender", kind: "categorical", label: "Gender", description: "the developer's gender", parents: [], categorical: { weights: prompt.gender ? { [prompt.gender]: 1 } : { male: 0.92, female: 0.08 } }, conditionals: [] },
      { name: "developer_type", kind: "categorical", label: "Developer type", description: "the role that best describes their work", parents: [], categorical: { weights: DEVELOPER_TYPES }, conditionals: [] },
      {
        name: "years_coding", kind: "numeric", label: "Years coding", description: "years since they first learned to code", parents: ["age_band"],
        conditionals: bandNames.map((band) => ({ when: { age_band: band }, numeric: { ...(YEARS_CODING_BY_BAND[band] as { min: number; max: number; mean: number; sd: number }), integer: true, unit: "years" } })),
      },
      { name: "remote_work", kind: "categorical", label: "Work arrangement", description: "where they work", parents: [], categorical: { weights: { hybrid: 0.42, remote: 0.38, "in-person": 0.2 } }, conditionals: [] },
      { name: "name", kind: "text", label: "Name", description: "full name fitting their country", parents: [...placeFields.slice(0, 1), "gender"], conditionals: [] },
      { name: "goals", kind: "text", label: "Goals", description: "what they want next in their career", parents: ["developer_type", "years_coding"], conditionals: [] },
      { name: "backstory", kind: "text", label: "Backstory", description: "a short paragraph on how they came to the work and how they work now", parents: [...placeFields, "age", "developer_type", "years_coding", "remote_work"], conditionals: [] },
    ];
    return {
      domain: "software_developer",
      label: "software developer",
      order: fields.map((field) => field.name),
      fields,
      constraints: [
        { name: "coding_start_age", lhs: "age - years_coding", op: ">=", rhs: "8" },
        { name: "years_coding_nonneg", lhs: "years_coding", op: ">=", rhs: "0" },
      ],
      rationale:
        "Country, age band, gender, developer type and work arrangement are roots; exact age and years of coding depend on the age band, and nobody started coding before 8. " +
        "Age bands, developer types and remote/hybrid/in-person shares approximate the Stack Overflow Developer Survey 2024 figures (professional respondents aged 18+, renormalised and rounded); country shares approximate the survey's largest respondent countries. " +
        "Gender (about 8% women) approximates the 2022 survey, the last to publish it. Spreads of years coding inside each band are assumptions.",
      sources: [
        "Stack Overflow, \"2024 Developer Survey\" (survey.stackoverflow.co/2024): Developer profile — age, years coding, developer type, remote work; geography",
        "Stack Overflow, \"2022 Developer Survey\" (survey.stackoverflow.co/2022): Developer profile — gender",
      ],
      language: "en",
    };
  },
};
