/**
 * "Non-Muslim residents of Dubai", "Non-Catholic teachers", "Non-English speakers in London",
 * "Non-Hispanic white nurses": "non-" joined to a word the data reads as a trait (a faith, an ethnicity,
 * a language) names everyone WITHOUT that value — never a field fixed to it. The value is excluded
 * (`parts.excludedValues`: the composer drops it from a field that exists and renormalises the rest),
 * and the phrase is declared as written, since who they are instead is not modelled.
 */
import { knowledge, type Meaning } from "../knowledge/index.ts";
import type { LexiconMatch } from "../knowledge/lexicon.ts";
import type { Token } from "../knowledge/words.ts";
import type { PromptParts } from "./parts.ts";

/** Nouns after a language that name its speakers ("Non-English speakers", "non-French-speaking parents"). */
const SPEAKER_WORDS = new Set(["speaker", "speaking"]);

/** Whether "non" at `index` is joined to the next word by a hyphen ("Non-Muslim", "non - Catholic"). */
export function joinedNon(text: string, tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  const next = tokens[index + 1];
  return token?.text === "non" && next !== undefined && /^\s*-\s*$/.test(text.slice(token.end, next.start));
}

/**
 * Reads "non-<value>" at `index` (the "non" token) when the value is a trait the data holds as a field
 * value (a situation's religion, ethnicity…) or a language before "speakers"/"speaking". Claims the words,
 * records the excluded value and declares the phrase. Returns the index after the phrase, or undefined
 * when the words are no such value (left to the other readings: "non-drinkers", "non-binary").
 */
export function readNegatedValue(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], index: number): number | undefined {
  if (!joinedNon(text, tokens, index) || claimed[index + 1]) return undefined;
  const { lexicon, gazetteer } = knowledge();
  const word = tokens[index + 1] as Token;
  const language = gazetteer.spokenLanguages.get(word.text);
  let field: string | undefined;
  let value: string | undefined;
  let end = index + 2;
  if (language && SPEAKER_WORDS.has(tokens[index + 2]?.singular ?? "")) {
    field = "language";
    value = language.name;
    end = index + 3;
  } else {
    const match: LexiconMatch<Meaning> | undefined = lexicon.matchAt(tokens, index + 1, (position) => !claimed[position]);
    if (match?.entry.kind === "situation" && match.entry.situation.field && match.entry.situation.value) {
      field = match.entry.situation.field;
      value = match.entry.situation.value;
      end = index + 1 + match.length;
    } else if (match?.entry.kind === "qualifier" && match.entry.qualifier.field && match.entry.qualifier.value) {
      field = match.entry.qualifier.field;
      value = match.entry.qualifier.value;
      end = index + 1 + match.length;
    }
  }
  if (!field || !value) return undefined;
  for (let position = index; position < end; position++) claimed[position] = true;
  const first = tokens[index] as Token;
  const last = tokens[end - 1] as Token;
  const span = { start: first.start, end: last.end, text: text.slice(first.start, last.end) };
  parts.excludedValues = [...(parts.excludedValues ?? []), { field, value, span }];
  parts.unmodelled.push(span.text);
  return end;
}

/**
 * "Non-English speakers": the speakers' reading (languages.ts, read from the text) also finds "English
 * speakers" inside the excluded phrase; the language they are named by is the one they do NOT speak,
 * so it is no language of theirs and no origin.
 */
export function dropNegatedLanguage(parts: PromptParts): void {
  const language = parts.language;
  const excluded = parts.excludedValues?.find((entry) => entry.field === "language" && language && entry.value === language.name && language.span.start >= entry.span.start && language.span.end <= entry.span.end);
  if (!language || !excluded) return;
  delete parts.language;
  parts.origins = parts.origins.filter((origin) => !(origin.byLanguage && origin.span.start >= excluded.span.start && origin.span.end <= excluded.span.end));
}
