/**
 * League of Legends prose. Every number and category it states is the persona's own: templates
 * name ranks, roles, servers, champions and numbers only through slots filled from the fields,
 * and avoid words that are other categories' values ("top", "gold", "master", "support", …).
 */
import type { Rng } from "../../engine/rng.ts";
import { compose, SentencePool } from "./grammar.ts";
import { pronounSlots, type PersonaText } from "./context.ts";
import { withArticle } from "../../engine/articles.ts";

const ROLE_NOUN: Record<string, string> = { top: "top laner", jungle: "jungler", mid: "mid laner", adc: "ADC", support: "support" };
const ROLE_PLACE: Record<string, string> = { top: "the top lane", jungle: "the jungle", mid: "the mid lane", adc: "the bot lane as the ADC", support: "the bot lane as support" };
const ROLE_HABITS: Record<string, readonly string[]> = {
  top: ["loves a long split-push", "lives for the teleport flank", "treats the lane like a duel", "would rather win a matchup than a teamfight"],
  jungle: ["tracks the enemy jungler by instinct", "paths toward whichever lane is winning", "times every objective to the second", "invades when nobody expects it"],
  mid: ["roams the moment the wave is shoved", "plays the lane like a chess match", "lives for the outplay", "keeps an eye on both side lanes"],
  adc: ["farms like the rent is due", "kites backwards with steady hands", "waits for the perfect teamfight angle", "counts every last hit"],
  support: ["wards the river before anyone asks", "roams to help the other lanes", "calls the engage for the whole team", "keeps the carry alive at any cost"],
};
const HIGH = new Set(["Master", "Grandmaster", "Challenger"]);
const UPPER = new Set(["Emerald", "Diamond"]);


function hoursPhrase(hours: number): string {
  if (hours <= 4) return "a handful of games when the week allows";
  if (hours <= 10) return "a few evenings a week";
  if (hours <= 20) return "most evenings";
  if (hours <= 35) return "almost every day";
  return "nearly every waking hour outside of sleep";
}

function agePhrase(age: number): string {
  if (age < 18) return "between homework and dinner";
  if (age < 23) return "between lectures and part-time shifts";
  if (age < 30) return "after work";
  return "once the rest of the day is done";
}

