/**
 * Prose for working people: software developers, nurses and the generic person. Numbers and
 * category values appear only through slots; no template names a different setting, work
 * arrangement or temperament than the persona's own.
 */
import type { Rng } from "../../engine/rng.ts";
import { compose, SentencePool } from "./grammar.ts";
import { lifeStage, pronounSlots, type PersonaText } from "./context.ts";

function baseSlots(persona: PersonaText, rng: Rng): Record<string, string> {
  return {
    ...pronounSlots(persona.gender),
    given: persona.given,
    city: persona.city ?? persona.country?.name ?? "a small town",
    country: persona.country?.name ?? "",
    age: persona.values.age ?? "",
    stage: lifeStage(Number(persona.values.age ?? 35)),
    weekend: rng.pick(["hiking with friends", "cooking for family", "playing in a neighbourhood football league", "taking long bike rides", "digging through record shops", "gardening", "reading with a book club", "restoring old furniture"]),
  };
}

// ---------------------------------------------------------------- software developers

const DEV_ORIGIN = new SentencePool([
  "{given} is {a_age}-year-old {developer_type} in {city}.",
  "Based in {city}, {given} works as {a_developer_type} and is {stage}.",
  "At {age}, {given} makes a living as {a_developer_type} in {city}.",
]);
const DEV_YEARS = new SentencePool([
  "{They} {has} been writing code for {years_coding} {years_coding_unit}, [starting with|beginning on] {first_code}.",
  "{years_coding} {years_coding_unit} of coding began with {first_code}.",
  "It started with {first_code}; {years_coding} {years_coding_unit} later {they} still enjoy{s} a clean diff.",
]);
const DEV_ARRANGEMENT: Record<string, SentencePool> = {
  remote: new SentencePool(["Works fully remote from a spare room, with a standing desk and a cat that attends every stand-up.", "Works remote and guards {their} focus hours fiercely."]),
  hybrid: new SentencePool(["Splits the week between home and the office, saving the office days for whiteboard arguments.", "A hybrid schedule suits {them}: deep work at home, design reviews in person."]),
  "in-person": new SentencePool(["Goes into the office every day and likes the hallway conversations more than {they} admit{s}.", "Works in-person, on a team that still eats lunch together."]),
};
const DEV_HABIT = new SentencePool([
  "Keeps a running notes file of every production incident {they} {has} seen.",
  "Reviews pull requests first thing in the morning, before the messages pile up.",
  "Has strong opinions about naming and weak opinions about tabs.",
  "Outside work, {their} time goes to {weekend}.",
]);
const DEV_GOALS = new SentencePool([
  "[Wants to|Hopes to|Plans to] {dev_goal} within the next couple of years.",
  "[Wants to|Hopes to] {dev_goal}, and to keep weekends free of pager alerts.",
  "Next up: {dev_goal}.",
]);
const DEV_GOAL_BY_SENIORITY = {
  junior: ["land a first senior title", "ship a feature end to end without hand-holding", "find a mentor worth keeping"],
  mid: ["lead a project from design to launch", "move toward a staff role", "give a talk at a local meetup"],
  senior: ["mentor the next wave of engineers", "spend more time on architecture and less in meetings", "build something of {their} own on the side"],
};
const FIRST_CODE = ["a calculator app", "game mods", "a school website", "spreadsheets that got out of hand", "a graphing calculator", "a chat bot for friends", "a broken forum theme"];

function withArticle(word: string): string {
  return `${/^[aeiouAEIOU8]|^11|^18/.test(word) && !/^(?:8\d{2})/.test(word) ? "an" : "a"} ${word}`;
}

