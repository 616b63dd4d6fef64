/**
 * The reading step before understanding: a prompt written in another language becomes the English the
 * understanding reads, and what it cannot read is said, not guessed. Spanish, Portuguese, French,
 * Italian, German and Dutch are read phrase by phrase from data/languages.json ("Agricultores de café
 * en Colombia" → "coffee farmers in Colombia"); other scripts (Japanese, Cyrillic, Arabic…) and other
 * Latin-script languages (Polish, Turkish…) are not read: their words are listed as unread, with the
 * language or script they are in, and only the countries named in them (CLDR's names) are kept. An
 * English prompt is returned as it is, byte for byte.
 *
 * @example
 * readInEnglish("Étudiants en médecine à Lyon").text // "medical students in Lyon"
 * readInEnglish("東京の大学生").unread // [{ text: "東京の大学生", language: "Japanese" }]
 */
import { knowledge } from "../knowledge/index.ts";
import { fold, singularWord, type Token } from "../knowledge/words.ts";
import { languageData, PHRASE_TOKEN, type PhraseTable, type ReadLanguage, type ScriptEntry } from "./language-data.ts";

export interface UnreadText {
  /** The prompt's words, as written. */
  text: string;
  /** The language or script they are in ("Japanese", "Polish", "a Cyrillic-script language (…)"). */
  language: string;
}

export interface EnglishReading {
  /** What the understanding reads: the prompt itself when it is English. */
  text: string;
  /** The language the prompt was read from, when it is not English ("French"). */
  readFrom?: string;
  unread: UnreadText[];
}

interface Word {
  raw: string;
  folded: string;
  start: number;
  end: number;
}

/** Words the English gives for a place ("in", "from"): a country found in another script after one needs no "in" of its own. */
const LOCATIVE_ENDINGS = /(?:^|\s)(?:in|from|near|at)$/;

/** A sketch's own introduction ("Ich bin", "je m'appelle", "sou a"): the capitalised words after it are the person's name, kept as written. */
const INTRODUCTION = /(?:^|\s)(?:I am|my name is)$/;

function wordsOf(text: string, offset = 0): Word[] {
  return [...text.matchAll(PHRASE_TOKEN)].map((match) => ({ raw: match[0], folded: fold(match[0]).replace("–", "-"), start: offset + (match.index ?? 0), end: offset + (match.index ?? 0) + match[0].length }));
}

const capitalised = (word: Word) => /^\p{Lu}/u.test(word.raw);
const isNumber = (word: Word) => /^\p{N}+$/u.test(word.raw);

/** The lexicon's view of words: the understanding's own tokens. */
function asTokens(words: readonly Word[]): Token[] {
  return words.map((word) => ({ text: word.folded, singular: singularWord(word.folded), raw: word.raw, start: word.start, end: word.end }));
}

/** The longest entry of a table at `at`, with the numbers its "{n}" and "{m}" slots took. */
function matchPhrase(table: PhraseTable, words: readonly Word[], at: number): { length: number; english: string } | undefined {
  const first = words[at];
  if (!first) return undefined;
  const candidates = [...(table.get(first.folded) ?? []), ...(isNumber(first) ? (table.get("{n}") ?? []) : [])].sort((a, b) => b.words.length - a.words.length);
  for (const { words: phrase, english } of candidates) {
    const numbers: Record<string, string> = {};
    const fits = phrase.every((expected, offset) => {
      const word = words[at + offset];
      if (!word) return false;
      if (expected === "{n}" || expected === "{m}") {
        numbers[expected] = word.raw;
        return isNumber(word);
      }
      return word.folded === expected;
    });
    if (fits) return { length: phrase.length, english: english.replace(/\{[nm]\}/g, (slot) => numbers[slot] ?? slot) };
  }
  return undefined;
}

/** A place the gazetteer reads as written ("Berlin", "Lyon"): its length in words. */
function gazetteerPlaceAt(tokens: readonly Token[], at: number): number {
  const match = knowledge().lexicon.matchAt(tokens, at);
  return match && ["city", "country", "region", "area"].includes(match.entry.kind) ? match.length : 0;
}

/** A job in occupations.json's other-language aliases ("Krankenschwestern", "panaderas"), which the understanding reads itself. */
function otherLanguageJobAt(tokens: readonly Token[], at: number): number {
  const match = knowledge().lexicon.matchAt(tokens, at);
  return match?.entry.kind === "occupation" && match.entry.inOtherLanguage ? match.length : 0;
}

interface LatinScore {
  english: number;
  /** Words of occupations.json's other-language aliases. */
  jobs: number;
  read: Map<ReadLanguage, number>;
  declared: Map<string, number>;
}

/**
 * Endings of English plurals of doers (hostesses, waitresses too) and of the -ing form, rare at the end
 * of a Spanish, Portuguese, French, Italian or German word that no table holds.
 */
