/**
 * Prose for working people: software developers, nurses and the generic person. Numbers and
 * category values appear only through slots; no template names a different setting, work
 * arrangement or temperament than the persona's own.
 */
import type { Rng } from "../../engine/rng.ts";
import { compile, compose, render, SentencePool } from "./grammar.ts";
import { lifeStage, occupationKind, pronounSlots, type PersonaText } from "./context.ts";

const WEEKENDS = [
  "hiking with friends", "cooking for family", "playing in a neighbourhood football league", "taking long bike rides",
  "digging through record shops", "gardening", "reading with a book club", "restoring old furniture", "swimming laps at the local pool",
  "volunteering at a food bank", "trying new recipes", "long walks with a dog", "fixing things around the house", "board games with neighbours",
];

/** "Seattle, Washington", "Lyon, France", or the country alone when no city is known. */
function placeOf(persona: PersonaText): string {
  if (!persona.city) return persona.country?.name ?? "a small town";
  if (persona.region) return `${persona.city}, ${persona.region}`;
  return persona.country && persona.city !== persona.country.name.replace(/^the /, "") ? `${persona.city}, ${persona.country.name.replace(/^the /, "")}` : persona.city;
}

function baseSlots(persona: PersonaText, rng: Rng, occupation?: string): Record<string, string> {
  return {
    ...pronounSlots(persona.gender),
    given: persona.given,
    city: persona.city ?? persona.country?.name ?? "a small town",
    place: placeOf(persona),
    country: persona.country?.name ?? "",
    age: persona.values.age ?? "",
    stage: lifeStage(Number(persona.values.age ?? 35), occupation),
    weekend: rng.pick(WEEKENDS),
  };
}

// ---------------------------------------------------------------- software developers

