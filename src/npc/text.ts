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

/**
 * A message read once for many phrase look-ups: its tokens, and the same tokens between single
 * spaces. Tokens hold no spaces, so a phrase's tokens occur as a consecutive run exactly when
 * " a b " occurs in " x a b y ": one native substring search instead of a loop over positions.
 */
export interface ReadText {
  tokens: readonly string[];
  spaced: string;
}

function spacedTokens(tokens: readonly string[]): string {
  return ` ${tokens.join(" ")} `;
}

export function readText(text: string): ReadText {
  const tokens = tokenize(text);
  return { tokens, spaced: spacedTokens(tokens) };
}

/** Whether `phrase`'s tokens occur as a consecutive run in the read message. An empty phrase never matches. */
export function mentions(message: ReadText, phrase: string): boolean {
  const phraseTokens = tokenize(phrase);
  return phraseTokens.length > 0 && message.spaced.includes(spacedTokens(phraseTokens));
}

/** Whether `phrase`'s tokens occur as a consecutive run in `messageTokens`. An empty phrase never matches. */
export function containsPhrase(messageTokens: readonly string[], phrase: string): boolean {
  return mentions({ tokens: messageTokens, spaced: spacedTokens(messageTokens) }, phrase);
}

/** The first `max` UTF-16 units of `text` or one fewer: never half of a surrogate pair, which storage would refuse. */
export function leadingText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** `text` shortened for a recorded reason: at most `max` characters, then "…". */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${leadingText(text, max)}…`;
}
