/**
 * Reads a free-text persona sketch ("Sam is a 30-year-old support main. Friendly. Plays Thresh.")
 * into fields. Stated facts are kept as written ("30", "Thresh", "Sam"); nothing here invents.
 *
 * Every extractor records the stretch of text it used. Whatever no extractor used is not thrown
 * away: each clause that still holds content words is kept verbatim in `details`, so a sketch
 * never loses a stated fact just because we have no field for it.
 */
import { readPersonName } from "./names/read-name.ts";
import { COUNTRIES, LOL_SERVER_COUNTRIES, REGIONS, countryByCode, type Country } from "./geo.ts";
import { CHAMPIONS_BY_ROLE, LOL_RANKS } from "./domains/lol-player.ts";
import { NameGenerator } from "./names.ts";
import { knowledge } from "./knowledge/index.ts";
import { fold } from "./knowledge/words.ts";
import { withArticle } from "../engine/articles.ts";
import { PRESENT_YEAR } from "./names/person-name.ts";

export interface Sketch {
  fields: Record<string, string>;
  /** The built-in domain the sketch's vocabulary points at, if any. */
  domain?: "lol_player" | "software_developer" | "registered_nurse";
  gender?: "female" | "male";
  country?: Country;
  /** True when the name was only a first name (the enhancer may add a surname). */
  firstNameOnly?: boolean;
  /** True when the name was only a family name after a title ("Mrs Patel"): the enhancer adds a given name. */
  familyNameOnly?: boolean;
  /** A job the sketch names as hoped or trained for ("dreams of becoming a vet"): not theirs. */
  aspiredJob?: string;
  /** What follows "N years" in the sketch ("in the ICU", "as a welder"), for prose that restates it. */
  experienceTail?: string;
  /** The ages a fact of the sketch allows when it states none ("a Vietnam veteran": born 1935–1957). */
  ageRange?: [number, number];
}

const EXTRA_CHAMPIONS = ["Ahri", "Akshan", "Alistar", "Annie", "Anivia", "Aphelios", "Azir", "Bard", "Bel'Veth", "Brand", "Braum", "Briar", "Cassiopeia", "Cho'Gath", "Corki", "Diana", "Dr. Mundo", "Draven", "Ekko", "Evelynn", "Fiddlesticks", "Fizz", "Galio", "Gangplank", "Gnar", "Gragas", "Gwen", "Heimerdinger", "Hwei", "Illaoi", "Irelia", "Ivern", "Jarvan IV", "Jayce", "K'Sante", "Kalista", "Karthus", "Kassadin", "Kayle", "Kayn", "Kennen", "Kled", "Kog'Maw", "LeBlanc", "Lillia", "Lissandra", "Malzahar", "Maokai", "Master Yi", "Milio", "Morgana", "Naafiri", "Nasus", "Neeko", "Nilah", "Nocturne", "Nunu", "Olaf", "Pantheon", "Poppy", "Pyke", "Qiyana", "Quinn", "Rammus", "Rek'Sai", "Rell", "Renata Glasc", "Renekton", "Rengar", "Riven", "Rumble", "Ryze", "Samira", "Sejuani", "Senna", "Seraphine", "Shaco", "Shen", "Shyvana", "Singed", "Sion", "Sivir", "Skarner", "Smolder", "Sona", "Swain", "Taliyah", "Talon", "Taric", "Teemo", "Tahm Kench", "Tristana", "Trundle", "Tryndamere", "Twisted Fate", "Twitch", "Udyr", "Urgot", "Varus", "Veigar", "Vel'Koz", "Vex", "Vladimir", "Volibear", "Warwick", "Wukong", "Xerath", "Xin Zhao", "Yone", "Yorick", "Yuumi", "Zac", "Zeri", "Ziggs", "Zilean", "Zoe", "Zyra", "Aurelion Sol", "Aurora", "Ambessa", "Mel", "Yunara"];
const ROLE_OF_CHAMPION = new Map<string, string>();
for (const [role, champions] of Object.entries(CHAMPIONS_BY_ROLE)) for (const champion of champions) ROLE_OF_CHAMPION.set(champion, role);
const ALL_CHAMPIONS = [...new Set([...ROLE_OF_CHAMPION.keys(), ...EXTRA_CHAMPIONS])].sort((a, b) => b.length - a.length);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const CHAMPION_PATTERN = new RegExp(`(?<![\\p{L}'])(${ALL_CHAMPIONS.map(escape).join("|")})(?![\\p{L}])`, "u");
const CHAMPIONS_IN_TEXT = new RegExp(CHAMPION_PATTERN.source, "gu");
/** Words that only a League of Legends sketch uses; a champion whose name means something else needs one of them. */
const LEAGUE_WORDS = /\bleague of legends\b|\blol\b|\bsolo ?queue\b|\bsummoner\b|\branked\b|\blaner\b|\bjungl/i;

/**
 * A champion whose name is also a given name or the first word of something else we know (Annie,
 * Diana, Quinn; Twitch the platform, Brand the manager): the sketch names a League player's
 * champion only when it says more about League, else "Annie, a nurse" and "a Twitch streamer"
 * would become League players.
 */
function isAmbiguousChampion(champion: string): boolean {
  const first = champion.split(/\s+/)[0] as string;
  return isGivenName(first) || knowledge().lexicon.startsPhrase(first);
}

/** The first champion the text names outside the sketch's name ("Annie, 30, Ahri main" plays Ahri). */
function findChampion(text: string, name: { index: number; name: string } | undefined): RegExpExecArray | null {
  for (const match of text.matchAll(CHAMPIONS_IN_TEXT)) {
    if (name && match.index >= name.index && match.index < name.index + name.name.length) continue;
    return match as RegExpExecArray;
  }
  return null;
}

const ROLE_WORDS: Array<[RegExp, string]> = [
  [/\b(?:support|supp)\s*(?:main|player|mains?)\b|\bmains?\s+support\b|\bplays\s+support\b|\bsupport\s+(?:role|player)\b/i, "support"],
  [/\bjungl(?:e|er)\s*(?:main|player)?\b|\bmains?\s+jungle\b/i, "jungle"],
  [/\bmid\s*(?:lane|laner)?\s*(?:main|player)\b|\bmid\s*laner\b|\bmains?\s+mid\b/i, "mid"],
  [/\btop\s*(?:lane|laner)?\s*(?:main|player)\b|\btop\s*laner\b|\bmains?\s+top\b/i, "top"],
  [/\b(?:adc|ad carry|marksman|bot\s*lane(?:r)?)\s*(?:main|player)?\b|\bmains?\s+(?:adc|bot)\b/i, "adc"],
];
const RANK_PATTERN = new RegExp(`\\b(${LOL_RANKS.join("|")})\\b`);
const SERVER_PATTERN = new RegExp(`\\b(${Object.keys(LOL_SERVER_COUNTRIES).join("|")})\\b`);

const LOL_VOCABULARY = /\b(?:mains?|laner|player|gamer|league of legends|lol|ranked|solo ?queue|summoner|elo|rift|duo)\b/gi;

const TEMPERAMENT_WORDS = ["friendly", "grumpy", "shy", "warm", "cheerful", "kind", "sarcastic", "calm", "anxious", "ambitious", "lazy", "curious", "stubborn", "patient", "impatient", "outgoing", "introverted", "extroverted", "quiet", "loud", "funny", "serious", "competitive", "chill", "laid-back", "easygoing", "blunt", "gentle", "nervous", "confident", "cocky", "humble", "optimistic", "pessimistic", "moody", "playful", "reserved", "meticulous", "driven", "tilted", "toxic", "wholesome", "bubbly", "grouchy", "cynical", "empathetic", "hot-headed", "stoic", "cranky", "gruff", "bitter", "irritable", "witty", "charming", "caring", "compassionate", "generous", "loyal", "honest", "nosy", "talkative", "chatty", "quiet-spoken", "soft-spoken", "energetic", "restless", "dreamy", "romantic", "pragmatic", "methodical", "organised", "organized", "disorganised", "messy", "perfectionist", "arrogant", "tough", "fierce", "brave", "cautious", "sensitive", "thoughtful", "intense", "eccentric", "quirky", "awkward", "goofy", "nerdy", "geeky", "sociable", "lonely", "melancholy", "gloomy", "jolly", "upbeat", "hopeful", "weary", "jaded", "strict", "stern", "warm-hearted", "kind-hearted", "hard-working", "hardworking", "diligent", "clever", "wise", "naive", "rebellious", "independent", "opinionated", "mischievous", "polite", "rude", "sassy", "snarky", "tactless", "grumbly",
  "aggressive", "hot-tempered", "short-tempered", "quick-tempered", "volatile", "impulsive", "reckless", "brash", "feisty", "fiery", "combative", "confrontational", "argumentative", "angry", "explosive", "worried", "insecure", "neurotic", "jittery", "timid", "bashful", "self-conscious", "withdrawn", "relaxed", "mellow", "carefree", "happy-go-lucky", "easy-going", "smug", "vain", "boastful", "conceited", "overconfident", "pompous", "entitled", "condescending", "snobbish", "sceptical", "skeptical", "suspicious", "distrustful", "world-weary", "headstrong", "obstinate", "pig-headed", "strong-willed", "determined", "helpful", "considerate", "supportive", "nurturing", "selfless", "affable", "amiable", "good-natured", "enthusiastic", "sunny", "passionate"];
const TEMPERAMENT_SET = new Set(TEMPERAMENT_WORDS);
const TEMPERAMENT_PATTERN = new RegExp(`(?<![\\p{L}-])(${[...TEMPERAMENT_SET].map(escape).join("|")})(?![\\p{L}-])(?!\\s+(?:of|about)\\b)`, "giu");

const OCCUPATIONS = ["software engineer", "software developer", "web developer", "developer", "programmer", "data scientist", "engineer", "registered nurse", "nurse", "doctor", "physician", "teacher", "schoolteacher", "professor", "student", "lawyer", "accountant", "designer", "artist", "chef", "cook", "baker", "barista", "waiter", "waitress", "bartender", "farmer", "electrician", "plumber", "mechanic", "driver", "pilot", "police officer", "firefighter", "soldier", "writer", "journalist", "musician", "streamer", "shop owner", "cashier", "manager", "consultant", "librarian", "pharmacist", "dentist", "scientist", "researcher", "retiree", "carpenter", "photographer", "entrepreneur", "analyst", "paramedic", "social worker", "hairdresser", "coach", "midwife", "vet", "veterinarian", "surgeon", "tutor", "lecturer", "fisherman", "miner", "welder", "builder", "gardener", "florist", "butcher", "tailor", "priest", "nanny", "clerk", "secretary", "receptionist", "translator", "architect", "economist", "banker", "therapist", "psychologist", "counselor", "counsellor", "caregiver", "carer", "housekeeper", "janitor", "courier", "trucker", "sailor", "ranger", "guide", "actor", "actress", "dancer", "singer", "painter", "sculptor", "poet", "novelist", "editor", "blogger", "youtuber", "influencer"];
const OCCUPATION_PATTERN = new RegExp(`\\b((?:(?:retired|senior|junior|lead|head|freelance|part-time|full-time|former|aspiring|ICU|ER|school|high school|night-shift|staff|front-end|back-end|full-stack|frontend|backend|fullstack|travel)\\s+)*(?:${OCCUPATIONS.map(escape).join("|")}))s?\\b`, "i");
/** Nouns that end like a job ("-er", "-ist") but name a relation or a hobby, not a job. */
const OCCUPATION_WORDS = new RegExp(OCCUPATION_PATTERN.source, "gi");
const ANY_OCCUPATION = new RegExp(OCCUPATION_PATTERN.source, "i");

const NOT_OCCUPATIONS = new Set(["refugee", "migrant", "expat", "asylum seeker", "exile", "survivor", "widow", "widower", "mother", "father", "brother", "sister", "daughter", "lover", "gamer", "player", "fan", "member", "beginner", "newcomer", "neighbour", "neighbor", "person", "woman", "man", "guy", "girl", "boy", "lady", "gentleman", "parent", "patient", "customer", "user", "resident", "citizen", "immigrant", "teenager", "teen", "kid", "child", "adult", "grandmother", "grandfather", "mom", "mum", "dad", "wife", "husband", "partner", "friend", "introvert", "extrovert", "perfectionist", "optimist", "pessimist", "dreamer", "talker", "listener", "loner", "stranger", "foodie", "nerd", "geek", "main", "reader", "bookworm", "owner", "talent", "client", "adolescent", "other", "either", "never", "ever", "over", "under", "after", "later", "rather", "together", "winter", "summer", "weather"]);
const OCCUPATION_HEADS = new Set(OCCUPATIONS.map((occupation) => occupation.split(" ").pop() as string).concat(["monk", "nun", "guard", "judge", "maid", "medic", "cop", "chef", "ceo", "cto", "founder", "intern", "apprentice", "trainee", "volunteer", "homemaker", "housewife", "model", "dj", "mp", "chemist", "official", "officer", "clergy", "rabbi", "imam", "vicar", "shepherd", "cowboy", "potter", "weaver", "smith", "blacksmith", "scholar", "diplomat", "spy", "detective", "agent", "astronaut", "assistant", "technician", "attendant", "specialist", "tech", "dev", "owner", "captain", "skipper", "sweep", "deckhand", "jockey", "valet", "caddie", "roadie", "busboy", "cobbler", "herder", "herdsman", "ferryman"]).concat(
  // A military rank is what they are ("Roman centurion", "retired colonel"): not the ranks that are everyday adjectives (private, major, general).
  ["corporal", "lieutenant", "colonel", "admiral", "commander", "ensign", "centurion", "sergeant", "brigadier", "legionary", "legionnaire", "hoplite", "musketeer", "dragoon", "hussar", "cavalryman", "infantryman", "rifleman", "gunner", "sapper", "marine", "samurai", "knight", "squire", "archer", "gladiator"],
));
/** Leading words we take off an occupation phrase, by the field they feed. */
const STATUS_WORDS = new Set(["retired", "former", "ex", "semi-retired", "aspiring", "part-time", "full-time", "freelance", "self-employed", "unemployed", "out-of-work", "would-be", "trainee", "newly", "qualified", "wannabe"]);
const DESCRIPTOR_WORDS = new Set(["teenage", "teen", "adolescent", "tall", "short", "petite", "burly", "skinny", "bearded", "proud", "busy", "tired", "exhausted", "overworked", "devoted", "dedicated", "talented", "seasoned", "veteran", "experienced", "new", "local", "small-town", "struggling", "successful", "young", "old", "elderly", "middle-aged", "aging", "ageing", "famous", "well-known", "lonely", "bored", "burnt-out", "burned-out", "award-winning", "self-taught", "amateur", "professional", "beloved", "respected", "blind", "deaf", "disabled", "partially-sighted", "hard-of-hearing", "one-armed", "one-legged", "paralysed", "paralyzed", "paraplegic", "autistic", "dyslexic", "wheelchair-using", "mute"]);
const FILLER_WORDS = new Set(["very", "quite", "rather", "really", "pretty", "bit", "of", "kind", "sort", "somewhat", "slightly", "extremely", "super", "fairly", "little", "and", "a", "an", "the"]);
/** A spouse who died: "whose wife died", "lost his wife", "her husband passed away", "widowed when…". */
const SPOUSE_DIED = /\b(?:(?:his|her|their|my|whose)\s+(?:wife|husband|spouse|partner)\s+(?:died|passed(?:\s+away|\s+on)?|was\s+killed|is\s+dead|has\s+died)|(?:lost|buried|mourns?|mourning)\s+(?:his|her|their|my)\s+(?:wife|husband|spouse|partner))\b/i;
/**
 * What a sketch says of a relative right after naming them: "his mother, 70, a retired teacher",
 * "her father, 62, is a factory worker", "her late husband was a miner" — their job and age, not the person's.
 */
const RELATIVE_CLAUSE = /\b(?:his|her|their|my|whose)\s+(?:late\s+|ex-?\s*|former\s+|elderly\s+|older\s+|younger\s+|little\s+|big\s+)?(?:wife|husband|spouse|partner|mother|father|mum|mom|dad|son|daughter|brother|sister|grandmother|grandfather|grandma|grandpa|uncle|aunt|cousin|boyfriend|girlfriend|fianc[ée]e?|parents|stepfather|stepmother)(?:\s*,\s*\d{1,3})?\s*,?\s*(?:(?:is|was|works\s+as|worked\s+as|has\s+been)\s+(?:an?\s+|the\s+)?|(?:an?|the)\s+)[^,.;!?\n]+|(?<=\b(?:widow|widower|wife|husband|son|daughter|child|grandson|granddaughter|grandchild|sister|brother|heir)\s+)of\s+(?:an?|the|a\s+\p{L}+)\s+[^,.;!?\n]+/giu;
/** The text with what it says of relatives blanked (same length, so every index still holds). */
export function withoutRelatives(text: string): string {
  return text.replace(RELATIVE_CLAUSE, (clause) => " ".repeat(clause.length));
}
/** A marital word as a value, and its field's form ("widow" → widowed). */
const MARITAL_VALUE = /^(married|unmarried|single|divorced|divorcee|widowed|widow|widower|engaged|separated)$/i;
const MARITAL_NORMAL: Readonly<Record<string, string>> = { widow: "widowed", widower: "widowed", divorcee: "divorced", unmarried: "single" };
const MARITAL_WORDS = /\b(married|unmarried|single|divorced|widowed|engaged|separated)\b/i;
const CLINICAL_UNITS = /\b(ICU|NICU|PICU|A&E|ER|emergency department|emergency room|oncology|paediatrics|pediatrics|maternity|cardiology|neurology|geriatrics|psychiatry|surgical ward|operating theatre|operating room|labou?r (?:and|&) delivery|trauma)\b/i;

