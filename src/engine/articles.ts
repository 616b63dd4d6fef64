/**
 * "a" or "an" before a word, by its sound as far as spelling tells. One rule for the whole product:
 * six copies had drifted apart ("an university student" in a system prompt, "a HR manager" in a
 * backstory).
 */

/** A word said letter by letter ("HR", "NHS", "MRI"): two to four capitals, alone or before a hyphen. */
const INITIALISM = /^[A-Z]{2,4}(?=$|[\s\-/'’])/;
/** Letters whose names start with a vowel sound: "an F", "an HR manager", "an MRI", "an SRE". */
const VOWEL_SOUNDING_LETTER = /^[AEFHILMNORSX]/;
/** Spellings that start with a vowel sound. */
const VOWEL_SOUND = /^(?:[aeiou]|hour|honest|honou?r|heir|8|11(?!\d)|18(?!\d))/i;
/**
 * …except these, which start with a consonant sound ("a university", "a user", "a one-off", "a European",
 * "a Ukrainian", "a Ugandan", "a Utahn", "a utility", "a ukulele").
 */
const CONSONANT_SOUND = /^(?:uni|us[eu]|ur[aeiou]|ubiq|uk[ru]|ugand|ut(?:ah|il|op|ens)|uter|eu|ewe|one\b|once\b)/i;

/** "an engineer", "a university student", "an hour", "an 18", "an 80", "an HR manager", "a UX designer". */
export function withArticle(phrase: string): string {
  const an = INITIALISM.test(phrase) ? VOWEL_SOUNDING_LETTER.test(phrase) : VOWEL_SOUND.test(phrase) && !CONSONANT_SOUND.test(phrase);
  return `${an ? "an" : "a"} ${phrase}`;
}
