/**
 * data/languages.json, validated by zod when first used, with what it does not hold: the names of the
 * gazetteer's countries in each language and script (CLDR through Intl.DisplayNames, and
 * countries-list's native names), so that "Alemania", "Deutschland" and "日本" are places.
 */
import { createRequire } from "node:module";
import { z } from "zod";
import languagesFile from "../data/languages.json" with { type: "json" };
import { checkedAtTestTime } from "../knowledge/checked.ts";
import { knowledge } from "../knowledge/index.ts";
import { fold, singularWord, tokenise } from "../knowledge/words.ts";

const require = createRequire(import.meta.url);

const Table = z.record(z.string(), z.string());
const ReadLanguageSchema = z.object({
  name: z.string().min(1),
  links: z.array(z.string()),
  phrases: Table,
  people: Table,
  after: Table,
  before: Table.optional(),
  of: Table,
  compound_heads: Table.optional(),
  places: Table,
});
const LanguagesFileSchema = z.object({
  about: z.string().min(1),
  sources: z.array(z.string()).min(1),
  scripts: z.array(z.object({ script: z.string().min(1), name: z.string().min(1), locales: z.array(z.string()).min(1) })).min(1),
  declared: z.record(z.string(), z.object({ name: z.string().min(1), letters: z.string(), words: z.array(z.string()).min(1) })),
  read: z.record(z.string(), ReadLanguageSchema),
});

/** The shipped languages file with its schema: checked by the tests (place-and-name-data.test.ts), taken as typed at run time. */
export const LANGUAGES_DATA_FILE = [LanguagesFileSchema, languagesFile] as const;

/** A table of phrases by their folded words ("mayores de {n} años" → ["mayores", "de", "{n}", "anos"]). */
export type PhraseTable = Map<string, Array<{ words: string[]; english: string }>>;

export interface ReadLanguage {
  code: string;
  name: string;
  links: ReadonlySet<string>;
  phrases: PhraseTable;
  people: PhraseTable;
  after: PhraseTable;
  /** Adjectives before the noun, as in English ("pequeños", "junge"). */
  before: PhraseTable;
  of: PhraseTable;
  /** German and Dutch: the ends of compounds that name people ("…bauern"), folded, longest first. */
  compoundHeads: Array<{ head: string; english: string }>;
  /** Folded single words of `of`, for the front of a compound ("kaffee"). */
  compoundFronts: ReadonlyMap<string, string>;
  places: PhraseTable;
  /** Every word of its tables whose English is not itself: what tells the language from English. */
  words: ReadonlySet<string>;
  /** Those of them that are not small words ("Las", "De" inside a name are no evidence; German nouns are). */
  nouns: ReadonlySet<string>;
}

export interface ScriptEntry {
  script: string;
  name: string;
  pattern: RegExp;
  /** The gazetteer's countries by their names in this script (longest first): [name, English name]. */
  countries: Array<[string, string]>;
}

export interface LanguageData {
  read: ReadLanguage[];
  declared: Array<{ code: string; name: string; letters: string; words: ReadonlySet<string> }>;
  scripts: ScriptEntry[];
  /** Folded English words (and their singulars) the understanding knows: its stop words and the words of its data's names and aliases. */
  isEnglishWord: (folded: string) => boolean;
  /** An English word that is no word of the tables here ("in", "parents" and "taxi" are both): evidence that a prompt is English. */
  isOnlyEnglish: (folded: string) => boolean;
  /** A folded word of any table here (a language's words, nouns or phrases). */
  isTableWord: (folded: string) => boolean;
  /** A folded word the tables have only written with accents ("the" from French "thé"). */
  isAccentFold: (folded: string) => boolean;
  sources: string[];
}

/** The folded word tokens of a data phrase: letters (with inner hyphens), numbers, "{n}" slots, and "-" or "+" alone. */
export const PHRASE_TOKEN = /\{[nm]\}|\p{N}+|\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*|[-–+,]/gu;