const ENGLISH_ENDINGS = /\p{L}{3}(?:ing|ers|ors|ists|ians|esses)$/u;

/** How many of the prompt's words are each language's and not English, and how many are English only. */
function score(words: readonly Word[], tokens: readonly Token[]): LatinScore {
  const data = languageData();
  const result: LatinScore = { english: 0, jobs: 0, read: new Map(data.read.map((language) => [language, 0])), declared: new Map() };
  words.forEach((word, index) => {
    if (!/^\p{L}/u.test(word.raw)) return;
    // A name inside the prompt ("Rio de Janeiro", "Lyon") says nothing of its language.
    const name = index > 0 && capitalised(word);
    // A job of the occupation data's other-language aliases is not English, in a language it does not tell.
    let foreign = otherLanguageJobAt(tokens, index) > 0;
    if (foreign) result.jobs++;
    // Folded, French "thé" is English "the": a word the tables write only with accents, written without
    // them as an English word, is no evidence of another language ('Spectators at the Melbourne Cup',
    // 'Riders in the Giro d'Italia' were read as French). Written with its accents it still is.
    const englishSpelling = word.raw.toLowerCase() === word.folded && data.isAccentFold(word.folded) && data.isEnglishWord(word.folded);
    for (const language of englishSpelling ? [] : data.read) {
      if ((name ? language.nouns : language.words).has(word.folded) || (language.compoundHeads.length > 0 && readCompound(language, word))) {
        result.read.set(language, (result.read.get(language) ?? 0) + 1);
        foreign = true;
      }
    }
    // Declared languages by their words as written: folded, Romanian "în" would be English "in".
    const lower = word.raw.toLowerCase();
    for (const language of data.declared) {
      const letters = [...language.letters].some((letter) => lower.includes(letter));
      if (!name && (language.words.has(lower) || letters)) {
        result.declared.set(language.code, (result.declared.get(language.code) ?? 0) + 1);
        foreign = true;
      }
    }
    // The understanding's vocabulary is no dictionary: a word no table here knows, shaped as English
    // words of people and doing are ("pilgrims walking", "competitors", "riders"), counts as English too
    // ('Pilgrims walking the Camino de Santiago' has two Spanish words and three English ones).
    const englishShape = !data.isTableWord(word.folded) && ENGLISH_ENDINGS.test(word.folded);
    if (!foreign && !name && (englishSpelling || englishShape || data.isOnlyEnglish(word.folded))) result.english++;
  });
  return result;
}

/**
 * Reads Latin-script words in one of the languages the data has: phrase by phrase, people nouns with
 * the adjectives and fields after them, German and Dutch compounds, place names. Unknown lower-case
 * words are unread; an unknown capitalised word is kept only as a place (after a locative, or one the
 * gazetteer lists), never as a job.
 */
