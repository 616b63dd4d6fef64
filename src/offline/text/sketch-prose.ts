/**
 * Prose for an enhanced sketch: backstory, voice, goals and quirks built from what the sketch
 * stated. Every stated fact the backstory mentions comes through a slot holding the sketch's own
 * words, and the voice follows the stated temperament, so "grumpy" never "laughs easily".
 */
import type { Rng } from "../../engine/rng.ts";
import { compose, SentencePool } from "./grammar.ts";
import { lifeStage, pronounGender, pronounSlots, type PersonaText } from "./context.ts";
import { occupationOf } from "./profile.ts";
import { withArticle } from "../../engine/articles.ts";

export type Tone = "gruff" | "wry" | "warm" | "quiet" | "driven" | "fiery" | "anxious" | "easygoing" | "proud";

const TONE_WORDS: Record<Tone, readonly string[]> = {
  gruff: ["grumpy", "grouchy", "cranky", "gruff", "bitter", "irritable", "cynical", "pessimistic", "jaded", "weary", "world-weary", "grumbly", "stern", "strict", "blunt", "tactless", "impatient", "moody", "gloomy", "melancholy", "rude", "stubborn", "headstrong", "obstinate", "pig-headed", "sceptical", "skeptical", "suspicious", "distrustful"],
  wry: ["sarcastic", "snarky", "sassy", "witty", "clever", "mischievous", "opinionated", "rebellious", "confident", "eccentric", "quirky"],
  warm: ["friendly", "warm", "cheerful", "kind", "bubbly", "wholesome", "outgoing", "playful", "funny", "optimistic", "empathetic", "gentle", "caring", "compassionate", "generous", "jolly", "upbeat", "hopeful", "charming", "sociable", "talkative", "chatty", "goofy", "extroverted", "loyal", "polite", "warm-hearted", "kind-hearted", "romantic", "dreamy", "humble", "loud", "helpful", "considerate", "supportive", "nurturing", "selfless", "affable", "amiable", "good-natured", "enthusiastic", "sunny"],
  quiet: ["shy", "quiet", "reserved", "introverted", "calm", "stoic", "patient", "serious", "soft-spoken", "quiet-spoken", "awkward", "lonely", "sensitive", "thoughtful", "cautious", "nerdy", "geeky", "wise", "naive", "bashful", "withdrawn"],
  driven: ["ambitious", "driven", "competitive", "curious", "meticulous", "methodical", "organised", "organized", "perfectionist", "intense", "energetic", "restless", "tough", "brave", "diligent", "hard-working", "hardworking", "independent", "pragmatic", "honest", "nosy", "determined", "strong-willed", "passionate"],
  fiery: ["aggressive", "hot-headed", "hot-tempered", "short-tempered", "quick-tempered", "volatile", "impulsive", "reckless", "brash", "feisty", "fiery", "fierce", "combative", "confrontational", "argumentative", "angry", "explosive", "toxic", "tilted"],
  anxious: ["anxious", "nervous", "worried", "insecure", "neurotic", "jittery", "timid", "self-conscious"],
  easygoing: ["chill", "laid-back", "easygoing", "easy-going", "relaxed", "mellow", "carefree", "happy-go-lucky", "lazy", "messy", "disorganised"],
  proud: ["arrogant", "cocky", "smug", "vain", "boastful", "conceited", "overconfident", "pompous", "entitled", "condescending", "snobbish"],
};
const TONES = Object.keys(TONE_WORDS) as Tone[];
/** Tones an unstated temperament is drawn from: the even-keeled ones, not a temper nobody mentioned. */
const DEFAULT_TONES: readonly Tone[] = ["gruff", "wry", "warm", "quiet", "driven"];

/** The tone of the first stated temperament word we know; undefined when none is known. */
export function toneOf(temperament: string | undefined): Tone | undefined {
  for (const word of (temperament ?? "").toLowerCase().split(/[\s,]+/)) {
    const tone = TONES.find((candidate) => TONE_WORDS[candidate].includes(word));
    if (tone) return tone;
  }
  return undefined;
}

/** Words another writer may use that a tone contradicts, and the word that fits the tone instead. */
const CLASHING_WORDS: Partial<Record<Tone, Record<string, string>>> = {
  fiery: { patient: "aggressive", methodical: "aggressive", calculated: "aggressive", steady: "relentless", quiet: "loud", thoughtful: "fearless" },
  proud: { patient: "flashy", quiet: "loud", steady: "fearless", thoughtful: "fearless" },
  quiet: { aggressive: "patient", loud: "quiet", relentless: "steady", fearless: "thoughtful", scrappy: "methodical" },
  anxious: { aggressive: "careful", loud: "quiet", relentless: "steady", fearless: "thoughtful", scrappy: "careful" },
  easygoing: { aggressive: "creative", relentless: "steady", calculated: "creative", methodical: "creative" },
};

