import safeRegex from "safe-regex2";

/**
 * How the NPC engine reads a player's message: lowercase, accents folded (NFD, combining marks
 * dropped), split into tokens of letters and digits. Phrases match as whole, consecutive tokens, so
 * "pray" matches "I pray at dawn" and "Je PRÉY" but not "prayer": authors list inflections they want
 * ("pray", "prayer", "praying") rather than getting surprise substring hits ("art" in "cart").
 */

/** Lowercases and strips diacritics: "Élan Café" → "elan cafe". */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** Tokens of letters and digits after folding; "don't" gives ["don", "t"], the same for phrases. */
export function tokenize(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether `phrase`'s tokens occur as a consecutive run in `messageTokens`. An empty phrase never matches. */
export function containsPhrase(messageTokens: readonly string[], phrase: string): boolean {
  const phraseTokens = tokenize(phrase);
  if (phraseTokens.length === 0) return false;
  for (let start = 0; start + phraseTokens.length <= messageTokens.length; start++) {
    let matched = true;
    for (let offset = 0; offset < phraseTokens.length; offset++) {
      if (messageTokens[start + offset] !== phraseTokens[offset]) {
        matched = false;
        break;
      }
    }
    if (matched) return true;
  }
  return false;
}

/** The first phrase of `phrases` found in the message, or null. */
export function firstMatchingPhrase(message: string, phrases: readonly string[]): string | null {
  const messageTokens = tokenize(message);
  for (const phrase of phrases) if (containsPhrase(messageTokens, phrase)) return phrase;
  return null;
}

/** Flags a player-facing regex may use; `g` and `y` are excluded because they make `test` stateful. */
export const ALLOWED_REGEX_FLAGS = /^[imsu]*$/;

/** The longest pattern an author may write; longer ones are rejected at save and never run. */
export const MAX_REGEX_PATTERN_CHARS = 500;

/**
 * A regex runs on at most this much of a message. Chat messages are already capped at 4000
 * characters by the routes; the engine keeps its own cap because it may be handed any text, and a
 * pattern that is merely polynomial still grows with its input.
 */
export const MAX_REGEX_INPUT_CHARS = 4000;

/**
 * Why a creator's pattern must not run, or null when it may. JavaScript's regex engine backtracks and
 * has no timeout, so `^(a+)+$` on thirty a's and a "b" blocks the whole server for minutes. A pattern
 * is refused when it is too long, or when `safe-regex2` finds nested quantifiers (star height above
 * 1), more than 25 quantifiers, or syntax its parser cannot read (lookbehind, for one): a pattern
 * it cannot prove safe is treated as unsafe.
 */
export function regexHazard(pattern: string): string | null {
  if (pattern.length > MAX_REGEX_PATTERN_CHARS) return `the pattern is ${pattern.length} characters long; at most ${MAX_REGEX_PATTERN_CHARS} are allowed`;
  if (!safeRegex(pattern)) {
    return "the pattern could take exponential time on some messages (nested quantifiers such as (a+)+, more than 25 quantifiers, or syntax the safety check cannot read such as lookbehind); rewrite it without a repeated group that itself repeats";
  }
  return null;
}

/** Compiles a pattern, or returns the reason it cannot be compiled. */
export function compileRegex(pattern: string, flags: string): RegExp | string {
  if (!ALLOWED_REGEX_FLAGS.test(flags)) return `flags "${flags}" are not allowed (use only i, m, s, u)`;
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Compiles a pattern that is safe to run on a player's message, or returns why it is not: invalid,
 * or hazardous (`regexHazard`). Play uses this, so a pattern stored before the safety check existed
 * is skipped rather than run.
 */
export function compileSafeRegex(pattern: string, flags: string): RegExp | string {
  const compiled = compileRegex(pattern, flags);
  if (typeof compiled === "string") return compiled;
  return regexHazard(pattern) ?? compiled;
}

/** `regex.exec` on at most `MAX_REGEX_INPUT_CHARS` of `text`. */
export function execCapped(regex: RegExp, text: string): RegExpExecArray | null {
  return regex.exec(text.length > MAX_REGEX_INPUT_CHARS ? text.slice(0, MAX_REGEX_INPUT_CHARS) : text);
}