function readLanguage(language: ReadLanguage, words: readonly Word[], tokens: readonly Token[], unread: Word[]): string[] {
  const out: string[] = [];
  const carried: string[] = [];
  let afterLocative = false;
  for (let at = 0; at < words.length; ) {
    const word = words[at] as Word;
    const place = matchPhrase(language.places, words, at);
    // "Porto Alegre" is the gazetteer's, not Porto's: the longer name wins.
    if (place && capitalised(word) && place.length >= gazetteerPlaceAt(tokens, at)) {
      out.push(place.english);
      at += place.length;
      afterLocative = false;
      continue;
    }
    const before = matchPhrase(language.before, words, at);
    if (before && !matchPhrase(language.people, words, at)) {
      carried.push(before.english);
      at += before.length;
      continue;
    }
    const people = matchPhrase(language.people, words, at);
    const adjective = people && (matchPhrase(language.after, words, at) ?? matchPhrase(language.before, words, at));
    // "giovani donne", "Selbstständige Handwerker": a word for people that is also an adjective, before people, is the adjective.
    if (people && adjective && adjective.length === people.length && matchPhrase(language.people, words, at + people.length)) {
      carried.push(adjective.english);
      at += adjective.length;
      continue;
    }
    if (people) {
      const modifiers: string[] = [];
      let next = at + people.length;
      for (;;) {
        const after = matchPhrase(language.after, words, next);
        // "jubilados mayores de 65 años": an age phrase that begins with the adjective is the longer reading.
        if (after && (matchPhrase(language.phrases, words, next)?.length ?? 0) <= after.length) {
          modifiers.push(after.english);
          next += after.length;
          continue;
        }
        const link = words[next];
        if (link && language.links.has(link.folded)) {
          // "trabajadores de la construcción": an article may stand between the link and the field.
          let field = next + 1;
          const article = matchPhrase(language.phrases, words, field);
          if (article && article.english === "") field += article.length;
          const of = matchPhrase(language.of, words, field);
          if (of) {
            modifiers.push(of.english);
            next = field + of.length;
            continue;
          }
        }
        break;
      }
      const job = otherLanguageJobAt(tokens, at);
      // "Enfermeras en Madrid": the occupation data's own alias says more (women, the job) than the English plural.
      if (modifiers.length === 0 && carried.length === 0 && job === people.length) out.push(words.slice(at, at + job).map((kept) => kept.raw).join(" "));
      else out.push([...carried, ...modifiers.reverse(), people.english].join(" "));
      carried.length = 0;
      at = next;
      afterLocative = false;
      continue;
    }
    const compound = readCompound(language, word);
    if (compound) {
      out.push([...carried.splice(0), compound].join(" "));
      at++;
      afterLocative = false;
      continue;
    }
    // An adjective that no people noun followed ("kleine Läden") stands where it was written.
    out.push(...carried.splice(0));
    // "Las Vegas", "Los Angeles", "La Paz": a place's name before the small words it begins with.
    const gazetteerPlace = capitalised(word) ? gazetteerPlaceAt(tokens, at) : 0;
    if (gazetteerPlace > 0) {
      out.push(words.slice(at, at + gazetteerPlace).map((kept) => kept.raw).join(" "));
      at += gazetteerPlace;
      afterLocative = false;
      continue;
    }
    const phrase = matchPhrase(language.phrases, words, at);
    if (phrase) {
      // "Pescadores de Chiloé": "of" before a name is where they are, or where they come from when
      // another place follows ("Médicos de Cuba en Venezuela").
      const english = phrase.english === "of" && words[at + phrase.length] && capitalised(words[at + phrase.length] as Word) ? (placeFollows(language, words, at + phrase.length) ? "from" : "in") : phrase.english;
      if (english) out.push(english);
      afterLocative = LOCATIVE_ENDINGS.test(english);
      at += phrase.length;
      // (German capitalises its nouns: "Ich bin Pfleger" names a job, not a person.)
      for (; INTRODUCTION.test(english) && words[at] && capitalised(words[at] as Word) && !matchPhrase(language.people, words, at) && otherLanguageJobAt(tokens, at) === 0 && !matchPhrase(language.phrases, words, at); at++) out.push((words[at] as Word).raw);
      continue;
    }
    const job = otherLanguageJobAt(tokens, at);
    if (job > 0) {
      out.push(words.slice(at, at + job).map((kept) => kept.raw).join(" "));
      at += job;
      afterLocative = false;
      continue;
    }
    // A name the gazetteer does not list, after "in" or "from", goes on as long as its capitalised words do.
    if ((afterLocative && capitalised(word)) || isNumber(word) || /^[-+,]$/.test(word.raw)) {
      out.push(word.raw);
      at++;
      afterLocative = afterLocative && capitalised(word);
      continue;
    }
    // An English word in the prompt ("Enfermeras in Madrid", "freelance", "online") is read as it is; so is
    // the first word, capitalised as any first word is ("Nurses in Lyon qui ont des enfants": English with a French clause).
    if ((!capitalised(word) || at === 0) && languageData().isEnglishWord(word.folded)) {
      out.push(word.raw);
      afterLocative = LOCATIVE_ENDINGS.test(word.folded);
      at++;
      continue;
    }
    unread.push(word);
    afterLocative = false;
    at++;
  }
  out.push(...carried);
  return out;
}

/** Whether "in" (or a word for it) comes after `from` in the prompt. */
function placeFollows(language: ReadLanguage, words: readonly Word[], from: number): boolean {
  for (let at = from; at < words.length; at++) if (matchPhrase(language.phrases, words, at)?.english === "in") return true;
  return false;
}

/** "Kaffeebauern" → "coffee farmers", "Medizinstudenten" → "medical students": a known front and a people noun at the end. */
function readCompound(language: ReadLanguage, word: Word): string | undefined {
  for (const { head, english } of language.compoundHeads) {
    if (!word.folded.endsWith(head) || word.folded.length < head.length + 3) continue;
    const front = word.folded.slice(0, -head.length).replace(/-$/, "");
    // The linking letters of German and Dutch compounds: "Wirtschafts-", "Bananen-", "Kinder-".
    for (const candidate of [front, front.replace(/s$/, ""), front.replace(/e?n$/, ""), front.replace(/e$/, "")]) {
      const modifier = language.compoundFronts.get(candidate);
      if (modifier) return `${modifier} ${english}`;
    }
  }
  return undefined;
}

