/** Comparing what a model wrote with what it was told, without being fooled by case, accents or punctuation. */

/** Lower case, accents removed, every run of non-letters/digits one space: "São-Paulo!" → "sao paulo". */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Whether `text` contains `phrase` as whole words, after folding both. */
export function containsWords(text: string, phrase: string): boolean {
  const needle = foldText(phrase);
  if (needle === "") return false;
  return ` ${foldText(text)} `.includes(` ${needle} `);
}

/** A short, single-line excerpt for messages to a model or a log. */
export function clipText(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}