/** Job colour a tone contradicts. */
const CLASHING_COLOUR: Partial<Record<Tone, RegExp>> = {
  fiery: /\b(?:calm|gentle|soft|patient)\b/i,
  anxious: /\b(?:calm|silence a noisy room)\b/i,
  easygoing: /\b(?:before sunrise|three alarms|colour-codes)\b/i,
  quiet: /\b(?:silence a noisy room)\b/i,
};

/** `text` with any word the stated tone contradicts swapped for one that fits ("patient jungler" for an aggressive player → "aggressive jungler"). */
export function fitToTone(text: string, temperament: string | undefined): string {
  const tone = toneOf(temperament);
  const swaps = tone ? CLASHING_WORDS[tone] : undefined;
  if (!swaps) return text;
  return text.replace(/\p{L}+/gu, (word) => {
    const swap = swaps[word.toLowerCase()];
    return swap === undefined ? word : /^\p{Lu}/u.test(word) ? cap(swap) : swap;
  });
}

const VOICE: Record<Tone, SentencePool> = {
  gruff: new SentencePool(["Gruff and clipped; answers in as few words as possible and grumbles before agreeing.", "Short, blunt sentences with a sigh in front of most of them; never says please twice.", "Low, dry and to the point; the complaint comes first, the help comes anyway.", "Curt and unhurried; lets a silence do the arguing."]),
  wry: new SentencePool(["Dry and quick, with sarcasm as a first language; the jokes land deadpan.", "Deadpan delivery, sharp asides and a raised eyebrow you can hear.", "Fast, wry and a little teasing; says the quiet part out loud, then smirks."]),
  warm: new SentencePool(["Warm and chatty, full of questions, with an easy laugh.", "Friendly and open; uses people's names and remembers what they said last time.", "Upbeat and expressive, quick to encourage and quicker to laugh."]),
  quiet: new SentencePool(["Soft-spoken and measured; chooses words carefully and listens more than {they} talk{s}.", "Quiet and economical: short answers, every one considered.", "Calm, low-key and unhurried; rarely raises {their} voice."]),
  driven: new SentencePool(["Crisp and focused; gets to the point and follows up with specifics.", "Energetic and precise, full of plans, lists and next steps.", "Direct and purposeful; asks sharp questions and expects real answers."]),
  fiery: new SentencePool(["Loud, fast and combative; says exactly what {they} think{s}, interrupts, and apologises later, sometimes.", "Quick to flare: short, punchy sentences that go straight for the argument.", "Forceful and impatient; pushes back hard and never lets a bad call slide."]),
  anxious: new SentencePool(["Hesitant and quick; over-explains, apologises often and second-guesses {their} own sentences.", "Nervous energy in every answer: lots of qualifiers, a worried question at the end."]),
  easygoing: new SentencePool(["Relaxed and unhurried; lots of \"no worries\" and shrugs, nothing seems urgent.", "Easy, drawling and good-humoured; lets things slide that would rattle other people."]),
  proud: new SentencePool(["Self-assured to a fault; talks up {their} own wins and talks over other people's.", "Smooth and superior, with a faint note of condescension in every answer."]),
};
const PERSONALITY: Record<Tone, SentencePool> = {
  gruff: new SentencePool(["Gruff on the surface and dependable underneath.", "Blunt, set in {their} ways and loyal to a fault."]),
  wry: new SentencePool(["Quick-witted and a little irreverent.", "Sharp, sceptical and hard to impress."]),
  warm: new SentencePool(["Warm, sociable and quick to help.", "Open-hearted and easy to talk to."]),
  quiet: new SentencePool(["Reserved and observant, slow to trust and steady once {they} do{es}.", "Calm and private, with a dry streak friends only see later."]),
  driven: new SentencePool(["Driven and organised, always working toward the next thing.", "Focused and practical, impatient with waste."]),
  fiery: new SentencePool(["Hot-tempered and combative, quick to anger and quick to move on.", "Intense and confrontational; never backs down from a fight."]),
  anxious: new SentencePool(["Anxious and eager to please, always bracing for something to go wrong."]),
  easygoing: new SentencePool(["Easygoing and unbothered, happy to let things happen."]),
  proud: new SentencePool(["Proud and sure of {their} own talent, slow to admit a mistake."]),
};
const TEMPERAMENT_LINE: Record<Tone, SentencePool> = {
  gruff: new SentencePool(["Most people would call {them} {temperament}, and {they} would not argue.", "{Temperament} to strangers, {they} still turn{s} up for anyone who needs a hand.", "{They} {has} a reputation for being {temperament}, and {they} do{es} little to correct it."]),
  wry: new SentencePool(["{Temperament} to the bone, {they} can deflate a pompous meeting with a single remark.", "Friends know {them} as {temperament}; the humour is how {they} show{s} {they} care{s}."]),
  warm: new SentencePool(["{Temperament} by nature, {they} make{s} friends wherever {they} go{es}.", "People describe {them} as {temperament}, the first to put the kettle on when someone is struggling."]),
  quiet: new SentencePool(["{Temperament} by nature, {they} open{s} up slowly and stay{s} loyal.", "People who meet {them} remember someone {temperament}, who notices more than {they} say{s}."]),
  driven: new SentencePool(["{Temperament} in everything, {they} keep{s} lists for {their} lists.", "Colleagues call {them} {temperament}; {they} take{s} it as a compliment."]),
  fiery: new SentencePool(["{Temperament} by nature, {they} say{s} what {they} think{s} the moment {they} think{s} it.", "People learn fast that {they} {is} {temperament}: the temper flares quickly and fades almost as fast."]),
  anxious: new SentencePool(["{Temperament} by nature, {they} check{s} everything twice and still fret{s}.", "Friends know {them} as {temperament}; {they} rehearse{s} conversations before having them."]),
  easygoing: new SentencePool(["{Temperament} by nature, {they} rarely let{s} anything spoil a good day.", "People describe {them} as {temperament}; deadlines worry {them} less than they should."]),
  proud: new SentencePool(["{Temperament} and not shy about it, {they} expect{s} to be the best in the room.", "People call {them} {temperament}; {they} call{s} it knowing {their} worth."]),
};
const TONE_QUIRKS: Record<Tone, readonly string[]> = {
  gruff: ["Mutters at the weather forecast as if it can hear.", "Reads the news aloud just to disagree with it.", "Keeps a mental list of everyone who promised to call back.", "Refuses to learn the names of new gadgets on principle."],
  wry: ["Rates everything out of ten, out loud.", "Collects the worst puns overheard each week.", "Answers rhetorical questions, just to see the reaction.", "Narrates small disasters like a nature documentary."],
  warm: ["Remembers everyone's birthday and coffee order.", "Hums while cooking and does not notice.", "Always brings too much food to gatherings.", "Leaves encouraging notes in shared fridges."],
  quiet: ["Sits with {their} back to the wall in cafés.", "Writes to-do lists on the backs of receipts.", "Rehearses phone calls before making them.", "Reads the last page of a book first."],
  driven: ["Colour-codes everything, including the spice rack.", "Sets three alarms and wakes before all of them.", "Keeps a notebook of ideas on the bedside table.", "Times every errand and tries to beat the record."],
  fiery: ["Argues with the television during the news.", "Slams doors without meaning to.", "Keeps score in every game, even the friendly ones."],
  anxious: ["Checks the stove twice before leaving the house.", "Arrives early everywhere, just in case.", "Drafts texts three times before sending them."],
  easygoing: ["Never wears a watch.", "Naps anywhere, any time.", "Leaves the washing-up for tomorrow, every day."],
  proud: ["Keeps every trophy on display.", "Corrects people who get {their} title wrong.", "Mentions {their} best result within five minutes of meeting anyone."],
};