export function phraseWords(phrase: string): string[] {
  return [...phrase.matchAll(PHRASE_TOKEN)].map((match) => fold(match[0]).replace("–", "-"));
}

function phraseTable(entries: Record<string, string>, fold_: (text: string) => string[] = phraseWords): PhraseTable {
  const table: PhraseTable = new Map();
  for (const [phrase, english] of Object.entries(entries)) {
    const words = fold_(phrase);
    const first = words[0];
    if (first === undefined) continue;
    const list = table.get(first) ?? [];
    list.push({ words, english });
    list.sort((a, b) => b.words.length - a.words.length);
    table.set(first, list);
  }
  return table;
}

/**
 * The names of the gazetteer's countries in a language, with each country's English name. A name the
 * gazetteer already reads as a place is left to it: Spanish "Granada" is Grenada, and the city in Spain.
 */
function countryNames(locales: readonly string[], codes: readonly string[], englishOf: (code: string) => string, isPlace: (name: string) => boolean): Record<string, string> {
  const names: Record<string, string> = {};
  for (const locale of locales) {
    const display = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
    for (const code of codes) {
      const name = display.of(code);
      if (name && name !== code && !isPlace(name)) names[name] ??= englishOf(code);
    }
  }
  return names;
}

let loaded: LanguageData | undefined;

/**
 * The feminine plurals of people nouns, by the languages' regular endings: "emprendedoras" is
 * "emprendedores" said of women, "agricultrices" "agriculteurs", "Unternehmerinnen" "Unternehmer".
 * Only one-word nouns, and only where the file has no entry of the form already (its own say more:
 * "maestras": "female teachers").
 */
const FEMININE_PLURALS: Readonly<Record<string, ReadonlyArray<readonly [RegExp, string]>>> = {
  es: [[/ores$/u, "oras"], [/([^aeiouáéíóú])os$/u, "$1as"]],
  pt: [[/ores$/u, "oras"], [/([^aeiouáéíóú])os$/u, "$1as"]],
  it: [[/tori$/u, "trici"], [/ieri$/u, "iere"], [/isti$/u, "iste"], [/ai$/u, "aie"]],
  fr: [[/teurs$/u, "trices"], [/iers$/u, "ières"], [/iens$/u, "iennes"], [/ants$/u, "antes"]],
  de: [[/er$/u, "erinnen"]],
};

function withFeminines(code: string, entry: z.infer<typeof ReadLanguageSchema>): Record<string, string> {
  const endings = FEMININE_PLURALS[code];
  if (!endings) return entry.people;
  const taken = new Set([entry.phrases, entry.people, entry.after, entry.of, entry.before ?? {}].flatMap((table) => Object.keys(table)));
  const people = { ...entry.people };
  for (const [noun, english] of Object.entries(entry.people)) {
    if (/\s/.test(noun) || /^(?:female|women|woman|girls?|mothers?|wives)\b/.test(english)) continue;
    const rule = endings.find(([ending]) => ending.test(noun));
    const feminine = rule && noun.replace(rule[0], rule[1]);
    if (feminine && feminine !== noun && !taken.has(feminine)) people[feminine] = `female ${english}`;
  }
  return people;
}

export function languageData(): LanguageData {
  loaded ??= loadLanguageData();
  return loaded;
}