const DEV_ORIGIN = new SentencePool([
  "{given} is {a_age}-year-old {developer_type} [in|based in|living in] {city}.",
  "Based in {city}, {given} works as {a_developer_type} and is {stage}.",
  "At {age}, {given} [makes a living|earns a living|works] as {a_developer_type} in {city}.",
  "{given}, {age}, [writes software|ships code] for a living in {city} as {a_developer_type}.",
  "[Home|Home base] for {given}, {a_age}-year-old {developer_type}, is {city}.",
  "{given} works as {a_developer_type} out of {city}; at {age}, {they} {is} {stage}.",
  "In {city}, {given} ({age}) [holds down|has] a job as {a_developer_type}.",
  "{given} is {age}, lives in {city}, and [works|earns a living] as {a_developer_type}.",
]);
const DEV_YEARS = new SentencePool([
  "{They} {has} been writing code for {years_coding} {years_coding_unit}, [starting with|beginning on] {first_code}.",
  "{years_coding} {years_coding_unit} of coding began with {first_code}.",
  "It started with {first_code}; {years_coding} {years_coding_unit} later {they} still enjoy{s} a clean diff.",
  "{Their} first program was {first_code}, {years_coding} {years_coding_unit} ago.",
]);
const DEV_ARRANGEMENT: Record<string, SentencePool> = {
  remote: new SentencePool([
    "Works fully remote from a [spare room|kitchen table|converted attic], with a cat that attends every stand-up.",
    "Works remote and guards {their} focus hours [fiercely|jealously|without apology].",
    "[Has not commuted in years|Skipped the commute years ago]: the job is fully remote, and {they} like{s} it that way.",
    "Remote work suits {them}: [long quiet mornings|headphones on|a walk at lunch] and meetings only when they matter.",
    "From a [desk by the window|small home office|shared coworking space], {they} work{s} fully remote with a team spread over several time zones.",
  ]),
  hybrid: new SentencePool([
    "Splits the week between home and the office, saving the office days for [whiteboard arguments|design reviews|lunch with the team].",
    "A hybrid schedule suits {them}: deep work at home, [design reviews|planning sessions|pairing] in person.",
    "Goes in [two|a couple of|three] days a week and works from home the rest.",
    "[Office days|Days at the office] are for people; home days are for [deep work|the hard problems|uninterrupted code].",
    "The hybrid routine works: [meetings|whiteboard sessions|planning] at the office, [focus|long stretches of code|quiet] at home.",
  ]),
  "in-person": new SentencePool([
    "Goes into the office every day and likes the hallway conversations more than {they} admit{s}.",
    "Works in-person, on a team that still eats lunch together.",
    "[Prefers|Likes|Enjoys] working on site, where questions get answered across the desk.",
    "Works in the office full time, [with a desk by the window|on a team that sits together|close to the people who use the software].",
    "Shows up at the office every morning; {they} like{s} [the routine|the company|a clear line between work and home].",
  ]),
};
const DEV_HABIT = new SentencePool([
  "Keeps a running [notes file|notebook|wiki page] of every production incident {they} {has} seen.",
  "Reviews pull requests first thing [in the morning|after lunch|at the end of the day], before the messages pile up.",
  "Has strong opinions about [naming|error messages|commit messages] and weak opinions about tabs.",
  "Outside work, {their} time goes to {weekend}.",
  "[Writes|Keeps] a small blog about [debugging stories|tools {they} like{s}|lessons from old projects].",
  "Refactors [only with tests in place|in small steps|before adding features], a habit learned the hard way.",
  "Reads [release notes|changelogs|postmortems] for fun.",
  "Has a [mechanical keyboard|second monitor|rubber duck] {they} would not give up.",
  "Answers questions in the team chat [before being asked twice|with links to the docs|patiently].",
  "Weekends belong to {weekend}, not to code.",
]);
const DEV_GOALS = new SentencePool([
  "[Wants to|Hopes to|Plans to] {dev_goal} within the next couple of years.",
  "[Wants to|Hopes to] {dev_goal}, and to keep weekends free of pager alerts.",
  "Next up: {dev_goal}.",
  "The plan for the next few years: {dev_goal}.",
]);
const DEV_GOAL_BY_SENIORITY = {
  junior: ["land a first senior title", "ship a feature end to end without hand-holding", "find a mentor worth keeping", "get comfortable owning production code", "learn a second language properly"],
  mid: ["lead a project from design to launch", "move toward a staff role", "give a talk at a local meetup", "own a service end to end", "mentor a junior colleague"],
  senior: ["mentor the next wave of engineers", "spend more time on architecture and less in meetings", "build something of {their} own on the side", "write down the hard-won lessons before they are forgotten", "lead a team without losing touch with the code"],
};
const FIRST_CODE = ["a calculator app", "game mods", "a school website", "spreadsheets that got out of hand", "a graphing calculator", "a chat bot for friends", "a broken forum theme", "a text adventure", "a homework helper", "a fan site"];

function withArticle(word: string): string {
  return `${/^[aeiouAEIOU8]|^11|^18/.test(word) && !/^(?:8\d{2})/.test(word) && !/^(?:[Uu]ni|[Uu]s[eu]|[Ee]u|[Oo]ne)/.test(word) ? "an" : "a"} ${word}`;
}