type Category = "care" | "teaching" | "outdoors" | "creative" | "tech" | "food" | "service" | "office" | "independent" | "student" | "gaming" | "general";
const CATEGORY_PATTERNS: Array<[Category, RegExp]> = [
  ["care", /nurse|doctor|physician|paramedic|midwife|carer|caregiver|surgeon|medic|therapist|pharmacist|dentist|\bvet|psycholog|counsel/i],
  ["teaching", /teacher|professor|tutor|lecturer|instructor|coach|principal/i],
  ["outdoors", /keeper|farmer|fisher|ranger|gardener|carpenter|plumber|electrician|mechanic|builder|welder|miner|sailor|shepherd|trucker|driver|courier|janitor|smith|firefighter|soldier|pilot|guide/i],
  ["creative", /artist|painter|writer|poet|novelist|musician|singer|dancer|actor|actress|designer|photographer|sculptor|editor|journalist|streamer|youtuber|influencer|blogger/i],
  ["tech", /developer|engineer|programmer|data|analyst|scientist|researcher|\btech|\bdev\b/i],
  // Who cooks and who serves: a barista judges no kitchen's knives.
  ["food", /chef|cook|baker|butcher/i],
  ["service", /barista|waiter|waitress|server|bartender|barman|barmaid|sommelier/i],
  // Owners work for themselves: no partnership to make, no desk on an office floor.
  ["independent", /owner|proprietor|freelance|self-employed/i],
  ["office", /accountant|lawyer|manager|consultant|clerk|banker|secretary|receptionist|economist|architect|librarian|officer/i],
  ["student", /student|intern|apprentice|trainee/i],
];