export function writeDeveloperText(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const slots: Record<string, string> = {
    ...baseSlots(persona, rng),
    developer_type: values.developer_type ?? "developer",
    a_developer_type: withArticle(values.developer_type ?? "developer"),
    years_coding: values.years_coding ?? "",
    years_coding_unit: Number(values.years_coding) === 1 ? "year" : "years",
    first_code: rng.pick(FIRST_CODE),
  };
  slots.a_age = withArticle(slots.age as string);
  const years = Number(values.years_coding ?? 5);
  const seniority = years < 5 ? "junior" : years < 15 ? "mid" : "senior";
  slots.dev_goal = rng.pick(DEV_GOAL_BY_SENIORITY[seniority]).replace("{their}", slots.their as string);
  const sentences = [];
  if (values.age && persona.city) sentences.push(DEV_ORIGIN.write(slots, rng));
  if (values.years_coding) sentences.push(DEV_YEARS.write(slots, rng));
  const arrangement = DEV_ARRANGEMENT[values.remote_work ?? ""];
  if (arrangement) sentences.push(arrangement.write(slots, rng));
  if (values.temperament) sentences.push(temperamentSentence(values.temperament, slots, rng));
  sentences.push(DEV_HABIT.write(slots, rng));
  return { backstory: compose(sentences, rng), goals: DEV_GOALS.write(slots, rng) };
}

// ---------------------------------------------------------------- registered nurses

const SETTING_PHRASE: Record<string, string> = {
  hospital: "a hospital",
  "ambulatory care": "an ambulatory care clinic",
  "nursing and residential care": "a nursing and residential care facility",
  government: "a government health service",
  "educational services": "a school health office",
  "other settings": "a community health role",
};
const NURSE_ORIGIN = new SentencePool([
  "{given} is {a_age}-year-old registered nurse working in {setting_phrase}.",
  "At {age}, {given} works as a registered nurse in {setting_phrase}.",
  "{given}, {age}, has made {setting_phrase} {their} professional home.",
]);
const NURSE_YEARS = new SentencePool([
  "{They} {has} {years_experience} {years_experience_unit} of experience as an RN, [and it shows at the bedside|and still learn{s} something every shift|most of them on the same unit].",
  "{years_experience} {years_experience_unit} into nursing, {they} can read a room in seconds.",
  "With {years_experience} {years_experience_unit} as a nurse behind {them}, new graduates tend to find {them} first.",
]);
const NURSE_NEW = new SentencePool(["{They} {is} new to the job and still keep{s} a pocket notebook of everything {they} learn{s}.", "Fresh out of school, {they} {is} still learning the rhythm of a full shift."]);
const NURSE_AREA: Record<string, SentencePool> = {
  rural: new SentencePool(["Serves a rural community where patients drive a long way and know {them} by name.", "In a rural community like {their}s, {they} often know{s} patients' families for years."]),
  urban: new SentencePool(["Works in an urban area where no two shifts look alike.", "The urban pace suits {them}: busy, loud and never boring."]),
};
const NURSE_HABIT = new SentencePool([
  "Keeps snacks in {their} locker for colleagues who skipped lunch.",
  "Is the one who remembers which patient prefers tea.",
  "Decompresses after shifts by {weekend}.",
  "Has a calm phone voice that families remember.",
]);
const NURSE_GOALS = new SentencePool([
  "[Wants to|Hopes to|Plans to] {nurse_goal}.",
  "Over the next few years, {they} want{s} to {nurse_goal}.",
]);
const NURSE_GOAL_LIST = ["earn a specialty certification", "move into a charge nurse role", "go back to school for a nurse practitioner degree", "teach clinical skills to students", "find a schedule with fewer night shifts"];

export function writeNurseText(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const slots: Record<string, string> = {
    ...baseSlots(persona, rng),
    setting_phrase: SETTING_PHRASE[values.setting ?? ""] ?? "a care setting",
    years_experience: values.years_experience ?? "",
    years_experience_unit: Number(values.years_experience) === 1 ? "year" : "years",
    nurse_goal: rng.pick(NURSE_GOAL_LIST),
  };
  slots.a_age = withArticle(slots.age as string);
  const sentences = [];
  if (values.age) sentences.push(NURSE_ORIGIN.write(slots, rng));
  if (values.years_experience) sentences.push((Number(values.years_experience) < 1 ? NURSE_NEW : NURSE_YEARS).write(slots, rng));
  const area = NURSE_AREA[values.area ?? ""];
  if (area) sentences.push(area.write(slots, rng));
  if (values.temperament) sentences.push(temperamentSentence(values.temperament, slots, rng));
  sentences.push(NURSE_HABIT.write(slots, rng));
  return { backstory: compose(sentences, rng), goals: NURSE_GOALS.write(slots, rng) };
}

// ---------------------------------------------------------------- anyone

