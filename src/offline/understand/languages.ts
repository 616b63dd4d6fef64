/**
 * People named by the language they speak: "Russian speakers in Latvia", "Spanish-speaking parents
 * in Texas", "speakers of Tagalog in Dubai", "families who speak Cantonese". The language is what
 * they share — not a job ("speaker") and not, by itself, a country they left.
 */
import { knowledge, type Country } from "../knowledge/index.ts";
import { fold, type Token } from "../knowledge/words.ts";
import type { PromptParts, Span } from "./parts.ts";

/** "<language> speakers", "<language>-speaking", "speakers of <language>", "who speak <language>". */
const SPEAKING: ReadonlyArray<{ pattern: RegExp; languageFirst: boolean }> = [
  { pattern: /(?<!\p{L})((?:\p{L}+ )?\p{L}+)[ -]speak(?:ers?|ing)(?!\p{L})/giu, languageFirst: false },
  { pattern: /(?<!\p{L})(?:native )?speakers? of ((?:\p{L}+ )?\p{L}+)/giu, languageFirst: true },
  { pattern: /(?<!\p{L})(?:who|that) speaks? ((?:\p{L}+ )?\p{L}+)/giu, languageFirst: true },
];

/**
 * Two languages spoken together: "bilingual Catalan-Spanish teachers", "English–French bilingual
 * nurses", "Hindi/English speakers", "who speak Welsh and English", "speakers of Arabic and French".
 * Both must be languages; the phrase then names both ("Catalan and Spanish").
 */
const JOINED = String.raw`\s*(?:-|–|/|\s+and\s+)\s*`;
const SPEAKING_TWO: readonly RegExp[] = [
  new RegExp(String.raw`(?<!\p{L})bilingual\s+(\p{L}+)${JOINED}(\p{L}+)(?!\p{L})`, "giu"),
  new RegExp(String.raw`(?<!\p{L})(\p{L}+)${JOINED}(\p{L}+)[ -](?:speak(?:ers?|ing)|bilingual)(?!\p{L})`, "giu"),
  new RegExp(String.raw`(?<!\p{L})(?:who|that) speaks?\s+(?:both\s+)?(\p{L}+)(?:,\s*|\s+and\s+|\s*/\s*)(\p{L}+)(?!\p{L})`, "giu"),
  new RegExp(String.raw`(?<!\p{L})speakers? of\s+(?:both\s+)?(\p{L}+)\s+and\s+(\p{L}+)(?!\p{L})`, "giu"),
];

function readTwoLanguages(text: string): LanguageReading | undefined {
  const { spokenLanguages } = knowledge().gazetteer;
  for (const pattern of SPEAKING_TWO) {
    for (const match of text.matchAll(pattern)) {
      const first = spokenLanguages.get(fold(match[1] as string));
      const second = spokenLanguages.get(fold(match[2] as string));
      if (!first || !second || first.name === second.name) continue;
      const phraseStart = match.index ?? 0;
      const start = phraseStart + match[0].indexOf(match[1] as string);
      const end = phraseStart + match[0].lastIndexOf(match[2] as string) + (match[2] as string).length;
      return {
        name: `${first.name} and ${second.name}`,
        countries: [...new Set([...first.countries, ...second.countries])],
        each: [first, second],
        words: { start, end, text: text.slice(start, end) },
        phrase: { start: phraseStart, end: phraseStart + match[0].length, text: match[0] },
      };
    }
  }
  return undefined;
}

/** More countries than this speak it as a main language: a place to come from is no guess at all (English, French, Arabic). */
const MOST_ORIGINS = 12;

interface LanguageReading {
  name: string;
  countries: string[];
  /** Two languages spoken together: each one's countries (the one not spoken where they live is their families'). */
  each?: ReadonlyArray<{ name: string; countries: string[] }>;
  /** The language's words alone, and the whole phrase ("Russian speakers"). */
  words: Span;
  phrase: Span;
}

function readLanguage(text: string): LanguageReading | undefined {
  const { spokenLanguages } = knowledge().gazetteer;
  for (const { pattern, languageFirst } of SPEAKING) {
    for (const match of text.matchAll(pattern)) {
      const captured = match[1] as string;
      const at = (match.index ?? 0) + match[0].indexOf(captured);
      // The longest name first: "Haitian Creole", then "Creole" ("Tagalog in Dubai": "Tagalog").
      const words = captured.split(" ");
      for (let dropped = 0; dropped < words.length; dropped++) {
        const name = (languageFirst ? words.slice(0, words.length - dropped) : words.slice(dropped)).join(" ");
        const language = spokenLanguages.get(fold(name));
        if (!language) continue;
        const start = languageFirst ? at : at + captured.length - name.length;
        const phraseStart = Math.min(start, match.index ?? start);
        const phraseEnd = languageFirst ? start + name.length : (match.index ?? 0) + match[0].length;
        return {
          name: language.name,
          countries: language.countries,
          words: { start, end: start + name.length, text: text.slice(start, start + name.length) },
          phrase: { start: phraseStart, end: phraseEnd, text: text.slice(phraseStart, phraseEnd) },
        };
      }
    }
  }
  return undefined;
}