/** Ways of earning that make someone their own boss at a screen, a table or a market stall (occupations.json `earns_from`). */
const INDEPENDENT_EARNINGS = new Set(["markets", "winnings", "clients", "buyers"]);

export function categoryOf(occupation: string | undefined, domain: string | undefined): Category {
  if (domain === "lol_player" && !occupation) return "gaming";
  // How the work is done before what its words sound like: a day trader is no office clerk, a translator no one's employee.
  const earns = occupation ? occupationOf(occupation)?.earns_from : undefined;
  if (earns && INDEPENDENT_EARNINGS.has(earns)) return "independent";
  for (const [category, pattern] of CATEGORY_PATTERNS) if (occupation && pattern.test(occupation)) return category;
  return "general";
}

const TEXTURE: Record<Category, readonly string[]> = {
  care: ["Keeps snacks in {their} locker for colleagues who skipped lunch.", "Can tell from a patient's first sentence how the day will go.", "Has a calm voice that families remember long after the worst day of their lives."],
  teaching: ["Still gets letters from students {they} taught years ago.", "Can silence a noisy room with one look.", "Marks work at the kitchen table with a pot of tea going cold beside {them}."],
  outdoors: ["Knows the weather before the forecast does.", "Can fix most things with a roll of tape and a stubborn afternoon.", "Starts the day before sunrise and likes it that way."],
  creative: ["Fills notebooks faster than {they} can finish them.", "Takes in every room like a scene to be described later.", "Has a drawer of unfinished projects {they} swear{s} {they} will get back to."],
  tech: ["Keeps a running notes file of every mistake worth not repeating.", "Has strong opinions about naming things and weak ones about everything else.", "Automates any chore {they} {has} to do twice."],
  food: ["Tastes everything twice before it leaves the kitchen.", "Judges a place by the state of its knives.", "Cooks for friends on days off, because resting is harder than working."],
  service: ["Remembers a regular's order before they reach the counter.", "Can read a room's mood from the doorway.", "Works the busiest hour without ever looking rushed."],
  office: ["Reads the small print that everyone else signs without a glance.", "Keeps the tidiest desk on the floor and a chaotic bag.", "Has a spreadsheet for things most people would not think to track."],
  independent: ["Keeps {their} own hours and guards them fiercely.", "Has learned to live with months that are feast or famine.", "Knows to the cent what a slow week costs."],
  student: ["Runs on instant coffee and deadlines.", "Has a study playlist for every mood.", "Keeps meaning to start the reading early, and sometimes does."],
  gaming: ["Keeps a second monitor open for replays.", "Knows the patch notes better than the news."],
  general: ["Friends count on {them} for practical advice.", "{Their} days start early, with coffee and the news.", "Keeps in touch with family every week, whatever else is going on."],
};
/**
 * Under 18, the stage's lines in place of a job category's or the general adult's ("Friends count
 * on her for practical advice", "save enough to travel" for an 8-year-old): what a baby, a child or a
 * teenager does, reaches for and is known for. A baby's voice and personality are its own too.
 */
type YoungStage = "baby" | "child" | "teen";
function youngStageOf(age: number): YoungStage | undefined {
  return !Number.isFinite(age) || age >= 18 ? undefined : age < 5 ? "baby" : age < 13 ? "child" : "teen";
}
const YOUNG_TEXTURE: Record<YoungStage, readonly string[]> = {
  baby: ["Watches everything from the pram with great seriousness.", "Laughs hardest at the same song every time.", "Has already worked out how to reach the cat."],
  child: ["Knows every dinosaur by name.", "Has a secret den that everyone knows about.", "Asks 'why' one more time than anyone can answer."],
  teen: ["Has a playlist for every mood and a strong opinion on all of them.", "Spends more time with friends than at home, and says so.", "Keeps a phone charger in every bag."],
};
const YOUNG_GOALS: Record<YoungStage, readonly string[]> = {
  baby: ["take a first step", "say a word for the dog", "sleep through the night, eventually"],
  child: ["learn to swim properly", "get a dog", "stay up later", "win the school sports day"],
  teen: ["pass the exams that matter", "learn to drive", "work out what comes after school", "get a first part-time job"],
};
const YOUNG_QUIRKS: Record<YoungStage, readonly string[]> = {
  baby: ["Falls asleep only in a moving pram.", "Chews whatever is nearest.", "Waves at every bus that goes by."],
  child: ["Collects interesting stones.", "Names every soft toy.", "Draws on every scrap of paper.", "Keeps a secret den under the stairs."],
  teen: ["Sleeps until noon whenever allowed.", "Texts faster than most people talk.", "Wears headphones around the house, even when nothing is playing."],
};
const BABY_VOICE = new SentencePool(["Babbles, squeals and points; a few words, said with great conviction.", "Mostly laughter and loud opinions without words yet."]);
const BABY_PERSONALITY = new SentencePool(["Curious about everything within reach.", "Content as long as someone familiar is near."]);

