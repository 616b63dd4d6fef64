/**
 * Reads a free-text persona sketch ("Sam is a 30-year-old support main. Friendly. Plays Thresh.")
 * into fields. Stated facts are kept as written ("30", "Thresh", "Sam"); nothing here invents.
 */
import { COUNTRIES, LOL_SERVER_COUNTRIES, type Country } from "./geo.ts";
import { CHAMPIONS_BY_ROLE, LOL_RANKS } from "./domains/lol-player.ts";

export interface Sketch {
  fields: Record<string, string>;
  /** The built-in domain the sketch's vocabulary points at, if any. */
  domain?: "lol_player" | "software_developer" | "registered_nurse";
  gender?: "female" | "male";
  country?: Country;
  /** True when the name was only a first name (the enhancer may add a surname). */
  firstNameOnly?: boolean;
}

const EXTRA_CHAMPIONS = ["Ahri", "Akshan", "Alistar", "Annie", "Anivia", "Aphelios", "Azir", "Bard", "Bel'Veth", "Brand", "Braum", "Briar", "Cassiopeia", "Cho'Gath", "Corki", "Diana", "Dr. Mundo", "Draven", "Ekko", "Evelynn", "Fiddlesticks", "Fizz", "Galio", "Gangplank", "Gnar", "Gragas", "Gwen", "Heimerdinger", "Hwei", "Illaoi", "Irelia", "Ivern", "Jarvan IV", "Jayce", "K'Sante", "Kalista", "Karthus", "Kassadin", "Kayle", "Kayn", "Kennen", "Kled", "Kog'Maw", "LeBlanc", "Lillia", "Lissandra", "Malzahar", "Maokai", "Master Yi", "Milio", "Morgana", "Naafiri", "Nasus", "Neeko", "Nilah", "Nocturne", "Nunu", "Olaf", "Pantheon", "Poppy", "Pyke", "Qiyana", "Quinn", "Rammus", "Rek'Sai", "Rell", "Renata Glasc", "Renekton", "Rengar", "Riven", "Rumble", "Ryze", "Samira", "Sejuani", "Senna", "Seraphine", "Shaco", "Shen", "Shyvana", "Singed", "Sion", "Sivir", "Skarner", "Smolder", "Sona", "Swain", "Taliyah", "Talon", "Taric", "Teemo", "Tahm Kench", "Tristana", "Trundle", "Tryndamere", "Twisted Fate", "Twitch", "Udyr", "Urgot", "Varus", "Veigar", "Vel'Koz", "Vex", "Vladimir", "Volibear", "Warwick", "Wukong", "Xerath", "Xin Zhao", "Yone", "Yorick", "Yuumi", "Zac", "Zeri", "Ziggs", "Zilean", "Zoe", "Zyra", "Aurelion Sol", "Aurora", "Ambessa", "Mel", "Yunara"];
const ROLE_OF_CHAMPION = new Map<string, string>();
for (const [role, champions] of Object.entries(CHAMPIONS_BY_ROLE)) for (const champion of champions) ROLE_OF_CHAMPION.set(champion, role);
const ALL_CHAMPIONS = [...new Set([...ROLE_OF_CHAMPION.keys(), ...EXTRA_CHAMPIONS])].sort((a, b) => b.length - a.length);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const CHAMPION_PATTERN = new RegExp(`(?<![\\p{L}'])(${ALL_CHAMPIONS.map(escape).join("|")})(?![\\p{L}])`, "u");

const ROLE_WORDS: Array<[RegExp, string]> = [
  [/\b(?:support|supp)\s*(?:main|player|mains?)\b|\bmains?\s+support\b|\bplays\s+support\b|\bsupport\s+(?:role|player)\b/i, "support"],
  [/\bjungl(?:e|er)\s*(?:main|player)?\b|\bmains?\s+jungle\b/i, "jungle"],
  [/\bmid\s*(?:lane|laner)?\s*(?:main|player)\b|\bmid\s*laner\b|\bmains?\s+mid\b/i, "mid"],
  [/\btop\s*(?:lane|laner)?\s*(?:main|player)\b|\btop\s*laner\b|\bmains?\s+top\b/i, "top"],
  [/\b(?:adc|ad carry|marksman|bot\s*lane(?:r)?)\s*(?:main|player)?\b|\bmains?\s+(?:adc|bot)\b/i, "adc"],
];
const RANK_PATTERN = new RegExp(`\\b(${LOL_RANKS.join("|")})\\b`);
const SERVER_PATTERN = new RegExp(`\\b(${Object.keys(LOL_SERVER_COUNTRIES).join("|")})\\b`);