const HOBBY_VERBS: Record<string, string> = {
  paint: "painting", bake: "baking", knit: "knitting", garden: "gardening", sing: "singing", dance: "dancing", write: "writing", draw: "drawing", sew: "sewing", cook: "cooking", hike: "hiking", swim: "swimming", run: "running", fish: "fishing", surf: "surfing", climb: "climbing", read: "reading", cycle: "cycling", bike: "biking", skate: "skating", ski: "skiing", golf: "golfing", bowl: "bowling", row: "rowing", sail: "sailing", hunt: "hunting", camp: "camping", crochet: "crocheting", quilt: "quilting", brew: "brewing", volunteer: "volunteering", jog: "jogging", meditate: "meditating", journal: "journaling", travel: "travelling", collect: "collecting", sculpt: "sculpting", photograph: "photographing", birdwatch: "birdwatching", fence: "fencing", box: "boxing", woodwork: "woodworking", whittle: "whittling", tinker: "tinkering", sketch: "sketching", blog: "blogging", stream: "streaming", skateboard: "skateboarding", hunts: "hunting", gamble: "gambling", restore: "restoring", build: "building", grow: "growing", keep: "keeping", fix: "fixing", mentor: "mentoring", coach: "coaching", teach: "teaching", study: "studying", learn: "learning", practise: "practising", practice: "practicing", compose: "composing", forage: "foraging", lift: "lifting", spar: "sparring", doodle: "doodling", code: "coding", play: "playing",
};
const HOBBY_VERB_PATTERN = new RegExp(`(?:\\b(?:who|and|also|she|he|they|I|still|secretly)\\s+|,\\s+|(?:^|[.;!?\\n])[ \\t]*)(?:also\\s+|still\\s+|secretly\\s+|sometimes\\s+|often\\s+)?(${Object.keys(HOBBY_VERBS).join("|")})(s|es)?\\b([^,.;!?\\n]*?)(?=\\s+(?:and|but|who|while)\\b|[,.;!?\\n]|$)`, "gi");

const NOT_NAMES = new Set(["The", "A", "An", "This", "That", "She", "He", "They", "It", "I", "Friendly", "Plays", "Main", "Loves", "Likes", "Works", "Lives", "Born", "Age", "Aged", "DOB", "Dob", "Introducing", "Presenting", "Meet", "My", "Our", "Her", "His", "Their", "Name", "In", "On", "At", "From", "Has", "Is", "Was", "Always", "Never", "Very", "Quite", "Really", "Sketch", "Persona", "Character", "Support", "Mid", "Top", "Jungle", "Retired", "Former", "Meet", "Hi", "Hello", "Mother", "Father", "Nurse", "Teacher", "Doctor", "Background", "Occupation", "Job", "Location"]);

const DECADES: Record<string, number> = { teens: 13, twenties: 20, thirties: 30, forties: 40, fifties: 50, sixties: 60, seventies: 70, eighties: 80, nineties: 90 };

/** Words a clause may hold without stating anything we would lose by dropping them. */
const STOP_WORDS = new Set(["a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "with", "by", "as", "is", "are", "was", "were", "be", "been", "being", "am", "i", "i'm", "i’m", "im", "me", "my", "mine", "she", "he", "they", "her", "his", "their", "them", "it", "its", "this", "that", "who", "which", "whose", "where", "when", "meet", "named", "called", "also", "very", "quite", "really", "just", "still", "so", "too", "has", "have", "had", "does", "do", "did", "lives", "living", "live", "based", "works", "work", "working", "worked", "job", "years", "year", "yrs", "old", "aged", "age", "yo", "currently", "now", "originally", "there", "here", "nearly", "about", "around", "almost", "over", "some", "she's", "he's", "they're", "she’s", "he’s", "s", "persona", "sketch", "character", "person", "someone", "somebody", "hi", "hello", "name", "full", "time", "spare", "free", "these", "days", "outside", "near", "mostly", "usually", "often", "sometimes", "always", "plays", "play", "mains", "main", "loves", "love", "likes", "like", "enjoys", "enjoy", "into", "pretty", "bit", "kind", "sort", "both"]);

const escapeWords = (words: Iterable<string>) => [...words].map(escape).join("|");
/** A big city of a country the hand-kept table lacks, as the gazetteer's prompt reader counts one. */
const SKETCH_CITY = 500_000;
let sketchCountries: readonly Country[] | undefined;

/**
 * The countries a sketch may name: geo.ts's hand-kept table, then every other country of the
 * gazetteer prompts are read with (its name, demonym and largest cities), so "a Ghanaian taxi driver
 * in Accra" gets a nationality and a country as "a Kenyan nurse in Nairobi" does. Names come from
 * the gazetteer's naming cultures (the enhancer names by country), so the table's locale is a fallback.
 */
function countriesOfSketches(): readonly Country[] {
  sketchCountries ??= [
    ...COUNTRIES,
    ...knowledge()
      .gazetteer.countries.filter((country) => !countryByCode(country.code))
      .map((country): Country => {
        const cities = country.cities.filter((city) => city.population >= SKETCH_CITY).slice(0, 5).map((city) => city.name);
        return { code: country.code, name: country.nameInProse, demonym: country.demonym, locale: "en_US", cities, aliases: [...new Set([country.name.toLowerCase(), country.demonym.toLowerCase(), ...country.aliases])] };
      }),
  ];
  return sketchCountries;
}

let demonyms: ReadonlySet<string> | undefined;
const isDemonym = (word: string) => (demonyms ??= new Set(countriesOfSketches().map((country) => country.demonym.toLowerCase()))).has(word.toLowerCase());

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "paint" → "painting"; unknown verbs get a plain "-ing". */
function gerund(verb: string): string {
  const lower = verb.toLowerCase();
  return HOBBY_VERBS[lower] ?? (lower.endsWith("e") ? `${lower.slice(0, -1)}ing` : `${lower}ing`);
}

/** A noun phrase's last word looks like a job ("keeper", "schoolteacher", "pharmacist"). */
function looksLikeOccupation(phrase: string): boolean {
  const words = phrase.toLowerCase().split(/\s+/);
  const head = words[words.length - 1] as string;
  if (words.length > 5 || NOT_OCCUPATIONS.has(head) || TEMPERAMENT_SET.has(head)) return false;
  if (words.some((word) => /^(?:mains?|laner|gamer|player)$/.test(word))) return false;
  // "widow of a fisherman", "son of a miner": the relation is what they are, the job their relative's.
  if (words[1] === "of" && (NOT_OCCUPATIONS.has(words[0] as string) || KIN_WORD.test(words[0] as string) || /^(?:widow|widower|wives|husbands|sons|daughters|children|child|heir|friend|partner|fiancée?)$/.test(words[0] as string))) return false;
  // A verb of the person that the job suffixes would take ("lives in Hull", "drives to Leeds").
  if (/^(?:lives|drives|gives|arrives|strives|thrives|survives|dives|believes|receives|deserves|serves|leaves|loves|moves|proves|retires|tires)$/.test(head)) return false;
  const lastPart = head.split("-").pop() as string;
  if ([head, lastPart, head.replace(/s$/, "")].some((word) => OCCUPATION_HEADS.has(word))) return true;
  return /(?:er|or|ist|ian|ant|eer|man|woman|smith|wright|keeper|maker|ee|ess|ic|ary|ive)s?$/.test(head) && head.length > 3;
}

class Reader {
  readonly fields: Record<string, string> = {};
  /** Stretches of the text some extractor used, as [start, end). */
  readonly used: Array<[number, number]> = [];
  constructor(readonly text: string) {}

  use(start: number, end: number): void {
    if (end > start) this.used.push([start, end]);
  }

  /** Marks a match (or one of its groups) as used, by locating the group inside the match. */
  useMatch(match: RegExpExecArray | null | undefined, group = 0): void {
    if (!match) return;
    const value = match[group];
    if (value === undefined) return;
    const offset = group === 0 ? 0 : match[0].indexOf(value);
    this.use(match.index + Math.max(0, offset), match.index + Math.max(0, offset) + value.length);
  }

  /** Sets a field unless a more specific extractor already did. */
  set(field: string, value: string | undefined): void {
    const trimmed = value?.trim();
    if (trimmed && this.fields[field] === undefined) this.fields[field] = trimmed;
  }

  /** Adds to a list-valued field ("painting, hiking"), skipping repeats. */
  add(field: string, value: string): void {
    const trimmed = value.trim().replace(/\s+/g, " ");
    if (!trimmed) return;
    const current = this.fields[field];
    if (!current) this.fields[field] = trimmed;
    else if (!current.toLowerCase().split(", ").includes(trimmed.toLowerCase())) this.fields[field] = `${current}, ${trimmed}`;
  }

  isUsed(index: number): boolean {
    return this.used.some(([start, end]) => index >= start && index < end);
  }
}

const KNOWN_NAMES = new NameGenerator();
const givenNameCache = new Map<string, boolean>();
/** A given name some locale's name pool holds ("Bob", "Lucía"), as opposed to a word that merely starts a sentence. */
function isGivenName(word: string): boolean {
  let known = givenNameCache.get(word);
  if (known === undefined) {
    known = /^\p{Lu}\p{Ll}+$/u.test(word) && KNOWN_NAMES.originsOf(word).length > 0;
    givenNameCache.set(word, known);
  }
  return known;
}

/** A word the sketch uses for something other than a name: a temperament, a champion, a place, a job. */
/** Words for who someone is that open a sketch like a name would ("Orphan, 12", "Veteran, 55", "Triplets, 5"). */
const PEOPLE_WORDS = /^(?:orphans?|veterans?|twins?|triplets?|quadruplets|widows?|widowers?|immigrants?|emigrants?|pensioners?|retirees?|students?|pupils?|teens?|teenagers?|toddlers?|babies|baby|kids?|children|child|adults?|seniors?|elders?|newlyweds?|parents?|single|expats?|nomads?|survivors?|patients?|carers?|caregivers?|volunteers?|homeless|runaways?|inmates?|prisoners?|soldiers?)$/i;

function isKnownWord(word: string): boolean {
  // A title, a kinship word or a word for who they are ("Grandpa, 82", "Refugee, 30") names nobody.
  return NOT_NAMES.has(word) || TITLE_BY_WORD.has(word) || KIN_WORD.test(word) || NOT_OCCUPATIONS.has(word.toLowerCase()) || PEOPLE_WORDS.test(word) || TEMPERAMENT_SET.has(word.toLowerCase()) || (CHAMPION_PATTERN.test(word) && !isGivenName(word)) || placeAt(word) !== undefined || isDemonym(word) || MARITAL_WORDS.test(word) || (looksLikeOccupation(word) && (OCCUPATION_HEADS.has(word.toLowerCase()) || !isGivenName(word)));
}

const NAME_WORDS = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}`;
/** What may follow a name that starts a sentence: "Sam, 30", "Sam (30)", "Sam is…", "Sam - nurse". */
const AFTER_NAME = String.raw`\s*(?:,|\.|\(|\bis\b|\bwas\b|\bhas\b|\blives\b|\bworks\b|\bplays\b|\bmains\b|\s[-–—]\s|[–—:])`;
/** What a sketch's subject does, right after a name that opens it: "Ana runs marathons" (only after a given name we know: "Gamer loves shooters" names nobody). */
const VERB_AFTER_NAME = /^\s+(?:runs|owns|loves|likes|teaches|studies|drives|writes|makes|manages|keeps|grows|coaches|sings|paints|cooks|raises|moved|grew|spends|volunteers|sells|fixes|builds|repairs|cleans|farms)\b/u;

/**
 * Words written before a name that are not part of it: honorifics and what family call someone
 * ("Dr. Amara Obi", "Mrs Patel", "Uncle Joe", "Nonna Lucia"), with the sex they state. After an
 * honorific a lone word is a family name ("Mrs Patel"); after a family word, a given name ("Uncle Joe").
 */
const LIFE_STAGE_TITLES_LIST = ["Baby", "Newborn", "Infant", "Toddler"] as const;
const TITLES: ReadonlyArray<{ words: readonly string[]; sex?: "female" | "male"; before: "family" | "given" | "either"; familyRole?: string; rank?: true }> = [
  { words: ["Mr"], sex: "male", before: "family" },
  { words: ["Mrs", "Ms", "Miss", "Madam", "Madame", "Mme", "Señora", "Sra", "Frau", "Signora"], sex: "female", before: "family" },
  { words: ["Señor", "Sr", "Herr", "Signor", "Monsieur", "M"], sex: "male", before: "family" },
  { words: ["Dr", "Doctor", "Prof", "Professor", "Judge", "Senator", "Mayor", "Officer", "Detective", "Inspector", "Sgt", "Sergeant", "Capt", "Captain", "Coach", "Chef", "Rabbi", "Imam", "Pastor", "Reverend", "Rev"], before: "either" },
  { words: ["Sir", "Lord", "Father", "Fr", "Brother", "Sheikh"], sex: "male", before: "either" },
  // Military ranks: only before a name we know or two capitalised words ("Private John Smith", not "Private Equity").
  { words: ["Private", "Pvt", "Corporal", "Cpl", "Lance Corporal", "Lieutenant", "Lt", "Colonel", "Col", "Major", "Maj", "General", "Admiral", "Commander", "Cmdr", "Ensign", "Centurion"], before: "either", rank: true },
  { words: ["Dame", "Lady", "Sister"], sex: "female", before: "either" },
  { words: ["Grandma", "Granny", "Gran", "Nana", "Nan", "Grandmother", "Nonna", "Abuela", "Oma", "Babcia", "Bubbe", "Lola", "Ouma", "Gogo"], sex: "female", before: "given", familyRole: "grandparent" },
  { words: ["Grandpa", "Grandad", "Granddad", "Gramps", "Grandfather", "Nonno", "Abuelo", "Opa", "Dziadek", "Zayde", "Lolo", "Oupa"], sex: "male", before: "given", familyRole: "grandparent" },
  { words: ["Aunt", "Auntie", "Aunty", "Tia", "Tía", "Tante", "Zia"], sex: "female", before: "given" },
  { words: ["Uncle", "Tio", "Tío", "Onkel", "Zio"], sex: "male", before: "given" },
  // What neighbours and customers call an older woman or man in much of Africa, the Caribbean, South
  // Asia and Latin America: respect, not kinship ("Mama Ngozi", "Baba Tunde", "Doña Carmen").
  // Not the words that are also given names (Anna, Amma, Mami, Don, Didi, Bibi).
  { words: ["Mama", "Mamá", "Maman", "Doña", "Dona", "Hajia", "Alhaja", "Behen"], sex: "female", before: "given" },
  { words: ["Baba", "Papa", "Papá", "Alhaji", "Mzee", "Bhaiya"], sex: "male", before: "given" },
  // A life stage before a baby's name ("Baby Leo", "Newborn Sofia", "Toddler Kenji") is not the name.
  { words: [...LIFE_STAGE_TITLES_LIST], before: "given" },
];
/** The job a title says on its own (not "Dr", which a PhD holds as well as a physician). */
const TITLE_JOBS: Readonly<Record<string, string>> = {
  chef: "chef", coach: "coach", judge: "judge", senator: "senator", mayor: "mayor", officer: "police officer", detective: "detective", inspector: "police inspector", sgt: "police sergeant", sergeant: "sergeant",
  private: "soldier", pvt: "soldier", corporal: "soldier", cpl: "soldier", "lance corporal": "soldier", lieutenant: "army officer", lt: "army officer", colonel: "army officer", col: "army officer", major: "army officer", maj: "army officer", general: "general", admiral: "naval officer", commander: "military officer", cmdr: "military officer", ensign: "naval officer", centurion: "centurion",
  rabbi: "rabbi", imam: "imam", pastor: "pastor", reverend: "minister", rev: "minister", father: "priest", fr: "priest", sister: "nun", prof: "professor", professor: "professor",
};
const LIFE_STAGE_TITLES: ReadonlySet<string> = new Set(LIFE_STAGE_TITLES_LIST);
const TITLE_BY_WORD = new Map(TITLES.flatMap((title) => title.words.map((word) => [word, title] as const)));
const TITLED_NAME = new RegExp(String.raw`(?<![\p{L}])(${[...TITLE_BY_WORD.keys()].sort((a, b) => b.length - a.length).map(escape).join("|")})\.?\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})`, "u");

/** A name with a title before it, the title's reading, and where both stand. */
function findTitledName(text: string): { title: string; name: string; index: number; length: number; sex?: "female" | "male"; familyOnly: boolean; familyRole?: string } | undefined {
  const match = TITLED_NAME.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const reading = TITLE_BY_WORD.get(match[1]);
  // "Miss" and "Chef" start sentences as verbs or nouns too: a name must follow that is not a known word.
  // After a title a capitalised word is a name even when it looks like a job ("Dr. Okafor"), unless it is a word we know is none.
  // A given name that is also a place is the name after a word family use before given names ("Baby Sofia").
  const words = match[2].split(/\s+/).filter((word) => !NOT_NAMES.has(word) && !TEMPERAMENT_SET.has(word.toLowerCase()) && (placeAt(word) === undefined || (reading?.before === "given" && isGivenName(word))));
  if (!reading || words.length === 0) return undefined;
  if (reading.rank && !isGivenName(words[0] as string) && words.length < 2) return undefined;
  const name = words.join(" ");
  const familyOnly = words.length === 1 && (reading.before === "family" || (reading.before === "either" && !isGivenName(name)));
  return { title: match[0].slice(0, match[0].length - match[2].length).trim(), name, index: match.index, length: match[0].length - match[2].length + text.slice(match.index + match[0].length - match[2].length).indexOf(name) + name.length, ...(reading.sex ? { sex: reading.sex } : {}), familyOnly, ...(reading.familyRole ? { familyRole: reading.familyRole } : {}) };
}

/** A name introduced in French, German, Spanish, Portuguese, Italian, Dutch, Polish, Swedish or Norwegian. */
const INTRODUCTIONS = new RegExp(
  String.raw`(?:^|[.!?;\n]\s*)(?:[Jj]e m['’]appelle|[Jj]e suis|[Mm]on nom est|[Ii]ch bin|[Ii]ch heiße|[Mm]ein [Nn]ame ist|[Mm]e llamo|[Mm]i nombre es|[Ss]oy|[Mm]i chiamo|[Ss]ono|[Ss]ou(?:\s+[oa])?|[Mm]eu nome é|[Cc]hamo-me|[Ii]k ben|[Ii]k heet|[Mm]ijn naam is|[Jj]estem|[Nn]azywam się|[Jj]ag heter|[Jj]eg heter|[Jj]eg er)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}?)(?=\s*(?:[,.;!?(\n]|$|\s[-–—]\s|\s+\p{Ll}))`,
  "u",
);

/** Someone named after how the writer knows them: "my neighbour Gerald", "her friend Amaka". */
const RELATED_NAME = /\b(?:my|our|her|his|their|a|the)\s+(?:[\p{Ll}-]+\s+)?(?:neighbou?r|friend|colleague|co-?worker|boss|landlord|landlady|roommate|flatmate|housemate|cousin|classmate|mentor|client|patient|tenant|mate|buddy|pal|pen ?pal|teammate|tutor|student|pupil)\s+(\p{Lu}[\p{L}'’-]*)(?![\p{L}'’-])/u;
/** Two people named together ("twins Ana and Eva", "Ana & Eva"): the first is the persona. */
const NAMED_PAIR = /(?:^|\b(?:twins?|siblings|sisters|brothers|couple|cousins|friends)\s+)(\p{Lu}[\p{L}'’-]*)\s+(?:and|&)\s+(\p{Lu}[\p{L}'’-]*)(?=\s*(?:[,.;:(]|$|\s[-–—]\s)|\s+(?:are|were|both|live|lives|who)\b)/u;

function findName(text: string): { name: string; index: number } | undefined {
  const found = (match: RegExpExecArray | null, group = 1) => {
    const value = match?.[group]?.trim();
    return value && match ? { name: value, index: match.index + match[0].indexOf(value) } : undefined;
  };
  const labelled =
    found(/\b(?:full\s+)?name\s*[:=]\s*([^\n,.;|]+)/i.exec(text)) ??
    found(new RegExp(String.raw`(?:\b(?:[Mm]y|[Hh]er|[Hh]is|[Tt]heir) name is|\b[Nn]ame['’]s|\b[Gg]oes by|\b[Cc]all me|\b[Ii] am|\b[Ii]['’]m|\b[Tt]his is|\b[Ii]t['’]s)\s+(${NAME_WORDS})`, "u").exec(text));
  if (labelled && !NOT_NAMES.has(labelled.name.split(/\s+/)[0] as string)) return labelled;
  // "Ich bin Jonas, 27", "Je m'appelle Chloé", "Sou a Beatriz": other languages' introductions. A
  // German noun is capitalised too ("Ich bin Pfleger in…"): a name must be one we know or end its clause.
  const introduced = INTRODUCTIONS.exec(text);
  if (introduced?.[1]) {
    const name = introduced[1].trim();
    const endsClause = /^\s*(?:[,.;!?(\n]|$|\s[-–—]\s)/.test(text.slice(introduced.index + introduced[0].length));
    if (!isKnownWord(name.split(/\s+/)[0] as string) && (isGivenName(name.split(/\s+/)[0] as string) || endsClause)) return { name, index: introduced.index + introduced[0].length - introduced[1].length };
  }
  const meet = found(INTRODUCED_NAME.exec(text));
  if (meet) return meet;
  // "my neighbour Gerald", "our landlady Mrs Okoro" is taken by the titles; "twins Ana and Eva, 12": the
  // sketch is of the person named, and of two named, of the first.
  const related = RELATED_NAME.exec(text);
  if (related?.[1] && !isKnownWord(related[1]) && placeAt(related[1]) === undefined) return found(related);
  const pair = NAMED_PAIR.exec(text);
  if (pair?.[1] && pair[2] && isGivenName(pair[1]) && isGivenName(pair[2])) return found(pair);
  // "Retired teacher Hans, 70": a given name we know, right before the age, after the words that say what they are.
  const beforeAge = /(?<=^(?:[\p{L}-]+\s+){1,4})(\p{Lu}\p{Ll}+)(?=\s*,\s*\d{1,3}\b)/u.exec(text);
  // A name the lists lack counts when a job says what they are ("Blind pianist Amadou, 50"); a given name
  // that is also a place, when the sketch places them elsewhere ("Single mum Kerry, 29, in Hull").
  const beforeName = beforeAge?.[1];
  if (beforeAge && beforeName && /^\p{Lu}?[\p{Ll}'’-]*(?:\s+[\p{Ll}'’-]+)*\s+$/u.test(text.slice(0, beforeAge.index))) {
    const prefix = text.slice(0, beforeAge.index);
    const prefixWords = prefix.trim().split(/\s+/);
    // "Min-ji Kim, 27": one capitalised word before it is the given name of the same name, not what they are.
    const describes = prefixWords.some((word) => /^\p{Ll}/u.test(word)) || isKnownWord(prefixWords[0] as string) || DESCRIPTOR_WORDS.has(prefix.trim().toLowerCase()) || STATUS_WORDS.has(prefix.trim().toLowerCase());
    const after = text.slice(beforeAge.index + beforeName.length);
    const placedElsewhere = placesIn(after).length > 0 || /\b(?:in|from|near)\s+\p{Lu}/u.test(after);
    const asName = placeAt(beforeName) === undefined ? !isKnownWord(beforeName) && (isGivenName(beforeName) || looksLikeOccupation(prefix.trim())) : isGivenName(beforeName) && placedElsewhere;
    if (asName && describes) return found(beforeAge);
  }
  // "a nurse named Ana", but not "a dog named Bingo".
  const named = /\b(\p{L}+)\s+(?:named|called)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})/u.exec(text);
  const namedPerson = named && !/^(?:dog|cat|puppy|kitten|parrot|horse|rabbit|hamster|boat|band|shop|bar|cafe|café|company|town|village|bakery|restaurant|pub|farm|street|book|podcast|channel|show|team|club|son|daughter|husband|wife|partner|kid|boyfriend|girlfriend|brother|sister|friend|cats|dogs)$/i.test(named[1] as string);
  // A name that opens the sketch may be any capitalised words ("Olu, 38"); one that opens a later
  // sentence, or stands alone, must be a given name we know, or "Married." and "Gamer" would pass.
  const sentenceStart = new RegExp(String.raw`(?:^|[.!?;\n])\s*(${NAME_WORDS})(?=${AFTER_NAME}|${VERB_AFTER_NAME.source.slice(1)}|\s*$)`, "gu");
  for (const match of text.matchAll(sentenceStart)) {
    const candidate = match[1] as string;
    const words = candidate.split(/\s+/);
    // One letter is an initial or a label's ("D.O.B."), never a name of its own.
    if (candidate.length < 2) continue;
    const atStart = text.slice(0, match.index ?? 0).trim() === "";
    const after = text.slice((match.index ?? 0) + match[0].length);
    const followed = new RegExp(String.raw`^${AFTER_NAME}`, "u").test(after);
    // "Quinn, 25, barista" is someone called Quinn; "Quinn, 25, top main" may be a champion.
    const championAsName = atStart && followed && words.length === 1 && CHAMPION_PATTERN.test(candidate) && !LEAGUE_WORDS.test(text) && !/\bmains?\b|\b(?:support|jungle|mid|top|adc)\b/i.test(text);
    if (championAsName) return { name: candidate, index: (match.index ?? 0) + match[0].lastIndexOf(candidate) };
    // A given name that is also a place opens the sketch as a name when an age follows it or the
    // sketch places them elsewhere ("Sofia, 28, engineer in Lagos"; "Victoria, teacher in Manchester").
    const agedAfter = /^\s*,\s*\d{1,2}\b/.test(after);
    const placedElsewhere = placesIn(text.slice((match.index ?? 0) + match[0].length)).length > 0;
    const placeAsName = atStart && followed && words.length === 1 && placeAt(candidate) !== undefined && ((isGivenName(candidate) && (agedAfter || placedElsewhere)) || (agedAfter && placedElsewhere));
    if (placeAsName) return { name: candidate, index: (match.index ?? 0) + match[0].lastIndexOf(candidate) };
    // "Tom Single, 40", "Joe Black, 44": after a given name opening the sketch, a word is a family name even when it is also a word.
    const familyAfterGiven = atStart && followed && words.length > 1 && isGivenName(words[0] as string) && !isKnownWord(words[0] as string);
    // "Dev, 29, chef in Pune", "Mason, 30, bricklayer": a given name we know that is also a job's word names them, when a job follows.
    const nameThoughAJob = atStart && agedAfter && words.length === 1 && isGivenName(candidate) && ANY_OCCUPATION.test(after.replace(/^\s*,\s*\d{1,3}/u, ""));
    if (nameThoughAJob) return { name: candidate, index: (match.index ?? 0) + match[0].lastIndexOf(candidate) };
    // "Nguyen Van An, 50": a name of a culture that writes the family name first, though "Van" is also a place.
    const familyFirstName = atStart && followed && words.length > 1 && readPersonName(words) !== undefined;
    if (!familyAfterGiven && !familyFirstName && words.some(isKnownWord)) continue;
    if (!followed && VERB_AFTER_NAME.test(after) && !isGivenName(words[0] as string)) continue;
    if ((atStart && followed) || isGivenName(words[0] as string)) return { name: candidate, index: (match.index ?? 0) + match[0].lastIndexOf(candidate) };
  }
  return namedPerson ? found(named, 2) : undefined;
}

