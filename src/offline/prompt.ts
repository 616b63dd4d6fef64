/**
 * Reads a natural-language population prompt ("10 League of Legends players from around the
 * globe", "a dozen nurses in rural Ohio over 60") into the hints the modeller needs. Total: any
 * string parses; absent facts are simply absent.
 */
import { AREAS, COUNTRIES, LOL_SERVER_COUNTRIES, placesNamed, type Place } from "./geo.ts";

export type GenderHint = "female" | "male";

export interface ParsedPrompt {
  text: string;
  /** The stated size of the population, when the prompt names one. */
  count?: number;
  /** The population noun phrase, e.g. "League of Legends players", "nurses in rural Ohio". */
  role: string;
  /** ISO alpha-2 codes of the countries named (directly, by demonym, city or area). */
  countries: string[];
  /** League of Legends server codes named in the prompt ("EUW", "KR"). */
  servers: string[];
  /** Cities and regions named ("Seattle", "Ohio", "the Bay Area"); their countries are in `countries`. */
  places: Place[];
  /** Areas named ("europe", "latin america"). */
  areas: string[];
  /** "from around the globe", "worldwide", "international". */
  global: boolean;
  ageMin?: number;
  ageMax?: number;
  gender?: GenderHint;
  /**
   * The places the understanding step read (`withPlacesRead`): its gazetteer knows every country and
   * far more cities than this parser, which knows a dozen countries. A built-in domain's own figures
   * (US nurses' wages, the developer survey's country mix) fit only where the prompt names no place
   * they were not made for.
   */
  placesRead?: PlacesRead;
}

export interface PlacesRead {
  /** ISO alpha-2 codes of the countries of the places read (a named area: all of its countries). */
  countries: string[];
  /** Whether a place was read at all, or a proper name after "in"/"from" that no gazetteer lists ("in Bendigo"). */
  named: boolean;
  /** "From around the globe", "worldwide": the whole world, which is no place (`countries` stays empty for it). */
  world: boolean;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, couple: 2, pair: 2, three: 3, few: 3, four: 4, five: 5, six: 6, seven: 7,
  eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, dozen: 12, thirteen: 13, fourteen: 14, fifteen: 15,
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, thousand: 1000,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const DECADE_WORDS: Record<string, number> = { teens: 10, twenties: 20, thirties: 30, forties: 40, fifties: 50, sixties: 60, seventies: 70, eighties: 80, nineties: 90 };

const GLOBAL_PATTERN = /\b(around the (?:globe|world)|all over the (?:globe|world)|worldwide|world-wide|global(?:ly)?|international(?:ly)?|across the (?:globe|world)|every continent|different countries)\b/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One alternation over every alias; longest first so "south korea" wins over "korea". */
const COUNTRY_ALIASES: Array<[string, string]> = COUNTRIES.flatMap((country) =>
  country.aliases.filter((alias) => alias !== "us").map((alias): [string, string] => [alias, country.code]),
).sort((a, b) => b[0].length - a[0].length);
const COUNTRY_PATTERN = new RegExp(`(?<![\\p{L}])(${COUNTRY_ALIASES.map(([alias]) => escapeRegExp(alias)).join("|")})(?![\\p{L}])`, "giu");
const COUNTRY_BY_ALIAS = new Map(COUNTRY_ALIASES);
const AREA_NAMES = Object.keys(AREAS).sort((a, b) => b.length - a.length);
const AREA_PATTERN = new RegExp(`\\b(${AREA_NAMES.map(escapeRegExp).join("|")})(?:an|ean)?\\b`, "gi");
const SERVER_PATTERN = new RegExp(`\\b(${Object.keys(LOL_SERVER_COUNTRIES).join("|")})\\b`, "g");

function parseNumberPhrase(words: string[]): number | undefined {
  let total = 0;
  let seen = false;
  for (const word of words) {
    if (/^\d[\d,]*$/.test(word)) return Number(word.replace(/,/g, ""));
    const value = NUMBER_WORDS[word];
    if (value === undefined) break;
    seen = true;
    if (word === "hundred" || word === "thousand") total = (total || 1) * value;
    else if (word === "dozen") total = (total || 1) * 12;
    else total += value;
  }
  return seen ? total : undefined;
}

/** "10 players", "a dozen nurses", "fifty", "twenty-five retired teachers", "100k users". */
export function parseCount(text: string): { count?: number; consumed: number } {
  const lower = text.toLowerCase().trim();
  const digits = /^(?:generate|create|make|give me|i need|i want|show me|simulate)?\s*(\d[\d,]*)(k)?\b/.exec(lower);
  if (digits?.[1]) {
    const value = Number(digits[1].replace(/,/g, "")) * (digits[2] ? 1000 : 1);
    return { count: value, consumed: digits[0].length };
  }
  const words = /^(?:generate|create|make|give me|i need|i want|show me|simulate)?\s*((?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|couple|pair|few|single)(?:[\s-]+|$)(?:of\s+)?)+)/.exec(lower);
  if (words?.[1]) {
    const parts = words[1].trim().split(/[\s-]+/).filter((word) => word !== "of");
    // "a nurse" is one persona, but "a dozen", "a couple", "a hundred" scale.
    const value = parseNumberPhrase(parts);
    if (value !== undefined && !(parts.length === 1 && (parts[0] === "a" || parts[0] === "an") )) {
      return { count: value, consumed: words[0].length };
    }
    if (parts.length === 1) return { count: 1, consumed: words[0].length };
  }
  return { consumed: 0 };
}

