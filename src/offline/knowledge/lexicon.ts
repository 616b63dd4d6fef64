/**
 * A phrase table over word tokens: every alias of every entry, matched longest first at a token
 * position. Aliases match by singular form too, so "Midwives" finds "midwife" and "climbers
 * attempting Everest" finds "climber attempting everest".
 */
import { aliasTokens, singularWord, type Token } from "./words.ts";

export interface LexiconMatch<T> {
  entry: T;
  /** Index of the first token and the number of tokens matched. */
  start: number;
  length: number;
  /** The alias as listed in the data. */
  alias: string;
}

interface Phrase<T> {
  words: string[];
  singulars: string[];
  entry: T;
  alias: string;
}

export class Lexicon<T> {
  private readonly byFirstWord = new Map<string, Array<Phrase<T>>>();
  /** Every phrase added, its words joined: the first added wins, found without scanning its list. */
  private readonly added = new Set<string>();

  constructor(entries: Iterable<readonly [alias: string, entry: T]> = []) {
    for (const [alias, entry] of entries) this.add(alias, entry);
  }

  /** Whether some phrase of the table starts with this word (as written or by its singular): "twitch" starts "Twitch streamer". */
  startsPhrase(word: string): boolean {
    const [token] = aliasTokens(word);
    return token !== undefined && this.byFirstWord.has(singularWord(token));
  }

  /** The first alias added for a phrase wins: data files list the preferred reading first. */
  add(alias: string, entry: T): void {
    const words = aliasTokens(alias);
    if (words.length === 0) return;
    const joined = words.join(" ");
    if (this.added.has(joined)) return;
    this.added.add(joined);
    const singulars = words.map(singularWord);
    const key = singulars[0] as string;
    const phrases = this.byFirstWord.get(key) ?? [];
    // Longest first, and among equals in the order added: right after the last phrase as long or longer
    // (what a stable sort after each push gave, without re-sorting the list on every add).
    let at = phrases.length;
    while (at > 0 && (phrases[at - 1] as Phrase<T>).words.length < words.length) at--;
    phrases.splice(at, 0, { words, singulars, entry, alias });
    this.byFirstWord.set(key, phrases);
  }

  /**
   * The longest phrase starting at `start` whose tokens are all allowed by `usable`. Among phrases
   * of one length, one written exactly as the prompt wins over one matched by singulars ("seniors"
   * the age term over "senior" the job level). `acceptable` refuses entries a reading rules out here.
   */
  matchAt(tokens: readonly Token[], start: number, usable: (index: number) => boolean = () => true, acceptable: (entry: T, length: number) => boolean = () => true): LexiconMatch<T> | undefined {
    const first = tokens[start];
    if (!first) return undefined;
    let best: { phrase: Phrase<T>; exact: boolean } | undefined;
    for (const phrase of this.byFirstWord.get(first.singular) ?? []) {
      if (best && phrase.words.length < best.phrase.words.length) break;
      if (start + phrase.words.length > tokens.length) continue;
      let fits = true;
      let exact = true;
      for (let offset = 0; offset < phrase.words.length; offset++) {
        const token = tokens[start + offset] as Token;
        const same = token.text === phrase.words[offset];
        if (!usable(start + offset) || (!same && token.singular !== phrase.singulars[offset])) {
          fits = false;
          break;
        }
        exact &&= same;
      }
      if (fits && !acceptable(phrase.entry, phrase.words.length)) fits = false;
      if (fits && (!best || (exact && !best.exact))) best = { phrase, exact };
    }
    return best ? { entry: best.phrase.entry, start, length: best.phrase.words.length, alias: best.phrase.alias } : undefined;
  }

  /** Every non-overlapping match, left to right, longest at each position. */
  matchAll(tokens: readonly Token[], usable: (index: number) => boolean = () => true): Array<LexiconMatch<T>> {
    const matches: Array<LexiconMatch<T>> = [];
    for (let index = 0; index < tokens.length; ) {
      const match = usable(index) ? this.matchAt(tokens, index, usable) : undefined;
      if (match) {
        matches.push(match);
        index += match.length;
      } else index++;
    }
    return matches;
  }
}
