/**
 * How prompt text and data aliases are compared: accent-folded, lower-case word tokens with their
 * character spans in the original text, and English singulars, so "Fishermen", "fisherman" and
 * "Tromsø"/"Tromso" meet. Hyphens and spaces are the same break ("night-shift" = "night shift").
 */

export interface Token {
  /** Lower-case, accent-folded. */
  text: string;
  /** The singular of `text` when it is an English plural noun, else `text`. */
  singular: string;
  /** The token as written. */
  raw: string;
  start: number;
  end: number;
}

/** Letters and digits, with inner `&`, `'`, `.`, `+` and `:` kept ("d&d", "o'brien", "cs:go", "u.s"). */
const WORD = /[\p{L}\p{N}]+(?:[&'’.+:][\p{L}\p{N}]+)*/gu;

export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[’`]/g, "'").toLowerCase();
}

/** An acronym in capitals with a plural "s": "DJs", "MCs", "NGOs". */
export const ACRONYM_PLURAL = /^\p{Lu}{2,}s$/u;

export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const folded = fold(raw);
    // "DJs", "MCs": an acronym's plural, whose singular the spelling alone cannot tell from a short word.
    tokens.push({ text: folded, singular: ACRONYM_PLURAL.test(raw) ? folded.slice(0, -1) : singularWord(folded), raw, start: match.index, end: match.index + raw.length });
  }
  return tokens;
}

/** The folded word tokens of a data alias, for matching. */
export function aliasTokens(alias: string): string[] {
  return tokenise(alias).map((token) => token.text);
}

const IRREGULAR: Record<string, string> = {
  // Nouns in -i whose plural ends in -is, which the -is rule keeps as it is (analysis, tennis).
  rabbis: "rabbi", yogis: "yogi", swamis: "swami", muftis: "mufti", sufis: "sufi", taxis: "taxi", safaris: "safari", kiwis: "kiwi", bikinis: "bikini", alibis: "alibi",
  people: "person", men: "man", women: "woman", children: "child", alumni: "alumnus", personae: "persona", wives: "wife",
  midwives: "midwife", housewives: "housewife", knives: "knife", lives: "life", thieves: "thief", elves: "elf", dwarves: "dwarf",
  wolves: "wolf", halves: "half", feet: "foot", teeth: "tooth", geese: "goose", mice: "mouse", fishermen: "fisherman",
  staff: "staff", series: "series", species: "species", clergy: "clergy", police: "police", cattle: "cattle", sheep: "sheep",
  samurai: "samurai", ronin: "ronin", ninja: "ninja", news: "news", physics: "physics", athletics: "athletics", gymnastics: "gymnastics",
  esports: "esports", politics: "politics", economics: "economics", diabetes: "diabetes", lupus: "lupus", mumps: "mumps",
  crisis: "crisis", analysis: "analysis", thesis: "thesis", bus: "bus", gas: "gas", texas: "texas", kansas: "kansas",
  arkansas: "arkansas", vegas: "vegas", christmas: "christmas", canvas: "canvas", atlas: "atlas", dallas: "dallas", lens: "lens",
  paris: "paris", wales: "wales", cyprus: "cyprus", mars: "mars", venus: "venus", status: "status", campus: "campus",
  bonus: "bonus", virus: "virus", chess: "chess", dos: "dos", its: "its", his: "his", this: "this", us: "us", was: "was",
  is: "is", has: "has", does: "does", yes: "yes", always: "always", perhaps: "perhaps", towards: "towards", afterwards: "afterwards",
  sims: "sims", legends: "legends", alias: "alias", bias: "bias", thomas: "thomas", douglas: "douglas", nicholas: "nicholas",
  lucas: "lucas", tobias: "tobias", elias: "elias", jonas: "jonas", pampas: "pampas", chaos: "chaos", kudos: "kudos", ethos: "ethos",
  // People-nouns in -ie, whose plural the -ies rule would make -y ("roadies" is no "roady").
  roadies: "roadie", caddies: "caddie", goalies: "goalie", rookies: "rookie", bookies: "bookie", newbies: "newbie", techies: "techie",
  foodies: "foodie", junkies: "junkie", groupies: "groupie", hippies: "hippie", yuppies: "yuppie", townies: "townie", aussies: "aussie",
  cabbies: "cabbie", brickies: "brickie", chippies: "chippie", sparkies: "sparkie", posties: "postie", truckies: "truckie", wharfies: "wharfie",
  zombies: "zombie", besties: "bestie", movies: "movie", cookies: "cookie", selfies: "selfie", hoodies: "hoodie", smoothies: "smoothie",
  pathos: "pathos", cosmos: "cosmos", los: "los", tobago: "tobago", covid: "covid", ms: "ms", ads: "ads", dnd: "dnd", lots: "lots", whereas: "whereas",
  means: "means", works: "works", glasses: "glasses", overseas: "overseas", alps: "alps", andes: "andes", pyrenees: "pyrenees",
  himalayas: "himalayas", balkans: "balkans", baltics: "baltics", nordics: "nordics", americas: "americas", philippines: "philippines",
  netherlands: "netherlands", bahamas: "bahamas", maldives: "maldives", seychelles: "seychelles", comoros: "comoros",
  honduras: "honduras", barbados: "barbados", emirates: "emirates", states: "states", caribbean: "caribbean", ies: "ies",
};

/** "customers" → "customer", "nannies" → "nanny", "boxes" → "box", "fishermen" → "fisherman". */
export function singularWord(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (/(?:men)$/.test(word) && word.length > 4) return word.replace(/men$/, "man");
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/[^aeiou]ies$/.test(word)) return word.replace(/ies$/, "y");
  if (/(?:ches|shes|sses|xes|zzes)$/.test(word)) return word.replace(/es$/, "");
  // "fishwives", "alewives" take -wife; every other -ives noun is -ive ("natives", "detectives", "executives", "relatives").
  if (/wives$/.test(word)) return word.replace(/ives$/, "ife");
  if (/ives$/.test(word)) return word.replace(/s$/, "");
  if (/[^s]s$/.test(word)) return word.replace(/s$/, "");
  return word;
}

/** An English noun phrase's singular: the last word is the head ("long-haul truckers" → "long-haul trucker"). */
export function singularPhrase(phrase: string): string {
  const match = /^(.*?)([\p{L}]+)([^\p{L}]*)$/u.exec(phrase);
  if (!match) return phrase;
  const [, before, last, after] = match as unknown as [string, string, string, string];
  const singular = singularWord(last.toLowerCase());
  // "YouTubers" → "YouTuber": a singular that is a prefix of the word keeps the word's own capitals.
  const cased = last === last.toLowerCase() ? singular : last.toLowerCase().startsWith(singular) ? last.slice(0, singular.length) : last.charAt(0) + singular.slice(1);
  return `${before}${singular === last.toLowerCase() ? last : cased}${after}`;
}