const ORIGIN = new SentencePool([
  "Grew up in {city} and {found} the game through {introducer}.",
  "{Given} {found} League in {city} through {introducer} and never really stopped.",
  "{a_age}-year-old from {city}, {given} {found} the Rift through {introducer}.",
  "Queues on the {region} server from {city}, where {they} {found} the game through {introducer}.",
  "At {age}, {given} has been playing out of {city} ever since {giver} handed over a login.",
  "{Given} started playing in {city} [a while back|years ago|some time ago] after {giver} [lent {them} an account|set up {their} first login|dragged {them} into a normal game].",
  "[Home is|Home base is] {city}; {given}, {age}, {found} League through {introducer}.",
  "It was {introducer} in {city} that got {given} into League, and at {age} {they} {is} still at it.",
  "{Given}, {age}, plays from {city} on the {region} server and first {found} the game through {introducer}.",
]);
/** Things (and people) through which someone finds the game: "through {introducer}". */
const INTRO = ["an older cousin", "a school friend", "a neighbour's old laptop", "a roommate", "a streamer {they} watched late at night", "a sibling's account", "a group chat of classmates", "a college dorm game night", "a YouTube montage", "a friend's spare account"];
/** In Korea the game is as often found at the PC bang down the street. */
const INTRO_KOREA = [...INTRO, "a PC bang down the street"];
const FOUND = ["found", "discovered", "stumbled onto", "got hooked on"];
/** People who can hand over a login: "ever since {giver} handed over a login". */
const GIVERS = ["an older cousin", "a school friend", "a roommate", "an older sibling", "a neighbour", "a classmate", "a coworker", "a childhood friend"];
const RANK = new SentencePool([
  "Sits in {rank} as {a_role} main and {habit}.",
  "{a_rank} {role} who {habit}.",
  "{Their} account sits in {rank}, played almost entirely from {role_place}.",
  "Mains {role_place} in {rank}, and {habit}.",
  "In {rank} the {role} pool is crowded, but {given} {habit}.",
]);
/** For a persona with a role but no rank or home (an enhanced sketch). */
const ROLE_ONLY = new SentencePool([
  "{given} is {a_age}-year-old {role} main who {habit}.",
  "At {age}, {given} mains {role_place} and {habit}.",
]);
const ROLE_NO_AGE = new SentencePool(["{given} mains {role_place} and {habit}.", "A {role} main through and through, {given} {habit}."]);
const TEMPERAMENT = new SentencePool([
  "{Temperament} in voice chat and out of it, which makes {them} easy to queue with.",
  "Teammates describe {them} as {temperament}, even after a rough loss.",
]);
const CHAMPION = new SentencePool([
  "{champion} is the [comfort pick|safe pick|go-to], and {their} match history shows it.",
  "Most games end up on {champion}; the mastery points are [a point of pride|a running joke among friends|hard-earned].",
  "Would first-time almost anything, but still locks in {champion} when [it matters|the game counts|a promotion is on the line].",
  "Picked up {champion} on a whim and never [let the champion go|looked back|switched mains].",
  "Knows every matchup {champion} has, and most of the jokes about [the champion|that pick].",
  "[Has|Owns] every {champion} skin {they} can afford.",
  "{champion} is [the first pick|the answer|the pocket pick] whenever ranked gets serious.",
  "[Thousands of|Countless] games on {champion} have made every combo muscle memory.",
  "Got hooked on {champion} after [one lucky game|a pro match|a friend's recommendation] and has [mained|played] it since.",
  "Bans [the same counter|one counter] every game just to keep {champion} safe.",
  "[Watches|Studies] {champion} one-trick streams to squeeze out a few more wins.",
  "Would rather lose on {champion} than win on [anything else|a meta pick|a champion {they} do{es_s}n't enjoy].",
  "{champion} [fits {their} style|suits {their} habits] better than any other pick.",
]);
const HOURS = new SentencePool([
  "Puts in about {hours} {hours_unit} a week, [{hours_phrase}|usually {age_phrase}].",
  "[Roughly|About|Close to] {hours} {hours_unit} of League a week: {hours_phrase}.",
  "The weekly total is around {hours} {hours_unit}, [mostly {age_phrase}|{hours_phrase}|{age_phrase} for the most part].",
  "Logs roughly {hours} {hours_unit} a week, usually {age_phrase}.",
  "Around {hours} {hours_unit} a week go into the game, {hours_phrase}, {age_phrase}.",
  "Plays about {hours} {hours_unit} a week, {age_phrase}.",
]);
const LOW_GOAL = new SentencePool([
  "Plays mostly for fun with friends and mutes chat the moment anyone gets loud.",
  "Wants to climb at least a tier this year, mostly to stop a friend's teasing.",
  "Cares more about a good laugh in voice chat than about LP.",
  "Is slowly learning to stop chasing kills across the map.",
  "Plays [normals|ARAM|a few ranked games] to unwind, [not to grind|win or lose|with snacks nearby].",
  "Has made a promise to [look at the minimap more|stop flaming|learn one new champion] this season.",
  "[Usually|Mostly] queues with the same [three friends|group from school|coworkers] and laughs through the losses.",
  "Watches a [pro game|streamer|guide] now and then but mostly plays on instinct.",
  "Would like to climb, but [sleep|work|school] usually wins.",
  "Counts a good game as one where nobody [typed in all caps|rage-quit|blamed the jungler].",
  "Keeps [a loose promise|meaning] to [learn wave management|practise last-hitting|watch {their} replays] some day.",
]);
const MID_GOAL = new SentencePool([
  "Reviews replays on weekends and keeps a notebook of mistakes.",
  "Has started watching coaching videos and is trying to wave-manage properly.",
  "Duo-queues with a long-time friend and argues about every dragon call.",
  "Treats ranked like a second job some weeks and a hobby in others.",
  "Tracks [win rates|CS per minute|vision score] in a spreadsheet and [tweaks|adjusts] {their} play every week.",
  "Wants the next tier badly and [plays in focused blocks|stops after two losses|warms up in practice tool first].",
  "Has [a coach|a duo partner|a friend higher up the ladder] who reviews {their} [worst games|deaths|laning] every week.",
  "Plays [clash|flex queue|in a weekend tournament] whenever a team can be gathered.",
]);
const HIGH_GOAL = new SentencePool([
  "Scrims with a semi-pro team and dreams of an academy contract.",
  "Streams ranked games to a small, loyal audience and answers every question in chat.",
  "Gets recognised in high-elo lobbies and does not always enjoy it.",
  "Studies pro games frame by frame and copies what works.",
]);
const QUIRK = new SentencePool([
  "Always types a quick 'glhf' before the game starts.",
  "Refuses to dodge a lobby, however grim it looks.",
  "Keeps a lucky [mug|plushie|keycap] next to the keyboard for ranked nights.",
  "Pings missing more than strictly necessary.",
  "Plays with the sound off and [music|a podcast|lo-fi beats] on.",
  "Takes a walk after every loss, no exceptions.",
  "Never plays ranked [before coffee|after midnight|on an empty stomach].",
  "[Mutes|Hides] all chat from the loading screen onwards.",
  "Has [a ritual|a superstition] about which skin to play on a losing streak.",
  "Writes [one|a single] lesson on a sticky note after every ranked session.",
  "Says 'one more game' and means it about half the time.",
  "Stretches between games, [a habit picked up from a physio|after a sore wrist scare].",
]);