export function writeDeveloperText(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const slots: Record<string, string> = {
    ...baseSlots(persona, rng, values.developer_type ?? "developer"),
    developer_type: values.developer_type ?? "developer",
    a_developer_type: withArticle(values.developer_type ?? "developer"),
    years_coding: values.years_coding ?? "",
    years_coding_unit: Number(values.years_coding) === 1 ? "year" : "years",
    first_code: rng.pick(FIRST_CODE),
  };
  slots.a_age = withArticle(slots.age as string);
  const years = Number(values.years_coding ?? 5);
  const seniority = years < 5 ? "junior" : years < 15 ? "mid" : "senior";
  slots.dev_goal = rng.pick(DEV_GOAL_BY_SENIORITY[seniority]).replace(/\{their\}/g, slots.their as string).replace(/\{they\}/g, slots.they as string);
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
  "[Most days|Most weeks|Shift after shift], {given}, {age}, can be found in {setting_phrase}, working as a registered nurse.",
  "{given} is a registered nurse in {setting_phrase}; at {age}, {they} {is} {stage}.",
  "{given} ({age}) [works|practises] as a registered nurse in {setting_phrase}.",
  "The job for {given}, {age}: registered nurse, in {setting_phrase}.",
  "{given} is {age} and [works|practises] in {setting_phrase} as a registered nurse.",
]);
/** Experience lines by how long they have nursed: a second-year nurse is not the one new graduates seek out. */
const NURSE_YEARS_EARLY = new SentencePool([
  "{years_experience} {years_experience_unit} into nursing, {they} still [double-check{s} every dosage|ask{s} the senior nurses when in doubt|learn{s} something every shift].",
  "{They} {has} {years_experience} {years_experience_unit} as an RN and {is} still finding {their} rhythm on [long shifts|nights|a busy unit].",
  "With {years_experience} {years_experience_unit} of experience, {they} {is} [past the first-year nerves|growing more confident every month|starting to trust {their} instincts].",
]);
const NURSE_YEARS_MID = new SentencePool([
  "{They} {has} {years_experience} {years_experience_unit} of experience as an RN, [and it shows at the bedside|and still learn{s} something every shift|most of them on the same unit].",
  "{years_experience} {years_experience_unit} into nursing, {they} can read a room in seconds.",
  "After {years_experience} {years_experience_unit} as a nurse, {they} {is} the one [colleagues ask about tricky IV lines|who stays calm in a code|who knows where everything is].",
]);
const NURSE_YEARS_SENIOR = new SentencePool([
  "With {years_experience} {years_experience_unit} as a nurse behind {them}, new graduates tend to find {them} first[ when they are stuck| with their questions|].",
  "Few on the unit have seen more than {them} in {their} {years_experience} {years_experience_unit} of nursing, [or so the joke goes|at least by {their} count|except maybe the ward clerk].",
  "{years_experience} {years_experience_unit} in, {they} [precept{s} new nurses|run{s} the unit when the manager is out|get{s} the tough patients], and rarely complain{s}.",
  "After {years_experience} {years_experience_unit} at the bedside, {they} [can tell when something is wrong before the monitors do|trust{s} {their} instincts|know{s} every shortcut worth knowing].",
  "[A veteran|An old hand] with {years_experience} {years_experience_unit} of nursing, {they} {is} the calm voice [in a crisis|on a hard night|at handover].",
  "{years_experience} {years_experience_unit} of nursing have taught {them} [to expect the unexpected|patience above all|when to speak up].",
  "{They} {has} nursed for {years_experience} {years_experience_unit} and [{has} trained more new nurses than {they} can count|still love{s} the work|{has} seen the job change completely].",
]);
const NURSE_NEW = new SentencePool(["{They} {is} new to the job and still keep{s} a pocket notebook of everything {they} learn{s}.", "Fresh out of school, {they} {is} still learning the rhythm of a full shift.", "In {their} first year as a nurse, {they} [write{s} everything down|lean{s} on a patient preceptor|take{s} every extra training offered]."]);
const NURSE_AREA: Record<string, SentencePool> = {
  rural: new SentencePool([
    "Serves a rural community where patients drive a long way and know {them} by name.",
    "In a rural community like {their}s, {they} often know{s} patients' families for years.",
    "Rural nursing means [long drives|wearing many hats|knowing every family], and {they} would not trade it.",
    "Out in a rural community, {they} {is} often the first health professional people see.",
    "The rural clinic {they} serve{s} [covers a huge area|is short-staffed|runs on goodwill], and {they} make{s} it work.",
  ]),
  urban: new SentencePool([
    "Works in an urban area where no two shifts [look alike|go to plan|feel the same].",
    "The urban pace suits {them}: [busy, loud and never boring|fast and unpredictable|relentless but rewarding].",
    "City nursing suits {them}: [a steady stream of patients|every language under the sun|a different story in every bed].",
    "In an urban practice, {they} see{s} [everyone|all kinds of patients|a bit of everything], and {they} like{s} it.",
    "Urban work means [full waiting rooms|fast handovers|short breaks], and {they} [keep{s} up|thrive{s} on it|manage{s} with a smile].",
    "{They} nurse{s} in an urban area, where [the shifts are fast|the patients are many|the days fly by].",
    "An urban setting keeps {them} [on {their} toes|busy|learning], shift after shift.",
  ]),
};
const NURSE_HABIT = new SentencePool([
  "Keeps snacks in {their} locker for colleagues who [skipped lunch|missed the break|came in hungry].",
  "Is the one who remembers which patient prefers [tea|an extra blanket|the radio on].",
  "Decompresses after shifts by {weekend}.",
  "Has a calm [phone voice|bedside manner|way of explaining things] that families remember.",
  "[Never leaves|Rarely leaves] a shift without checking on {their} last patient once more.",
  "Carries [three pens|a spare charger|hand cream] for whoever needs one.",
  "Writes handover notes [that colleagues praise|neatly, even at the end of a long night|with more detail than required].",
  "Days off belong to {weekend}.",
  "[Knows|Remembers] the names of patients' grandchildren, and asks after them.",
  "Has a laugh that carries down the corridor on [the hardest days|long nights|the worst shifts].",
]);
const NURSE_GOALS = new SentencePool([
  "[Wants to|Hopes to|Plans to] {nurse_goal}.",
  "Over the next few years, {they} want{s} to {nurse_goal}.",
  "Next on the list: to {nurse_goal}.",
]);
const NURSE_GOAL_LIST = ["earn a specialty certification", "move into a charge nurse role", "go back to school for a nurse practitioner degree", "teach clinical skills to students", "find a schedule with fewer night shifts", "transfer to a specialty unit", "mentor new graduates", "cut back to part-time hours"];