const TEMPERAMENT_SOURCES: Record<string, readonly string[]> = {
  warm: ["Warm by nature, {they} remember{s} everyone's birthday.", "People describe {them} as warm, the first to offer help."],
  reserved: ["Reserved in company, {they} open{s} up slowly and stay{s} loyal.", "A reserved listener who speaks when it counts."],
  curious: ["Endlessly curious, {they} ask{s} one more question than anyone expects.", "Curious about everything, from bus timetables to old maps."],
  driven: ["Driven and organised, {they} keep{s} lists for {their} lists.", "Driven to finish what {they} start{s}, even when it costs sleep."],
  easygoing: ["Easygoing to a fault, {they} rarely let{s} small things stick.", "An easygoing presence who makes tense rooms feel lighter."],
  meticulous: ["Meticulous about details, {they} double-check{s} what others skim.", "Meticulous and patient, with a drawer where everything has a place."],
  blunt: ["Blunt and honest, {they} say{s} what others only think.", "Known for blunt advice that usually turns out right."],
  playful: ["Playful and quick with a joke, even on bad days.", "A playful streak keeps {their} friends laughing."],
};
const TEMPERAMENT_LINE: Record<string, SentencePool> = Object.fromEntries(
  Object.entries(TEMPERAMENT_SOURCES).map(([word, lines]) => [word, new SentencePool(lines)]),
);
const PERSON_ORIGIN = new SentencePool([
  "{given} is {a_age}-year-old {occupation} living in {city}, {country}.",
  "At {age}, {given} is {an_occupation} in {city} and {stage}.",
  "{given}, {age}, lives in {city} and works as {an_occupation}.",
]);
const PERSON_ORIGIN_NO_PLACE = new SentencePool(["{given} is {an_occupation}, {age} years old and {stage}.", "At {age}, {given} is {an_occupation}."]);
const PERSON_NO_OCCUPATION = new SentencePool(["{given} is {age} and {stage}.", "At {age}, {given} is {stage}."]);
const PERSON_NO_OCCUPATION_PLACE = new SentencePool(["{given}, {age}, lives in {city}.", "At {age}, {given} calls {city} home and is {stage}."]);
const OTHER_TEMPERAMENT = new SentencePool(["Friends would call {them} {temperament}.", "{Temperament} by nature, and it shows in how {they} treat{s} people."]);
const PERSON_LIFE = new SentencePool([
  "Weekends are for {weekend}.",
  "{They} grew up in a busy household and still call{s} family every week.",
  "{Their} days start early, with coffee and the news.",
  "Friends count on {them} for practical advice.",
]);
const PERSON_GOALS = new SentencePool([
  "[Wants to|Hopes to|Is working to] {person_goal}.",
  "Right now, {they} want{s} to {person_goal}.",
]);
const PERSON_GOAL_LIST = ["save enough to travel somewhere new", "learn a new skill properly", "spend more time with family", "build some financial security", "get better at the craft", "find more time for friends", "start a small side project"];

function temperamentSentence(word: string, slots: Record<string, string>, rng: Rng): string {
  return OTHER_TEMPERAMENT.write({ ...slots, temperament: word, Temperament: word.charAt(0).toUpperCase() + word.slice(1) }, rng);
}

export function writePersonText(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const occupation = values.occupation ?? values.role ?? "";
  const slots: Record<string, string> = {
    ...baseSlots(persona, rng),
    occupation,
    an_occupation: withArticle(occupation),
    person_goal: rng.pick(PERSON_GOAL_LIST),
  };
  slots.a_age = withArticle(slots.age as string);
  const sentences = [];
  const hasPlace = Boolean(persona.city && persona.country);
  if (values.age) {
    const pool = occupation ? (hasPlace ? PERSON_ORIGIN : PERSON_ORIGIN_NO_PLACE) : hasPlace ? PERSON_NO_OCCUPATION_PLACE : PERSON_NO_OCCUPATION;
    sentences.push(pool.write(slots, rng));
  }
  const temperament = TEMPERAMENT_LINE[values.temperament ?? ""];
  if (temperament) sentences.push(temperament.write(slots, rng));
  else if (values.temperament) sentences.push(temperamentSentence(values.temperament, slots, rng));
  sentences.push(PERSON_LIFE.write(slots, rng));
  return { backstory: compose(sentences, rng), goals: PERSON_GOALS.write(slots, rng) };
}