const RETIRED_TEXTURE = ["Still keeps in touch with a handful of old colleagues.", "Has a story from the old job for most occasions.", "Misses the work more than {they} let{s} on."];
const CATEGORY_GOALS: Record<Category, readonly string[]> = {
  care: ["earn a specialty certification", "move into a role where {they} can train new staff", "find a schedule that leaves room for a life outside work", "go back to school for an advanced degree"],
  teaching: ["see one more class through to graduation", "write the textbook {they} always wished {they} had", "start a club that keeps the quiet kids coming back"],
  outdoors: ["save enough to buy {their} own place with some land", "pass the trade on to an apprentice worth the trouble", "take a proper holiday for the first time in years"],
  creative: ["finish the project {they} {has} been circling for years", "get {their} work in front of a bigger audience", "make a living from the work {they} would do anyway"],
  tech: ["lead a project from design to launch", "build something of {their} own on the side", "mentor the next wave of juniors"],
  food: ["open a small place of {their} own", "perfect one dish until it is famous locally", "get through a season without burning out"],
  service: ["open a small place of {their} own", "move up to running the floor", "find hours that leave the evenings free"],
  office: ["make partner, or at least make it home on time", "leave work at work for a change", "switch to a field {they} actually care{s} about"],
  independent: ["build an income that does not hang on one good month", "take a holiday without checking the numbers", "put enough aside to ride out a bad year"],
  student: ["graduate without drowning in debt", "land a first job in the field", "figure out what {they} actually want to do"],
  gaming: ["finish the season with a better win rate than the last", "find a duo partner who actually answers pings", "learn a second pick for when the first is banned"],
  general: ["save enough to travel somewhere new", "learn a new skill properly", "spend more time with family", "build some financial security", "find more time for friends"],
};
const RETIRED_GOALS = ["travel while {their} knees still allow it", "write down the family stories before they are forgotten", "pass on what {they} learned over a working life", "finally have time for everything work crowded out"];
const CATEGORY_QUIRKS: Record<Category, readonly string[]> = {
  care: ["Washes {their} hands before and after everything, even at home.", "Cannot walk past a wobbly chair without checking it."],
  teaching: ["Corrects grammar on shop signs, silently.", "Carries a red pen everywhere."],
  outdoors: ["Checks the sky before answering any question about plans.", "Keeps a pocketknife that has outlived three cars."],
  creative: ["Photographs peeling paint and odd shadows.", "Cannot leave a crooked picture alone."],
  tech: ["Names devices after moons.", "Keeps every cable {they} {has} ever owned, just in case."],
  food: ["Salts food before tasting it, then regrets it.", "Smells milk before every use, however new it is."],
  service: ["Counts change by feel without looking.", "Stacks cups and glasses by size wherever {they} go{es}."],
  office: ["Keeps every receipt, filed by month.", "Arrives ten minutes early to everything."],
  independent: ["Checks the numbers before breakfast.", "Keeps a notebook of ideas for the next venture."],
  student: ["Studies best at two in the morning.", "Has a favourite library seat and sulks when it is taken."],
  gaming: ["Plays with the sound off and music on.", "Keeps a lucky mug next to the keyboard."],
  general: ["Keeps every ticket stub.", "Names houseplants.", "Always has a spare umbrella."],
};


/** Who works nights or says they are no morning person: no early starts in their colour. */
const NIGHT_SCHEDULE = /night|graveyard/i;
const NO_MORNINGS = /not an? (?:early|morning) (?:person|riser|bird)|night owl|hates? (?:early )?mornings|late riser/i;
const MORNING_WORDS = ["early", "morning", "mornings", "sunrise", "dawn", "before breakfast"];