const within = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end;

/** The countries the population lives in, from the places the prompt names. */
function residenceCountries(parts: PromptParts, continental: number): Set<string> {
  return new Set(parts.places.flatMap((place) => (place.kind === "area" ? (place.area.countries.length > continental ? [] : place.area.countries) : [place.country.code])));
}

/**
 * Reads the language and drops what the words had been taken for: a role "speaker" (or "Arabic
 * speaker" as written), the language's demonym as a place or an origin ("Russian" → Russia). Their
 * families' countries are where the language is spoken, when it is not a language of where they
 * live and few enough countries speak it: a heritage, which the blueprint says it cannot split into
 * born there and born here.
 */
/** "non-native", "non native", "nonnative" right before the language's phrase (whose "native" the phrase may hold). */
const NON_NATIVE = /\bnon[-\s]?(?:native\s+)?$/i;

export function readLanguageSpeakers(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], continental: number): void {
  const reading = readTwoLanguages(text) ?? readLanguage(text);
  if (!reading) return;
  const { phrase, words } = reading;
  // "Non-native English speakers in Toronto": the language is not theirs from birth — they are the place's
  // immigrants (first languages those of where they came from), never people whose first language it is.
  const nativeInPhrase = /^native\s/i.test(phrase.text);
  const nonNative = NON_NATIVE.exec(text.slice(0, phrase.start));
  if (nonNative && (nativeInPhrase || /native\s+$/i.test(nonNative[0]))) {
    const immigrant = knowledge().situations.find((situation) => situation.id === "immigrant");
    const start = nonNative.index;
    const span: Span = { start, end: phrase.end, text: text.slice(start, phrase.end) };
    tokens.forEach((token, index) => {
      if (token.start >= start && token.end <= phrase.end) claimed[index] = true;
    });
    parts.roles = parts.roles.filter((role) => !("span" in role && within(role.span, span)));
    parts.unmodelled = parts.unmodelled.filter((written) => !span.text.toLowerCase().includes(written.toLowerCase()));
    parts.origins = parts.origins.filter((origin) => !within(origin.span, span));
    if (immigrant && !parts.situations.some((entry) => entry.situation.origin)) {
      // Where the place's immigrants come from, less the countries whose one official language it is (the
      // data has no native languages: an approximation — the UK and the US out of Toronto's mix, India and the Philippines kept).
      const [host, ...others] = [...residenceCountries(parts, continental)];
      const mix = host && others.length === 0 ? knowledge().migrantOrigins.get(host) : undefined;
      const native = (code: string) => reading.countries.includes(code) && knowledge().gazetteer.byCode.get(code)?.languages.length === 1;
      const origin = mix ? Object.fromEntries(Object.entries(mix).filter(([code]) => !native(code))) : undefined;
      const situation = origin && Object.keys(origin).length > 0 ? { ...immigrant, id: "immigrant:non-native", origin } : immigrant;
      parts.situations.push({ situation, span });
      if (parts.roles.length === 0) parts.roles.push({ kind: "situation", situation, value: immigrant.value, span });
    }
    parts.unmodelled.push(`${span.text} (drawn as immigrants: ${reading.name} as a second language is not modelled)`);
    return;
  }
  parts.language = { name: reading.name, countries: reading.countries, span: words };
  parts.roles = parts.roles.filter((role) => !("span" in role && within(role.span, phrase)));
  parts.unmodelled = parts.unmodelled.filter((written) => !phrase.text.toLowerCase().includes(written.toLowerCase()));
  parts.origins = parts.origins.filter((origin) => !within(origin.span, phrase));
  // "Welsh speakers": Wales is still where they live when nothing else says so.
  const otherPlaces = parts.places.filter((place) => !within(place.span, phrase));
  if (otherPlaces.length > 0) parts.places = otherPlaces;
  tokens.forEach((token, index) => {
    if (token.start >= phrase.start && token.end <= phrase.end) claimed[index] = true;
  });

  const residence = residenceCountries(parts, continental);
  // "Hindi/English speakers in London": English is London's; Hindi is where their families come from.
  const heritage = reading.each?.filter((language) => !language.countries.some((code) => residence.has(code)));
  const families = heritage?.length === 1 ? (heritage[0] as { countries: string[] }).countries : reading.countries;
  if (heritage ? heritage.length === 0 : reading.countries.some((code) => residence.has(code))) {
    parts.language.spokenWhereTheyLive = true;
    return;
  }
  if (heritage?.length === 1) parts.language.spokenWhereTheyLive = true;
  if (residence.size === 0 || families.length === 0 || families.length > MOST_ORIGINS) return;
  const { byCode } = knowledge().gazetteer;
  for (const code of families) {
    const country: Country | undefined = byCode.get(code);
    if (country) parts.origins.push({ country, span: words, heritage: true, byLanguage: true });
  }
}