function loadLanguageData(): LanguageData {
  const file = checkedAtTestTime(LanguagesFileSchema, languagesFile);
  const { gazetteer, lexicon, stopWords } = knowledge();
  const codes = gazetteer.countries.map((country) => country.code);
  const englishOf = (code: string) => gazetteer.byCode.get(code)?.name ?? code;
  const isPlace = (name: string) => {
    const tokens = tokenise(name);
    const match = lexicon.matchAt(tokens, 0);
    return match !== undefined && match.length === tokens.length && ["city", "country", "region", "area"].includes(match.entry.kind);
  };
  // Words of any table, even those that are also English ("in", "parents", "taxi"): no evidence either way.
  const tableWords = new Set<string>();
  // Folded words the tables write only with accents (French "thé" folds to "the"): written without them, not the table's.
  const plainTableWords = new Set<string>();
  const accentedTableWords = new Set<string>();
  const read: ReadLanguage[] = Object.entries(file.read).map(([code, listed]) => {
    const entry = { ...listed, people: withFeminines(code, listed) };
    const words = new Set<string>();
    const nouns = new Set<string>();
    for (const table of [entry.phrases, entry.people, entry.after, entry.of, entry.before ?? {}, entry.compound_heads ?? {}]) {
      for (const [phrase, english] of Object.entries(table)) {
        const englishWords = new Set(phraseWords(english));
        for (const written of [...phrase.matchAll(PHRASE_TOKEN)].map((match) => match[0].toLowerCase())) {
          const word = fold(written).replace("–", "-");
          if (!/^\p{L}/u.test(word)) continue;
          tableWords.add(word);
          (written === word ? plainTableWords : accentedTableWords).add(word);
          if (englishWords.has(word)) continue;
          words.add(word);
          if (table !== entry.phrases) nouns.add(word);
        }
      }
    }
    return {
      code,
      name: entry.name,
      links: new Set(entry.links.map(fold)),
      phrases: phraseTable(entry.phrases),
      before: phraseTable(entry.before ?? {}),
      people: phraseTable(entry.people),
      after: phraseTable(entry.after),
      of: phraseTable(entry.of),
      compoundHeads: Object.entries(entry.compound_heads ?? {}).map(([head, english]) => ({ head: fold(head), english })).sort((a, b) => b.head.length - a.head.length),
      compoundFronts: new Map(Object.entries(entry.of).filter(([phrase]) => !/\s/.test(phrase)).map(([phrase, english]) => [fold(phrase), english])),
      // Countries in the language first: the file's own places (regions, cities) after them.
      places: phraseTable({ ...countryNames([code], codes, englishOf, isPlace), ...entry.places }),
      words,
      nouns,
    };
  });
  const declared = Object.entries(file.declared).map(([code, entry]) => ({ code, name: entry.name, letters: entry.letters, words: new Set(entry.words.map((word) => word.toLowerCase())) }));
  const native = z.record(z.string(), z.object({ native: z.string() })).parse((require("countries-list") as { countries: unknown }).countries);
  const scripts = file.scripts.map(({ script, name, locales }) => {
    const pattern = new RegExp(`\\p{Script=${script}}`, "u");
    const names = countryNames(locales, codes, englishOf, () => false);
    for (const code of codes) {
      const own = native[code]?.native;
      if (own && pattern.test(own)) names[own] ??= englishOf(code);
    }
    const countries = Object.entries(names).filter(([written]) => pattern.test(written)).sort((a, b) => b[0].length - a[0].length);
    return { script, name, pattern, countries };
  });
  const data = knowledge();
  const vocabulary = new Set<string>(stopWords);
  for (const entry of [...data.occupations, ...data.activities, ...data.conditions, ...data.situations, ...data.qualifiers]) {
    const names: Array<string | undefined> = ["name" in entry ? (entry.name as string | undefined) : undefined, ...entry.aliases];
    for (const name of names) for (const word of phraseWords(name ?? "")) vocabulary.add(singularWord(word));
  }
  const isEnglishWord = (word: string) => vocabulary.has(word) || vocabulary.has(singularWord(word)) || lexicon.startsPhrase(word);
  const isOnlyEnglish = (word: string) => !tableWords.has(word) && isEnglishWord(word);
  return { read, declared, scripts, isEnglishWord, isOnlyEnglish, isTableWord: (word: string) => tableWords.has(word), isAccentFold: (word: string) => accentedTableWords.has(word) && !plainTableWords.has(word), sources: file.sources };
}