/** "6 months", "10 months old", "2 weeks old", "3 days old": "old", or a clause of its own — not "3 months in Spain". */
const INFANT_AGE = /(?:(?<=(?:^|[,;:(|•–—]|\b(?:is|aged|just|only))\s*)(\d{1,2})\s*(months?|mos?|weeks?|wks?|days?)(?:\s+old)?(?=\s*(?:[,;:)|•–—.]|$))|\b(\d{1,2})[\s-]*(months?|weeks?|days?)[\s-]*old\b)/iu;

const UNITS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
/** A number up to a hundred and some, in words: "forty-five", "twenty one", "twelve", "a hundred and two". */
const WORDED_NUMBER = String.raw`(?:(?:${Object.keys(TENS).join("|")})(?:[\s-](?:${Object.keys(UNITS).slice(0, 9).join("|")}))?|${Object.keys(UNITS).join("|")}|(?:a|one)\s+hundred(?:\s+and\s+[\p{L}-]+)?)`;
/** An age in words: "forty-five years old", "a twenty-five-year-old", "aged sixty-one", and one standing as a clause of its own ("Hannah, thirty-two, vet in Cork"). */
const WORDED_AGES = [
  new RegExp(String.raw`\b(${WORDED_NUMBER})[\s-]*(?:years?[\s-]*old|year-old)\b`, "iu"),
  new RegExp(String.raw`\baged?\s*[:=]?\s*(${WORDED_NUMBER})(?![\p{L}-])`, "iu"),
  new RegExp(String.raw`(?:,|:|\s[-–—|/·•]|[–—|·•])\s*(${WORDED_NUMBER})\s*(?=,|\.|\(|;|$|\s*[–—|·•]|\s[-/]\s)`, "iu"),
];
/** "forty-five" → 45, "twelve" → 12, "a hundred and two" → 102. */
function wordedNumber(words: string): number {
  const parts = words.toLowerCase().split(/[\s-]+/).filter((word) => word !== "and" && word !== "a");
  // "one hundred and two": a hundred times what came before it (one, or nothing), then the rest.
  return parts.reduce((sum, word) => (word === "hundred" ? Math.max(sum, 1) * 100 : sum + (TENS[word] ?? UNITS[word] ?? 0)), 0);
}

/** A number in words that opens a value ("forty-two", "sixty, retired"), as figures. */
function leadingWordedNumber(value: string): string | undefined {
  const words = new RegExp(String.raw`^\s*(${WORDED_NUMBER})(?![\p{L}])`, "iu").exec(value)?.[1];
  return words ? String(wordedNumber(words)) : undefined;
}