const TEMPERAMENT_WORDS = ["friendly", "grumpy", "shy", "warm", "cheerful", "kind", "sarcastic", "calm", "anxious", "ambitious", "lazy", "curious", "stubborn", "patient", "impatient", "outgoing", "introverted", "extroverted", "quiet", "loud", "funny", "serious", "competitive", "chill", "laid-back", "easygoing", "blunt", "gentle", "nervous", "confident", "cocky", "humble", "optimistic", "pessimistic", "moody", "playful", "reserved", "meticulous", "driven", "tilted", "toxic", "wholesome", "bubbly", "grouchy", "cynical", "empathetic", "hot-headed", "stoic"];
const TEMPERAMENT_PATTERN = new RegExp(`\\b(${TEMPERAMENT_WORDS.map(escape).join("|")})\\b`, "gi");

const OCCUPATIONS = ["software engineer", "software developer", "web developer", "developer", "programmer", "data scientist", "engineer", "registered nurse", "nurse", "doctor", "physician", "teacher", "professor", "student", "lawyer", "accountant", "designer", "artist", "chef", "cook", "barista", "waiter", "waitress", "farmer", "electrician", "plumber", "mechanic", "driver", "pilot", "police officer", "firefighter", "soldier", "writer", "journalist", "musician", "streamer", "shop owner", "cashier", "manager", "consultant", "librarian", "pharmacist", "dentist", "scientist", "researcher", "retiree", "carpenter", "photographer", "entrepreneur", "analyst", "paramedic", "social worker", "hairdresser", "coach"];
const OCCUPATION_PATTERN = new RegExp(`\\b((?:(?:retired|senior|junior|lead|head|freelance|part-time|full-time|former|aspiring|ICU|ER|school|high school|night-shift|staff|front-end|back-end|full-stack|frontend|backend|fullstack|travel)\\s+)*(?:${OCCUPATIONS.map(escape).join("|")}))s?\\b`, "i");

const NOT_NAMES = new Set(["The", "A", "An", "This", "That", "She", "He", "They", "It", "Friendly", "Plays", "Main", "Loves", "Likes", "Works", "Lives", "Born", "Age", "Aged", "My", "Our", "Her", "His", "Their", "Name", "In", "On", "At", "From", "Has", "Is", "Was", "Always", "Never", "Very", "Quite", "Really", "Sketch", "Persona", "Character", "Support", "Mid", "Top", "Jungle"]);

const DECADES: Record<string, number> = { teens: 13, twenties: 20, thirties: 30, forties: 40, fifties: 50, sixties: 60, seventies: 70, eighties: 80, nineties: 90 };

function findName(text: string): string | undefined {
  const labelled = /\bname\s*[:=-]\s*([^\n,.;]+)/i.exec(text) ?? /\b(?:my name is|i am|i'm|named|called)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})/u.exec(text);
  if (labelled?.[1]) return labelled[1].trim();
  const meet = /\bmeet\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})/iu.exec(text);
  if (meet?.[1]) return meet[1].trim();
  const leading = /^\s*(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})\s*(?:,|\(|\bis\b|\bwas\b|\bhas\b|\blives\b|\bworks\b|\bplays\b|\bmains\b|[-–—:])/u.exec(text);
  if (leading?.[1]) {
    const words = leading[1].split(/\s+/).filter((word) => !NOT_NAMES.has(word));
    if (words.length > 0 && !NOT_NAMES.has(leading[1].split(/\s+/)[0] as string)) return words.join(" ");
  }
  return undefined;
}