export function writeNurseText(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const slots: Record<string, string> = {
    ...baseSlots(persona, rng, "registered nurse"),
    setting_phrase: SETTING_PHRASE[values.setting ?? ""] ?? "a care setting",
    years_experience: values.years_experience ?? "",
    years_experience_unit: Number(values.years_experience) === 1 ? "year" : "years",
    nurse_goal: rng.pick(NURSE_GOAL_LIST),
  };
  slots.a_age = withArticle(slots.age as string);
  const sentences = [];
  if (values.age) sentences.push(NURSE_ORIGIN.write(slots, rng));
  if (values.years_experience) {
    const years = Number(values.years_experience);
    sentences.push((years < 1 ? NURSE_NEW : years < 4 ? NURSE_YEARS_EARLY : years < 12 ? NURSE_YEARS_MID : NURSE_YEARS_SENIOR).write(slots, rng));
  }
  const area = NURSE_AREA[values.area ?? ""];
  if (area) sentences.push(area.write(slots, rng));
  if (values.temperament) sentences.push(temperamentSentence(values.temperament, slots, rng));
  sentences.push(NURSE_HABIT.write(slots, rng));
  return { backstory: compose(sentences, rng), goals: NURSE_GOALS.write(slots, rng) };
}

// ---------------------------------------------------------------- anyone

