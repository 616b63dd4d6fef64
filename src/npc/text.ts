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

/** Compiles a pattern, or returns the reason it cannot be compiled. */
export function compileRegex(pattern: string, flags: string): RegExp | string {
  if (!ALLOWED_REGEX_FLAGS.test(flags)) return `flags "${flags}" are not allowed (use only i, m, s, u)`;
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