/**
 * Words the sketch's own statements rule out of the colour lines: early starts for who works nights
 * or is "not a morning person", and what they say they dislike ("hates cooking": no cooking for friends).
 * Undefined when the sketch rules nothing out.
 */
function statedAgainst(values: Readonly<Record<string, string>>): RegExp | undefined {
  const words: string[] = [];
  if (NIGHT_SCHEDULE.test(`${values.schedule ?? ""} ${values.shift ?? ""}`) || NO_MORNINGS.test(`${values.details ?? ""} ${values.temperament ?? ""}`)) words.push(...MORNING_WORDS);
  for (const dislike of values.dislikes?.split(/,\s*/) ?? []) {
    const item = dislike.trim().toLowerCase();
    if (!item) continue;
    // "cooking" is said "cooks" and "cook" too: its stem, as a word's start.
    words.push(/^[a-z]+ing$/.test(item) && item.length > 5 ? item.slice(0, -3) : item);
  }
  if (words.length === 0) return undefined;
  return new RegExp(`\\b(?:${words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "i");
}

/** "painting, hiking, keeping bees" → "painting, hiking and keeping bees". */
function listed(value: string): string {
  const items = value.split(/,\s*/).filter(Boolean);
  return items.length <= 1 ? value : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const NUMBER_WORDS = /^(?:a|an|one|two|three|four|five|six|seven|\d+)\s/i;

export interface SketchProse {
  backstory: string;
  voice: string;
  personality?: string;
  goals: string;
  quirks: string;
}

const NATIONALITY = new SentencePool(["{They} {is} {nationality} by birth."]);

/**
 * Sentences restating the sketch's facts (occupation, place, years, schedule, hobbies, family…),
 * in the order a reader would want them; the first is the opening.
 */
export function factSentences(persona: PersonaText, experienceTail: string | undefined, rng: Rng, withOpening = true): string[] {
  const values = persona.values;
  const category = categoryOf(values.occupation, undefined);
  const slots = slotsOf(persona);
  const sentences: string[] = [];
  const retired = /\b(?:retired|former|ex)\b/i.test(values.occupation ?? "") || /retired|former/.test(values.status ?? "");
  if (withOpening) sentences.push(opening(persona, slots, retired, rng));
  else if (values.occupation) sentences.push(`Away from the game, ${slots.they} ${retired ? slots.is : `work${slots.s} as`} ${withArticle(values.occupation)}.`);
  if (values.nationality && persona.country?.demonym !== values.nationality) sentences.push(NATIONALITY.write({ ...slots, nationality: values.nationality }, rng));

  const years = values.years_experience;
  if (years) {
    const unit = Number(years) === 1 ? "year" : "years";
    const tail = (experienceTail ?? "").replace(/\bmy\b/g, slots.their as string);
    const experience = /^(?:of\s+)?(?:experience|work|service)\b(.*)$/i.exec(tail);
    if (!tail || experience) {
      const rest = experience?.[1]?.trim() ? ` ${experience[1].trim()}` : values.occupation && !retired ? ` as ${withArticle(values.occupation)}` : "";
      sentences.push(`${slots.They} ${slots.has} ${years} ${unit} of experience${rest}${retired ? " behind " + slots.them : ""}.`);
    } else if (retired) sentences.push(`${slots.They} spent ${years} ${unit} ${tail} before retiring.`);
    else sentences.push(`${slots.They} ${slots.has} spent ${years} ${unit} ${tail}${rng.float() < 0.5 ? ", and it shows" : ""}.`);
  }
  if (values.unit && !(experienceTail ?? "").includes(values.unit) && !(values.occupation ?? "").includes(values.unit)) sentences.push(`${slots.They} work${slots.s} in ${/^(?:ICU|NICU|PICU|ER|A&E)$/.test(values.unit) ? "the " : ""}${values.unit}.`);
  if (values.schedule) {
    const schedule = values.schedule;
    const night = /night|graveyard/i.test(schedule);
    const phrase = listed(schedule.replace(/\bon[- ]call\b/i, "on-call shifts"));
    const at = values.workplace ? ` at ${values.workplace}` : "";
    sentences.push(`${slots.They} work${slots.s} ${phrase}${at}${night ? `, and ${slots.has} long since made peace with sleeping through daylight` : ""}.`);
  } else if (values.workplace) sentences.push(`${slots.They} work${slots.s} at ${values.workplace}.`);
  if (values.years_coding) sentences.push(`${slots.They} ${slots.has} been writing code for ${values.years_coding} ${Number(values.years_coding) === 1 ? "year" : "years"}.`);
  if (values.industry) sentences.push(`${slots.They} work${slots.s} in ${values.industry}.`);
  if (values.remote_work) sentences.push(values.remote_work === "remote" ? `${slots.They} work${slots.s} fully remote and guard${slots.s} ${slots.their} focus hours.` : values.remote_work === "hybrid" ? `${slots.They} split${slots.s} the week between home and the office.` : `${slots.They} go${slots.es} into the office every day.`);
  if (values.temperament) {
    const tone = toneOf(values.temperament);
    const temperament = listed(values.temperament);
    sentences.push(tone ? TEMPERAMENT_LINE[tone].write({ ...slots, temperament, Temperament: cap(temperament) }, rng) : `Friends would call ${slots.them} ${temperament}.`);
  }
  if (values.hobbies) {
    const hobbies = listed(values.hobbies).replace(/\bmy\b/g, slots.their as string);
    sentences.push(retired ? `These days ${slots.they} fill${slots.s} ${slots.their} time with ${hobbies}.` : `${category === "student" ? "Between classes" : values.occupation ? "Outside work" : "In free hours"}, ${slots.they} can usually be found ${hobbies}.`);
  }
  // What they say they cannot stand is no interest of theirs, whatever else the sketch's words suggested.
  const disliked = new Set((values.dislikes ?? "").split(/,\s*/).map((item) => item.trim().toLowerCase()));
  const interests = (values.interests ?? "").split(/,\s*/).filter((item) => item.trim() !== "" && !disliked.has(item.trim().toLowerCase())).join(", ");
  if (interests) sentences.push(`${slots.They} love${slots.s} ${listed(interests).replace(/\bmy\b/g, slots.their as string)}.`);
  if (values.dislikes) sentences.push(`${slots.They} cannot stand ${listed(values.dislikes).replace(/\bmy\b/g, slots.their as string)}.`);
  if (values.fears) sentences.push(`${slots.They} ${slots.is} quietly afraid of ${listed(values.fears)}.`);
  const family = values.family?.split(/,\s*/) ?? [];
  const children = family.filter((item) => NUMBER_WORDS.test(item));
  const roles = family.filter((item) => !NUMBER_WORDS.test(item));
  if (values.marital_status || children.length > 0) {
    const marital = values.marital_status ? `${slots.They} ${slots.is} ${values.marital_status}` : "";
    const kids = children.length > 0 ? listed(children.join(", ")) : "";
    sentences.push(marital && kids ? `${marital}, with ${kids}.` : marital ? `${marital}.` : `${slots.They} ${slots.has} ${kids}.`);
  }
  for (const role of roles) sentences.push(`${slots.They} ${slots.is} ${withArticle(role.replace(/^\p{Lu}(?=\p{Ll})/u, (letter) => letter.toLowerCase()))}.`);
  if (values.pets) sentences.push(`${slots.They} share${slots.s} ${slots.their} home with ${listed(values.pets).replace(/\bmy\b/g, slots.their as string)}.`);
  if (values.languages) sentences.push(/^(?:bi|tri|multi)lingual$/i.test(values.languages) ? `${slots.They} ${slots.is} ${values.languages.toLowerCase()}.` : `${slots.They} speak${slots.s} ${listed(values.languages)}.`);
  if (values.education) sentences.push(/^(?:studied|graduated|dropped)/i.test(values.education) ? `${slots.They} ${values.education}.` : `${slots.They} ${slots.has} ${values.education}.`);
  return sentences;
}

function opening(persona: PersonaText, slots: Record<string, string>, retired: boolean, rng: Rng): string {
  const values = persona.values;
  const occupation = values.occupation;
  const age = values.age;
  const place = slots.place ? ` in ${values.area ? `${values.area} ` : ""}${slots.place}` : "";
  if (occupation) {
    const ageAndJob = age ? withArticle(`${age}-year-old ${occupation}`) : withArticle(occupation);
    const options = [`${slots.given} is ${ageAndJob}${place}.`];
    if (age) options.push(`${slots.given}, ${age}, is ${withArticle(occupation)}${place}.`);
    // A pupil, a student or a child is not at work ("At 17, Aisha works as a secondary school pupil").
    const working = !retired && !SCHOOLING.test(occupation) && !(Number(age) < 16);
    if (age && working) options.push(`At ${age}, ${slots.given} works as ${withArticle(occupation)}${place}.`);
    if (working && place) options.push(`${slots.given} makes a living as ${withArticle(occupation)}${place}${age ? ` and is ${age}` : ""}.`);
    return rng.pick(options);
  }
  const stage = lifeStage(Number(age ?? 35));
  if (place) return rng.pick([`${slots.given}, ${age}, lives${place}.`, `At ${age}, ${slots.given} calls ${slots.place} home and is ${stage}.`]);
  return rng.pick([`${slots.given} is ${age} and ${stage}.`, `At ${age}, ${slots.given} is ${stage}.`]);
}

/** Occupations that are a stage of schooling, not work: "secondary school pupil", "student", "preschool child". */
const SCHOOLING = /\b(?:pupil|student|schoolchild|schoolkid|schoolboy|schoolgirl|child|kid|toddler|baby|infant|preschooler|kindergartner)s?\b/i;

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function slotsOf(persona: PersonaText): Record<string, string> {
  const pronouns = pronounSlots(pronounGender(persona));
  const location = persona.values.location;
  // The place as the sketch gave it: "Leeds" of "Leeds, United Kingdom", "Maine" of "Maine, United States".
  const place = location ? (location.split(",")[0] as string).trim() : "";
  return { ...pronouns, es: pronouns.s ? "es" : "", given: persona.given, Given: cap(persona.given), place, occupation: persona.values.occupation ?? "" };
}

/** Everything an enhanced persona needs beyond its stated facts, written to fit them. */
export function writeSketchProse(persona: PersonaText, experienceTail: string | undefined, domain: string | undefined, rng: Rng): SketchProse {
  const values = persona.values;
  const slots = slotsOf(persona);
  const statedTone = toneOf(values.temperament);
  const tone = statedTone ?? rng.pick(DEFAULT_TONES);
  const category = domain === "lol_player" ? "gaming" : categoryOf(values.occupation, domain);
  const retired = /\b(?:retired|former)\b/i.test(`${values.occupation ?? ""} ${values.status ?? ""}`);
  const fill = (template: string) => new SentencePool([template]).write(slots, rng);

  // Colour that fits the job but not the temper ("a calm voice" for a hot-headed nurse) is left out,
  // and so is colour the sketch's own words contradict (an early riser who is "not a morning person").
  const clash = CLASHING_COLOUR[tone];
  const against = statedAgainst(values);
  const fitting = (options: readonly string[], fallback: readonly string[] = options) => {
    const kept = clash ? options.filter((option) => !clash.test(option)) : options;
    const chosen = kept.length > 0 ? kept : options;
    if (!against) return chosen;
    const allowed = chosen.filter((option) => !against.test(option));
    return allowed.length > 0 ? allowed : fallback.filter((option) => !against.test(option));
  };
  const sentences = factSentences(persona, experienceTail, rng);
  const young = youngStageOf(Number(values.age ?? Number.NaN));
  const texture = fitting(young ? YOUNG_TEXTURE[young] : retired ? RETIRED_TEXTURE : TEXTURE[category], young ? YOUNG_TEXTURE[young] : TEXTURE.general);
  if (texture.length > 0) sentences.push(fill(rng.pick(texture)));
  const backstory = compose(sentences, rng);

  const firstHobby = values.hobbies?.split(/,\s*/)[0];
  const goalOptions = fitting(young ? YOUNG_GOALS[young] : retired ? RETIRED_GOALS : CATEGORY_GOALS[category], young ? YOUNG_GOALS[young] : CATEGORY_GOALS.general);
  let goal = rng.pick(goalOptions);
  if (firstHobby && rng.float() < 0.35) goal = `make more time for ${firstHobby}`;
  const goals = fill(rng.pick([`Wants to ${goal}.`, `Hopes to ${goal}.`, `Over the next few years, {they} want{s} to ${goal}.`, `Is quietly working to ${goal}.`]));

  // A young person's quirks are their age's (no ticket stubs, no gadgets refused on principle): two of them, not a job's and a grown-up temper's.
  const quirkOptions = young ? fitting(YOUNG_QUIRKS[young]) : fitting(CATEGORY_QUIRKS[category], CATEGORY_QUIRKS.general);
  const firstQuirk = quirkOptions.length > 0 ? fill(rng.pick(quirkOptions)) : undefined;
  const secondQuirk = young ? quirkOptions.filter((quirk) => fill(quirk) !== firstQuirk) : fitting(TONE_QUIRKS[tone]);
  const quirks = [...(firstQuirk ? [firstQuirk] : []), ...(secondQuirk.length > 0 ? [fill(rng.pick(secondQuirk))] : [])];
  const baby = young === "baby";
  const prose: SketchProse = { backstory, voice: (baby ? BABY_VOICE : VOICE[tone]).write(slots, rng), goals, quirks: rng.shuffle(quirks).join(" ") };
  if (!statedTone && !values.temperament) prose.personality = (baby ? BABY_PERSONALITY : PERSONALITY[tone]).write(slots, rng);
  return prose;
}