const TEMPERAMENT_SOURCES: Record<string, readonly string[]> = {
  warm: ["Warm by nature, {they} remember{s} everyone's birthday.", "People describe {them} as warm, the first to offer help.", "Warm with strangers and friends alike, {they} [make{s} people feel at home|always offer{s} a second cup of tea]."],
  reserved: ["Reserved in company, {they} open{s} up slowly and stay{s} loyal.", "A reserved listener who speaks when it counts.", "Reserved at first meeting, {they} [warm{s} up over time|save{s} {their} stories for close friends]."],
  curious: ["Endlessly curious, {they} ask{s} one more question than anyone expects.", "Curious about everything, from bus timetables to old maps.", "Curious by habit, {they} [read{s} whatever is lying around|take{s} things apart to see how they work]."],
  driven: ["Driven and organised, {they} keep{s} lists for {their} lists.", "Driven to finish what {they} start{s}, even when it costs sleep.", "Driven by nature, {they} [set{s} goals every January and keep{s} them|rarely take{s} a full day off]."],
  easygoing: ["Easygoing to a fault, {they} rarely let{s} small things stick.", "An easygoing presence who makes tense rooms feel lighter.", "Easygoing and hard to rattle, {they} [shrug{s} off delays|go{es_s} with the flow]."],
  meticulous: ["Meticulous about details, {they} double-check{s} what others skim.", "Meticulous and patient, with a drawer where everything has a place.", "Meticulous in everything, {they} [label{s} the spice jars|keep{s} receipts for years]."],
  blunt: ["Blunt and honest, {they} say{s} what others only think.", "Known for blunt advice that usually turns out right.", "Blunt but fair, {they} [never sugar-coat{s} bad news|tell{s} friends the truth they need]."],
  playful: ["Playful and quick with a joke, even on bad days.", "A playful streak keeps {their} friends laughing.", "Playful at heart, {they} [turn{s} chores into games|never miss{es_s} a chance for a pun]."],
};
const TEMPERAMENT_LINE: Record<string, SentencePool> = Object.fromEntries(
  Object.entries(TEMPERAMENT_SOURCES).map(([word, lines]) => [word, new SentencePool(lines)]),
);
/** Openings for someone with a job. */
const PERSON_ORIGIN_WORK = new SentencePool([
  "{given} is {a_age}-year-old {occupation} [living|based] in {place}.",
  "At {age}, {given} [works as|makes a living as|earns a living as] {an_occupation} in {place} and is {stage}.",
  "{given}, {age}, lives in {place} and [works as|earns a living as] {an_occupation}.",
  "{given} [has settled in|has lived for years in|moved a while ago to] {place} and works as {an_occupation}.",
  "[Home|Home base] for {given}, {a_age}-year-old {occupation}, is {place}.",
  "{given} works as {an_occupation} in {place}; at {age}, {they} {is} {stage}.",
  "In {place}, {given} ({age}) [works as|makes a living as] {an_occupation}.",
  "{given} is {age}, lives in {place}, and [works as|is] {an_occupation}.",
  "By trade {given} is {an_occupation}, {age} years old, [living|based] in {place}.",
]);
/** Openings for someone retired, studying or at home: nobody "works as a retired teacher". */
const PERSON_ORIGIN_OTHER = new SentencePool([
  "{given} is {a_age}-year-old {occupation} living in {place}.",
  "At {age}, {given} is {an_occupation} in {place}, {stage}.",
  "{given}, {age}, is {an_occupation} [living|based] in {place}.",
  "In {place}, {given} ({age}) is {an_occupation} and {stage}.",
  "{given} [calls {place} home|has settled in {place}]; at {age}, {they} {is} {an_occupation}.",
  "Life for {given}, {a_age}-year-old {occupation}, [happens in|revolves around] {place}.",
  "{given} is {age}, lives in {place}, and is {an_occupation}, {stage}.",
]);
const PERSON_ORIGIN_NO_PLACE = new SentencePool(["{given} is {an_occupation}, {age} years old and {stage}.", "At {age}, {given} is {an_occupation}.", "{given}, {age}, is {an_occupation} and {stage}."]);
const PERSON_NO_OCCUPATION = new SentencePool(["{given} is {age} and {stage}.", "At {age}, {given} is {stage}."]);
const PERSON_NO_OCCUPATION_PLACE = new SentencePool(["{given}, {age}, lives in {place}.", "At {age}, {given} calls {place} home and is {stage}."]);
const OTHER_TEMPERAMENT = new SentencePool(["Friends would call {them} {temperament}.", "{Temperament} by nature, and it shows in how {they} treat{s} people."]);
const PERSON_LIFE = new SentencePool([
  "Weekends are for {weekend}.",
  "[Free time|Spare time|Time off] goes to {weekend}.",
  "{They} grew up in a [busy|noisy|crowded] household and still call{s} family every week.",
  "{Their} days start early, with [coffee and the news|a long walk|the radio on].",
  "Friends count on {them} for [practical advice|a spare key|a lift to the airport].",
  "{They} [keep{s}|ha{s_ve}] a small circle of friends from school and see{s} them often.",
  "Evenings are quiet: [a book|a long call with family|a favourite series] and an early night.",
  "{They} [never miss{es_s}|rarely miss{es_s}] a family birthday.",
  "Money is tight some months, but {they} always put{s} a little aside[ for emergencies| for a holiday| for the future|].",
  "{They} [love{s}|enjoy{s}] {weekend} when the week allows.",
  "Neighbours know {them} as the one who [waters their plants|takes in parcels|shovels the shared path].",
  "A [dog|cat|pair of budgies] keeps {them} company at home.",
]);
const PERSON_GOALS = new SentencePool([
  "[Wants to|Hopes to|Is working to] {person_goal}.",
  "Right now, {they} want{s} to {person_goal}.",
  "The plan for this year: {person_goal}.",
  "[Most of all|More than anything], {they} want{s} to {person_goal}.",
]);
/** Goals that fit the day: a retiree is not getting better at the craft, a pupil is not paying off debts. */
const PERSON_GOAL_LISTS: Record<"work" | "study" | "school" | "retired" | "home", readonly string[]> = {
  work: ["save enough to travel somewhere new", "learn a new skill properly", "spend more time with family", "build some financial security", "get better at the craft", "find more time for friends", "start a small side project", "get fit again", "move somewhere with more space", "pay off an old debt", "take a proper holiday", "ask for a raise"],
  study: ["finish the degree with good marks", "land a first internship", "find a job that uses the degree", "spend a term abroad", "get on top of the reading list", "save enough to move out", "make friends outside the course"],
  school: ["pass the next exams", "make the school team", "save up for a first proper bike", "learn to drive as soon as possible", "get into a good university", "spend the summer earning some money"],
  retired: ["spend more time with the grandchildren", "travel while health allows", "learn a new skill properly", "keep the garden going", "write down the family stories", "stay active and independent", "finally read the books piled by the bed"],
  home: ["find steady work", "get back into a routine", "learn a new skill properly", "spend more time with family", "build some financial security", "get fit again", "start a small side project"],
};