/** Runs of text in scripts the engine does not read, with the countries they name. */
function readScripts(prompt: string, scripts: readonly ScriptEntry[]): { latin: string; places: Array<{ at: number; english: string[] }>; unread: Array<UnreadText & { start: number }> } {
  const other = new RegExp(scripts.map((entry) => `\\p{Script=${entry.script}}`).join("|"), "u");
  const japanese = /\p{Script=Hiragana}|\p{Script=Katakana}/u.test(prompt);
  const places: Array<{ at: number; english: string[] }> = [];
  const unread: Array<UnreadText & { start: number }> = [];
  let latin = "";
  // A run: letters of the unread scripts with what stands between them (spaces, punctuation, digits), not Latin letters.
  const runs = new RegExp(`(?:${other.source})(?:[^\\p{Script=Latin}]*(?:${other.source}))?`, "gu");
  let last = 0;
  for (const match of prompt.matchAll(runs)) {
    const start = match.index ?? 0;
    latin += prompt.slice(last, start) + " ".repeat(match[0].length);
    last = start + match[0].length;
    const inRun = scripts.filter((candidate) => candidate.pattern.test(match[0]));
    const entry = inRun[0] as ScriptEntry;
    const language = entry.script === "Han" && japanese ? "Japanese" : entry.name;
    // Countries by their own names inside the run (日本, Россия, مصر), longest first: the rest is unread, piece by piece.
    let rest = match[0];
    const found: string[] = [];
    for (const [written, english] of inRun.flatMap((candidate) => candidate.countries).sort((a, b) => b[0].length - a[0].length)) {
      if (!rest.includes(written)) continue;
      found.push(english);
      rest = rest.split(written).join("\u0000");
    }
    if (found.length > 0) places.push({ at: start, english: found });
    for (const piece of rest.split("\u0000")) {
      const text = piece.trim().replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, "");
      if (/\p{L}/u.test(text)) unread.push({ text, language, start: start + match[0].indexOf(text) });
    }
  }
  latin += prompt.slice(last);
  return { latin, places, unread };
}

export function readInEnglish(prompt: string): EnglishReading {
  const data = languageData();
  const scripts = readScripts(prompt, data.scripts);
  const words = wordsOf(scripts.latin);
  const tokens = asTokens(words);
  const scores = score(words, tokens);
  const [best, bestScore] = [...scores.read].reduce((top, entry) => (entry[1] > top[1] ? entry : top), [undefined as ReadLanguage | undefined, 0] as [ReadLanguage | undefined, number]);
  const [declared, declaredScore] = [...scores.declared].reduce((top, entry) => (entry[1] > top[1] ? entry : top), ["", 0] as [string, number]);
  // A prompt whose only foreign words are jobs the understanding reads ("Enfermeras in Madrid") stays as written.
  // One foreign word against English ones ("La Liga fans", "Van drivers") is a name or a loan: English.
  const foreign = Math.max(bestScore, declaredScore);
  const foreignLatin = foreign > 0 && foreign + scores.jobs > scores.english && (foreign >= 2 || scores.english === 0);
  if (!foreignLatin && scripts.unread.length === 0 && scripts.places.length === 0) return { text: prompt, unread: [] };

  const unreadWords: Word[] = [];
  let english: string[];
  let languageName: string | undefined;
  let readFrom: string | undefined;
  if (!foreignLatin) english = [scripts.latin];
  else if (best && bestScore >= declaredScore) {
    languageName = best.name;
    readFrom = best.name;
    english = readLanguage(best, words, tokens, unreadWords);
  } else {
    // A Latin-script language the data does not read: only the places the gazetteer lists are kept.
    languageName = data.declared.find((entry) => entry.code === declared)?.name ?? "another language";
    english = [];
    for (let at = 0; at < words.length; ) {
      const length = capitalised(words[at] as Word) ? gazetteerPlaceAt(tokens, at) : 0;
      if (length > 0) {
        english.push(`in ${words.slice(at, at + length).map((word) => word.raw).join(" ")}`);
        at += length;
      } else unreadWords.push(words[at++] as Word);
    }
  }
  // Unread words next to each other are one unread phrase, as written.
  const unread: Array<UnreadText & { start: number }> = [...scripts.unread];
  for (const word of unreadWords) {
    const previous = unread.at(-1);
    if (previous && previous.language === languageName && /^[\s,]*$/.test(scripts.latin.slice(previous.start + previous.text.length, word.start))) previous.text = prompt.slice(previous.start, word.end);
    else unread.push({ text: word.raw, language: languageName as string, start: word.start });
  }
  unread.sort((a, b) => a.start - b.start);
  let text = english.filter((piece) => piece !== "").join(" ");
  for (const place of scripts.places) text = `${text}${LOCATIVE_ENDINGS.test(text) ? "" : " in"} ${place.english.join(" and ")}`.trim();
  text = text.replace(/\s+,/g, ",").replace(/\s+/g, " ").trim();
  return { text, ...(readFrom ? { readFrom } : {}), unread: unread.map(({ text: written, language }) => ({ text: written, language })) };
}