const AGE_PATTERNS = [
  /\b(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*old\b/i,
  // Other languages' "34 years": French "34 ans", Spanish "34 años", Portuguese "34 anos", Italian "34 anni",
  // German "34 Jahre"/"34-jährige", Dutch "34 jaar", Polish "34 lat", Russian "34 года"/"лет", Swedish/Norwegian/Danish "34 år", Finnish "34 vuotta", Turkish "34 yaşında".
  // Not a span of time ("dans 10 ans", "hace 5 años", "seit 3 Jahren", "od 10 lat", "через 2 года").
  /(?<![\p{L}\d])(?<!(?:^|[^\p{L}])(?:dans|depuis|pendant|en|hace|desde|durante|dentro de|tra|fra|da|per|seit|vor|nach|für|in|há|por|od|za|przez|через|за|после|i|om|för|sedan)\s+)(\d{1,3})[\s-]*(?:ans|años|anos|anni|jahre|jahren|jährige[rn]?|jähriger|jaar|lat|года|год|лет|år|vuotta|vuotias|yaşında)(?![\p{L}])/iu,
  /\baged?\s*[:=]?\s*(\d{1,3})\b/i,
  // German "ich bin 41", "Anja, bin 41 und …": "am 41".
  /(?:\bich\s+bin|,\s*bin|\bund\s+bin)\s+(\d{1,2})(?![\p{L}\d])(?!\s*(?:Uhr|km|kg|Euro|%))/iu,
  /\b(\d{1,3})\s*(?:yo|y\/o|y\.o\.)\b/i,
  // A clause of its own between commas, dashes, bars or bullets: "Kenji — 34 — sushi chef", "Berlin | 34 | teacher".
  /(?:,|:|\s[-–—|/·•]|[–—|·•])\s*(\d{1,2}|1[01]\d)\s*(?=,|\.|\(|;|$|\s*[–—|·•]|\s[-/]\s)/,
  /^\s*\p{Lu}[\p{L}'’-]*\s*\(\s*(\d{1,2})\s*\)/u,
  /(?:^|[.;\n]\s*)(\d{1,2})\s*(?=[.;\n]|$)/,
  /\b(?:i['’]m|i am|she['’]s|he['’]s|they['’]re|is|just turned|turning)\s+(\d{1,2})(?![\p{L}\d])(?!\s*(?:years?\s+(?:of|in|as|at|on)|hours?|kids|children|grand|%|dogs?|cats?|times))/iu,
];

/** "in her thirties" → the decade's bounds; the enhancer picks a value inside. */
export function ageRangeOf(text: string): [number, number] | undefined {
  const decade = DECADE_PATTERN.exec(text);
  // "in her early thirties", or "early 30s", "mid-40s" on their own.
  const written = decade?.[2] ?? decade?.[4] ?? decade?.[5];
  if (!decade || !written) return undefined;
  const word = written.toLowerCase();
  const start = DECADES[word] ?? Number(word.slice(0, 2));
  const part = (decade[1] ?? decade[3])?.toLowerCase();
  if (word === "teens") return [13, 19];
  if (part === "early") return [start, start + 3];
  if (part === "mid") return [start + 3, start + 6];
  if (part === "late") return [start + 6, start + 9];
  return [start, start + 9];
}
// "in her thirties", "late 40s", and a decade standing as a clause of its own ("Retired dancer, 70s, Paris").
const DECADE_PATTERN = /(?:\bin\s+(?:his|her|their|my)\s+(early|mid|late)?[\s-]*(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|\d0s)|\b(early|mid|late)[\s-]*(\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties)|(?<=(?:^|[,;:(|•–—])\s*)(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0s)(?=\s*(?:[,;:)|•–—.]|$)))\b/i;

// …and the words of a role that carry a sex: "priestess", "huntress", "horsewoman", "milkmaid"; "ferryman", "monk".
const FEMALE_WORDS = /\b(she|her|hers|herself|woman|girl|female|mother|mom|mum|wife|widow|daughter|sister|lady|grandmother|grandma|actress|waitress|businesswoman|priestess|huntress|seamstress|sorceress|enchantress|stewardess|hostess|governess|duchess|countess|empress|princess|abbess|heiress|poetess|goddess|baroness|shepherdess|laundress|songstress|seeress|prophetess|deaconess|giantess|ogress|patroness|mayoress|manageress|sculptress|marchioness|viscountess|tsarina|czarina|\p{L}*mistress|\p{L}+woman|\p{L}*(?:milk|bar|chamber|dairy|house)maid|nun|queen|matriarch)\b/giu;
const MALE_WORDS = /\b(he|him|his|himself|man|boy|male|father|dad|husband|widower|son|brother|guy|grandfather|grandpa|actor|businessman|(?!(?:hu|sha|wo|ger|ro|otto|tali|cai|dober|walk|super|ro)man\b)\p{L}{2,}man|monk|king|patriarch|friar)\b/giu;

/** Kinship words, which name the person ("a mother of two") or a relative ("one daughter", "her husband"). */
const KIN_WORD = /^(?:mother|mom|mum|wife|daughter|sister|grandmother|grandma|father|dad|husband|son|brother|grandfather|grandpa|girl|boy)$/i;
/** What before a kinship word makes it a relative: a possessive, a number, a verb of having ("has a son", "two daughters", "with her husband"). */
const RELATIVE_BEFORE = /\b(?:has|have|had|with|and|raising|raises|her|his|their|my|our|your|whose|lost|of|one|two|three|four|five|six|seven|\d+|several)\s+(?:[\p{L}-]+\s+)?$/iu;

/** Whether the word at `index` names a relative of the person ("one daughter", "her husband"), not the person. */
export function namesARelative(text: string, index: number, word: string): boolean {
  // "My grandmother: 82, loves crosswords": a sketch that opens with a relative is about them.
  if (/^\s*(?:my|our)\s+$/i.test(text.slice(0, index))) return false;
  return KIN_WORD.test(word.replace(/s$/i, "")) && RELATIVE_BEFORE.test(text.slice(Math.max(0, index - 30), index));
}

function findGender(text: string): "female" | "male" | undefined {
  const own = (match: RegExpMatchArray) => !namesARelative(text, match.index ?? 0, match[0]);
  // Women's forms of jobs in other languages ("boulangère", "enfermera") say she is a woman.
  const feminineJobs = knowledge().feminineJobForms;
  const feminineJob = [...text.matchAll(/\p{L}+/gu)].filter((word) => feminineJobs.has(fold(word[0]))).length;
  const female = [...text.matchAll(FEMALE_WORDS)].filter(own).length + feminineJob;
  const male = [...text.matchAll(MALE_WORDS)].filter(own).length;
  if (female > male) return "female";
  if (male > female) return "male";
  return undefined;
}

interface Place {
  index: number;
  length: number;
  location: string;
  country: Country;
  /** The demonym when the match was one ("Japanese"). */
  nationality?: string;
  /** A nation's adjective ("Scottish"): where they are from, and where they live only when nothing else says. */
  byAdjective?: true;
}

/** The nations of a country whose adjective names a person's home without being a demonym of the country. */
const NATIONS_BY_ADJECTIVE: Readonly<Record<string, string>> = { english: "England", scottish: "Scotland", welsh: "Wales" };

/**
 * Whether the words after a people's word make it what they teach, study or make rather than who they
 * are: "an English teacher in Tokyo", "Italian cuisine", "Irish dance" (the understanding's lexicon:
 * data/terms.json `language_roles` and `styles_after_demonyms`).
 */
function namesASubject(after: string): boolean {
  const next = /^[ -]+([\p{L}]+)/u.exec(after)?.[1];
  if (!next) return false;
  const { languageRoles, stylesAfterDemonyms } = knowledge();
  return languageRoles.has(fold(next)) || stylesAfterDemonyms.has(fold(next));
}

const countryName = (country: Country) => country.name.replace(/^the /, "");

/**
 * Wars a veteran is "of", by the word the sketch uses for them, with the years their soldiers were born
 * (service ages ~18–40 over the war's years): "a Vietnam vet", "Gulf War veteran", "Iraq era".
 */
const WARS: ReadonlyArray<{ words: RegExp; name: string; born: [number, number] }> = [
  { words: /\b(?:WWII|WW2|World\s+War\s+(?:II|2|Two)|Second\s+World\s+War)\b/i, name: "the Second World War", born: [1900, 1927] },
  { words: /\bKorea(?:n)?(?=\s+(?:War|era|vet|veteran))/, name: "the Korean War", born: [1912, 1935] },
  { words: /\bVietnam(?:ese)?(?=\s+(?:War|era|vet|veteran))/, name: "the Vietnam War", born: [1925, 1957] },
  { words: /\b(?:Gulf(?=\s+(?:War|era|vet|veteran))|Desert\s+Storm)/, name: "the Gulf War", born: [1951, 1973] },
  { words: /\bFalklands(?=\s+(?:War|era|vet|veteran))/, name: "the Falklands War", born: [1942, 1964] },
  { words: /\b(?:Iraq|Afghanistan|Afghan)(?=\s+(?:War|era|vet|veteran))/, name: "the wars in Iraq and Afghanistan", born: [1961, 2003] },
];
const WAR_TAIL = /^\s+(?:War|era|vet|veterans?)\b/;

/** The war a veteran fought in, where it stands in the text and the ages its soldiers are now. */
function warOf(text: string): { name: string; index: number; length: number; ages: [number, number] } | undefined {
  for (const war of WARS) {
    const match = war.words.exec(text);
    if (!match) continue;
    if (!/\b(?:vet|veterans?|served|era|war|fought|soldier|marine)\b/i.test(text)) continue;
    const tail = WAR_TAIL.exec(text.slice(match.index + match[0].length));
    return { name: war.name, index: match.index, length: match[0].length + (tail?.[0].length ?? 0), ages: [Math.max(18, PRESENT_YEAR - war.born[1]), Math.min(105, PRESENT_YEAR - war.born[0])] };
  }
  return undefined;
}

/** Other names of big cities ("LA", "NYC", "Bombay") with the city and country they name. */
let cityAliasPlaces: ReadonlyArray<{ pattern: RegExp; location: string; country: Country }> | undefined;
function cityAliasesOfSketches(): ReadonlyArray<{ pattern: RegExp; location: string; country: Country }> {
  cityAliasPlaces ??= Object.entries(knowledge().gazetteer.cityAliases).flatMap(([alias, name]) => {
    const city = knowledge().gazetteer.countries.flatMap((country) => country.cities.filter((candidate) => candidate.name === name)).sort((a, b) => b.population - a.population)[0];
    const country = city ? countriesOfSketches().find((candidate) => candidate.code === city.country) : undefined;
    if (!city || !country) return [];
    // A short alias is one only in capitals ("LA", not "la"); a longer one in any case a place is written in.
    const pattern = new RegExp(`(?<![\\p{L}])${escape(alias)}(?![\\p{L}])`, alias.length <= 3 ? "u" : "iu");
    return [{ pattern, location: `${city.name}, ${countryName(country)}`, country }];
  });
  return cityAliasPlaces;
}

const HYPHENATED_PEOPLES = /(?<![\p{L}])(\p{Lu}\p{Ll}+)[-–](\p{Lu}\p{Ll}+)(?![\p{L}])/u;

const LIVED_BEFORE = /(?:\bused\s+to\s+(?:live|work)\s+in|(?<!\b(?:has|have|had)\s+(?:always\s+)?)(?<!['’]s\s+)\blived\s+in|\bspent\s+(?:\d+|a\s+few|a\s+couple\s+of|many|several|two|three|four|five|ten|twenty)\s+(?:years?|months?|decades?)\s+(?:\p{L}+\s+)?in|\bformerly\s+(?:of|in)|\bpreviously\s+(?:in|of|lived\s+in)|\bafter\s+(?:\d+|many|several|\p{L}+)\s+(?:years?|decades?)\s+in)\s+(?:the\s+)?$/iu;

/** Every known place the text names: cities, countries, demonyms, and regions after a preposition. */
function placesIn(text: string): Place[] {
  const places: Place[] = [];
  for (const country of countriesOfSketches()) {
    for (const city of country.cities) {
      const match = new RegExp(`(?<![\\p{L}])${escape(city)}(?![\\p{L}])`, "u").exec(text);
      if (match) places.push({ index: match.index, length: city.length, location: `${city}, ${countryName(country)}`, country });
    }
    for (const alias of country.aliases) {
      if (alias.length < 3 && alias !== "uk") continue;
      const match = new RegExp(`(?<![\\p{L}])${escape(alias)}(?![\\p{L}])`, "iu").exec(text);
      if (!match) continue;
      const demonym = alias.startsWith(country.demonym.toLowerCase()) || /^(?:filipina|swede|swedes|dane|danes|finn|finns|pole|poles|turk|turks|aussie|argentinian|persian)$/.test(alias);
      const nation = NATIONS_BY_ADJECTIVE[alias];
      // "us" and "american" in lower case are words, not places.
      if ((alias === "us" || demonym || nation) && !/^\p{Lu}/u.test(match[0])) continue;
      if ((demonym || nation) && namesASubject(text.slice(match.index + match[0].length))) continue;
      const name = countryName(country);
      if (nation) {
        places.push({ index: match.index, length: match[0].length, location: `${nation}, ${name}`, country, byAdjective: true });
        continue;
      }
      const isCountryWord = alias === name.toLowerCase() || demonym || alias.length <= 3 || alias.includes(".") || /^(?:england|scotland|wales|britain|america|holland|united kingdom|united states|south korea|korea|czech republic|brasil|türkiye|turkiye|viet nam)$/.test(alias);
      const location = isCountryWord ? (/^(?:england|scotland|wales)$/.test(alias) ? `${cap(alias)}, ${name}` : name) : `${match[0]}, ${name}`;
      places.push({ index: match.index, length: match[0].length, location, country, ...(demonym ? { nationality: country.demonym } : {}) });
    }
  }
  for (const [code, regions] of Object.entries(REGIONS)) {
    const country = countryByCode(code) as Country;
    for (const region of regions) {
      const match = new RegExp(`(?:\\b(?:in|from|near|outside|of|across|rural|coastal|northern|southern|eastern|western|upstate|downstate)\\s+|,\\s*|^|:\\s*)(${escape(region)})(?![\\p{L}])`, "u").exec(text);
      if (match?.[1]) places.push({ index: match.index + match[0].indexOf(match[1]), length: region.length, location: `${region}, ${countryName(country)}`, country });
    }
  }
  for (const alias of cityAliasesOfSketches()) {
    const match = alias.pattern.exec(text);
    if (match && !places.some((place) => place.index <= match.index && place.index + place.length >= match.index + match[0].length)) places.push({ index: match.index, length: match[0].length, location: alias.location, country: alias.country });
  }
  // "a Vietnam vet", "Korean War veteran": the war they fought in, not where they live or come from.
  return places.filter((place) => !WAR_TAIL.test(text.slice(place.index + place.length))).sort((a, b) => a.index - b.index || b.length - a.length);
}

function placeAt(word: string): Place | undefined {
  return placesIn(word).find((place) => place.index === 0 && place.length === word.length);
}

/** "born in 1950", "DOB: 1988", "D.O.B. 03/11/1990", "Year of birth: 1975", "b. 1962": the birth year (group 1). */
const BIRTH_DATE = /(?:\bborn|\bb\.|\bDOB\b|\bD\.O\.B\.?|\b(?:date|year)\s+of\s+birth|\bbirth\s*(?:year|date))\s*[:=–—-]?\s*(?:in\s+|on\s+)?(?:(?:\d{1,2}|[\p{L}]{3,9})[\s/.-]+(?:\d{1,2}[\s/.-]+|[\p{L}]{3,9},?\s+)?)?(1[89]\d\d|20[0-2]\d)\b/iu;
/** Compact age and sex: "32F", "45M", "F/28", "28/f" (groups: age then sex, or sex then age). */
const COMPACT_AGE_SEX = /(?<=(?:^|[|/,;•(\n])\s*)(?:(\d{1,2})\s?([FMfm])|([FMfm])\s*\/\s*(\d{1,2})|(\d{1,2})\s*\/\s*([FMfm]))(?=\s*(?:[|/,;•)\n.]|$))/u;
/** A lone F or M standing as a field between separators ("age 52 | F | Sao Paulo"). */
const LONE_SEX = /(?:^|[|/,;•])\s*([FM])\s*(?=[|/,;•]|$)/mu;
/** Roles of invented worlds that no job suffix shows ("Witch Morwen", "Scout Talen", "Bard Elian"). */
const CHARACTER_ROLES: ReadonlySet<string> = new Set(["witch", "wizard", "mage", "druid", "bard", "scout", "paladin", "cleric", "rogue", "thief", "assassin", "seer", "oracle", "shaman", "sage", "hermit", "herald", "jester", "minstrel", "steward", "vizier", "warden", "mystic", "monk", "nun", "priest", "abbot", "friar", "chieftain", "warlord", "knight", "squire", "smith", "guard", "sentry", "spy", "pilgrim", "nomad", "pirate", "corsair", "mercenary", "outlaw", "bandit", "courier", "envoy", "emissary", "scribe", "cartographer", "navigator", "quartermaster", "bosun", "medic", "engineer", "pilot", "technician", "android", "cyborg"]);

/**
 * A character sketch's opening "<Role words> <Name>" ("Merchant Kael", "Guard Captain Sera", "Healer
 * Miriel of the Silver Grove", "Old Maren"): capitalised role words — a job's, a rank's, or "Old"/"Young" —
 * then one capitalised word that is no word we know, ending the clause. The role is their occupation.
 */
const ROLE_NAME = new RegExp(String.raw`^\s*((?:\p{Lu}[\p{Ll}'’-]+\s+){1,3})(\p{Lu}[\p{Ll}'’-]+)(?=\s*(?:[,.;:(—–]|$)|\s+(?:of|from|who|the|in|at)\b|${VERB_AFTER_NAME.source.slice(1)})`, "u");
function findRoleName(text: string): { name: string; occupation?: string; old: boolean; end: number } | undefined {
  const match = ROLE_NAME.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const name = match[2];
  const words = match[1].trim().split(/\s+/);
  const roleWord = (word: string) => STATUS_WORDS.has(word.toLowerCase()) || CHARACTER_ROLES.has(word.toLowerCase()) || knowledge().occupationByName.has(word.toLowerCase()) || TITLE_BY_WORD.get(word)?.rank === true || /^(?:Captain|Chief|Master|Mistress|Elder|High|Lord|Lady|Sir|Dame)$/.test(word) || looksLikeOccupation(word);
  // A title's own reading ("Coach Brennan", "Captain Ahab", "Dr Okafor") is the titled name's.
  if (TITLE_BY_WORD.has(words[0] as string)) return undefined;
  const old = /^(?:Old|Young|Little|Big)$/.test(words[0] as string);
  const roles = old ? words.slice(1) : words;
  // The last is the role ("Watch Sergeant", "Gate Commander"); the words before it may only qualify it.
  const qualifies = (word: string) => roleWord(word) || (!isGivenName(word) && placeAt(word) === undefined);
  if (!(roles.length === 0 || (roleWord(roles.at(-1) as string) && roles.slice(0, -1).every(qualifies))) || (roles.length === 0 && !old) || (roles.length > 0 && roles.every((word) => STATUS_WORDS.has(word.toLowerCase())))) return undefined;
  // The name must be no word we know as something else, and a given name or a name no list holds.
  // ("Aldric" ends like a job, "Vex" is a champion's name: outside League talk neither stops it being a name.)
  const championOnly = CHAMPION_PATTERN.test(name) && !LEAGUE_WORDS.test(text) && !NOT_NAMES.has(name) && !TITLE_BY_WORD.has(name) && !KIN_WORD.test(name);
  const jobWord = OCCUPATION_HEADS.has(name.toLowerCase()) || knowledge().occupationByName.has(name.toLowerCase());
  if ((isKnownWord(name) && !championOnly && !(looksLikeOccupation(name) && !jobWord)) || jobWord || placeAt(name) !== undefined) return undefined;
  const occupation = roles.filter((word) => !/^(?:Lord|Lady|Sir|Dame|Elder|High)$/.test(word)).join(" ").toLowerCase();
  return { name, ...(occupation ? { occupation } : {}), old: old && words[0] === "Old", end: match[0].length };
}

/** Words that introduce the person by name: "Meet Rosa", "Introducing Bea", "Say hello to Marco", "Here's Leila". */
const INTRODUCING = String.raw`(?:[Mm]eet|[Ii]ntroducing|[Pp]resenting|[Hh]ere['’]s|[Hh]ere\s+is|[Ss]ay\s+(?:hello|hi)\s+to|[Ll]et\s+me\s+introduce|[Aa]llow\s+me\s+to\s+introduce|[Pp]lease\s+welcome)`;
const INTRODUCTION = new RegExp(String.raw`^${INTRODUCING}\s+\p{Lu}`, "u");
const INTRODUCED_NAME = new RegExp(String.raw`\b${INTRODUCING}\s*[:—–]?\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})`, "u");
/** Keys of "Key: value" lines that map onto fields we already know. */
const KEY_FIELDS: Record<string, string> = {
  name: "name", "full name": "name", age: "age", gender: "gender", sex: "gender", pronouns: "pronouns",
  location: "location", city: "location", lives: "location", "lives in": "location", home: "location", hometown: "location", based: "location", "based in": "location", from: "location", country: "location", place: "location",
  nationality: "nationality", occupation: "occupation", job: "occupation", profession: "occupation", work: "occupation", career: "occupation", "job title": "occupation",
  hobbies: "hobbies", hobby: "hobbies", interests: "interests", likes: "interests", loves: "interests", dislikes: "dislikes", personality: "temperament", temperament: "temperament", traits: "temperament", vibe: "temperament",
  goal: "goals", goals: "goals", backstory: "backstory", background: "backstory", bio: "backstory", quirk: "quirks", quirks: "quirks", voice: "voice",
  champion: "main_champion", "main champion": "main_champion", main: "main_champion", rank: "rank", elo: "rank", region: "region", server: "region",
  family: "family", kids: "family", children: "family", pets: "pets", languages: "languages", language: "languages", education: "education",
  "works as": "occupation", "working as": "occupation", residence: "location", "lives at": "location", "marital status": "marital_status",
  schedule: "schedule", shift: "schedule", shifts: "schedule", experience: "years_experience", "years of experience": "years_experience", unit: "unit", ward: "unit", workplace: "workplace", employer: "workplace", status: "status",
};
const LOL_ROLE_VALUES: Record<string, string> = { support: "support", supp: "support", jungle: "jungle", jungler: "jungle", mid: "mid", "mid lane": "mid", top: "top", "top lane": "top", adc: "adc", bot: "adc", marksman: "adc" };

/** Keys whose values are prose and run to the end of the line, sentences and all. */
const PROSE_KEYS = new Set(["backstory", "background", "bio", "quirk", "quirks", "voice", "goal", "goals", "notes", "description", "about"]);
/** A sentence of a line: it ends at ". " (but not "Dr. Mundo" or "St. Louis") or at the line's end. */
const SENTENCE = /(?:[^.!?]|(?<=\b(?:Dr|St|Mr|Mrs|Ms|Jr|Sr|Mt|Ft|vs|etc))\.|[.!?](?!\s))+(?:[.!?]+|$)/gu;

function readKeyValues(reader: Reader, sketch: Sketch): void {
  const lines = /^[ \t]*(?:[-*•‣▪][ \t]*)?([^\n]*)$/gmu;
  for (const lineMatch of reader.text.matchAll(lines)) {
    const line = lineMatch[1] as string;
    const lineStart = (lineMatch.index ?? 0) + lineMatch[0].length - line.length;
    // A value ends with its sentence ("Name: Lucas. Age 19." names Lucas), except a prose field's.
    sentences: for (const sentence of line.matchAll(SENTENCE)) {
      const content = sentence[0];
      const offset = sentence.index ?? 0;
      // Several pairs in one sentence ("Name: Ana, Age: 30 | Job: nurse").
      // A dash is a label's too, for a key we know ("* Name - Dmitri Volkov", "Full name — Ingrid Larsen").
      const piece = /([\p{L}][\p{L} _/'-]{0,30}?)([ \t]*:|[ \t]+[-–—]|[ \t]*[–—])[ \t]*(.+?)[ \t]*(?=[,;|][ \t]*[\p{L}][\p{L} _/'-]{0,30}:|$)/gu;
      for (const pair of content.matchAll(piece)) {
        const before = content.slice(0, pair.index).trim();
        if (before !== "" && !/[,;|]$/.test(before)) continue;
        const key = (pair[1] as string).trim().toLowerCase();
        if (!(pair[2] as string).includes(":") && KEY_FIELDS[key] === undefined) continue;
        pair[2] = pair[3] as string;
        // After the line's first sentence only a key we know starts a pair: "Her rule: never give up" is prose.
        if (offset > 0 && KEY_FIELDS[key] === undefined) continue;
        const pairStart = offset + (pair.index ?? 0);
        const prose = PROSE_KEYS.has(key);
        const valueStart = offset + (pair.index ?? 0) + pair[0].length - (pair[2] as string).length - (pair[0].length - pair[0].trimEnd().length);
        let pairEnd = prose ? line.length : offset + (pair.index ?? 0) + pair[0].length;
        let rawValue = (prose ? line.slice(valueStart) : (pair[2] as string)).trim().replace(/[,;|.]$/, "").trim();
        // "Name: Bo, 44, accountant in Malmö": the name ends at its clause; the rest is read as prose.
        const nameEnd = KEY_FIELDS[key] === "name" ? /[,;(]/.exec(rawValue) : null;
        if (nameEnd) {
          rawValue = rawValue.slice(0, nameEnd.index).trim();
          pairEnd = valueStart + nameEnd.index;
        }
        // "Meet Rosa: 67", "Introducing Bea: 33": an introduction before a name, not a label.
        // A birth date's label is read with its date (BIRTH_DATE), as an age.
        if (/^(?:dob|d\.o\.b\.?|date of birth|year of birth|birth ?year|birth ?date|born)$/.test(key)) continue;
        if (INTRODUCTION.test(pair[1] as string) || /^(?:meet|introducing|presenting|here['’]s|here is|say hello to|say hi to|let me introduce|please welcome)$/.test(key) || /^(?:meet|introducing|presenting|this\s+is)\s+(?:my|our|the|a|an)\b/.test(key)) continue;
        if (key.split(/\s+/).length > 4 || /^(?:meet|note that)$/.test(key) || rawValue === "" || /^\d/.test(rawValue) && /^\d{1,2}$/.test(key)) continue;
        let field = KEY_FIELDS[key] ?? key.replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_|_$/g, "");
        let value = rawValue;
        if (key === "role" || key === "position" || key === "lane") field = LOL_ROLE_VALUES[value.toLowerCase()] ? "main_role" : "occupation";
        if (field === "main_role") value = LOL_ROLE_VALUES[value.toLowerCase()] ?? value;
        // "Age: 34 (born 1990)", "Age: forty-two": the number, in figures or words.
        if (field === "age") value = /\d{1,3}/.exec(value)?.[0] ?? leadingWordedNumber(value) ?? value;
        if (field === "years_experience") value = /^(\d{1,2})\b/.exec(value)?.[1] ?? value;
        // "children: 3", "kids": 2: a count of children.
        if (field === "family" && /^(?:kids|children|child)$/.test(key) && /^\d{1,2}$/.test(value)) value = value === "0" ? "no children" : value === "1" ? "one child" : `${value} children`;
        // "status: widow", "married: yes": a marital status.
        const marital = MARITAL_VALUE.exec(value)?.[1]?.toLowerCase();
        if (field === "status" && marital) [field, value] = ["marital_status", MARITAL_NORMAL[marital] ?? marital];
        if (/^(?:married|is married)$/.test(key) && /^(?:yes|y|true|1)$/i.test(value)) [field, value] = ["marital_status", "married"];
        if (/^(?:married|is married)$/.test(key) && /^(?:no|n|false|0)$/i.test(value)) [field, value] = ["marital_status", "single"];
        if (field === "gender") {
          const lower = value.toLowerCase();
          const normal = /^(?:f|female|woman|girl|she)/.test(lower) ? "female" : /^(?:m|male|man|boy|he)/.test(lower) ? "male" : undefined;
          if (normal) {
            sketch.gender = normal;
            value = normal;
          }
        }
        if (field === "location") {
          const place = placesIn(value)[0];
          if (place) {
            sketch.country = place.country;
            if (place.index === 0 && place.length === value.length) value = place.location;
          }
        }
        if (field === "temperament") value = value.toLowerCase();
        if (!field) continue;
        reader.set(field, value);
        reader.use(lineStart + pairStart, lineStart + pairEnd);
        if (prose) break sentences;
      }
    }
  }
}

/** Takes known adjectives off the front of a noun phrase; what remains is the occupation. */
function splitOccupation(phrase: string): { occupation: string; status: string[]; descriptors: string[]; nationality?: string; marital?: string } | undefined {
  // "a 30 year old nurse": the age is read elsewhere; its "old" is no descriptor.
  const words = phrase.replace(/\b\d{1,3}[\s-]*(?:years?|yrs?)[\s-]*old\b/giu, " ").trim().split(/\s+/);
  const status: string[] = [];
  const descriptors: string[] = [];
  let nationality: string | undefined;
  let marital: string | undefined;
  while (words.length > 1) {
    // A demonym of two words ("Sri Lankan", "South African", "New Zealander") is one.
    const pair = words.length > 2 ? `${words[0]} ${words[1]}` : "";
    if (pair && isDemonym(pair.replace(/,$/, ""))) {
      nationality = pair.replace(/,$/, "");
      words.splice(0, 2);
      continue;
    }
    const word = words[0] as string;
    const lower = word.toLowerCase().replace(/,$/, "");
    if (STATUS_WORDS.has(lower)) status.push(lower);
    else if (DESCRIPTOR_WORDS.has(lower)) descriptors.push(lower);
    else if (TEMPERAMENT_SET.has(lower) || FILLER_WORDS.has(lower) || /^\d{1,3}(?:-?(?:years?|yrs?)-?old|s)?$/.test(lower) || /^(?:years?|old|year-old)$/.test(lower) || /^(?:female|male|non-?binary|enby|genderqueer|genderfluid|agender)$/.test(lower)) {
      // Temperament, age and gender words are read by their own extractors.
    } else if (isDemonym(lower) && !namesASubject(` ${words.slice(1).join(" ")}`)) nationality = word;
    else if (MARITAL_WORDS.test(lower)) marital = lower === "unmarried" ? "single" : lower;
    else break;
    words.shift();
  }
  const rest = words.join(" ").replace(/,$/, "");
  if (!looksLikeOccupation(rest)) return undefined;
  return { occupation: [...status, rest].join(" "), status, descriptors, ...(nationality ? { nationality } : {}), ...(marital ? { marital } : {}) };
}

/** A faith's adjective keeps its capital in a job ("Catholic priest", "Orthodox rabbi"). */
const FAITH_ADJECTIVE = /^(?:catholic|protestant|orthodox|anglican|episcopal|methodist|baptist|lutheran|presbyterian|evangelical|pentecostal|mormon|quaker|amish|mennonite|muslim|sunni|shia|shiite|sufi|jewish|hasidic|hindu|buddhist|tibetan|zen|sikh|jain|christian|coptic|maronite|taoist|daoist|shinto|confucian|bahai|baháʼí|zoroastrian|parsi)$/;
const PHRASE_END = String.raw`(?=\s+(?:in|from|at|who|whose|with|and|living|based|near|on|for|that|working|since|by|of|but|named|called)\b|\s*[,.;:!?()\n–—]|\s+-\s|$)`;
const OCCUPATION_GRAMMAR: RegExp[] = [
  new RegExp(String.raw`\b(?:works|working|worked|employed|job)\s+(?:as|is)\s+(?:an?\s+)?([\p{L}][\p{L}\s&-]*?)` + PHRASE_END, "giu"),
  new RegExp(String.raw`\b((?:[\p{L}][\p{L}-]*\s+){0,2}[\p{L}][\p{L}-]*)\s+by\s+(?:trade|profession)\b`, "gu"),
  new RegExp(String.raw`(?:^|\b(?:is|was|am|as|and|being|been|now|meet\s+\p{Lu}\p{L}*)\b|['’]m|[,:;(—–-]|\.)\s*(?:an?|the)\s+((?:[\p{L}\d][\p{L}\d'’-]*\s+){0,6}?[\p{L}][\p{L}'’-]*)` + PHRASE_END, "giu"),
];

const QUALIFIERS = new Set(["high", "senior", "junior", "chief", "civil", "software", "night", "day", "school", "hospital", "ward", "theatre", "charge", "staff", "sous", "pastry", "head", "lead", "principal", "assistant", "deputy", "community", "home", "district", "family", "dairy", "sheep", "cattle", "tax", "bank", "truck", "taxi", "bus", "cab", "delivery", "ship", "dog", "pet", "hair", "wedding", "court", "trial", "criminal", "divorce", "tattoo", "travel", "flight", "research", "data", "web", "game", "sound", "stage", "studio", "session", "youth", "football", "tennis", "swim", "yoga", "piano", "guitar", "violin", "math", "maths", "science", "history", "english", "music", "art", "drama", "kindergarten", "nursery", "primary", "secondary", "middle", "elementary", "university", "college", "union", "police", "prison", "army", "navy", "air", "fire", "ski", "mountain", "park", "soccer", "basketball", "baseball", "hockey", "rugby", "cricket", "volleyball", "athletics", "boxing", "swimming", "netball", "golf", "chess", "fitness", "life", "career", "driving", "forest", "wildlife", "museum", "city", "county", "state", "federal"]);
/** A word that narrows a job ("pediatric", "night-shift", "ICU"), not a verb or a temperament. */
function isQualifier(word: string): boolean {
  const lower = word.toLowerCase();
  if (STOP_WORDS.has(lower) || FILLER_WORDS.has(lower) || TEMPERAMENT_SET.has(lower) || NOT_OCCUPATIONS.has(lower) || DESCRIPTOR_WORDS.has(lower) || STATUS_WORDS.has(lower) || MARITAL_WORDS.test(lower)) return false;
  if (QUALIFIERS.has(lower) || /^\p{Lu}{2,5}$/u.test(word) || /-/.test(word)) return true;
  return /(?:ic|ical|al|ary|ive|ous|ed|ist)$/.test(lower) && lower.length > 4;
}

/**
 * "ex-marine turned teacher", "former nurse now working as a teacher", "used to be a teacher, now
 * drives a taxi": the job they left (group 1), before the one they do now.
 */
export const LEFT_FOR_ANOTHER_JOB = /\b(?:ex-\s*|former\s+|used\s+to\s+be\s+(?:an?\s+)?)([\p{L}-]+(?:\s+[\p{L}-]+){0,2}?),?\s+(?:turned|now|who\s+now|became|retrained\s+as|until)\s/iu;
/** A job they hope, plan or train for (group 3), which is not yet theirs: "dreams of becoming a vet", "studying to become a pharmacist". */
const ASPIRED_JOB = new RegExp(
  String.raw`\b(?:(dreams?|dreaming|hopes?|hoping|wants?|wanting|would\s+(?:love|like)|aspires?|aspiring|plans?|planning|longs?)\s+(?:of\s+becoming|to\s+(?:be|become))|(training|studying|in\s+training|retraining|working)\s+(?:to\s+(?:be|become)|towards\s+becoming|(?<!working\s+)as))\s+(?:an?\s+)?([\p{L}][\p{L}'’-]*(?:\s+[\p{L}][\p{L}'’-]*){0,2}?)` + PHRASE_END.replace("(?:in|from|", "(?:when|once|one|someday|after|before|like|in|from|"),
  "iu",
);
/** What they do now, after a job they left: "now working as a teacher", "now drives a taxi", "quit nursing to open a bakery". */
const NOW_WORKS_AS = new RegExp(String.raw`\bnow\s+(?:works?|working|employed)\s+as\s+(?:an?\s+)?([\p{L}][\p{L}'’-]*(?:\s+[\p{L}][\p{L}'’-]*){0,2}?)` + PHRASE_END, "iu");
/** "now writes crime novels": a writer; "now writes songs": a songwriter. */
const NOW_WRITES = /\bnow\s+writes\s+(?:[\p{L}-]+\s+){0,2}?(novels|books|fiction|poetry|poems|songs|music|articles|code|software)\b/iu;
/** "now teaches pilates", "now coaches kids", "now paints landscapes": the job the verb makes. */
const NOW_TEACHES = /\bnow\s+(teaches|coaches|paints|farms|tutors|guides)(?:\s+([\p{L}-]+))?/iu;
const NOW_RUNS = /\bnow\s+(?:runs|owns|manages|has)\s+/iu;
const NOW_DRIVES = /\bnow\s+drives\s+(?:an?\s+|the\s+)?(taxi|cab|bus|truck|lorry|tram|train|van|minibus|rickshaw|tuk-tuk|forklift|ambulance)s?\b/iu;
const OPENED_BUSINESS = /\b(?:quit|left|gave\s+up)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?\s+to\s+(?:open|start|run|set\s+up|take\s+over)\s+/iu;

/**
 * A job the sketch names that is not the one they do: one they hope or train for is a goal (a child
 * who dreams of being a vet is a pupil; someone studying to become a pharmacist, a student), and one
 * they left gives way to the one they do now, kept as `former_occupation`.
 */
function readCareerChange(reader: Reader): string | undefined {
  const { text, fields } = reader;
  const aspired = ASPIRED_JOB.exec(text);
  if (aspired?.[3] && fields.occupation && fold(fields.occupation).endsWith(fold(aspired[3]).split(/\s+/).pop() ?? "") && !new RegExp(`\\b${escape(fields.occupation)}\\b`, "i").test(text.slice(0, aspired.index))) {
    const age = Number(fields.age);
    const trainee = aspired[2] !== undefined && /^(?:training|in\s+training|retraining)$/i.test(aspired[2]);
    const studying = aspired[2] !== undefined && /^studying$/i.test(aspired[2]);
    const pupil = aspired[2] === undefined && age > 0 && age < 18 ? (age < 11 ? "primary school pupil" : "secondary school pupil") : undefined;
    const instead = trainee ? `trainee ${aspired[3].toLowerCase()}` : studying ? "student" : pupil;
    if (instead) fields.occupation = instead;
    else delete fields.occupation;
    if (aspired[2]) reader.add("goals", `Wants to become ${withArticle(aspired[3].toLowerCase())}`);
  }
  const left = LEFT_FOR_ANOTHER_JOB.exec(text) ?? (OPENED_BUSINESS.test(text) ? /\b(?:quit|left|gave\s+up)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+to\b/iu.exec(text) : null);
  // "stopped working as a miner, now drives a taxi": a job the negations read as left, with one now.
  const leftByNegation = fields.former_occupation !== undefined && /\bnow\b/i.test(text) ? fields.former_occupation : undefined;
  if (!left?.[1] && !leftByNegation) return aspired?.[3];
  const former = (left?.[1] ?? leftByNegation ?? "").toLowerCase();
  const nowAs = NOW_WORKS_AS.exec(text)?.[1];
  const drives = NOW_DRIVES.exec(text)?.[1];
  const opened = OPENED_BUSINESS.exec(text) ?? NOW_RUNS.exec(text);
  const business = opened ? OWNED_WORK.exec(text.slice(opened.index + opened[0].length)) : null;
  const writes = NOW_WRITES.exec(text)?.[1]?.toLowerCase();
  const writer = writes === undefined ? undefined : /^(?:poetry|poems)$/.test(writes) ? "poet" : /^(?:songs|music)$/.test(writes) ? "songwriter" : /^(?:code|software)$/.test(writes) ? "software developer" : writes === "articles" ? "journalist" : "writer";
  const teaches = NOW_TEACHES.exec(text);
  const teacher = !teaches?.[1] ? undefined : /^teaches$/i.test(teaches[1]) ? (teaches[2] && !/^(?:at|in|kids|children|students|adults|people|part-time|full-time)$/i.test(teaches[2]) ? `${teaches[2].toLowerCase()} teacher` : "teacher") : ({ coaches: "coach", paints: "painter", farms: "farmer", tutors: "tutor", guides: "guide" } as Record<string, string>)[teaches[1].toLowerCase()];
  const now = nowAs?.toLowerCase() ?? writer ?? teacher ?? (drives ? `${drives.toLowerCase()} driver` : business ? `${business[0].replace(/^\S+\s+/u, "").toLowerCase()} owner` : undefined);
  if (now) fields.occupation = now;
  else if (fields.occupation && fold(fields.occupation).replace(/^(?:former|ex-?)\s*/, "") === fold(former)) delete fields.occupation;
  fields.former_occupation ??= former.replace(/^nursing$/, "nurse").replace(/^teaching$/, "teacher");
  if (fields.status === "former" || fields.status === "ex") delete fields.status;
  return aspired?.[3];
}

/** What someone sells and where: "sells tomatoes at Oshodi market" is a market trader, "sells flowers" a flower seller. */
const SELLS = /\b(?:sells|selling|sold)\s+((?:[\p{Ll}-]+\s+){0,2}?[\p{Ll}-]+?)(?=\s+(?:at|in|on|from|by|to|for|and|but|near|outside)\b|[,.;!?\n]|$)(?:\s+(?:at|in|on|from|by)\s+(?:the\s+|a\s+|an\s+)?(?:[\p{L}'’-]+\s+){0,3}?(market|stall|bazaar|souk|kiosk|roadside|street corner|beach|fair|car boot sale)s?\b)?/iu;
const SALES_JOBS: Readonly<Record<string, string>> = { insurance: "insurance agent", cars: "car salesperson", houses: "real estate agent", homes: "real estate agent", property: "real estate agent", "real estate": "real estate agent", software: "software salesperson", advertising: "advertising salesperson", ads: "advertising salesperson" };

function singular(noun: string): string {
  if (/(?:ss|us|is)$/.test(noun)) return noun;
  if (/oes$/.test(noun)) return noun.slice(0, -2);
  if (/ies$/.test(noun)) return `${noun.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/.test(noun)) return noun.slice(0, -2);
  return noun.replace(/s$/, "");
}

/** With no job read, a verb of trade makes one. */
function readTradeVerb(reader: Reader): void {
  if (reader.fields.occupation !== undefined) return;
  const sells = SELLS.exec(reader.text);
  if (!sells?.[1] || /^(?:out|up|well|everything|anything|things|stuff|it|them)$/i.test(sells[1])) return;
  const goods = sells[1].toLowerCase();
  const words = goods.split(/\s+/);
  const head = singular(words.pop() as string);
  const where = sells[2]?.toLowerCase();
  reader.fields.occupation = where === undefined ? (SALES_JOBS[goods] ?? `${[...words, head].join(" ")} seller`) : /^(?:roadside|street corner|beach)$/.test(where) ? "street vendor" : where === "kiosk" ? "kiosk vendor" : "market trader";
}

/** A service they left ("ex-navy", "former police", "retired army"): the job they held, kept as `former_occupation`. */
const SERVICE_LEFT = /\b(?:ex|former|retired)[\s-]+(navy|army|military|air\s+force|RAF|marines?|police|cop|paratrooper|special\s+forces|SAS|coast\s+guard|fire\s+brigade)\b/i;
const SERVICE_JOBS: Readonly<Record<string, string>> = { navy: "navy sailor", army: "soldier", military: "soldier", "air force": "air force serviceman", raf: "RAF serviceman", marine: "marine", marines: "marine", police: "police officer", cop: "police officer", paratrooper: "paratrooper", "special forces": "special forces soldier", sas: "special forces soldier", "coast guard": "coast guard officer", "fire brigade": "firefighter" };

function readServiceLeft(reader: Reader): void {
  const left = SERVICE_LEFT.exec(reader.text);
  const service = left?.[1]?.toLowerCase().replace(/\s+/g, " ");
  // "ex-army, now a chef": the career change read the service as the job left; it is the job held in it.
  const formerService = SERVICE_JOBS[fold(reader.fields.former_occupation ?? "")];
  if (formerService) reader.fields.former_occupation = formerService;
  if (!left || !service || reader.fields.former_occupation !== undefined) return;
  const job = SERVICE_JOBS[service];
  if (!job) return;
  if (reader.fields.occupation === undefined || fold(reader.fields.occupation) === fold(left[0])) reader.fields.former_occupation = job;
  else if (!fold(reader.fields.occupation).includes(fold(job))) reader.fields.former_occupation = job;
}

const JOB_CLAUSE = /(?:^|[,;:.\n(—–])\s*((?:\p{Lu}\p{Ll}+\s+)?(?:[\p{Ll}][\p{L}'’-]*\s+){0,2}[\p{Ll}][\p{L}'’-]*)(?=\s+(?:in|at|on|near|from)\s+(?:the\s+)?\p{Lu}|\s+in\s+\d{3,4}\b)/gu;
/** Words that make a person's noun a pastime or a habit ("keen gardener", "heavy smoker", "early riser"). */
const HOBBYIST_WORDS = /^(?:keen|avid|amateur|hobby|weekend|casual|occasional|passionate|enthusiastic|heavy|light|early|late|big|huge|fast|slow|serial|compulsive|people|coffee|tea|chain|social|former|ex|aspiring|would-be)\b/i;

const NEGATED_JOB = /\b(no\s+longer|stopped|quit|never|not|doesn['’]t|does\s+not|didn['’]t)\s+(?:(?:work(?:s|ed|ing)?\s+as|being|be)\s+|(?<=no\s+longer\s+)(?=an?\s))(?:an?\s+)?([\p{L}-]+(?:\s+[\p{L}-]+)?)(?=\s*(?:[,.;!?]|$)|\s+(?:but|and|in|at|any\s*more)\b)/giu;

function readOccupation(reader: Reader, nameIndex: number | undefined, nameLength: number): void {
  const text = reader.text;
  // "no longer works as a nurse", "stopped working as a chef": a job left; "never worked as a chef": none.
  for (const negated of text.matchAll(NEGATED_JOB)) {
    if (/^(?:no\s+longer|stopped|quit)/i.test(negated[1] as string)) reader.set("former_occupation", (negated[2] as string).toLowerCase());
    reader.useMatch(negated as RegExpExecArray);
  }
  const candidates: Array<{ match: RegExpExecArray; phrase: string }> = [];
  for (const pattern of OCCUPATION_GRAMMAR) {
    // A job word a negation took ("no longer works as a nurse") is none; judged by the phrase's last word, as an age may open it.
    for (const match of text.matchAll(pattern)) if (!reader.isUsed((match.index ?? 0) + match[0].lastIndexOf(match[1] as string) + (match[1] as string).length - 1)) candidates.push({ match: match as RegExpExecArray, phrase: match[1] as string });
    if (candidates.some((candidate) => splitOccupation(candidate.phrase))) break;
  }
  // "Priya, nurse, night shifts…": a bare noun phrase right after the leading name.
  if (nameIndex !== undefined) {
    // …or after their age, and opening with a people's word ("Olaf, 25, Viking archer").
    const after = /^(?:\s*,\s*\d{1,3})?\s*,\s*((?:\p{Lu}\p{Ll}+\s+)?[\p{Ll}][\p{L}-]*(?:\s+[\p{Ll}][\p{L}-]*){0,3})\s*(?=[,.;\n]|$)/u.exec(text.slice(nameIndex + nameLength));
    if (after?.[1] && !reader.isUsed(nameIndex + nameLength + after[0].lastIndexOf(after[1]) + after[1].length - 1)) candidates.push({ match: Object.assign([after[0], after[1]], { index: nameIndex + nameLength, input: text, groups: undefined }) as unknown as RegExpExecArray, phrase: after[1] });
  }
  // "Blind pianist Amadou, 50": the words before a name that opens the sketch say what they are.
  if (nameIndex !== undefined && nameIndex > 0) {
    const before = /^\s*(\p{L}[\p{L}'’-]*(?:\s+[\p{Ll}][\p{L}'’-]*){0,3})\s+$/u.exec(text.slice(0, nameIndex));
    const phrase = before?.[1];
    if (phrase && !HOBBYIST_WORDS.test(phrase) && looksLikeOccupation(phrase) && !reader.isUsed(text.indexOf(phrase))) candidates.push({ match: Object.assign([phrase, phrase], { index: text.indexOf(phrase), input: text, groups: undefined }) as unknown as RegExpExecArray, phrase });
  }
  // "piano tuner in Vienna", "chimney sweep in Kraków": a clause of lower-case words ending in a
  // person's noun, before where they do it, is the job as written, even one the lists lack.
  for (const clause of text.matchAll(JOB_CLAUSE)) {
    const phrase = clause[1] as string;
    // Judged by its last word: a people's word before it may be read already ("Polish hussar in Kraków").
    const start = clause.index + clause[0].indexOf(phrase);
    const nameBefore = reader.isUsed(start) && !isDemonym(phrase.split(/\s+/)[0] as string);
    if (HOBBYIST_WORDS.test(phrase) || !looksLikeOccupation(phrase) || nameBefore || reader.isUsed(start + phrase.length - 1)) continue;
    candidates.push({ match: Object.assign([phrase, phrase], { index: clause.index + clause[0].indexOf(phrase), input: text, groups: undefined }) as unknown as RegExpExecArray, phrase });
  }
  // The first job word that is not a title already read ("Coach Williams, football coach").
  const fixed = [...text.matchAll(OCCUPATION_WORDS)].find((match) => !reader.isUsed(match.index ?? 0)) as RegExpExecArray | undefined;
  if (fixed?.[1]) {
    // The words that qualify the job belong to it: "Pediatric nurse", "dental hygienist", "taxi driver".
    let start = fixed.index;
    for (let taken = 0; taken < 3; taken++) {
      const previous = /([\p{L}][\p{L}'’-]*)[ \t]+$/u.exec(text.slice(0, start));
      // A language before a role that teaches it is what the job is about: "Mandarin tutor".
      const taught = taken === 0 && knowledge().languages.has(fold(previous?.[1] ?? "")) && knowledge().languageRoles.has(fold(fixed[1]));
      // A word that makes a job the occupation data knows ("coal miner", "ferry captain").
      const known = previous?.[1] !== undefined && knowledge().occupationByName.has(fold(`${previous[1]} ${text.slice(start, fixed.index + fixed[1].length)}`));
      if (!previous?.[1] || !(isQualifier(previous[1]) || taught || known || STATUS_WORDS.has(previous[1].toLowerCase())) || reader.isUsed(previous.index)) break;
      start = previous.index;
    }
    // A job word after it is the head the first one qualifies: "consultant surgeon", "nurse practitioner".
    let end = fixed.index + fixed[1].length;
    const next = /^[ \t]+([\p{L}][\p{L}'’-]*)/u.exec(text.slice(fixed.index + fixed[0].length));
    const head = next?.[1]?.toLowerCase();
    if (next && head && (OCCUPATION_HEADS.has(head) || knowledge().occupationByName.has(head) || knowledge().occupationByName.has(fold(`${fixed[1]} ${head}`))) && !NOT_OCCUPATIONS.has(head)) end = fixed.index + fixed[0].length + next[0].length;
    const phrase = text.slice(start, end);
    candidates.push({ match: Object.assign([phrase, phrase], { index: start, input: text, groups: undefined }) as unknown as RegExpExecArray, phrase });
  }
  for (const { match, phrase } of candidates) {
    if (/\b(?:support|jungle|mid|top|adc|bot)\s+(?:main|laner|player)\b|\bmains?\b/i.test(phrase)) continue;
    const split = splitOccupation(phrase);
    if (!split) continue;

    // Sentence case is not part of the job: "Electrician by trade" → "electrician", but "ICU nurse" stays.
    // …but a language or a people's word keeps its capital: "English teacher", "Mandarin tutor".
    const first = fold(split.occupation.split(/\s+/)[0] ?? "");
    const properAdjective = isDemonym(first) || NATIONS_BY_ADJECTIVE[first] !== undefined || knowledge().languages.has(first) || FAITH_ADJECTIVE.test(first);
    // …and so does a capital mid-sentence: "Marcus, 40, Roman centurion".
    const phraseAt = (match.index ?? 0) + Math.max(0, match[0].lastIndexOf(phrase));
    const midSentence = /[,;:(—–]\s*$/u.test(text.slice(0, phraseAt)) && split.occupation === phrase.trim() && /^\p{Lu}\p{Ll}+\s+\p{Ll}/u.test(split.occupation);
    reader.set("occupation", properAdjective || midSentence ? split.occupation : split.occupation.replace(/^\p{Lu}(?=\p{Ll})/u, (letter) => letter.toLowerCase()));
    if (split.status.length > 0) reader.set("status", split.status.join(" "));
    for (const descriptor of split.descriptors) reader.add("descriptors", descriptor);
    if (split.nationality) reader.set("nationality", cap(split.nationality));
    if (split.marital) reader.set("marital_status", split.marital);
    reader.useMatch(match);
    return;
  }
}

const PLACE_NAMES = [...new Set([...COUNTRIES.flatMap((country) => [...country.cities, countryName(country)]), ...Object.values(REGIONS).flat()])].sort((a, b) => b.length - a.length);
const LOWER_PLACE = new RegExp(`(?<=(?:^|[,.;:\\n]|\\b(?:in|from|near|outside|to|of))\\s*)(${escapeWords(PLACE_NAMES.map((place) => place.toLowerCase()))})(?![\\p{L}])`, "gu");
const LOWER_CHAMPION = new RegExp(`(?<![\\p{L}'])(${escapeWords(ALL_CHAMPIONS.map((champion) => champion.toLowerCase()))})(?![\\p{L}])`, "gu");
const LOWER_NAME = /(?<=(?:^|[,.;:\n(]|\b(?:i['’]m|i am|name is|name['’]s|named|called|meet|goes by|call me))\s*)(\p{Ll}[\p{Ll}'’-]*)(?=\s*(?:[,.;:()\n]|\bis\b|\bhas\b|\blives\b|\bworks\b|\bplays\b|\bmains\b|$))/gu;
const CANONICAL = new Map([...PLACE_NAMES, ...ALL_CHAMPIONS].map((word) => [word.toLowerCase(), word]));

/**
 * An all-lowercase sketch ("sam, 30, support main from brazil, plays thresh") has its names,
 * champions and places capitalised the way we would find them, letter for letter, so every
 * extractor reads it as it reads a written one and every index still points at the same text.
 */
function truecase(text: string): string {
  if (/\p{Lu}/u.test(text)) return text;
  const canonical = (word: string) => {
    const known = CANONICAL.get(word);
    return known && known.length === word.length ? known : word;
  };
  let cased = text.replace(LOWER_PLACE, canonical);
  if (/\b(?:mains?|plays|laner|support|jungle|mid|top|adc|league|lol|ranked|champion)\b/.test(text)) cased = cased.replace(LOWER_CHAMPION, canonical);
  return cased.replace(LOWER_NAME, (word) => {
    const capitalised = cap(word);
    return !STOP_WORDS.has(word) && !isKnownWord(capitalised) && !OCCUPATION_HEADS.has(word) && isGivenName(capitalised) ? capitalised : word;
  });
}

/**
 * The sketch as lines of prose and "key: value" pairs: a JSON object's fields become pairs
 * (`{"name":"Amina","age":29}` → "name: Amina"), and a bulleted list's items sentences of their own
 * ("- retired postman" → "retired postman.").
 */
/** "lives in a village near Kraków": the words that put someone near the place at `index`, not in it ("a village near "), or "". */
export function nearBefore(text: string, index: number): string {
  const near = /\b(?:a|the)\s+((?:small\s+)?(?:village|town|hamlet|farm|suburb))\s+(near|outside|north\s+of|south\s+of|east\s+of|west\s+of)\s+$/i.exec(text.slice(Math.max(0, index - 40), index));
  return near ? `a ${near[1]?.toLowerCase()} ${near[2]?.toLowerCase().replace(/\s+/, " ")} ` : "";
}

export function asProse(source: string): string {
  const trimmed = source.trim();
  if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return pairsOf(parsed as Record<string, unknown>).join("\n");
    } catch {
      // Not JSON after all: read as written.
    }
  }
  return source.replace(/^([ \t]*)(?:[-*•‣▪·]|\d{1,2}[.)])[ \t]+(?![^\n]*:)([^\n]*?)[ \t]*$/gmu, (_line, indent: string, item: string) => `${indent}${item}${/[.!?;:,]$/.test(item) || item === "" ? "" : "."}`);
}

/** A JSON object's fields as "key: value" lines; lists are joined, nested objects prefix their keys. */
function pairsOf(object: Record<string, unknown>, seen = new Set<string>()): string[] {
  return Object.entries(object).flatMap(([key, value]): string[] => {
    const name = key.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    if (value === null || value === undefined || value === "") return [];
    if (Array.isArray(value)) return [`${name}: ${value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ")}`];
    // A wrapper ({"persona": {...}}) or a group ({"work": {"job": …}}): its fields, named as they are.
    if (typeof value === "object") return pairsOf(value as Record<string, unknown>, seen);
    if (seen.has(name)) return [];
    seen.add(name);
    return [`${name}: ${String(value)}`];
  });
}

export function readSketch(source: string): Sketch {
  const text = truecase(asProse(source).normalize("NFC").slice(0, 20000));
  const reader = new Reader(text);
  const fields = reader.fields;
  const sketch: Sketch = { fields };

  readKeyValues(reader, sketch);

  // "Merchant Kael, a shrewd trader", "Guard Captain Sera", "Old Maren, the herbalist": a character's role before a name.
  const roleNamed = fields.name ? undefined : findRoleName(text);
  if (roleNamed) {
    reader.set("name", roleNamed.name);
    if (roleNamed.occupation) reader.set("occupation", roleNamed.occupation);
    if (roleNamed.old) reader.add("descriptors", "old");
    reader.use(0, roleNamed.end);
  }
  const titled = fields.name ? undefined : findTitledName(text);
  if (titled) {
    reader.set("name", titled.name);
    // "Baby", "Toddler": a life stage, not a title they go by.
    if (!LIFE_STAGE_TITLES.has(titled.title)) reader.set("title", titled.title);
    if (titled.familyRole) reader.set("family_role", titled.familyRole);
    if (titled.sex) sketch.gender ??= titled.sex;
    reader.use(titled.index, titled.index + titled.length);
    if (titled.familyOnly) sketch.familyNameOnly = true;
  }
  const name = titled ? undefined : findName(text);
  if (name) {
    reader.set("name", name.name);
    // "Introducing Bea: 33": the words that introduce the name are spent with it.
    const introduced = INTRODUCED_NAME.exec(text);
    const introStart = introduced && introduced.index + introduced[0].length === name.index + name.name.length ? introduced.index : name.index;
    reader.use(introStart, name.index + name.name.length);
  }
  if (fields.name && !/\s/.test(fields.name) && !sketch.familyNameOnly) sketch.firstNameOnly = true;

  // "born in 1950", "DOB: 21.07.1983": their age, before a day of the date is read as one.
  const born = BIRTH_DATE.exec(text);
  if (born?.[1] && fields.age === undefined && Number(born[1]) < PRESENT_YEAR) {
    reader.set("age", String(PRESENT_YEAR - Number(born[1])));
    reader.useMatch(born);
  }
  // "32F, nurse", "F/28/Toronto", "age 52 | F | …": compact forms of age and sex.
  const compact = COMPACT_AGE_SEX.exec(text);
  if (compact) {
    const [age, sex] = [compact[1] ?? compact[4] ?? compact[5], compact[2] ?? compact[3] ?? compact[6]];
    if (fields.age === undefined && age) reader.set("age", age);
    if (sex) sketch.gender ??= /f/i.test(sex) ? "female" : "male";
    reader.useMatch(compact);
  }
  const lone = LONE_SEX.exec(text);
  if (lone?.[1] && !reader.isUsed(lone.index + lone[0].lastIndexOf(lone[1]))) {
    sketch.gender ??= lone[1] === "F" ? "female" : "male";
    reader.use(lone.index + lone[0].lastIndexOf(lone[1]), lone.index + lone[0].lastIndexOf(lone[1]) + 1);
  }
  // A baby's age in months, weeks or days ("6 months", "2 weeks old"): under a year is 0.
  const infant = INFANT_AGE.exec(text);
  const [infantCount, infantUnit] = [infant?.[1] ?? infant?.[3], infant?.[2] ?? infant?.[4]];
  if (infant && infantCount && infantUnit) {
    reader.set("age", String(/^m/i.test(infantUnit) ? Math.floor(Number(infantCount) / 12) : 0));
    reader.useMatch(infant);
  }
  // "forty-five years old", "a twenty-five-year-old barista": an age in words.
  for (const pattern of fields.age === undefined ? WORDED_AGES : []) {
    const worded = pattern.exec(text);
    if (!worded?.[1]) continue;
    reader.set("age", String(wordedNumber(worded[1])));
    reader.useMatch(worded);
    break;
  }
  for (const pattern of fields.age === undefined ? AGE_PATTERNS : []) {
    const match = pattern.exec(text);
    if (match?.[1] && Number(match[1]) > 0 && Number(match[1]) < 120) {
      reader.set("age", match[1]);
      reader.useMatch(match);
      break;
    }
  }
  reader.useMatch(DECADE_PATTERN.exec(text));

  // Outside the two sexes: the gender as stated; names and pronouns follow from it elsewhere. Stated
  // pronouns say it too ("they/them", "(she/her)").
  const pronouns = /\b(she|he|they)\s*\/\s*(?:her|him|them)\b/i.exec(text)?.[1]?.toLowerCase();
  if (pronouns === "they" || /\b(?:non-?binary|enby|agender|gender-?fluid|genderqueer)\b/i.test(text)) reader.set("gender", "non-binary");
  else if (pronouns) sketch.gender = pronouns === "she" ? "female" : "male";
  const gender = sketch.gender ?? findGender(text);
  if (gender) {
    sketch.gender = gender;
    reader.set("gender", gender);
  }
  for (const pattern of [FEMALE_WORDS, MALE_WORDS]) for (const match of text.matchAll(pattern)) if (/^(?:woman|girl|female|lady|man|boy|male|guy)$/i.test(match[0])) reader.useMatch(match as RegExpExecArray);

  // A name that is also a place ("Sofia, 28, engineer in Lagos") is the name.
  const nameSpan = name ? [name.index, name.index + name.name.length] : titled ? [titled.index, titled.index + titled.length] : undefined;
  const places = placesIn(text).filter((place) => !nameSpan || place.index + place.length <= (nameSpan[0] as number) || place.index >= (nameSpan[1] as number));
  for (const place of places) reader.use(place.index, place.index + place.length);
  // "a nurse from Manila working in Dubai": where they come from is not where they live.
  // "Bangalore → Berlin", "Lagos -> London": an arrow from a place says they moved from it.
  const cameFrom = (place: Place) => /\b(?:from|born\s+in|grew\s+up\s+in|raised\s+in)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, place.index - 16), place.index)) || /^(?:-(?:born|bred|raised)\b|\s*(?:→|->|=>|⇒|⟶|➔|>>?)\s*\S)/iu.test(text.slice(place.index + place.length));
  const residences = places.filter((place) => !place.nationality && !place.byAdjective);
  // "Mexican-American nurse in El Paso": the peoples of a hyphenated pair are no home of their own.
  const hyphenated = HYPHENATED_PEOPLES.exec(text);
  const inPair = (place: Place) => hyphenated !== null && place.index >= hyphenated.index && place.index < hyphenated.index + hyphenated[0].length;
  // "used to live in Paris", "spent 10 years in Dubai", "lived in Kenya for 20 years" (not "has lived"):
  // where they lived before, neither home nor where they come from.
  const livedBefore = (place: Place) => LIVED_BEFORE.test(text.slice(Math.max(0, place.index - 48), place.index));
  const home = residences.find((place) => !cameFrom(place) && !livedBefore(place)) ?? residences.find((place) => !livedBefore(place)) ?? residences[0] ?? places.find((place) => !inPair(place));
  if (home) {
    reader.set("location", `${nearBefore(text, home.index)}${home.location}`);
    sketch.country ??= home.country;
    const origin = residences.find((place) => place !== home && place.location !== home.location && cameFrom(place));
    if (origin) reader.set("origin", origin.location);
    const before = residences.find((place) => place !== home && livedBefore(place));
    if (before) reader.set("lived_before_in", before.location);
  }
  // "weaver in Manchester in 1845", "British soldier at the Somme, 1916": the year they live in.
  const year = [...text.matchAll(/(?:\bin\s+|(?:^|[,;(—–])\s*)((?:1[0-9]|[1-9])\d\d|20[01]\d)(?:\s*(?:AD|CE))?(?=\s*(?:[,.;)—–]|$))/giu)].find((match) => !/\b(?:born|since|from|until|class\s+of)\s+(?:in\s+)?$/i.test(text.slice(Math.max(0, (match.index ?? 0) - 12), (match.index ?? 0) + match[0].indexOf(match[1] as string))));
  if (year?.[1] && Number(year[1]) < PRESENT_YEAR - 20) {
    reader.set("year", year[1]);
    reader.useMatch(year as RegExpExecArray, 1);
    // "in 1845, born 1820": the age in the sketch's year, not today's.
    const bornIn = Number(BIRTH_DATE.exec(text)?.[1]);
    if (bornIn > 0 && bornIn < Number(year[1]) && fields.age === String(PRESENT_YEAR - bornIn)) fields.age = String(Number(year[1]) - bornIn);
  }
  const war = warOf(text);
  if (war) {
    reader.set("veteran_of", war.name);
    reader.use(war.index, war.index + war.length);
    sketch.ageRange = war.ages;
  }
  const nationality = places.find((place) => place.nationality);
  if (nationality?.nationality) reader.set("nationality", nationality.nationality);
  // "Turkish-German", "Korean-American": one people is their heritage, the other their nationality —
  // the one of where they live, else the second ("Italian-Canadian" is a Canadian of Italian descent).
  const pair = hyphenated;
  if (pair?.[1] && pair[2] && isDemonym(pair[1]) && isDemonym(pair[2])) {
    const [first, second] = [cap(pair[1]), cap(pair[2])];
    const home = fold(fields.location ?? "");
    const livesInFirst = countriesOfSketches().some((country) => fold(country.demonym) === fold(first) && home.includes(fold(countryName(country))));
    fields.nationality = livesInFirst ? first : second;
    fields.heritage = livesInFirst ? second : first;
  }
  if (!fields.location) {
    // A place we do not know ("a village outside Tromsø", "from Reykjavik") is kept as written.
    const unknown = /\b(?:lives in|living in|based in|from|in|near|outside)\s+((?:the\s+)?\p{Lu}[\p{L}'’-]*(?:[ -]+(?:de |del |on |upon )?\p{Lu}[\p{L}'’-]*){0,3})/u.exec(text);
    const value = unknown?.[1];
    if (value && !CLINICAL_UNITS.test(value) && !CHAMPION_PATTERN.test(value) && value !== fields.name && !/^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|English|League)\b/.test(value)) {
      reader.set("location", value);
      reader.useMatch(unknown, 1);
    }
  }

  // League of Legends vocabulary.
  // The name a role opens the sketch with ("Pilot Vex") is theirs, not a champion they play.
  const championFound = findChampion(text, name ?? (roleNamed ? { index: text.indexOf(roleNamed.name), name: roleNamed.name } : undefined));
  let role: string | undefined;
  for (const [pattern, value] of ROLE_WORDS) {
    const match = pattern.exec(text);
    if (match && !role) {
      role = value;
      reader.useMatch(match);
    }
  }
  const rankMatch = RANK_PATTERN.exec(text);
  const rank = rankMatch?.[1];
  const leagueSaid = Boolean(role || fields.main_role || fields.main_champion || LEAGUE_WORDS.test(text) || (rank && /\b(rank|ranked|elo|tier|climb)/i.test(text)));
  const championSaid = championFound?.[1];
  const namedAsMain = championSaid !== undefined && new RegExp(`\\b(?:mains?|one-?tricks?)\\s+${escape(championSaid)}\\b|\\b${escape(championSaid)}\\s+(?:mains?|one-?trick)\\b`, "i").test(text);
  const championMatch = championSaid !== undefined && (leagueSaid || namedAsMain || !isAmbiguousChampion(championSaid)) ? championFound : null;
  const champion = championMatch?.[1];
  const isLeague = Boolean(champion || role || fields.main_role || fields.main_champion || /\bleague of legends\b|\blol\b|\bsolo ?queue\b|\bsummoner\b/i.test(text) || (rank && /\b(rank|ranked|elo|tier|climb)/i.test(text)));
  if (isLeague) {
    sketch.domain = "lol_player";
    if (role) reader.set("main_role", role);
    if (champion) {
      reader.set("main_champion", champion);
      reader.useMatch(championMatch);
      if (!role && ROLE_OF_CHAMPION.has(champion)) reader.set("main_role", ROLE_OF_CHAMPION.get(champion) as string);
    }
    if (rank) {
      reader.set("rank", rank);
      reader.useMatch(rankMatch);
    }
    const server = SERVER_PATTERN.exec(text);
    if (server?.[1]) {
      reader.set("region", server[1]);
      reader.useMatch(server);
    }
    const hours = /\b(\d{1,3})\s*(?:hours?|hrs?|h)\s*(?:a|per|\/)\s*week\b/i.exec(text);
    if (hours?.[1]) {
      reader.set("hours_per_week", hours[1]);
      reader.useMatch(hours);
    }
    for (const match of text.matchAll(LOL_VOCABULARY)) reader.useMatch(match as RegExpExecArray);
  }

  for (const relative of text.matchAll(RELATIVE_CLAUSE)) reader.useMatch(relative as RegExpExecArray);
  readOccupation(reader, name?.index, name?.name.length ?? 0);
  const aspiredJob = readCareerChange(reader);
  // "Prof. Adeyemi teaches physics": with no job read, what they teach makes it (a professor's by the title).
  const teachesSubject = fields.occupation === undefined ? /\bteaches\s+(?!(?:at|in|kids|children|students|adults|people|part-time|full-time|a|an|the)\b)([\p{L}-]+)/iu.exec(text) : null;
  if (teachesSubject?.[1]) fields.occupation = `${teachesSubject[1].toLowerCase()} ${/^prof/i.test(fields.title ?? "") ? "professor" : "teacher"}`;
  readTradeVerb(reader);
  readServiceLeft(reader);

  // "Korean War vet": a veteran of the war, not a veterinarian.
  if (fields.veteran_of && /^(?:vet|veteran)s?$/i.test(fields.occupation ?? "")) delete fields.occupation;
  if (aspiredJob) sketch.aspiredJob = aspiredJob;
  const occupation = fields.occupation;
  if (occupation && !isLeague) {
    if (/\bnurse\b/i.test(occupation)) sketch.domain = "registered_nurse";
    else if (/developer|engineer|programmer|data scientist/i.test(occupation) && !/\b(?:civil|mechanical|electrical|chemical|sound|audio)\b/i.test(occupation)) sketch.domain = "software_developer";
  }

  // Years in the work: "12 years in the ICU", "20 years of experience", "15 years as a welder".
  const years = /\b(\d{1,2})\+?\s*(?:years?|yrs?)\s+((?:of\s+)?(?:experience|work|nursing|teaching|coding|programming|service)(?:\s+(?:in|on|at|as)\s+[^,.;!?\n]+?)?|(?:in|on|at|as|behind|with)\s+[^,.;!?\n]+?)(?=\s+(?:and|but|where|while)\b|[,.;!?\n]|$)/i.exec(text);
  const yearsPlace = years?.[2] ? placesIn(years[2]).length > 0 && /^(?:in|at)\s/i.test(years[2]) : false;
  if (years?.[1] && years[2] && !yearsPlace) {
    const tail = years[2].trim();
    if (sketch.domain === "software_developer" && /coding|programming|experience/i.test(tail)) reader.set("years_coding", years[1]);
    else reader.set("years_experience", years[1]);
    sketch.experienceTail = tail;
    const where = /^(?:(?:of\s+)?(?:experience|work|service)\s+)?(?:in|on|at|behind|with)\s+(?:the\s+|a\s+|an\s+)?(.+)$/i.exec(tail)?.[1];
    if (where && !/^(?:job|road|clock|side)$/i.test(where)) reader.set(CLINICAL_UNITS.test(where) ? "unit" : "setting", where);
    reader.useMatch(years);
  } else {
    const span = /\b(?:for|over|nearly|almost|about|some)\s+(\d{1,2})\s+years\b/i.exec(text);
    if (span?.[1] && /\b(?:work|works|worked|taught|teach|teaches|nurs|served|serve|practis|practic|cod|driv|kept|keep|run|ran|been an?\b|as an?\b)/i.test(text.slice(Math.max(0, span.index - 60), span.index))) {
      reader.set("years_experience", span[1]);
      reader.useMatch(span);
    }
  }
  const unit = CLINICAL_UNITS.exec(text);
  if (unit?.[1] && (sketch.domain === "registered_nurse" || /nurse|doctor|physician|surgeon|paramedic|medic|midwife|carer/i.test(occupation ?? ""))) {
    reader.set("unit", unit[1]);
    reader.useMatch(unit);
  }

  // When and how they work.
  const schedules = /\b(?:(?:works?|working|on)\s+)?((?:(?:night|day|late|early|evening|morning|weekend|double|long|split|rotating|graveyard|12-hour|twelve-hour|back-to-back|seasonal)\s+shifts?)|shift work|on[- ]call|part[- ]time|full[- ]time|nine[- ]to[- ]five|9[- ]to[- ]5)\b|\b(?:works?|working)\s+(nights|weekends|from home|two jobs|alone)\b/gi;
  for (const match of text.matchAll(schedules)) {
    reader.add("schedule", ((match[1] ?? match[2]) as string).toLowerCase());
    reader.useMatch(match as RegExpExecArray);
  }
  const workplace = /\b(?:works?|working|employed)\s+(?:(?:weekends|nights|part[- ]time|full[- ]time|shifts|evenings|mornings)\s+)?(?:at|for)\s+((?:a|an|the)\s+[^,.;!?\n]+?|\p{Lu}[^,.;!?\n]*?)(?=\s+(?:in|and|but|where|while|since|as)\b|[,.;!?\n]|$)/iu.exec(text);
  if (workplace?.[1] && placesIn(workplace[1]).length === 0) {
    reader.set("workplace", workplace[1]);
    reader.useMatch(workplace);
  }
  const industry = /\b(?:works?|working)\s+in\s+((?!the\s+(?:ICU|ER)\b)[\p{Ll}][^,.;!?\n]*?)(?=\s+(?:and|but|where|while|since|as|at)\b|[,.;!?\n]|$)/u.exec(text);
  if (industry?.[1]) {
    reader.set("industry", industry[1]);
    reader.useMatch(industry);
  }

  if (sketch.domain === "software_developer") {
    const yearsCoding = /\b(\d{1,2})\s*(?:\+\s*)?years?\s+(?:of\s+)?(?:coding|programming|experience|in (?:software|tech))\b/i.exec(text) ?? /\bcoding (?:for|since) (\d{1,2}) years\b/i.exec(text);
    if (yearsCoding?.[1]) {
      reader.set("years_coding", yearsCoding[1]);
      reader.useMatch(yearsCoding);
    }
    const arrangement = /\bhybrid\b/i.exec(text) ?? /\bremote(?:ly)?\b/i.exec(text) ?? /\b(?:in[\s-]person|in the office|on[\s-]site)\b/i.exec(text);
    if (arrangement) {
      reader.set("remote_work", /hybrid/i.test(arrangement[0]) ? "hybrid" : /remote/i.test(arrangement[0]) ? "remote" : "in-person");
      reader.useMatch(arrangement);
    }
    const kind = /\b(full[\s-]?stack|back[\s-]?end|front[\s-]?end|mobile|embedded|game)\b/i.exec(occupation ?? "")?.[1];
    if (kind) reader.set("developer_type", `${kind.toLowerCase().replace(/^(full|back|front)[\s-]?/, "$1-")} developer`);
  }
  if (sketch.domain === "registered_nurse") {
    const nurseYears = /\b(\d{1,2})\s*(?:\+\s*)?years?\s+(?:of\s+)?(?:experience|nursing|as an? (?:rn|nurse))\b/i.exec(text);
    if (nurseYears?.[1]) {
      reader.set("years_experience", nurseYears[1]);
      reader.useMatch(nurseYears);
    }
    const setting = /\bhospital|icu|emergency room|\ber\b|ward\b|a&e\b/i.test(text) ? "hospital" : /\bclinic|outpatient\b/i.test(text) ? "ambulatory care" : /\bnursing home|care home|residential care\b/i.test(text) ? "nursing and residential care" : /\bschool\b/i.test(text) ? "educational services" : undefined;
    if (setting && fields.setting === undefined) reader.set("setting", setting);
  }

  const area = /\b(rural|urban|coastal|suburban|small-town|inner-city)\b/i.exec(text);
  if (area?.[1]) {
    reader.set("area", area[1].toLowerCase());
    reader.useMatch(area);
  }

  readLife(reader);
  // "Chef Marco", "Father Tom", "Sister Agnes": with no other job read, the title is one (after the
  // pastimes, so that "Chef Marco runs a trattoria" makes him the trattoria's owner first).
  const titleJob = TITLE_JOBS[fold(fields.title ?? "").replace(/\.$/, "")];
  if (titleJob && fields.occupation === undefined) fields.occupation = titleJob;

  for (const match of text.matchAll(TEMPERAMENT_PATTERN)) {
    const word = (match[1] as string).toLowerCase();
    // Part of a stated occupation ("proud" in "proud baker" is a descriptor's, not a temperament's).
    if (reader.isUsed(match.index ?? 0) && fields.occupation?.toLowerCase().split(/\s+/).includes(word)) continue;
    reader.add("temperament", word);
    reader.useMatch(match as RegExpExecArray);
  }

  if (!fields.name) {
    // A name no sentence introduces ("Support main, 30, friendly, Sam"): a clause that is only a known given name.
    for (const clause of text.matchAll(/[^.;!?\n,•|]+/g)) {
      const words = clause[0].trim();
      const start = (clause.index ?? 0) + clause[0].indexOf(words);
      if (!new RegExp(`^${NAME_WORDS}$`, "u").test(words) || reader.isUsed(start) || !isGivenName(words.split(/\s+/)[0] as string) || words.split(/\s+/).some(isKnownWord)) continue;
      reader.set("name", words);
      reader.use(start, start + words.length);
      sketch.firstNameOnly = !/\s/.test(words);
      break;
    }
  }
  const details = unusedClauses(reader);
  if (details.length > 0) reader.set("details", details.join("; "));
  return sketch;
}

/** The object of "runs …" when it is a business or a class they run: up to three words may say what kind. */
const OWNED_WORK = /^(?:a|an|the|his|her|their|my|our|two|three|several)\s+(?:(?!(?:in|at|on|for|with|near|of|and|or)\s)[\p{L}'’-]+\s+){0,3}(?:business|shop|store|stall|stand|kiosk|bakery|company|class|team|school|restaurant|bar|pub|cafe|café|farm|firm|practice|clinic|salon|garage|workshop|studio|agency|hotel|guesthouse|hostel|startup|start-up|nursery|pharmacy|truck|van|market|boutique|franchise|charity|co-?op|cooperative|brewery|vineyard|ranch|dairy|bookshop|bookstore|laundromat|gym|dojo|canteen|trattoria|bistro|diner|taverna|tavern|inn|bodega|deli|delicatessen|pizzeria|takeaway|chippy|noodle bar|food truck|teahouse|tea shop|coffee shop|coffeehouse|patisserie|boulangerie|butchery|butcher's|barbershop|spa|hardware store|supermarket|corner shop|newsagent|petrol station|gas station|car wash|print shop|tailoring|dry cleaner's|launderette|b&b|bed and breakfast|motel|campsite|winery|distillery|orchard|fishery|nightclub|theatre|cinema|gallery|museum|kindergarten|daycare|day care|creche|crèche|funeral home|surgery|pharmacy|chemist's|optician's|dental practice|law firm|consultancy|bakeshop|food stall|market stall|street stall|chai stall|tea stall|ramen shop|sushi bar)s?(?![\p{L}])/iu;

/** "Mr Okonkwo runs a pharmacy", "Ana runs marathons": a running or owning verb right after a name (groups as HOBBY_VERB_PATTERN's). */
const NAMED_PERSON_RUNS = /(?<=\p{Lu}[\p{L}'’-]*)\s+(run|own|operate|manage)(s)\b([^,.;!?\n]*?)(?=\s+(?:and|but|who|while)\b|[,.;!?\n]|$)/gu;

/** How a goal's verb is said in the persona's goals, for the forms that are not "<verb>s": "hoping to" → "Hopes to". */
const GOAL_VERBS: Readonly<Record<string, string>> = {
  wanting: "Wants", hoping: "Hopes", planning: "Plans", dreaming: "Dreams", aiming: "Aims", intending: "Intends", longing: "Longs",
  "is trying": "Is trying", trying: "Is trying", "is saving up": "Is saving up", "is saving": "Is saving up", "saving up": "Is saving up", "would love": "Would love",
};

/** Hobbies, likes, family, pets, languages, education, goals and fears. */
function readLife(reader: Reader): void {
  const text = reader.text;
  for (const match of [...text.matchAll(HOBBY_VERB_PATTERN), ...text.matchAll(NAMED_PERSON_RUNS)]) {
    const verb = match[1] as string;
    // "Coach Williams": a title already read is not a verb.
    if (reader.isUsed((match.index ?? 0) + match[0].indexOf(verb))) continue;
    const object = (match[3] ?? "").trim();
    if (/^play$/i.test(verb) && (object === "" || CHAMPION_PATTERN.test(object) || /^(?:support|mid|top|jungle|adc|bot|league|lol|ranked)\b/i.test(object))) continue;
    if (/^(?:keep|build|grow|fix|restore|collect|study|learn|practi[cs]e|teach|coach|mentor|play)$/i.test(verb) && object === "") continue;
    // "runs a falafel shop in Amman": a business they run is their work, not a pastime, whatever words describe it.
    const owned = /^(?:run|keep|build|teach|coach|code|stream|write|study|own|operate|manage)$/i.test(verb) ? OWNED_WORK.exec(object) : null;
    if (owned) {
      // With no job stated, a business they run is the job: "runs a phone repair stall" is a phone
      // repair stall owner; beside a stated job (or a class or team) it stays a pastime or side line.
      const business = owned[0].replace(/^\S+\s+/u, "").toLowerCase();
      if (/^(?:run|own|operate|manage)$/i.test(verb) && !/\b(?:class|team|school|practice)e?s?$/.test(business) && reader.fields.occupation === undefined) {
        const head = /^manage$/i.test(verb) ? "manager" : /\bcharit(?:y|ies)$/.test(business) ? "director" : "owner";
        reader.set("occupation", `${business.replace(/(?:ies)$/, "y").replace(/(?<!s)s$/, "")} ${head}`);
        reader.use((match.index ?? 0) + match[0].indexOf(verb), (match.index ?? 0) + match[0].indexOf(verb) + verb.length + 1 + owned[0].length);
        continue;
      }
    }
    // "Innkeeper Bram, who runs the Drowned Rat", "who collects tolls at the Salt Gate": beside a job,
    // a named place of theirs is where the work is done — not a pastime; it stays in the details.
    const atNamedPlace = /^(?:the|a|an)\s+\p{Lu}|\b(?:at|of|on|in)\s+the\s+\p{Lu}/u.test(object);
    if (atNamedPlace && reader.fields.occupation !== undefined && /\bwho\s+$/i.test(text.slice(Math.max(0, (match.index ?? 0) + match[0].indexOf(verb) - 6), (match.index ?? 0) + match[0].indexOf(verb)))) continue;
    reader.add("hobbies", `${gerund(verb)}${object ? ` ${object}` : ""}`);
    reader.use((match.index ?? 0) + match[0].indexOf(verb), (match.index ?? 0) + match[0].length);
  }
  const likes = /\b(?:loves?|likes?|enjoys?|adores?|is into|is passionate about|is obsessed with|is a (?:huge |big )?fan of)\s+([^,.;!?\n]+?)(?=\s+(?:and\s+(?:I|i|she|he|they|we|my|her|his|is|has|have|had|works|lives|plays|hates|wants|was)|but|who|while)\b|[,.;!?\n]|$)/gi;
  for (const match of text.matchAll(likes)) {
    const object = (match[1] as string).trim();
    if (/^(?:to\s+)?(?:support|play)\b/i.test(object) && CHAMPION_PATTERN.test(object)) continue;
    const activity = /^(?:to\s+)?(\p{L}+ing)\b/u.test(object) || /^to\s/.test(object);
    reader.add(activity ? "hobbies" : "interests", object.replace(/^to\s+(\p{L}+)/u, (_whole, verb: string) => gerund(verb)));
    reader.useMatch(match as RegExpExecArray);
  }
  const dislikes = /\b(?:hates?|dislikes?|can['’]?t stand|cannot stand|despises?)\s+([^,.;!?\n]+?)(?=\s+(?:and|but|who|while)\b|[,.;!?\n]|$)/gi;
  for (const match of text.matchAll(dislikes)) {
    reader.add("dislikes", match[1] as string);
    reader.useMatch(match as RegExpExecArray);
  }
  const fears = /\b(?:afraid|scared|terrified|frightened)\s+of\s+([^,.;!?\n]+?)(?=\s+(?:and|but|who)\b|[,.;!?\n]|$)/gi;
  for (const match of text.matchAll(fears)) {
    reader.add("fears", match[1] as string);
    reader.useMatch(match as RegExpExecArray);
  }
  // "hoping to become a nurse", "planning to retire": a participle's aim is as much a goal as "hopes to".
  const goals = /\b(wants?|wanting|hopes?|hoping|plans?|planning|dreams?|dreaming|is trying|trying|is saving up|is saving|saving up|aims?|aiming|intends?|intending|longs?|longing|would love)\s+(to|of)\s+([^.;!?\n]+?)(?=\s+(?:but|while)\b|,\s*(?:lives?|living|works?|working|has|have|is|was|based|loves?|likes?)\b|[.;!?\n]|$)/gi;
  for (const match of text.matchAll(goals)) {
    const said = (match[1] as string).toLowerCase();
    const phrase = `${GOAL_VERBS[said] ?? cap(said.replace(/s$/, "") + "s")} ${match[2]} ${(match[3] as string).trim()}`;
    reader.add("goals", phrase.replace(/\bmy\b/g, "their"));
    reader.useMatch(match as RegExpExecArray);
  }
  // Not a word of their name ("Tom Single"); a negated status is its opposite ("not married", "never married", "unmarried").
  const marital = [...text.matchAll(/\b(?:is\s+|happily\s+|recently\s+|newly\s+)*(married|divorced|widowed|engaged|separated)\b|\b(single)\b(?!\s+(?:mom|mum|mother|dad|father|parent))/gi)].find((match) => !reader.isUsed(match.index ?? 0) && !reader.isUsed((match.index ?? 0) + match[0].length - 1)) as RegExpExecArray | undefined;
  const negatedMarriage = /\b(?:not|never|isn['’]t|is\s+not|wasn['’]t|has\s+never\s+been|never\s+been|un)[\s-]*(?:yet\s+|been\s+|ever\s+)?married\b|\bunmarried\b/i.exec(text);
  if (negatedMarriage) {
    reader.set("marital_status", "single");
    reader.useMatch(negatedMarriage);
  } else if (marital) {
    reader.set("marital_status", ((marital[1] ?? marital[2]) as string).toLowerCase());
    reader.useMatch(marital, marital[1] ? 1 : 2);
  } else {
    // "with his wife and five kids", "her late husband", "his ex-wife": a spouse says the marital status.
    // …and one who died or was lost makes them widowed ("whose wife died in 2019", "lost his wife", "since her husband passed away").
    const spouse = /\b(?:his|her|their|my|whose)\s+(late\s+|ex-?\s*|former\s+|first\s+|second\s+)?(?:wife|husband|spouse)\b/i.exec(text);
    const widowed = SPOUSE_DIED.test(text);
    if (spouse) reader.set("marital_status", widowed ? "widowed" : !spouse[1] ? "married" : /^late/i.test(spouse[1]) ? "widowed" : /^(?:ex|former)/i.test(spouse[1]) ? "divorced" : "married");
  }
  const family = /\b((?:single\s+)?(?:mother|father|mom|mum|dad|parent|grandmother|grandfather|grandma|grandpa)(?:\s+of\s+(?:one|two|three|four|five|six|seven|\d+)(?:\s+(?:kids|children|boys|girls))?)?|(?:a|an|one|two|three|four|five|six|\d+)\s+(?:young\s+|grown(?:-up)?\s+|teenage\s+|adult\s+|little\s+)?(?:kids?|children|sons?|daughters?|grandchildren|grandkids|twins|boys|girls))\b/gi;
  for (const match of text.matchAll(family)) {
    if (/^(?:mother|father|mom|mum|dad|parent|grandmother|grandfather|grandma|grandpa)$/i.test(match[1] as string)) continue;
    // A sentence's capital is not the value's: "Two teenage sons." → "two teenage sons".
    reader.add("family", (match[1] as string).replace(/^\p{Lu}(?=\p{Ll})/u, (letter) => letter.toLowerCase()));
    reader.useMatch(match as RegExpExecArray);
  }
  const pets = /\b(?:has|with|owns|and|lives with|shares? (?:a|the|her|his|their|my) (?:home|flat|house|apartment) with)\s+((?:a|an|one|two|three|four|\d+|her|his|their|my)\s+(?:[\p{L}-]+\s+){0,2}?(?:dogs?|cats?|parrots?|horses?|rabbits?|hamsters?|chickens|goats?|tortoises?|turtles?|budgies?|ferrets?|lizards?|snakes?|puppy|kitten|greyhound|terrier|labrador|spaniel|collie)(?:\s+(?:named|called)\s+\p{Lu}[\p{L}'-]*(?:\s+and\s+\p{Lu}[\p{L}'-]*)?)?)/giu;
  for (const match of text.matchAll(pets)) {
    reader.add("pets", match[1] as string);
    reader.useMatch(match as RegExpExecArray);
  }
  const languages = /\b(?:speaks|speak|fluent in|bilingual in|native speaker of)\s+([^.;!?\n]+?)(?=\s*,\s*(?:has|have|is|was|works|lives|loves|likes|enjoys|plays|hates|wants)\b|\s+(?:but|while|who)\b|[.;!?\n]|$)|\b(bilingual|trilingual|multilingual)\b/gi;
  for (const match of text.matchAll(languages)) {
    reader.add("languages", (match[1] ?? match[2]) as string);
    reader.useMatch(match as RegExpExecArray);
  }
  const education = /\b(studied\s+[^,.;!?\n]+|graduated\s+[^,.;!?\n]+|dropped out of\s+[^,.;!?\n]+|(?:has|holds|with)\s+an?\s+(?:PhD|doctorate|degree|master['’]?s|bachelor['’]?s|MBA|diploma)[^,.;!?\n]*)/gi;
  for (const match of text.matchAll(education)) {
    reader.add("education", (match[1] as string).replace(/^(?:has|holds|with)\s+/i, ""));
    reader.useMatch(match as RegExpExecArray);
  }
}

/** Clauses of the sketch with a content word no extractor used, verbatim. */
function unusedClauses(reader: Reader): string[] {
  const kept: string[] = [];
  // A comma or point inside a number ("$28,000", "3.5 acres") is no clause's end.
  for (const clause of reader.text.matchAll(/(?:[^.;!?\n,•|]|(?<=\d)[,.](?=\d))+/g)) {
    const start = clause.index ?? 0;
    let unused = false;
    for (const word of clause[0].matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’&-]*/gu)) {
      const index = start + (word.index ?? 0);
      const lower = word[0].toLowerCase();
      if (reader.isUsed(index) || STOP_WORDS.has(lower) || (lower.length < 2 && !/\d/.test(lower))) continue;
      unused = true;
      break;
    }
    const trimmed = clause[0].trim().replace(/^(?:and|but|also)\s+/i, "");
    if (unused && trimmed) kept.push(trimmed);
  }
  return kept;
}