function parseAge(text: string): { ageMin?: number; ageMax?: number } {
  const lower = text.toLowerCase();
  let match = /\b(?:aged?|ages)\s+(\d{1,3})\s*(?:-|–|to|and)\s*(\d{1,3})\b/.exec(lower) ?? /\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*(?:year|yr)s?[\s-]*olds?\b/.exec(lower);
  if (match) return { ageMin: Number(match[1]), ageMax: Number(match[2]) };
  match = /\bbetween\s+(\d{1,3})\s+and\s+(\d{1,3})\b/.exec(lower);
  if (match) return { ageMin: Number(match[1]), ageMax: Number(match[2]) };
  match = /\bin\s+(?:their|his|her)\s+(early|mid|late)?[\s-]*(\d0)s\b/.exec(lower);
  if (match) return decade(Number(match[2]), match[1]);
  match = /\bin\s+(?:their|his|her)\s+(early|mid|late)?[\s-]*(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/.exec(lower);
  if (match) return match[2] === "teens" ? { ageMin: 13, ageMax: 19 } : decade(DECADE_WORDS[match[2] as string] as number, match[1]);
  match = /\b(?:over|above|older than|at least|aged)\s+(\d{1,3})\b/.exec(lower) ?? /\b(\d{1,3})\s*(?:\+|and (?:over|older|up))/.exec(lower);
  if (match) return { ageMin: Number(match[1]) + (/over|above|older than/.test(match[0]) ? 1 : 0), ageMax: 95 };
  match = /\b(?:under|below|younger than)\s+(\d{1,3})\b/.exec(lower);
  if (match) return { ageMin: Math.min(18, Number(match[1]) - 1), ageMax: Number(match[1]) - 1 };
  match = /\b(\d{1,3})[\s-]*(?:year|yr)s?[\s-]*olds?\b/.exec(lower);
  if (match) return { ageMin: Number(match[1]), ageMax: Number(match[1]) };
  if (/\b(teen|teens|teenage|teenagers?|adolescents?|high[\s-]school(?:ers)?)\b/.test(lower)) return { ageMin: 13, ageMax: 19 };
  // "senior" before a job title is seniority ("senior backend developers"), not old age.
  const seniorPeople = /\bseniors\b|\bsenior (citizens?|people|adults?|residents?|women|men)\b/.test(lower);
  if (seniorPeople || /\b(retired|retirees?|pensioners?|elderly)\b/.test(lower)) return { ageMin: 60, ageMax: 90 };
  if (/\b(college students?|undergrads?|undergraduates?|university students?)\b/.test(lower)) return { ageMin: 18, ageMax: 26 };
  if (/\b(millennials?)\b/.test(lower)) return { ageMin: 29, ageMax: 44 };
  if (/\b(gen[\s-]?z|zoomers?)\b/.test(lower)) return { ageMin: 13, ageMax: 28 };
  if (/\b(boomers?|baby boomers?)\b/.test(lower)) return { ageMin: 61, ageMax: 79 };
  if (/\b(young adults?)\b/.test(lower)) return { ageMin: 18, ageMax: 29 };
  if (/\b(middle[\s-]aged)\b/.test(lower)) return { ageMin: 40, ageMax: 60 };
  return {};
}

function decade(start: number, part: string | undefined): { ageMin: number; ageMax: number } {
  if (part === "early") return { ageMin: start, ageMax: start + 3 };
  if (part === "mid") return { ageMin: start + 3, ageMax: start + 6 };
  if (part === "late") return { ageMin: start + 6, ageMax: start + 9 };
  return { ageMin: start, ageMax: start + 9 };
}

function parseGender(text: string): GenderHint | undefined {
  const lower = text.toLowerCase();
  const female = /\b(women|woman|female|females|girls?|ladies|lady|mothers?|moms?|mums?|grandmothers?|sisters?|wives|actresses|waitresses|nuns?)\b/.test(lower);
  const male = /\b(men|man|male|males|boys?|guys|gentlemen|fathers?|dads?|grandfathers?|brothers?|husbands?|monks?)\b/.test(lower);
  if (female && !male) return "female";
  if (male && !female) return "male";
  return undefined;
}

/** The noun phrase: the prompt without its count, framing verbs and trailing age clauses. */
function parseRole(text: string, consumed: number): string {
  let role = text.trim().slice(consumed).trim();
  role = role.replace(/^(?:of\s+)?(?:personas?\s+(?:of|for)\s+|people\s+who\s+are\s+)/i, "");
  role = role.replace(/\b(?:from around the (?:globe|world)|around the (?:globe|world)|from all over the (?:globe|world)|worldwide)\b/gi, "");
  role = role.replace(/,?\s*\b(?:aged?\s+\d.*|in (?:their|his|her) (?:early|mid|late)?[\s-]*(?:\d0s|teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties).*|(?:over|under|above|below|older than|younger than)\s+\d+.*|between\s+\d+\s+and\s+\d+.*)$/i, "");
  role = role.replace(/[.!?,;:\s]+$/g, "").replace(/\s{2,}/g, " ").trim();
  return role.length > 0 ? role.slice(0, 120) : "people";
}

/** The prompt with the places the understanding step read added to what this parser found. */
export function withPlacesRead(parsed: ParsedPrompt, placesRead: PlacesRead): ParsedPrompt {
  return { ...parsed, placesRead };
}

export function parsePrompt(text: string): ParsedPrompt {
  const source = typeof text === "string" ? text.normalize("NFC").slice(0, 4000) : "";
  const { count, consumed } = parseCount(source);
  const countries = new Set<string>();
  // Places are matched without accents too: "Tōkyō", "Perú", "São Paulo" name the same places.
  const folded = source.normalize("NFD").replace(/\p{M}/gu, "");
  for (const match of [...source.matchAll(COUNTRY_PATTERN), ...folded.matchAll(COUNTRY_PATTERN)]) {
    const code = COUNTRY_BY_ALIAS.get((match[1] as string).toLowerCase());
    if (code) countries.add(code);
  }
  const places = placesNamed(source);
  for (const place of places) countries.add(place.country);
  // "US" written in capitals is the country; "us" in lower case is the pronoun.
  if (/\bU\.?S\.?A?\.?\b/.test(source)) countries.add("US");
  const areas = new Set<string>();
  for (const match of source.matchAll(AREA_PATTERN)) areas.add((match[1] as string).toLowerCase());
  // "south american" must not also count as "america"
  if (areas.has("south america") || areas.has("latin america") || areas.has("north america")) {
    const onlyContinent = !/\b(?:usa|united states|americans?)\b/i.test(source.replace(/(?:south|latin|north)\s+america\w*/gi, ""));
    if (onlyContinent) countries.delete("US");
  }
  const servers = new Set<string>();
  for (const match of source.matchAll(SERVER_PATTERN)) {
    const server = match[1] as string;
    // Two-letter codes double as country codes; count them as servers only in a League prompt.
    if (server.length > 2 || /league|lol\b|summoner|ranked|solo ?queue/i.test(source)) servers.add(server);
  }
  const parsed: ParsedPrompt = {
    text: source,
    role: parseRole(source, consumed),
    countries: [...countries],
    places,
    servers: [...servers],
    areas: [...areas],
    global: GLOBAL_PATTERN.test(source),
    ...parseAge(source),
  };
  if (count !== undefined && count > 0 && Number.isFinite(count)) parsed.count = count;
  const gender = parseGender(source);
  if (gender) parsed.gender = gender;
  if (parsed.ageMin !== undefined && parsed.ageMax !== undefined && parsed.ageMin > parsed.ageMax) {
    [parsed.ageMin, parsed.ageMax] = [parsed.ageMax, parsed.ageMin];
  }
  return parsed;
}