function goalListFor(occupation: string, age: number, studying: boolean): readonly string[] {
  const kind = occupationKind(occupation);
  if (age < 18) return PERSON_GOAL_LISTS.school;
  if (kind === "study" || studying) return PERSON_GOAL_LISTS.study;
  if (kind === "retired") return PERSON_GOAL_LISTS.retired;
  if (kind === "home") return PERSON_GOAL_LISTS.home;
  return PERSON_GOAL_LISTS.work;
}

/** What people with a relation to something tend to do about it ({s} agrees the verb). */
const RELATION_HABIT_SOURCES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^(?:student|pupil|learner)$/, ["stud{ies_y} in the library most evenings", "keep{s} tidy notes for every course", "work{s} best the night before a deadline", "ha{s_ve} a study group that meets every week"]],
  [/^(?:customer|client|patron|shopper|guest|visitor|buyer)$/, ["know{s} the staff by name", "ha{s_ve} a usual order", "always sit{s} in the same spot", "notice{s} every change to the menu", "recommend{s} the place to anyone who asks", "drop{s} by most mornings"]],
  [/^(?:fan|supporter|follower|backer)$/, ["follow{s} every bit of news", "ha{s_ve} opinions on everything", "travel{s} to see them when money allows", "own{s} more merchandise than {they} admit{s}"]],
  [/^(?:patient)$/, ["keep{s} every appointment", "bring{s} a list of questions to each visit", "know{s} the waiting room too well"]],
  [/^(?:player|gamer|hobbyist|enthusiast|collector|runner|cyclist|hiker|lover)$/, ["make{s} time for it most weekends", "ha{s_ve} a regular group to share it with", "keep{s} a notebook of progress", "talk{s} about it more than friends would like"]],
  [/^(?:voter)$/, ["follow{s} local politics closely", "never miss{es_s} an election", "read{s} the candidates' leaflets properly"]],
  [/^(?:resident|neighbour|neighbor|tenant|homeowner|inhabitant)$/, ["know{s} most of the neighbours", "ha{s_ve} opinions about the bin collection", "go{es_s} to the local meetings"]],
  [/^(?:parent|mother|father|grandparent|grandmother|grandfather|caregiver)$/, ["plan{s} the week around school runs", "know{s} every other parent at the gate", "keep{s} the fridge covered in drawings"]],
  [/^(?:user|subscriber|viewer|reader|listener|commenter)$/, ["ha{s_ve} used it daily for years", "ha{s_ve} opinions about every update", "recommend{s} it to friends"]],
  [/^(?:member|volunteer|donor|attendee|participant|veteran|alumnus)$/, ["turn{s} up whenever asked", "know{s} most of the regulars", "take{s} it seriously"]],
];
const RELATION_HABITS = RELATION_HABIT_SOURCES.map(([pattern, habits]) => [pattern, habits.map(compile)] as const);
const OTHER_RELATION_HABITS = ["take{s} it seriously", "enjoy{s} it more than most", "make{s} time for it"].map(compile);
const RELATION_LINE = new SentencePool([
  "{They} {is} also {a_relation} who {relation_habit}.",
  "[Outside of that|Beyond that|On top of that], {given} is {a_relation} and {relation_habit}.",
  "Being {a_relation} matters to {them}: {they} {relation_habit}.",
  "Friends know {them} as {a_relation} who {relation_habit}.",
  "As {a_relation}, {they} {relation_habit}.",
  "{given} {relation_habit}, [as {a_relation} does|like {a_relation} would].",
  "{They} {has} been {a_relation} for [years|a long time|as long as anyone remembers], and {relation_habit}.",
]);