const STYLE = new SentencePool([
  "[patient|aggressive|methodical|calculated|scrappy|creative] {role} who {habit}",
  "{champion} specialist: [reads fights early|plays for the long game|never backs down from a skirmish|turns small leads into wins|punishes every misstep|thrives in chaos|wins through patience]",
  "[steady|loud|quiet|fearless|thoughtful|relentless] shot-caller on {champion}, {habit}",
  "{role} who {habit}, usually on {champion}",
]);

function slotsOf(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const role = values.main_role ?? "";
  const pronouns = pronounSlots(persona.gender);
  const roleNoun = ROLE_NOUN[role] ?? role;
  const rank = values.rank ?? "";
  const age = values.age ?? "";
  const temperament = values.temperament ?? "";
  // One literal, then the pronouns merged in: an object spread followed by more properties
  // (`{ ...pronouns, given }`) builds a fresh hidden class per object in V8 and cost ~50 µs per
  // persona, most of this writer's time. The draws keep their order (habit, found, introducer, giver).
  const slots: Record<string, string> = {
    given: persona.given,
    Given: persona.given,
    city: persona.city ?? persona.country?.name ?? "home",
    region: values.region ?? "",
    rank,
    role: roleNoun,
    role_place: ROLE_PLACE[role] ?? role,
    habit: rng.pick(ROLE_HABITS[role] ?? ["plays to win"]),
    champion: values.main_champion ?? "",
    hours: values.hours_per_week ?? "",
    hours_unit: Number(values.hours_per_week) === 1 ? "hour" : "hours",
    hours_phrase: hoursPhrase(Number(values.hours_per_week ?? 0)),
    age,
    age_phrase: agePhrase(Number(values.age ?? 25)),
    found: rng.pick(FOUND),
    a_role: withArticle(roleNoun),
    a_rank: withArticle(rank),
    a_age: withArticle(age),
    temperament,
    Temperament: temperament.charAt(0).toUpperCase() + temperament.slice(1),
    introducer: rng.pick(persona.country?.code === "KR" ? INTRO_KOREA : INTRO).replace("{they}", pronouns.they as string),
    giver: rng.pick(GIVERS),
  };
  return Object.assign(slots, pronouns);
}

export function writeLolText(persona: PersonaText, rng: Rng): Record<string, string> {
  const slots = slotsOf(persona, rng);
  const values = persona.values;
  const sentences: string[] = [];
  const hasPlace = persona.city !== undefined && slots.region !== "" && slots.age !== "";
  if (hasPlace) sentences.push(ORIGIN.write(slots, rng));
  if (values.rank && values.main_role) sentences.push(RANK.write(slots, rng));
  else if (values.main_role) sentences.push((values.age ? ROLE_ONLY : ROLE_NO_AGE).write(slots, rng));
  if (values.temperament) sentences.push(TEMPERAMENT.write(slots, rng));
  if (values.main_champion) sentences.push(CHAMPION.write(slots, rng));
  if (values.hours_per_week && values.age) sentences.push(HOURS.write(slots, rng));
  const rank = values.rank ?? "";
  sentences.push((HIGH.has(rank) ? HIGH_GOAL : UPPER.has(rank) || rank === "Platinum" || rank === "Gold" ? MID_GOAL : LOW_GOAL).write(slots, rng));
  if (rng.float() < 0.5) sentences.push(QUIRK.write(slots, rng));
  const leadsWithRole = !hasPlace && !values.rank && Boolean(values.main_role);
  const fields: Record<string, string> = { backstory: compose(sentences, rng, hasPlace || leadsWithRole ? 1 : 0) };
  if (values.main_role && values.main_champion) fields.play_style = STYLE.write(slots, rng);
  else if (values.main_role) fields.play_style = `${slots.role} who ${slots.habit}`;
  return fields;
}