function findAge(text: string): string | undefined {
  const exact =
    /\b(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*old\b/i.exec(text) ??
    /\baged?\s*[:=]?\s*(\d{1,3})\b/i.exec(text) ??
    /\b(\d{1,3})\s*(?:yo|y\/o|y\.o\.)\b/i.exec(text) ??
    /,\s*(\d{1,2})\s*,/.exec(text);
  if (exact?.[1]) return exact[1];
  return undefined;
}

/** "in her thirties" → the decade's bounds; the enhancer picks a value inside. */
export function ageRangeOf(text: string): [number, number] | undefined {
  const decade = /\bin\s+(?:his|her|their|my)\s+(early|mid|late)?[\s-]*(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|\d0s)\b/i.exec(text);
  if (!decade?.[2]) return undefined;
  const word = decade[2].toLowerCase();
  const start = DECADES[word] ?? Number(word.slice(0, 2));
  const part = decade[1]?.toLowerCase();
  if (word === "teens") return [13, 19];
  if (part === "early") return [start, start + 3];
  if (part === "mid") return [start + 3, start + 6];
  if (part === "late") return [start + 6, start + 9];
  return [start, start + 9];
}

function findGender(text: string): "female" | "male" | undefined {
  const female = (text.match(/\b(she|her|hers|herself|woman|girl|female|mother|mom|wife|daughter|sister|lady)\b/gi) ?? []).length;
  const male = (text.match(/\b(he|him|his|himself|man|boy|male|father|dad|husband|son|brother|guy)\b/gi) ?? []).length;
  if (female > male) return "female";
  if (male > female) return "male";
  return undefined;
}

function findPlace(text: string): { location: string; country: Country } | undefined {
  let best: { index: number; location: string; country: Country } | undefined;
  for (const country of COUNTRIES) {
    for (const city of country.cities) {
      const index = text.indexOf(city);
      if (index >= 0 && (!best || index < best.index)) best = { index, location: `${city}, ${country.name.replace(/^the /, "")}`, country };
    }
    for (const alias of country.aliases) {
      if (alias.length < 3 && alias !== "uk") continue;
      const match = new RegExp(`(?<![\\p{L}])${escape(alias)}(?![\\p{L}])`, "iu").exec(text);
      if (match && (!best || match.index < best.index)) {
        const countryName = country.name.replace(/^the /, "");
        const isCountryWord = alias === countryName.toLowerCase() || alias.startsWith(country.demonym.toLowerCase()) || alias.length <= 3 || alias.includes(".");
        best = { index: match.index, location: isCountryWord ? countryName : `${match[0]}, ${countryName}`, country };
      }
    }
  }
  return best ? { location: best.location, country: best.country } : undefined;
}

export function readSketch(source: string): Sketch {
  const text = source.normalize("NFC").slice(0, 20000);
  const fields: Record<string, string> = {};
  const sketch: Sketch = { fields };

  const name = findName(text);
  if (name) {
    fields.name = name;
    if (!/\s/.test(name)) sketch.firstNameOnly = true;
  }
  const age = findAge(text);
  if (age) fields.age = age;
  const gender = findGender(text);
  if (gender) {
    sketch.gender = gender;
    fields.gender = gender;
  }
  const place = findPlace(text);
  if (place) {
    fields.location = place.location;
    sketch.country = place.country;
  }

  // League of Legends vocabulary.
  const champion = CHAMPION_PATTERN.exec(text)?.[1];
  let role: string | undefined;
  for (const [pattern, value] of ROLE_WORDS) if (!role && pattern.test(text)) role = value;
  const rank = RANK_PATTERN.exec(text)?.[1];
  const isLeague = Boolean(champion || role || /\bleague of legends\b|\blol\b|\bsolo ?queue\b|\bsummoner\b/i.test(text) || (rank && /\b(rank|ranked|elo|tier|climb)/i.test(text)));
  if (isLeague) {
    sketch.domain = "lol_player";
    if (role) fields.main_role = role;
    if (champion) {
      fields.main_champion = champion;
      if (!role && ROLE_OF_CHAMPION.has(champion)) fields.main_role = ROLE_OF_CHAMPION.get(champion) as string;
    }
    if (rank) fields.rank = rank;
    const server = SERVER_PATTERN.exec(text)?.[1];
    if (server) fields.region = server;
    const hours = /\b(\d{1,3})\s*(?:hours?|hrs?|h)\s*(?:a|per|\/)\s*week\b/i.exec(text)?.[1];
    if (hours) fields.hours_per_week = hours;
  }

  const occupation = OCCUPATION_PATTERN.exec(text)?.[1];
  if (occupation && !isLeague) {
    fields.occupation = occupation;
    if (/nurse/i.test(occupation)) sketch.domain = "registered_nurse";
    else if (/developer|engineer|programmer|data scientist/i.test(occupation)) sketch.domain = "software_developer";
  }
  if (sketch.domain === "software_developer") {
    const years = /\b(\d{1,2})\s*(?:\+\s*)?years?\s+(?:of\s+)?(?:coding|programming|experience|in (?:software|tech))\b/i.exec(text)?.[1] ?? /\bcoding (?:for|since) (\d{1,2}) years\b/i.exec(text)?.[1];
    if (years) fields.years_coding = years;
    const arrangement = /\bhybrid\b/i.test(text) ? "hybrid" : /\bremote(?:ly)?\b/i.test(text) ? "remote" : /\b(in[\s-]person|in the office|on[\s-]site)\b/i.test(text) ? "in-person" : undefined;
    if (arrangement) fields.remote_work = arrangement;
    const kind = /\b(full[\s-]?stack|back[\s-]?end|front[\s-]?end|mobile|embedded|game)\b/i.exec(occupation ?? "")?.[1];
    if (kind) fields.developer_type = `${kind.toLowerCase().replace(/^(full|back|front)[\s-]?/, "$1-")} developer`;
  }
  if (sketch.domain === "registered_nurse") {
    const years = /\b(\d{1,2})\s*(?:\+\s*)?years?\s+(?:of\s+)?(?:experience|nursing|as an? (?:rn|nurse))\b/i.exec(text)?.[1];
    if (years) fields.years_experience = years;
    const setting = /\bhospital|icu|emergency room|\ber\b|ward\b/i.test(text) ? "hospital" : /\bclinic|outpatient\b/i.test(text) ? "ambulatory care" : /\bnursing home|care home|residential care\b/i.test(text) ? "nursing and residential care" : /\bschool\b/i.test(text) ? "educational services" : undefined;
    if (setting) fields.setting = setting;
  }

  const temperaments = [...new Set([...text.matchAll(TEMPERAMENT_PATTERN)].map((match) => (match[1] as string).toLowerCase()))];
  if (temperaments.length > 0) fields.temperament = temperaments.join(", ");
  return sketch;
}