function temperamentSentence(word: string, slots: Record<string, string>, rng: Rng): string {
  return OTHER_TEMPERAMENT.write({ ...slots, temperament: word, Temperament: word.charAt(0).toUpperCase() + word.slice(1) }, rng);
}

export function writePersonText(persona: PersonaText, rng: Rng): Record<string, string> {
  const values = persona.values;
  const occupation = values.occupation ?? values.role ?? "";
  const relation = values.relation ?? "";
  const relationHead = relation.replace(/^regular\s+/, "").split(/\s+(?:of|at|for)\s+/)[0]?.split(/\s+/).pop() ?? "";
  const studying = /^(?:student|pupil|learner)$/.test(relationHead);
  const slots: Record<string, string> = {
    ...baseSlots(persona, rng, studying && occupationKind(occupation) === "work" ? "student" : occupation),
    occupation,
    an_occupation: withArticle(occupation),
    person_goal: "",
  };
  slots.a_age = withArticle(slots.age as string);
  slots.person_goal = rng.pick(goalListFor(occupation, Number(values.age ?? 35), studying)).replace(/\{they\}/g, slots.they as string);
  const sentences = [];
  const hasPlace = Boolean(persona.city && persona.country);
  if (values.age) {
    const working = occupationKind(occupation) === "work";
    const pool = occupation ? (hasPlace ? (working ? PERSON_ORIGIN_WORK : PERSON_ORIGIN_OTHER) : PERSON_ORIGIN_NO_PLACE) : hasPlace ? PERSON_NO_OCCUPATION_PLACE : PERSON_NO_OCCUPATION;
    sentences.push(pool.write(slots, rng));
  }
  // A student studying full time says it in the opening; a student with a job is still a student.
  if (relation && !(studying && occupationKind(occupation) === "study")) {
    const habits = RELATION_HABITS.find(([pattern]) => pattern.test(relationHead))?.[1] ?? OTHER_RELATION_HABITS;
    const relationSlots = { ...slots, a_relation: withArticle(relation), relation_habit: render(rng.pick(habits), slots, rng) };
    sentences.push(RELATION_LINE.write(relationSlots, rng));
  }
  const temperament = TEMPERAMENT_LINE[values.temperament ?? ""];
  if (temperament) sentences.push(temperament.write(slots, rng));
  else if (values.temperament) sentences.push(temperamentSentence(values.temperament, slots, rng));
  sentences.push(PERSON_LIFE.write(slots, rng));
  return { backstory: compose(sentences, rng), goals: PERSON_GOALS.write(slots, rng) };
}
