/** Registered nurses in the United States (BLS Occupational Outlook, NCSBN workforce survey 2022). */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import type { ParsedPrompt } from "../prompt.ts";
import { concentrate, keywordScore, namesPlaceOutside, type Domain, type Weights } from "./domain.ts";

const AGE_BANDS: Weights = { "21-29": 0.14, "30-39": 0.23, "40-49": 0.21, "50-59": 0.2, "60-75": 0.22 };
const AGE_BY_BAND: Record<string, [number, number]> = { "21-29": [21, 29], "30-39": [30, 39], "40-49": [40, 49], "50-59": [50, 59], "60-75": [60, 75] };
const EXPERIENCE_BY_BAND: Record<string, { min: number; max: number; mean: number; sd: number }> = {
  "21-29": { min: 0, max: 9, mean: 3, sd: 2 },
  "30-39": { min: 0, max: 19, mean: 8, sd: 4 },
  "40-49": { min: 0, max: 29, mean: 15, sd: 6 },
  "50-59": { min: 0, max: 39, mean: 23, sd: 8 },
  "60-75": { min: 0, max: 55, mean: 31, sd: 9 },
};
/** Where RNs work (BLS Occupational Outlook Handbook, "Work Environment"); "other settings" is the remainder. */
export const NURSE_SETTINGS: Weights = {
  hospital: 0.6, "ambulatory care": 0.18, "nursing and residential care": 0.05, government: 0.05, "educational services": 0.03, "other settings": 0.09,
};
/** Approximate median annual wages by setting, BLS May 2023 (rounded). */
const WAGE_BY_SETTING: Record<string, number> = {
  hospital: 88000, "ambulatory care": 84000, "nursing and residential care": 80000, government: 99000, "educational services": 69000, "other settings": 86000,
};

const PATTERNS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(nurses?|rns?|nursing)\b/i, 9],
  [/\b(registered nurses?|icu|er nurses?|charge nurses?)\b/i, 3],
];

export const registeredNurse: Domain = {
  id: "registered_nurse",
  // Its figures are United States figures: a prompt about nurses elsewhere gets the general model
  // (with the prompt's country and locale-fitting names) rather than US wages and US names; so does a
  // place nobody can locate ("nurses in Bendigo"): US wages there would be a guess.
  match: (prompt) => (namesPlaceOutside(prompt, "US") ? 0 : keywordScore(prompt.text, PATTERNS)),
  blueprint(prompt: ParsedPrompt): Blueprint {
    const bandNames = Object.keys(AGE_BANDS);
    const bands =
      prompt.ageMin !== undefined || prompt.ageMax !== undefined
        ? concentrate(AGE_BANDS, bandNames.filter((band) => {
            const [min, max] = AGE_BY_BAND[band] as [number, number];
            return min <= (prompt.ageMax ?? 200) && max >= (prompt.ageMin ?? 0);
          }))
        : AGE_BANDS;
    const area: Weights = /\brural\b/i.test(prompt.text) ? { rural: 1 } : /\b(urban|city|cities|downtown)\b/i.test(prompt.text) ? { urban: 1 } : { urban: 0.8, rural: 0.2 };
    const fields: Field[] = [
      { name: "age_band", kind: "categorical", label: "Age band", description: "age group", parents: [], categorical: { weights: bands }, ordered_values: bandNames, conditionals: [] },
      {
        name: "age", kind: "numeric", label: "Age", description: "age in years", parents: ["age_band"],
        conditionals: bandNames.map((band) => {
          let [min, max] = AGE_BY_BAND[band] as [number, number];
          const low = Math.max(min, prompt.ageMin ?? min);
          const high = Math.min(max, prompt.ageMax ?? max);
          if (low <= high) [min, max] = [low, high];
          return { when: { age_band: band }, numeric: { min, max, mean: (min + max) / 2, sd: Math.max(1, (max - min) / 3), integer: true } };
        }),
      },
      { name: "gender", kind: "categorical", label: "Gender", description: "the nurse's gender", parents: [], categorical: { weights: prompt.gender ? { [prompt.gender]: 1 } : { female: 0.9, male: 0.1 } }, conditionals: [] },
      { name: "setting", kind: "categorical", label: "Work setting", description: "where they practise", parents: [], categorical: { weights: NURSE_SETTINGS }, conditionals: [] },
      { name: "area", kind: "categorical", label: "Area", description: "urban or rural community they serve", parents: [], categorical: { weights: area }, conditionals: [] },
      {
        name: "years_experience", kind: "numeric", label: "Years of experience", description: "years working as an RN", parents: ["age_band"],
        conditionals: bandNames.map((band) => ({ when: { age_band: band }, numeric: { ...(EXPERIENCE_BY_BAND[band] as { min: number; max: number; mean: number; sd: number }), integer: true, unit: "years" } })),
      },
      {
        name: "annual_wage_usd", kind: "numeric", label: "Annual wage (USD)", description: "annual wage in US dollars", parents: ["setting"],
        conditionals: Object.keys(NURSE_SETTINGS).map((setting) => {
          const median = WAGE_BY_SETTING[setting] as number;
          return { when: { setting }, numeric: { min: 50000, max: 170000, mean: median, sd: 15000, integer: true, unit: "USD" } };
        }),
      },
      { name: "name", kind: "text", label: "Name", description: "full name", parents: ["gender"], conditionals: [] },
      { name: "goals", kind: "text", label: "Goals", description: "what they want from the next few years", parents: ["setting", "years_experience"], conditionals: [] },
      { name: "backstory", kind: "text", label: "Backstory", description: "a short paragraph on their path into nursing and their work now", parents: ["age", "setting", "years_experience", "area"], conditionals: [] },
    ];
    return {
      domain: "registered_nurse",
      label: "registered nurse",
      order: fields.map((field) => field.name),
      fields,
      constraints: [
        { name: "licensed_adult", lhs: "age - years_experience", op: ">=", rhs: "21" },
        { name: "experience_nonneg", lhs: "years_experience", op: ">=", rhs: "0" },
      ],
      rationale:
        "Age band, gender, setting and area are roots; exact age and years of experience depend on the age band (nobody is licensed before 21); wage depends on setting. " +
        "Settings follow the BLS Occupational Outlook Handbook's largest employers of RNs; wages approximate BLS May 2023 medians by setting, with an assumed spread. " +
        "Age bands are our approximation shaped to the NCSBN 2022 survey's median RN age of 46, not the survey's own table; about 10% men approximates NCSBN's reported share. " +
        "Urban/rural is the 2020 Census split (about 80% urban) unless the prompt names one. Experience spreads are assumptions.",
      sources: [
        "U.S. Bureau of Labor Statistics, Occupational Outlook Handbook, \"Registered Nurses\" (Work Environment; Pay, May 2023 wages), 2024",
        "NCSBN & National Forum of State Nursing Workforce Centers, \"The 2022 National Nursing Workforce Survey\", Journal of Nursing Regulation, 2023",
        "U.S. Census Bureau, \"Urban and Rural\" (2020 Census urban share), 2022",
      ],
      language: "en",
      name_origins: { default: "en_US" },
    };
  },
};
