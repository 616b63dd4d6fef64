/**
 * Prose for any persona, composed from what it *is* (`profile.ts`): an opening that names its
 * role and place, what its days hold (its occupation group's work, its setting's life, school,
 * retirement or home), its activity, condition and situations, where it comes from, its
 * temperament, life where it lives (climate, dishes, the kind of place, its stage of life) and a
 * personal detail; and a goal from the same sources. Phrases come from the data files
 * (data/text/); the frames here compose them. Every number and category a sentence states is the
 * persona's own, through a slot.
 *
 * Each sentence is an expansion of a frame pool chosen by the population's `Variety`, so personas
 * of one population do not share sentences and populations of other prompts walk the pools in
 * another order. A line draws another sentence each time the writer asks: it asks again when a
 * sentence was written by another persona or names something the persona's fields contradict.
 */
import type { Rng } from "../../engine/rng.ts";
import { textKnowledge, type ActivityKindText, type ConditionKindText, type SituationText } from "../knowledge/text-data.ts";

type Season = { when: string; outdoors: string[]; indoors: string[] };
import { compile, compileList, renderNumbered, type Lists, type PhraseList } from "./grammar.ts";
import { inVariety, type EnglishVariety } from "./english.ts";
import { pronounSlots } from "./context.ts";
import { atAge, MODERN_FROM, workplaceIsAboard, worksAtNamedWorkplace, type Profile } from "./profile.ts";
import { FramePool, PoolSentence, type Drawn, type Variety } from "./variety.ts";
import { withArticle } from "../../engine/articles.ts";
import { wordsRuledOut } from "./category-guard.ts";
import { atPlace, atPlaces } from "./prepositions.ts";
import earlyYearsFile from "../data/text/early-years.json" with { type: "json" };
import timesFile from "../data/text/times.json" with { type: "json" };

export type ProseField = "backstory" | "goals";

/** One sentence of a persona's prose, drawn again (another expansion) when refused. */
export interface ProseLine {
  field: ProseField;
  /** Lower comes first after the opening; lines past the length limit are left out by priority. */
  priority: number;
  /** Another sentence each call (see `FramePool.draw`); undefined when none can be written. */
  draw: () => Drawn | undefined;
}

// ---------------------------------------------------------------- frames

const OPENING: Record<string, FramePool> = {
  work: new FramePool("opening.work", [
    "{given} is {a_age}-year-old {occupation} [living|based] in {place}[, mostly working {at_workplace}|, where {their} days go on {@tasks}|].",
    "At {age}, {given} [works as|makes a living as|earns a living as] {an_occupation} in {place}[ and spends most days {at_workplace}|].",
    "{given}, {age}, [lives|has settled] in {place} and [works as|earns a living as] {an_occupation}[, mostly {at_workplace}|].",
    "{given} [has lived for years in {settled_place}|moved a while ago to {place}|grew up in {raised_place}] and works as {an_occupation}[ {at_workplace}|].",
    "[Home|Home base] for {given}, {a_age}-year-old {occupation}, is {place}[, and work means {workplace}|].",
    "In {place}, {given} ({age}) [works as|makes a living as] {an_occupation}[, mostly {at_workplace}|].",
    "By trade {given} is {an_occupation}, {age} years old and [living|based] in {place}.",
    "{given}, {a_age}-year-old {occupation}, [calls {place} home|has made a life in {place}][ and knows {workplace} inside out|].",
  ]),
  school: new FramePool("opening.school", [
    "{given} is {a_age}-year-old {occupation} in {place}[ who spends evenings {@leisure}|].",
    "At {age}, {given} is {an_occupation} [growing up|living] in {place}[, happiest {@leisure}|].",
    "{given}, {age}, [lives|is growing up] in {place} and is {an_occupation}[ with a weakness for {@st_joys}|].",
    "[Home|Home base] for {given}, {a_age}-year-old {occupation}, is {place}[, where {they} can usually be found {@leisure}|].",
    "{given} is {age}, {an_occupation} in {place}, and [lives for|counts down to] {@st_joys}.",
  ]),
  university: new FramePool("opening.university", [
    "{given} is {a_age}-year-old {occupation} in {place}[ who lives for {@st_joys}|].",
    "At {age}, {given} is {an_occupation} [living|based] in {place}[ and spends most weeks {@st_days}|].",
    "{given}, {age}, [studies|is studying] in {place} as {an_occupation}[ and worries about {@st_worries}|].",
    "{given} [moved to|stayed in|lives in] {place} to study and, at {age}, is {an_occupation}.",
  ]),
  retired: new FramePool("opening.retired", [
    "{given} is {a_age}-year-old {occupation} living in {place}[, after a working life spent {@former_tasks}|].",
    "At {age}, {given} is {an_occupation} in {place}[ who still misses {@former_moments}|, with more time now for {@leisure}|].",
    "{given}, {age}, is {an_occupation} [living|settled] in {place}[, with more time now for {@leisure}|].",
    "{given} [calls {place} home|has settled in {place}]; at {age}, {they} {is} {an_occupation}[ and spends most days {@leisure}|].",
    "Life for {given}, {a_age}-year-old {occupation}, [happens in {place}|revolves around {place}[, with days spent {@leisure}|]].",
  ]),
  home: new FramePool("opening.home", [
    "{given} is {a_age}-year-old {occupation} in {place}[ whose days go on {@h_days}|].",
    "At {age}, {given} is {an_occupation} [living|based] in {place}[ and treasures {@h_joys}|].",
    "{given}, {age}, runs a busy home in {place} as {an_occupation}.",
    "In {place}, {given} ({age}) is {an_occupation}[ and the one who keeps the household going|].",
  ]),
  away: new FramePool("opening.away", [
    "{given} is {a_age}-year-old {occupation} [living|based] in {place}, {away} for now.",
    "At {age}, {given} works as {an_occupation} in {place}, though {they} {is} {away} at the moment.",
    "{given}, {age}, lives in {place} and is {an_occupation}, {away} for the time being.",
    "In {place}, {given} ({age}) is {an_occupation}[ by trade|], {away} for now.",
  ]),
  seeking: new FramePool("opening.seeking", [
    "{given} is {age}, lives in {place} and is looking for work[, {@s_days} every morning|].",
    "At {age}, {given} is between jobs in {place}[ and spends the days {@s_days}|].",
    "{given}, {age}, is {an_occupation} in {place}[ and sends out applications every week| who worries about {@s_worries}|].",
  ]),
  setting: new FramePool("opening.setting", [
    "{given} is {a_age}-year-old {occupation} in {place}[, {a_relation}|][ who lives for {@pleasures}|].",
    "At {age}, {given} is {an_occupation} in {place}[ and knows {@haunts} well|].",
    "{given}, {age}, is {an_occupation}[, {a_relation},|] [out of|living in|based in] {place}.",
    "In {place}, {given} ({age}) is {an_occupation}[ and {a_relation}|][, never far from {@haunts}|].",
    "[Home|Home base] for {given}, {a_age}-year-old {occupation}, is {place}[, close to {@haunts}|].",
  ]),
  none: new FramePool("opening.none", [
    "{given}, {age}, lives in {place}[ and spends free time {@leisure}|].",
    "At {age}, {given} calls {place} home[ and is happiest {@leisure}|].",
    "{given} is {age} and lives in {place}[, close to {@kin}|].",
  ]),
};
/** Someone who is where they are without living there: drifting through, moving with the herds. */
const OPENING_PASSING = new FramePool("opening.passing", [
  "{given}, {age}, is {an_occupation} {passing} {place}.",
  "These days {given}, {a_age}-year-old {occupation}, is {passing} {place}.",
  "At {age}, {given} is {passing} {place}.",
  "{given} ({age}) is {an_occupation}, for now {passing} {place}.",
]);
/** A visitor: home is elsewhere ({home}), the place named is the one visited. */
const OPENING_VISITING = new FramePool("opening.visiting", [
  "{given}, {age}, is {an_occupation} from {home} {passing} {place}.",
  "{given} is {a_age}-year-old {occupation} from {home}, {passing} {place}[ for the first time| at last|].",
  "Home for {given}, {a_age}-year-old {occupation}, is {home}; for now, {they} {is} {passing} {place}.",
  "At {age}, {given} has left {home} for a while and is {passing} {place}.",
]);
/** Staff, students or members of an organisation the prompt names (the `employer`, `institution` or `member_of` field): "an engineer at Siemens". */
const OPENING_AT_ORGANISATION = {
  work: new FramePool("opening.employer", [
    "{given} is {a_age}-year-old {occupation} at {organisation}, [living|based] in {place}.",
    "At {age}, {given} works as {an_occupation} at {organisation} in {place}[, mostly {at_workplace}|].",
    "{given}, {age}, [lives|has settled] in {place} and works for {organisation} as {an_occupation}.",
    "In {place}, {given} ({age}) is {an_occupation} at {organisation}.",
  ]),
  study: new FramePool("opening.institution", [
    "{given} is {a_age}-year-old {occupation} at {organisation} in {place}.",
    "At {age}, {given} studies at {organisation} in {place}[ and spends most weeks {@st_days}|].",
    "{given}, {age}, is {an_occupation} at {organisation}, [living|based] in {place}.",
  ]),
  member: new FramePool("opening.member", [
    "{given}, {age}, is {an_occupation} in {place} and a member of {organisation}.",
    "{given} is {a_age}-year-old {occupation} [living|based] in {place}, and a member of {organisation}.",
    "At {age}, {given} is {an_occupation} in {place}[,| who is] a member of {organisation}.",
  ]),
};
const OPENING_NO_PLACE = new FramePool("opening.no-place", [
  "{given} is {an_occupation}, {age} years old[ and happiest {@leisure}|].",
  "At {age}, {given} is {an_occupation}[ whose days go on {@doing}|].",
  "{given}, {age}, is {an_occupation}[, mostly busy {@doing}|].",
]);

const WORK_DAYS = new FramePool("work.days", [
  "Most days {they} {is} {at_workplace}, {@tasks&}.",
  "As {an_occupation}, {their} working [days|weeks] go on {@tasks&}.",
  "The job means {@tasks&}[, most of it {at_workplace}|].",
  "A typical day: {@tasks&}[ {at_workplace}|].",
  "[Much|Most] of {their} time goes on {@tasks}[, the part of the job nobody sees|, the part no {occupation} escapes|].",
  "{They} spend{s} [long hours|most of the week] {at_workplace}, {@tasks}.",
]);
/** Someone away from their job for now (on leave, on strike): the job is what they will go back to, not what their days hold. */
const WORK_DAYS_ON_HOLD = new FramePool("work.days-on-hold", [
  "Normally {their} days go on {@tasks&}[ {at_workplace}|]; for now, that can wait.",
  "When {they} {is} back at work, it will be {@tasks&} again[ {at_workplace}|].",
  "The job, when {they} {is} at it, means {@tasks&}.",
  "{They} miss{es_s} some of it: {@tasks&}[ {at_workplace}|].",
]);
/** A visitor's working days are at home, not where the trip has taken them ({home}: where they live). */
const WORK_DAYS_AWAY = new FramePool("work.days-away", [
  "Back in {home}, most days {they} {is} {at_workplace}, {@tasks&}.",
  "At home in {home}, the job means {@tasks&}[, most of it {at_workplace}|].",
  "Back in {home}, {their} working [days|weeks] go on {@tasks&}.",
  "The trip is a break from {@tasks&}.",
]);
const WORK_FEELINGS = new FramePool("work.feelings", [
  "As {an_occupation}, {they} like{s} {@moments} best and could do without {@frustrations}.",
  "A good day, for {them}, means {@pride}[; a bad one means {@frustrations}|].",
  "Nothing beats {@pride}, as far as {given} is concerned[, though the job also brings {@frustrations}|].",
  "{They} never start{s} [work|the working day|the day] without {@tools}.",
  "{given} [gets on well with|looks out for|has a soft spot for] {@people}[, especially during {@moments}|].",
  "What {they} could do without: {@frustrations&}.",
  "{Their} favourite part of being {an_occupation} is {@moments}; the worst, {@frustrations}.",
  "{Their} proudest moments come from {@pride}[, usually during {@moments}|].",
  "Ask {them} about the job and {they} will talk about {@pride}[, not {@frustrations}|].",
]);
/** How someone away from their job for now (on leave, on strike) feels about it: nothing they do at it today ("never starts the working day without…"). */
const WORK_FEELINGS_ON_HOLD = new FramePool("work.feelings-on-hold", [
  "As {an_occupation}, {they} like{s} {@moments} best and could do without {@frustrations}.",
  "A good day at work, for {them}, means {@pride}[; a bad one means {@frustrations}|].",
  "{Their} favourite part of being {an_occupation} is {@moments}; the worst, {@frustrations}.",
  "Ask {them} about the job and {they} will talk about {@pride}[, not {@frustrations}|].",
  "What {they} do{es_s}n't miss about the job: {@frustrations&}.",
]);
/** Days of people for whom being what they are is no job (a prisoner's): the routine where they are held, never "the job" or working days. */
const INSIDE_DAYS = new FramePool("inside.days", [
  "Most days {they} {is} {at_workplace}, {@tasks&}.",
  "Inside, {their} days go on {@tasks&}.",
  "The routine means {@tasks&}[, most of it {at_workplace}|].",
  "A typical day inside: {@tasks&}.",
  "[Much|Most] of {their} time goes on {@tasks}.",
]);
/** How they take it: what they hold on to and what they could do without, with nothing of a job's pride or a working day's start. */
const INSIDE_FEELINGS = new FramePool("inside.feelings", [
  "{They} like{s} {@moments} best and could do without {@frustrations}.",
  "A good day inside, for {them}, means {@pride}[; a bad one means {@frustrations}|].",
  "Nothing beats {@pride}, as far as {given} is concerned[, even with {@frustrations}|].",
  "{They} keep{s} {@tools} close.",
  "{given} [gets on well with|looks out for|has a soft spot for] {@people}[, especially during {@moments}|].",
  "What {they} could do without: {@frustrations&}.",
  "{Their} proudest moments inside come from {@pride}[, usually during {@moments}|].",
]);
const EXPERIENCE = new FramePool("work.experience", [
  "After {years} {years_unit} as {an_occupation}, {they} {is} the one {@people} [turn to|ask for|look for][ first| when it gets hard|].",
  "{Their} {years} {years_unit} as {an_occupation} {years_have} taught {them} {@lessons}.",
  "After {years} {years_unit} on the job, {they} {has} learned {@lessons}[, usually during {@moments}|].",
  "{They} {has} been {an_occupation} for {years} {years_unit}, long enough to know that {@pride} is what counts.",
  "With {years} {years_unit} as {an_occupation} behind {them}, {they} still [enjoy{s}|take{s} pride in] {@pride}.",
  "{They} {has} worked as {an_occupation} for {years} {years_unit}[ and still enjoy{s} {@pride}| and {has} learned {@lessons}| and still can't stand {@frustrations}].",
]);
/** Years of writing code (a developer's `years_coding`), which may have begun long before the job. */
const CODING = new FramePool("work.coding", [
  "{They} {has} been writing code for {years_coding} {years_coding_unit}[ and still enjoy{s} {@pride}|].",
  "Coding for {years_coding} {years_coding_unit} has taught {them} {@lessons}.",
  "{They} wrote {their} first code {years_coding} {years_coding_unit} ago[ and {has} not stopped since|].",
]);
/** A first few years do not make someone the one everybody turns to. */
const EXPERIENCE_EARLY = new FramePool("work.experience-early", [
  "With {years} {years_unit} as {an_occupation}, {they} {is} still learning {@lessons}.",
  "Only {years} {years_unit} into being {an_occupation}, {they} {is} [growing more confident every month|starting to trust {their} instincts|past the first nerves][ and already enjoy{s} {@pride}|].",
  "{They} {has} been {an_occupation} for {years} {years_unit} and still [write{s} everything down|double-check{s} everything|ask{s} when in doubt][, especially during {@moments}|].",
  "In {their} {years} {years_unit} as {an_occupation}, {they} {has} learned {@lessons}.",
]);
const NEW_TO_IT = new FramePool("work.new", [
  "New to being {an_occupation}, {they} {is} still learning {@lessons}.",
  "Still in {their} first year as {an_occupation}, {they} [write{s} everything down|double-check{s} everything|ask{s} a lot of questions][, especially during {@moments}|].",
  "Barely a year in, {they} {is} learning {@lessons}[ the hard way|] {at_workplace}.",
]);
/** A retired person's work is remembered, never still done: no "still catches himself working long rotations". */
const RETIRED_WORK = new FramePool("retired.work", [
  "{They} spent {their} working life as {an_former} {@former_tasks&}.",
  "Some days {they} miss{es_s} the years of {@former_tasks} as {an_former}; most days, not at all.",
  "From {their} years as {an_former}, {they} still miss{es_s} {@former_moments}[, if not {@former_frustrations}|].",
  "Years as {an_former} taught {them} {@former_lessons}[, and {they} still talk{s} about {@former_pride}|].",
  "{They} can still talk for hours about {their} days as {an_former}, {@former_tasks}.",
]);
const STUDY = new FramePool("study", [
  "{Their} weeks in {here} go on {@st_days&}.",
  "{They} worr{ies_y} about {@st_worries} but live{s} for {@st_joys}[, like most {occupation_plural}|].",
  "Most evenings in {here} mean {@st_days}[, then {@leisure}|].",
  "What keeps {them} going as {an_occupation}: {@st_joys}[ and {@leisure}|].",
]);
const HOME = new FramePool("home", [
  "{Their} days in {here} go on {@h_days&}.",
  "{They} worr{ies_y} about {@h_worries} and treasure{s} {@h_joys}.",
  "Most of {their} week goes on {@h_days}[, with {@h_joys} to make up for it|].",
]);
const SETTING_DAYS = new FramePool("setting.days", [
  "As {an_occupation}, {their} days go on {@days&}.",
  "{Their} days are spent {@days&}[, mostly around {@haunts}|].",
  "Most of {their} time goes on {@days}, with {@pleasures} when the work is done.",
  "{They} {is} used to {@days&}[, and to {@worries}|].",
]);
const SETTING_LIFE = new FramePool("setting.life", [
  "{They} live{s} for {@pleasures} and dread{s} {@worries}.",
  // Two fears, never the same one twice ("more than the lord's steward, not even the lord's steward").
  "[Nothing|Little] frightens {them} more than {@worries&}.",
  "{They} carr{ies_y} {@possessions} everywhere[, even to {@haunts}|].",
  // A setting's moments are good and bad alike (a feast, "the night the raiders came"): remembered, not enjoyed.
  "Some of {their} clearest memories are of {@times}[; what {they} treasure{s} most is {@pleasures}|].",
  "{given} can usually be found at {@haunts}[ when the work is done| of an evening| during {@times}].",
  "{Their} most treasured possession is {@possessions}.",
]);
const ACTIVITY_CORE = new FramePool("activity.core", [
  "[As {a_relation}, {they}|{They}] {has} been into {activity} for {years_active} {years_active_unit}[, ever since {@a_start}|, and it shows|].",
  "[As {a_relation}, {they}|{They}] put{s} about {hours} {hours_unit} a week into {activity}[, mostly {@a_habits}|, often {@venues}|].",
  "In {activity}, {they} sit{s} at {rank}[ and climb{s} slowly| and want{s} more| after {@a_moments}|].",
  "{They} usually play{s} {main_role} in {activity}[ and would not swap|, even during {@a_moments}|].",
  "{They} {is} {a_relation} through and through[, at {level} level|, with {@a_social}|].",
  "{They} became {a_relation} {became_when} and never looked back[, thanks to {@a_social}|].",
  "{They} {has} loved {activity} ever since {@a_start}.",
]);
const ACTIVITY_LIFE = new FramePool("activity.life", [
  "{Their} [evenings|weekends|free hours] go on {@a_habits&}.",
  "{They} can often be found {@venues}[ with {@a_company}|].",
  "{They} share{s} {activity} with {@a_social}[, especially during {@a_moments}|].",
  "{They} would not part with {@a_gear}[, not even for {@a_moments}|].",
  "{Their} proudest moment in {activity} was {@a_pride}.",
  "{They} live{s} for {@a_moments}[ and {@a_habits}|].",
]);
/** An unpaid role beside the day job ("volunteer firefighters"): unpaid, and on call where the role answers emergencies. */
const UNPAID = [
  "As {a_relation}, {they} {is} on call {on_call}, unpaid[, and {their} phone is never far away|].",
  "Nobody pays {them} to be {a_relation}; {they} fit{s} it around everything else[ in {here}|].",
];
const VOLUNTEER = new FramePool("volunteer", ["{They} {is} not paid for {their} hours as {a_relation}: they come on top of {their} own work[, and {they} would not give them up|].", ...UNPAID]);
/** The same for a volunteer with no job (a retiree, a student): the hours come on top of no work of their own. */
const VOLUNTEER_WITHOUT_WORK = new FramePool("volunteer.without-work", ["{They} {is} not paid for {their} hours as {a_relation}: {they} give{s} them freely[, and gladly|].", ...UNPAID]);
/** Who a volunteer shares the role with, whatever the role (a brigade, a lifeboat station, a library's rota). */
const VOLUNTEERS_COMPANY = ["the other volunteers", "a friend who got {them} into it"];
/** A volunteer role with no work group of its own: its days are not the volunteering activity's (a charity's). */
function unknownVolunteerRole(profile: Profile): boolean {
  return Boolean(profile.values.volunteer_role) && !profile.volunteerGroup;
}
/** Roles whose volunteers answer emergencies, and so are on call. */
const ON_CALL_ROLES = /\b(?:fire\w*|rescue|lifeboat|lifeguard|ambulance|paramedic|emergency|coastguard|EMTs?|first responders?|medics?)\b/i;
const CONDITION = new FramePool("condition", [
  "{They} {has} lived with {condition} for {years_with_condition} {condition_unit}[ and manage{s} it by {@c_routines}|].",
  "Living with {condition} means {@c_routines&}.",
  "{They} know{s} the hard days of {condition}: {@c_hard}[, when {they} fall{s} back on {@c_helps}|].",
  "What helps most with {condition} is {@c_helps}[, and {@c_support}|].",
  "{They} lean{s} on {@c_support} on the hard days of {condition}[, and on {@c_helps}|].",
]);
/** A relative's condition the prompt names ("parents of autistic children"): how it shapes the days of the one who cares. */
const FAMILY_CONDITION = new FramePool("family-condition", [
  "Much of {their} week goes on {@f_days&}, for {their_relative}.",
  "Caring for {their_relative} means {@f_days&}[, and never quite free of worries about {@f_worries}|].",
  "For {their_relative}, {they} worr{ies_y} about {@f_worries}; what helps is {@f_support}.",
  "{They} lean{s} on {@f_support} [on the hard days|when it gets too much], with {their_relative} at the centre of everything.",
]);
const SITUATION = new FramePool("situation", [
  "As {s_noun} in {here}, {they} spend{s} a lot of time {@s_days}.",
  "Life as {s_noun} means {@s_days&}[, and never quite free of worries about {@s_worries}|].",
  "{They} worr{ies_y} about {@s_worries}; what keeps {them} going as {s_noun} in {here} is {@s_joys}.",
  "Being {s_noun} means {@s_days}[, and never quite free of worries about {@s_worries}|].",
  "Between {@doing} and life as {s_noun}, {their} weeks in {here} are full.",
]);
const ORIGIN = new FramePool("origin", [
  "{They} came to {here} from {origin} {years_since_arrival} {arrival_unit} ago[ and still miss{es_s} {@missing}|].",
  "{They} grew up in {raised_origin} and [still cook{s} {@origin_dishes} on {rest_day}s|call{s} home every week|keep{s} the language alive at home][, missing {@missing}|].",
  "{Their} family is still in {origin}[, and {they} miss{es_s} {@missing}|, and the calls home are the best part of the week].",
  "Originally from {origin}, {they} {is} still learning the ways of {newcomer_here}[ and miss{es_s} {@missing}|].",
  "What {they} miss{es_s} most about {origin}: {@missing&}.",
]);
/** Born where they live, of a family from elsewhere: no "still learning the ways" of home. */
const HERITAGE = new FramePool("heritage", [
  "{Their} {heritage_elders} came to {heritage_home} from {heritage}[, and {rest_day} dinners still mean {@origin_dishes}|].",
  "{They} grew up in a {heritage_people} family in {here}[ and still cook{s} {@origin_dishes} on {rest_day}s|, and visit{s} relatives in {heritage} when {they} can].",
  "Born in {heritage_home} to a family from {heritage}, {they} [keep{s} up with cousins there|still cook{s} {@origin_dishes} for family gatherings].",
]);
const LANGUAGE = new FramePool("language", [
  "At home, {they} speak{s} {language}[ with family|].",
  "{Their} first language is {language}[, and {they} still speak{s} it every day|].",
]);
const RELATION = new FramePool("relation", [
  "{They} {is} also {a_relation} who {@r_habits}.",
  "[Outside of that|Beyond that|On top of that], {given} is {a_relation} and {@r_habits}.",
  "Being {a_relation} matters to {them}: {they} {@r_habits}.",
  "Friends in {here} know {them} as {a_relation} who {@r_habits}.",
  "As {a_relation}, {they} {@r_habits}[ in {here}|].",
  "{They} {has} been {a_relation} for [years|a long time|as long as anyone remembers], and {@r_habits}.",
]);
const TEMPERAMENT = new FramePool("temperament", [
  "With {@people}, {they} {is} {temperament} and {@traits}.",
  "Friends in {here} would call {them} {temperament}: {they} {is} {@traits}.",
  "{Temperament} to the core, {they} {is} known around {here} for {@temper_habits}.",
  "[People|Neighbours|Friends] in {here} describe {them} as {temperament} and {@traits}.",
  "{At_workplace}, {they} {is} {temperament} and known for {@temper_habits}.",
  "{A_temperament} sort, {they} {is} given to {@temper_habits}, even during {@moments}.",
  "Around {@haunts}, {they} {is} known as {temperament} and {@traits}.",
  "In {activity}, as everywhere, {they} {is} {temperament} and {@traits}.",
]);
/** Hard times of their year and place (data/text/times.json), by the name people used then: "the Depression", "the war". */
const TIMES = new FramePool("times", [
  "In {here}, {t_name} means {@t_days&}.",
  "{T_name} is never far from {their} mind: {@t_worries&}.",
  "Like everyone in {here} through {t_name}, {they} {is} {@t_days}[, and worried about {@t_worries}|].",
  "[These are hard times|Times are hard] in {here}: {@t_worries&}.",
]);
const LIFE = new FramePool("life", [
  "{They} know{s} {here} best in {season}.",
  "Come {season}, {they} can be found {@outdoors}[ around {here}|].",
  "{rest_day} [lunch|dinner] at {their} place in {here} means {@dishes}.",
  "{They} cook{s} {@dishes} [whenever friends visit|for a crowd|on {rest_day} evenings][ in {here}|].",
  "{They} can often be found at {@local_places} in {here}[ {free_days}| {after_hours}|].",
  "Like many in {here}, {they} {is} fond of {@local_habits}.",
  "{outside}, {their} time in {here} goes on {@leisure&}.",
  "In {here}, {they} stay{s} close to {@kin&}.",
  "What keeps {them} up at night in {here}: {@stage_worries}.",
  "In {season}, {they} fall{s} back on {@indoors}[ and {@comforts}|].",
]);
const DETAIL = new FramePool("detail", [
  "{They} {has} a habit of {@quirks}, as anyone {colleagues_at} will tell you.",
  "Friends in {here} know {them} for {@quirks}.",
  "After {a_stretch} of {@doing}, small comforts matter: {@comforts&}.",
  "What {they} want{s} most after {a_stretch} of {@doing}: {@comforts}.",
  "Among {@people}, {they} {is} known for {@quirks}.",
  "Between {@doing} and everything else, {they} still find{s} time for {@quirks}.",
]);
const GOALS = new FramePool("goals", [
  "[Wants to|Hopes to|Is determined to|Plans to|Would love to|Means to] {@goal_list}[, and one day to {@life_goals}|].",
  "As {an_occupation}, {they} want{s} to {@goal_list}[; after that, to {@life_goals}|].",
  "Next on the list for this {occupation}: to {@goal_list}.",
  "The plan for the next few years in {here}: {@goal_list}.",
  "[Most of all|More than anything], {they} want{s} to {@goal_list}[; after that, to {@life_goals}|].",
  "{They} {is} working towards one thing: to {@goal_list}.",
  "In {activity}, {they} want{s} to {@a_goals}[, and beyond it to {@goal_list}|].",
]);

// ---------------------------------------------------------------- phrase lists, compiled once per English variety

/**
 * Compiled lists by the phrase array they come from (the knowledge data's, loaded once, or a
 * remembered merge of them): every persona asks for ~30 lists, and a key spelled out per list (a
 * goal list's key held all its phrases) cost more than compiling had saved. Keyed by the array
 * itself, two lists with one name never share a compilation (a football fan's habits and a
 * player's came from one cache entry, whichever was written first in the process).
 */
const compiledLists = new WeakMap<readonly string[], Map<EnglishVariety, PhraseList>>();

/** A named workplace as a list of one, one array per value so its compiled list is made once. */
const ownWorkplaces = new Map<string, readonly string[]>();
const OWN_WORKPLACES_REMEMBERED = 1_000;

function ownWorkplace(value: string): readonly string[] {
  let list = ownWorkplaces.get(value);
  if (!list) {
    if (ownWorkplaces.size >= OWN_WORKPLACES_REMEMBERED) ownWorkplaces.clear();
    ownWorkplaces.set(value, (list = [value]));
  }
  return list;
}

function listOf(variety: EnglishVariety, phrases: readonly string[] | undefined): PhraseList | undefined {
  if (!phrases || phrases.length === 0) return undefined;
  let byVariety = compiledLists.get(phrases);
  if (!byVariety) compiledLists.set(phrases, (byVariety = new Map()));
  let list = byVariety.get(variety);
  if (!list) {
    list = compileList(phrases.map((phrase) => inVariety(phrase, variety)));
    byVariety.set(variety, list);
  }
  return list;
}

/**
 * A list's phrases that do not match `pattern`, remembered by the source array (the same array for
 * every persona, as `merged`'s, so its compiled list is kept by identity and compiled once).
 */
function phrasesWithout(pattern: RegExp): (phrases: readonly string[]) => readonly string[] {
  const kept = new WeakMap<readonly string[], readonly string[]>();
  return (phrases) => {
    let found = kept.get(phrases);
    if (!found) kept.set(phrases, (found = phrases.filter((phrase) => !pattern.test(phrase))));
    return found;
  };
}

/** A pastime's company who can be somewhere with them: not what is met online or on a screen ("an online forum" in the back garden). */
const inPerson = phrasesWithout(/\bonline\b|\bforum\b|group chat|voice chat|time zones|followers/i);

/** An everyday list a teenager can have: none of an adult's habits and comforts. */
const forTeens = phrasesWithout(/coffee|espresso|wine|mortgage|from every trip|takeaway menus/i);

/** One step of the memory of merges: the sources given so far, in order. */
interface Merges {
  merged?: readonly string[];
  next: WeakMap<readonly string[], Merges>;
}
const merges: Merges = { next: new WeakMap() };
const NO_PHRASES: readonly string[] = [];

/**
 * The phrases of the sources, each once, in order. Remembered by the sources' arrays (the
 * knowledge data's): a persona's merged lists are then the same array as every other persona's,
 * and compiled once.
 */
function merged(...sources: Array<readonly string[] | undefined>): readonly string[] {
  let node = merges;
  for (const source of sources) {
    const key = source ?? NO_PHRASES;
    let next = node.next.get(key);
    if (!next) node.next.set(key, (next = { next: new WeakMap() }));
    node = next;
  }
  return (node.merged ??= [...new Set(sources.flatMap((source) => source ?? []))]);
}

/** Narrows a list to the phrases a persona may say (see `category-guard.ts`); the identity when nothing is guarded. */
export type ListFilter = (list: PhraseList) => PhraseList | undefined;

/** Lists for one persona, by the names the frames use (a season's, for the season it is written about). */
/** A pupil's school life: a primary-school child's, or an older pupil's. */
/** A baby's or a small child's life (data/text/early-years.json): what they do, reach for and love, in place of a pupil's or an older child's. */
interface EarlyYears {
  below: number;
  days: string[];
  worries: string[];
  joys: string[];
  goals: string[];
  leisure: string[];
  people: string[];
  quirks: string[];
  comforts: string[];
}
const EARLY_YEARS: readonly EarlyYears[] = [earlyYearsFile.baby, earlyYearsFile.toddler];

/** The first years' lists for who is under five (no setting: a period's children live its life), else none. */
function earlyYearsOf(profile: Profile): EarlyYears | undefined {
  if (profile.setting || profile.age === undefined) return undefined;
  const age = profile.age;
  return EARLY_YEARS.find((years) => age < years.below);
}

interface HardTimes {
  name: string;
  from: number;
  to: number;
  places: string[];
  days: string[];
  worries: string[];
}
const HARD_TIMES: readonly HardTimes[] = timesFile.times;
/** Hard times by year, country and region: a population has one year, or a few. */
const timesByPlace = new Map<string, HardTimes | undefined>();

/** The hard times a persona's year and place lived through (the first entry of data/text/times.json that holds); none for the present day (no year) or a built-in setting (its text is its period's own). */
function hardTimesOf(profile: Profile): HardTimes | undefined {
  const yearValue = profile.values.year;
  if (profile.setting || yearValue === undefined || yearValue === "") return undefined;
  const year = Number(yearValue);
  if (!Number.isFinite(year)) return undefined;
  const code = profile.country?.code ?? "";
  const region = profile.values.region ?? profile.city?.region ?? "";
  const key = `${year}|${code}|${region}`;
  if (timesByPlace.has(key)) return timesByPlace.get(key);
  const found = code === "" ? undefined : HARD_TIMES.find((times) => year >= times.from && year <= times.to && times.places.some((place) => place === "*" || place === code || place === `${code}:${region}`));
  if (timesByPlace.size >= 1_000) timesByPlace.clear();
  timesByPlace.set(key, found);
  return found;
}

function schoolText(profile: Profile) {
  const study = textKnowledge().life.study;
  return profile.stage === "child" ? study.primary : study.school;
}

/** A condition's or pastime's phrases without a job's day's words: those are only for who works. */
const withoutWork = phrasesWithout(/\b(?:work|colleagues?|shifts?|boss|the office)\b/i);

/** A situation's days and worries without a job's words, remembered by the situation's text (a population has a few); the text itself when none has them. */
const withoutWorkTexts = new WeakMap<SituationText, SituationText>();
function withoutWorkDays(text: SituationText): SituationText {
  let kept = withoutWorkTexts.get(text);
  if (!kept) {
    const days = withoutWork(text.days);
    const worries = withoutWork(text.worries);
    kept = days.length === text.days.length && worries.length === text.worries.length ? text : { ...text, days: [...days], worries: [...worries] };
    withoutWorkTexts.set(text, kept);
  }
  return kept;
}

function listsFor(profile: Profile, season: Season | undefined, allowed: ListFilter): Lists {
  const text = textKnowledge();
  const variety = profile.variety;
  const lists: Record<string, PhraseList> = {};
  const add = (name: string, phrases: readonly string[] | undefined) => {
    const list = listOf(variety, phrases);
    const usable = list ? allowed(list) : undefined;
    if (usable) lists[name] = usable;
  };
  const group = profile.group;
  // A retired person's old job is in the past: its lists are read only by frames about the past.
  const prefix = profile.kind === "retired" ? "former_" : "";
  // The workplace the prompt names ("hospice nurses": a hospice) is where they work, not the group's usual places.
  // Patients, residents or members of the place it names (a `relationship` to it) work somewhere else; its employees work there.
  // A vessel is no workplace of the frames ("at {workplaces}"): its crew keep their group's places (the quay, the wheel).
  const named =
    (profile.values.relationship === undefined || profile.values.relationship === "employee" || profile.values.relationship === profile.serves) && worksAtNamedWorkplace(profile.values.workplace, profile.occupation, profile.values.industry) && !workplaceIsAboard(profile.values.workplace as string)
      ? profile.values.workplace
      : undefined;
  // A way of working says where the work is done, whatever the job's usual places: a remote worker's home office.
  const workingFrom = profile.kind === "work" ? profile.situations.find((entry) => entry.text.workplaces)?.text : undefined;
  // Done from home, a job whose day is on a site is written in its remote form (a nurse on a telehealth line), or as remote work: never turning patients at the kitchen table.
  const fromHome = workingFrom?.work && group && group.remote !== true ? (group.remote ?? workingFrom.work) : undefined;
  if (group) for (const name of ["workplaces", "tasks", "moments", "pride", "frustrations", "tools", "people", "lessons"] as const) add(`${prefix}${name}`, name === "workplaces" ? (workingFrom?.workplaces ?? (named ? ownWorkplace(named) : group[name])) : (fromHome?.[name] ?? group[name]));
  const life = profile.settingLife;
  if (life && profile.setting) {
    const id = profile.setting.id;
    add("days", life.days);
    add("haunts", life.places);
    add("pleasures", life.pleasures);
    add("worries", life.worries);
    add("possessions", life.possessions);
    add("times", life.moments);
    add("setting_goals", life.goals);
  }
  // A volunteer role the text has no working day for ("volunteer coastguards") is said as declared,
  // never given the charity volunteer's days (food parcels, lifts to appointments) as its own.
  if (profile.activity && !unknownVolunteerRole(profile)) {
    const activity = profile.activity;
    // A fan's week holds the matches they watch, not the kit and training of those who play.
    const kind: ActivityKindText | undefined = text.activities.kinds[profile.follows ? "following" : activity.kind];
    const genre = activity.genre && !profile.follows ? text.activities.genres[activity.genre] : undefined;
    const specific = profile.follows ? undefined : text.activities.specific[activity.name];
    // An activity's own lists, where it has them, replace its kind's (an astronomer enters no "local show").
    // Who has no job trains before no work ("a 15-year-old training before work").
    const habits = specific?.habits ?? merged(genre?.habits, kind?.habits);
    add("a_habits", profile.kind === "work" ? habits : withoutWork(habits));
    // A genre adds what only its games have (a Dungeon Master's character sheets, a card player's decks) to what every game of the kind shares.
    add("a_social", merged(genre?.social, kind?.social));
    add("a_company", inPerson(merged(genre?.social, kind?.social)));
    // An activity with habits of its own is played unlike its kind (mobile games, fishing): its gear is its own too, not a controller or a kit bag.
    add("a_gear", specific?.habits ? merged(specific.gear, genre?.gear) : merged(specific?.gear, genre?.gear, kind?.gear));
    add("a_moments", specific?.moments ?? merged(genre?.moments, kind?.moments));
    add("a_pride", specific?.pride ?? merged(genre?.pride, kind?.pride));
    add("a_goals", specific?.goals ?? merged(genre?.goals, kind?.goals));
    add("a_start", specific?.starts ?? kind?.starts);
    // Each venue with its own preposition: "on the bus into town", "in the back garden".
    add("venues", atPlaces(specific?.venues));
    // Volunteer firefighters volunteer at the fire station, not at the charity's warehouse: the role's own working day.
    // Its company is the other volunteers: the role's `people` mix colleagues with those it serves
    // ("the public"), who are nobody's companions in a pastime ("shares volunteering with the public").
    const role = profile.volunteerGroup;
    if (role) for (const [name, phrases] of [["a_habits", role.tasks], ["venues", atPlaces(role.workplaces)], ["a_moments", role.moments], ["a_pride", role.pride], ["a_gear", role.tools], ["a_social", VOLUNTEERS_COMPANY], ["a_company", VOLUNTEERS_COMPANY]] as const) add(name, phrases);
  }
  if (profile.condition) {
    const condition = profile.condition;
    const kind: ConditionKindText | undefined = text.conditions.kinds[condition.kind];
    const specific = text.conditions.specific[condition.name];
    // Who has no job has no work to fit a condition around ("a retiree juggling appointments with work").
    const theirs = (phrases: readonly string[]) => (profile.kind === "work" ? phrases : withoutWork(phrases));
    add("c_routines", theirs(merged(specific?.routines, kind?.routines)));
    add("c_hard", theirs(merged(specific?.hard_days, kind?.hard_days)));
    add("c_helps", theirs(merged(specific?.helps, kind?.helps)));
    add("c_support", theirs(merged(specific?.support, kind?.support)));
    add("c_goals", theirs(merged(specific?.goals, kind?.goals)));
  }
  const family = familyConditionOf(profile);
  if (family) {
    // Who has no job has no work to fit the caring around.
    const theirs = (phrases: readonly string[]) => (profile.kind === "work" ? phrases : withoutWork(phrases));
    add("f_days", theirs(family.text.days));
    add("f_worries", theirs(family.text.worries));
    add("f_support", family.text.support);
    add("f_goals", family.text.goals);
  }
  // A baby or a small child does what the first years hold, at nursery or at home: no times tables, no football in the street.
  const early = earlyYearsOf(profile);
  const study = early && (profile.kind === "school" || profile.kind === "none") ? early : profile.kind === "school" ? schoolText(profile) : profile.kind === "university" ? text.life.study.university : undefined;
  if (study) {
    add("st_days", study.days);
    add("st_worries", study.worries);
    add("st_joys", study.joys);
    add("st_goals", study.goals);
  }
  if (profile.kind === "home") {
    add("h_days", text.life.home.days);
    add("h_worries", text.life.home.worries);
    add("h_joys", text.life.home.joys);
    add("h_goals", text.life.home.goals);
  }
  // Someone held in a prison or a detention centre has no outings: neither the season's outdoor pleasures nor the town's places.
  const held = profile.situations.some((entry) => entry.text.held);
  // Someone who lives in an institution (a prison, a care home, a hospice) has its life, not a town's: its outdoors only, no dishes cooked at home.
  const lived = institutionOf(profile);
  // A baby's or a small child's seasons and town are where they are taken (their own lists), not a book by the window or the café on the corner.
  if (profile.zone && season && !early) {
    if (lived) add("outdoors", lived.institution.outdoors);
    else if (!held) add("outdoors", season.outdoors);
    add("indoors", season.indoors);
  }
  // Children, teenagers and school pupils (who live with their parents) do not cook for a crowd or host Sunday dinners at their place. People who came from elsewhere cook their first home's dishes as well as their new one's.
  if (profile.country && profile.stage !== "child" && profile.stage !== "teen" && profile.kind !== "school" && !lived) {
    const here = text.places.dishes[profile.country.code];
    const family = profile.origin ?? profile.heritage;
    const brought = family ? text.places.dishes[family.code] : undefined;
    add("dishes", brought && here ? merged(brought, here) : (brought ?? here));
  }
  const times = hardTimesOf(profile);
  if (times) {
    add("t_days", times.days);
    add("t_worries", times.worries);
  }
  if (profile.origin) {
    add("origin_dishes", text.places.dishes[profile.origin.code]);
    add("missing", text.life.missing);
  }
  if (profile.heritage) add("origin_dishes", text.places.dishes[profile.heritage.code]);
  if (profile.kind === "seeking") {
    const found = text.situations[SEEKING_KEY];
    const seeking = found ? atAge(SEEKING_KEY, found, profile.values.age) : undefined;
    add("s_days", seeking?.days);
    add("s_worries", seeking?.worries);
  }
  if (!profile.setting) {
    const stage = text.life.stages[profile.stage];
    // An institution's people live its life: its pastimes, those they live among, the situation's worries and hopes.
    add("leisure", lived?.institution.leisure ?? early?.leisure ?? stage.leisure);
    add("kin", lived?.institution.people ?? early?.people ?? stage.people);
    add("stage_worries", lived?.worries ?? early?.worries ?? stage.worries);
    // A small child's next milestones are its goals (the study's or its age's): not a second list of the same.
    add("life_goals", lived?.goals ?? (early ? undefined : stage.goals));
    const place = profile.settlement && !held && !lived && !early ? text.life.settlements[profile.settlement] : undefined;
    add("local_places", place?.places);
    add("local_habits", place?.habits);
  }
  const relation = profile.values.relation;
  if (relation && !profile.activity && !profile.setting) {
    const head = relation.replace(/^regular\s+/, "").split(/\s+(?:of|at|for|in|with)\s+/)[0]?.split(/\s+/).pop()?.toLowerCase() ?? "";
    const entry = text.relations.relations.find((candidate) => candidate.heads.includes(head) || candidate.heads.includes(head.replace(/s$/, "")));
    add("r_habits", entry?.habits ?? text.relations.other);
  }
  // A temperament's traits and habits are a grown child's or an adult's ("remembering everyone's birthday"): not a baby's.
  const temperament = profile.values.temperament && !early ? text.life.temperaments[profile.values.temperament] : undefined;
  if (temperament) {
    add("traits", temperament.traits);
    add("temper_habits", temperament.habits);
  }
  // A past year with no setting ("sailors in 1805") has the timeless comforts too: no playlist, no first coffee from a machine.
  const era = profile.setting || Number(profile.values.year) < MODERN_FROM ? "timeless" : "modern";
  // A teenager's are an adult's without the grown-up habits ("the first coffee of the day" at 13, mugs collected on trips).
  const teen = profile.stage === "teen" && !profile.setting;
  const quirks = lived?.institution.quirks ?? early?.quirks ?? (profile.stage === "child" && !profile.setting ? text.life.quirks.child : text.life.quirks[era]);
  const comforts = lived?.institution.comforts ?? early?.comforts ?? (profile.stage === "child" && !profile.setting ? text.life.comforts.child : text.life.comforts[era]);
  add("quirks", teen && !lived ? forTeens(quirks) : quirks);
  add("comforts", teen && !lived ? forTeens(comforts) : comforts);
  // What fills their days, whatever they are: the first list that says it (the leave's or the strike's, not the job they are away from).
  const away = profile.kind === "work" ? awayFromWork(profile) : undefined;
  if (away) add("away_days", away.text.days);
  for (const name of ["away_days", "tasks", "days", "st_days", "h_days", "a_habits", "c_routines", "s_days", "leisure"]) {
    const list = lists[name];
    if (list) {
      lists.doing = list;
      break;
    }
  }
  return lists;
}

/** The organisation the prompt names them by, and how (its staff, students or members): staff only when they work, students only when they study. */
function organisationOf(profile: Profile): { name: string; as: keyof typeof OPENING_AT_ORGANISATION } | undefined {
  const values = profile.values;
  if (values.member_of) return { name: values.member_of, as: "member" };
  if (values.employer && profile.kind === "work") return { name: values.employer, as: "work" };
  if (values.institution && (profile.kind === "school" || profile.kind === "university")) return { name: values.institution, as: "study" };
  return undefined;
}

/** A relative's condition (the `family_condition` field, "child with autism") and how the family lives it, by the relative named; none for a relative the data has no lists for. */
function familyConditionOf(profile: Profile): { relative: string; text: { days: string[]; worries: string[]; support: string[]; goals: string[] } } | undefined {
  const value = profile.values.family_condition;
  if (!value) return undefined;
  const relative = value.split(" with ")[0]?.trim().toLowerCase() ?? "";
  const text = Object.values(textKnowledge().conditions.family).find((entry) => entry.relatives.includes(relative));
  return text ? { relative: value, text } : undefined;
}

/** The situation of someone who lives in an institution (a prison, a care home, a hospice), with its life there. */
function institutionOf(profile: Profile): (SituationText & { institution: NonNullable<SituationText["institution"]> }) | undefined {
  return profile.situations.find((entry) => entry.text.institution)?.text as (SituationText & { institution: NonNullable<SituationText["institution"]> }) | undefined;
}

/** The situation that keeps someone with a job away from it for now (parental leave, sick leave, a strike), with the value that says how ("on strike"). */
function awayFromWork(profile: Profile): { value: string; text: SituationText } | undefined {
  const entry = profile.situations.find((situation) => situation.text.away);
  return entry ? { value: entry.key.slice(entry.key.indexOf("=") + 1), text: entry.text } : undefined;
}

/** Who moved at this age or older grew up in the country they came from. */
const GREW_UP_BY = 12;

/** A job seeker's situation, written for everyone with no job who is looking for one. */
const SEEKING_KEY = "work_status=looking for work";

/** Situations as a condition shapes them, by condition and situation: a population has a few. */
const conditionedSituations = new Map<string, SituationText>();

/**
 * A situation as the persona's condition lives it: a wheelchair user's commute by train is booking
 * assistance and waiting for the ramp (the condition's `commute_days`), not cycling or running for
 * the train. Only the commute is shaped so far; other situations are their own.
 */
function withCondition(entry: { key: string; text: SituationText }, profile: Profile): SituationText {
  const condition = profile.condition;
  if (!condition || !entry.key.startsWith("commute=")) return entry.text;
  const specific = textKnowledge().conditions.specific[condition.name];
  if (!specific?.commute_days) return entry.text;
  const key = `${condition.name}|${entry.key}`;
  let shaped = conditionedSituations.get(key);
  if (!shaped) conditionedSituations.set(key, (shaped = { ...entry.text, days: specific.commute_days, worries: merged(specific.commute_worries, entry.text.worries) as string[], joys: specific.commute_joys ?? entry.text.joys }));
  return shaped;
}

function situationLists(variety: EnglishVariety, situation: SituationText, allowed: ListFilter): Lists {
  const lists: Record<string, PhraseList> = {};
  for (const [name, phrases] of [["s_days", situation.days], ["s_worries", situation.worries], ["s_joys", situation.joys], ["s_goals", situation.goals]] as const) {
    const list = listOf(variety, phrases);
    const usable = list ? allowed(list) : undefined;
    if (usable) lists[name] = usable;
  }
  return lists;
}

// ---------------------------------------------------------------- slots


function unit(value: string | undefined, singular: string, many: string): string {
  return Number(value) === 1 ? singular : many;
}

const IRREGULAR_PLURALS: Record<string, string> = { person: "people", child: "children", woman: "women", man: "men", staff: "staff", police: "police", samurai: "samurai", fish: "fish", sheep: "sheep" };

/** "hospital pharmacist" → "hospital pharmacists", "fisherman" → "fishermen", "person with asthma" → "people with asthma". */
export function plural(phrase: string): string {
  const match = /^(.*?)(\S+)((?:\s+(?:with|of|at|in|for|from|on)\s.*)?)$/.exec(phrase);
  if (!match) return phrase;
  const [, before = "", head = "", after = ""] = match;
  const lower = head.toLowerCase();
  let many: string;
  if (IRREGULAR_PLURALS[lower]) many = IRREGULAR_PLURALS[lower] as string;
  else if (/(?:wo)?man$/.test(lower) && lower.length > 4) many = head.replace(/man$/, "men");
  else if (/[^aeiou]y$/.test(lower)) many = `${head.slice(0, -1)}ies`;
  else if (/(?:s|sh|ch|x|z)$/.test(lower)) many = `${head}es`;
  else many = `${head}s`;
  return `${before}${many}${after}`;
}

function slotsFor(profile: Profile, given: string, gender: "female" | "male" | undefined, homeCountry: string | undefined): Record<string, string> {
  const values = profile.values;
  // Object.assign, not `{ ...pronouns, given }`: V8 gives an object spread followed by more properties a hidden class per object.
  const slots: Record<string, string> = Object.assign(pronounSlots(gender), { given });
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== "") slots[name] = value;
  };
  set("age", values.age);
  if (values.age) slots.a_age = withArticle(values.age);
  set("place", profile.place);
  set("city", profile.city?.name);
  const town = profile.values.city && !/^suburbs of /.test(profile.values.city) ? profile.values.city : undefined;
  // A visitor's "here" is home (the country they came from), not the place visited (`passing`).
  const visiting = profile.passing !== undefined && profile.passing.place !== profile.place;
  // Someone who lives in an institution lives "in prison", "in the home": not in the town it stands near.
  set("here", institutionOf(profile)?.institution.here ?? profile.around ?? profile.city?.name ?? (visiting ? undefined : town) ?? (profile.setting ? profile.place : profile.country?.nameInProse));
  set("home_country", homeCountry);
  // The family lunch and the lie-in fall on the day the country rests, the night out before its weekend: Friday and Thursday in Manama.
  const week = profile.country ? textKnowledge().places.week_days[profile.country.code] : undefined;
  slots.rest_day = week?.rest ?? "Sunday";
  slots.night_out = week?.night_out ?? "Friday";
  if (profile.occupation) {
    slots.occupation = profile.occupation;
    slots.an_occupation = withArticle(profile.occupation);
    slots.occupation_plural = plural(profile.occupation);
  }
  if (profile.former) {
    slots.former = profile.former;
    slots.an_former = withArticle(profile.former);
  }
  // Years of writing code are not years in the role: a data scientist of 26 has not been one for 13 years.
  const years = values.years_experience;
  if (values.years_experience === undefined && values.years_coding !== undefined && Number(values.years_coding) >= 1) {
    slots.years_coding = values.years_coding;
    slots.years_coding_unit = unit(values.years_coding, "year", "years");
  }
  if (years !== undefined && Number(years) >= 1) {
    slots.years = years;
    slots.years_unit = unit(years, "year", "years");
    slots.years_have = Number(years) === 1 ? "has" : "have";
  }
  set("activity", profile.activity?.name ?? values.activity);
  set("rank", values.rank);
  set("main_role", values.main_role);
  set("level", values.level);
  set("hours", values.hours_per_week);
  if (values.hours_per_week !== undefined) slots.hours_unit = unit(values.hours_per_week, "hour", "hours");
  // "into it for 0 years" is no sentence: a beginner's first year is spoken of another way.
  if (values.years_active !== undefined && Number(values.years_active) >= 1) {
    set("years_active", values.years_active);
    slots.years_active_unit = unit(values.years_active, "year", "years");
    // When they started, from their age and years at it: never "young" for someone who began at 40.
    const startedAt = Number(values.age) - Number(values.years_active);
    if (Number.isFinite(startedAt) && Number(values.years_active) >= 2) slots.became_when = startedAt < 20 ? "young" : startedAt >= 50 ? "late in life" : Number(values.years_active) >= 5 ? "years ago" : "a few years back";
  }
  if (values.relation) slots.a_relation = withArticle(values.relation);
  if (values.volunteer_role && ON_CALL_ROLES.test(values.volunteer_role)) slots.on_call = profile.kind === "work" ? "around the day job" : "day and night";
  set("condition", profile.condition?.name ?? values.condition);
  if (values.years_with_condition && Number(values.years_with_condition) >= 1) {
    slots.years_with_condition = values.years_with_condition;
    slots.condition_unit = unit(values.years_with_condition, "year", "years");
  }
  set("origin", profile.origin?.nameInProse);
  set("heritage", profile.heritage?.nameInProse);
  set("heritage_people", profile.heritage?.demonym);
  if (profile.heritage) {
    set("heritage_home", profile.country?.nameInProse);
    // The third generation's grandparents made the move, not their parents.
    slots.heritage_elders = values.family_background === "grandchild of immigrants" ? "grandparents" : "parents";
  }
  set("language", profile.language);
  if (values.years_since_arrival && Number(values.years_since_arrival) >= 1) {
    slots.years_since_arrival = values.years_since_arrival;
    slots.arrival_unit = unit(values.years_since_arrival, "year", "years");
  }
  // Only a newcomer is "still learning the ways" of the place: not someone who came 16 years ago.
  const yearsHere = Number(values.years_since_arrival);
  // Where they grew up: the old country for who came at twelve or older (or at an age nobody says), here for who came younger or never moved.
  const arrivedAt = Number(values.age) - yearsHere;
  const cameYoung = profile.origin !== undefined && Number.isFinite(arrivedAt) && arrivedAt < GREW_UP_BY;
  if (profile.origin === undefined || cameYoung) set("raised_place", profile.place);
  else set("raised_origin", profile.origin.nameInProse);
  // "Has lived for years" is not said of who came a year or two ago.
  if (!(Number.isFinite(yearsHere) && yearsHere < 3)) set("settled_place", profile.place);
  if (slots.here && (values.years_since_arrival === undefined || (Number.isFinite(yearsHere) && yearsHere <= 5))) slots.newcomer_here = slots.here;
  const temperament = values.temperament;
  if (temperament) {
    slots.temperament = temperament;
    const article = withArticle(temperament);
    slots.A_temperament = article.charAt(0).toUpperCase() + article.slice(1);
    slots.Temperament = temperament.charAt(0).toUpperCase() + temperament.slice(1);
  }
  // Someone on leave or on strike has no "outside work", days off or "after work" while it lasts.
  // Nor has anyone whose "work" is being held (a prisoner's days).
  const atWork = profile.kind === "work" && awayFromWork(profile) === undefined && profile.group?.not_a_job !== true;
  slots.outside = atWork ? "Outside work" : profile.kind === "school" ? "Outside school" : profile.kind === "university" ? "Outside lectures" : "These days";
  // Only the working have an "after work": a retiree's or a pupil's day ends otherwise.
  // Night-shift workers end a night, not a day, and have no evening after it.
  const nights = /^night/i.test(profile.values.shift ?? "");
  slots.a_stretch = nights ? "a night" : "a day";
  // Only those with a job or a school have days off: a retiree's or a homemaker's free time is the weekend's mornings.
  slots.free_days = atWork || profile.kind === "school" || profile.kind === "university" ? `on ${slots.their ?? "their"} ${nights ? "nights" : "days"} off` : "on weekend mornings";
  slots.after_hours = atWork ? (nights ? "before a night shift" : "after work") : profile.kind === "school" ? "after school" : profile.kind === "university" ? "after lectures" : "in the late afternoon";
  return slots;
}

// ---------------------------------------------------------------- composing

const OPENING_KIND: Record<Profile["kind"], keyof typeof OPENING> = { work: "work", school: "school", university: "university", retired: "retired", home: "home", seeking: "seeking", setting: "setting", none: "none" };
/** Sentences after the opening, at most: a paragraph, not a file. */
export const MIDDLE_SENTENCES = 7;

export interface ProseIdentity {
  given: string;
  gender?: "female" | "male";
  /** The country they live in, as prose names it ("the United States"). */
  homeCountry?: string;
}

/**
 * The lines of a persona's prose, in priority order (opening first). `chooser` decides which
 * expansion of each pool the persona writes; `rng` only fills the choices inside paired phrases.
 */
export function proseLines(profile: Profile, identity: ProseIdentity, chooser: Variety, rng: Rng, allowed: ListFilter = (list) => list): ProseLine[] {
  const variety = profile.variety;
  const seasons = profile.zone ? textKnowledge().places.zones[profile.zone]?.seasons : undefined;
  const season = seasons && seasons.length > 0 ? seasons[chooser.number("season", seasons.length)] : undefined;
  const lists = listsFor(profile, season, allowed);
  const slots = slotsFor(profile, identity.given, identity.gender, identity.homeCountry);
  if (season) slots.season = season.when;
  const workplaces = lists.workplaces;
  if (workplaces) {
    slots.workplace = oneWorkplace(workplaces, slots, chooser, rng);
    // Said with its own preposition: "on the ward", "in the hills above the farm", "at the depot".
    const at = atPlace(slots.workplace);
    slots.at_workplace = at;
    slots.At_workplace = at.charAt(0).toUpperCase() + at.slice(1);
    // Those who work with them see them where they work, unless that is a kitchen table at home: then on the calls (the situation's `colleagues_at`), or nowhere.
    const workingFrom = profile.kind === "work" ? profile.situations.find((entry) => entry.text.workplaces)?.text : undefined;
    const colleaguesAt = workingFrom ? workingFrom.colleagues_at : AT_HOME.test(slots.workplace) ? undefined : at;
    if (colleaguesAt) slots.colleagues_at = colleaguesAt;
  }
  const lines: ProseLine[] = [];
  // What the persona's way of life rules out, in a frame's own words too ("cooks for a crowd", a recluse's).
  const refused = wordsRuledOut(profile.values, profile.situations);
  const line = (field: ProseField, priority: number, pool: FramePool, extraSlots?: Record<string, string>, extraLists?: Lists, site = pool.name) => {
    // Most lines add nothing: they share the persona's objects (none is changed once lines are made).
    // The others read their few own values over the persona's (a copy of ~30 properties cost V8 ~8 µs).
    const poolSlots = extraSlots === undefined || isEmpty(extraSlots) ? slots : layered(slots, extraSlots);
    const poolLists: Lists = extraLists === undefined || isEmpty(extraLists) ? lists : layered(lists, extraLists);
    lines.push(refused ? new RefusingPoolLine(field, priority, pool, variety, chooser, poolSlots, poolLists, rng, site, refused) : new PoolLine(field, priority, pool, variety, chooser, poolSlots, poolLists, rng, site));
  };

  const passing = profile.passing;
  // On leave or on strike: the job is theirs, but their days are not spent at it.
  const away = profile.kind === "work" ? awayFromWork(profile) : undefined;
  const opening = passing ? (passing.place === profile.place ? OPENING_PASSING : OPENING_VISITING) : profile.place ? (away ? OPENING.away : OPENING[OPENING_KIND[profile.kind]]) : OPENING_NO_PLACE;
  const organisation = passing || away || !profile.place ? undefined : organisationOf(profile);
  if (organisation) line("backstory", 0, OPENING_AT_ORGANISATION[organisation.as], { organisation: organisation.name });
  else if (opening && passing && passing.place !== profile.place && profile.place) line("backstory", 0, opening, { passing: passing.how, place: passing.place, home: profile.place });
  else if (opening && passing) line("backstory", 0, opening, { passing: passing.how });
  else if (opening && away) line("backstory", 0, opening, { away: away.value });
  else if (opening) line("backstory", 0, opening);

  // What their days hold, and what the prompt says they are, come first; then how they feel about
  // it, their temperament, life where they live and a detail, as long as the paragraph allows.
  if (profile.kind === "setting") {
    line("backstory", 1, SETTING_DAYS);
    line("backstory", 6, SETTING_LIFE);
  } else if (profile.kind === "work" && profile.group?.not_a_job) {
    line("backstory", 1, INSIDE_DAYS);
    line("backstory", 3, INSIDE_FEELINGS);
  } else if (profile.kind === "work" && profile.group) {
    if (away) line("backstory", 1, WORK_DAYS_ON_HOLD);
    else if (passing && passing.place !== profile.place && profile.place) line("backstory", 1, WORK_DAYS_AWAY, { home: profile.place });
    else line("backstory", 1, WORK_DAYS);
    line("backstory", 3, away ? WORK_FEELINGS_ON_HOLD : WORK_FEELINGS);
    if (slots.years) line("backstory", 2, Number(slots.years) <= 3 ? EXPERIENCE_EARLY : EXPERIENCE);
    else if (profile.values.years_experience === "0") line("backstory", 2, NEW_TO_IT);
    else if (slots.years_coding) line("backstory", 2, CODING);
  } else if (profile.kind === "retired" && profile.group) line("backstory", 2, RETIRED_WORK);
  else if (profile.kind === "school" || profile.kind === "university") line("backstory", 1, STUDY);
  else if (profile.kind === "home") line("backstory", 1, HOME);

  // A setting's own fields (a house, a side in the war).
  for (const [field, sources] of facetEntries()) {
    const value = profile.values[field];
    if (value) line("backstory", 1, facetPool(field, sources), { value });
  }

  if (profile.activity) {
    line("backstory", 1, ACTIVITY_CORE);
    if (!unknownVolunteerRole(profile)) line("backstory", 2, ACTIVITY_LIFE);
  }
  if (profile.values.volunteer_role && slots.a_relation) line("backstory", 1, profile.kind === "work" ? VOLUNTEER : VOLUNTEER_WITHOUT_WORK);
  if (profile.condition) line("backstory", 1, CONDITION);
  if (lists.f_days) line("backstory", 1, FAMILY_CONDITION, { their_relative: `${slots.their ?? "their"} ${profile.values.family_condition}` });
  if (lists.r_habits) line("backstory", 1, RELATION);
  // Someone with no job to go to for now (on leave, retired, keeping house) juggles nothing with work:
  // a situation not about their work (a single parent's "juggling school runs and work") says none.
  const jobless = away !== undefined || profile.kind === "home" || profile.kind === "retired" || profile.kind === "none";
  const situations = jobless ? profile.situations.map((entry) => (entry.key.startsWith("work_status=") ? entry : { key: entry.key, text: withoutWorkDays(entry.text) })) : [...profile.situations];
  if (profile.kind === "seeking" && !situations.some((entry) => entry.key === SEEKING_KEY)) {
    const text = textKnowledge().situations[SEEKING_KEY];
    if (text) situations.push({ key: SEEKING_KEY, text: atAge(SEEKING_KEY, text, profile.values.age) });
  }
  situations
    .filter((entry) => entry.text.days.length > 0)
    .slice(0, 2)
    // A relationship has its place: "a regular at a coffee shop", "a patient at the clinic".
    .forEach((entry, position) => {
      const noun = nounInVariety((identity.gender === "female" ? entry.text.noun_female : identity.gender === "male" ? entry.text.noun_male : undefined) ?? entry.text.noun, variety);
      // A visitor's situation happens where they are, not at home.
      // An institution's life is told "in Penzance", not "as a resident in the home".
      const where: Record<string, string> = entry.text.visitor && profile.passing ? { here: profile.passing.here } : entry.text.institution && profile.city ? { here: profile.city.name } : {};
      line("backstory", 1 + position, SITUATION, { ...where, s_noun: entry.key.startsWith("relationship=") && profile.workplace ? `${noun} ${workplaceIsAboard(profile.workplace) ? "aboard" : "at"} ${profile.workplace}` : noun }, situationLists(variety, withCondition(entry, profile), allowed), `${SITUATION.name}:${entry.key}`);
    });
  // A child lives the hard times through the grown-ups' worries (the loan, the coins): not written as theirs.
  const times = profile.stage === "child" ? undefined : hardTimesOf(profile);
  if (times && (lists.t_days || lists.t_worries)) line("backstory", 2, TIMES, { t_name: times.name, T_name: times.name.charAt(0).toUpperCase() + times.name.slice(1) });
  if (profile.origin) line("backstory", 2, ORIGIN);
  if (profile.heritage) line("backstory", 2, HERITAGE);
  if (profile.language) line("backstory", 3, LANGUAGE);
  if (profile.values.temperament) line("backstory", 4, TEMPERAMENT);
  if (!profile.setting) line("backstory", 5, LIFE);
  line("backstory", 7, DETAIL);

  // A goal: the prompt's own when it states one, else from what they are.
  const stated = profile.situations.find((entry) => entry.key.startsWith("goal="));
  const text = textKnowledge();
  const goalSources: Array<readonly string[] | undefined> = stated
    ? [stated.text.goals]
    : [
        profile.group && profile.kind === "work" ? profile.group.goals : undefined,
        profile.settingLife?.goals,
        profile.condition ? text.conditions.kinds[profile.condition.kind]?.goals : undefined,
        familyConditionOf(profile)?.text.goals,
        ...situations.map((entry) => entry.text.goals),
        profile.kind === "school" ? (earlyYearsOf(profile) ?? schoolText(profile)).goals : profile.kind === "university" ? text.life.study.university.goals : profile.kind === "home" ? text.life.home.goals : undefined,
      ];
  let goals = merged(...goalSources);
  // Someone defined by nothing more specific wants what people of their age want (a baby, the next milestone).
  const ofTheirAge = goals.length === 0 && !profile.activity && !profile.setting;
  if (ofTheirAge) goals = merged((earlyYearsOf(profile) ?? text.life.stages[profile.stage]).goals);
  const allGoals = listOf(variety, goals);
  const goalList = allGoals ? allowed(allGoals) : undefined;
  // Their goals are then their age's: no second one from the same list ("to pay off the mortgage; after that, to pay off the mortgage").
  const goalLists: Lists | undefined = goalList ? (ofTheirAge ? ({ goal_list: goalList, life_goals: undefined } as unknown as Lists) : { goal_list: goalList }) : undefined;
  if (goalList || lists.a_goals) line("goals", 0, GOALS, undefined, goalLists);
  return lines;
}

/** A situation's noun in the persona's English ("a care-home resident" in Leeds, "a nursing-home resident" in Ohio), remembered: a population has a few. */
const nounsInVariety = new Map<string, string>();

function nounInVariety(noun: string, variety: EnglishVariety): string {
  const key = `${variety}|${noun}`;
  let said = nounsInVariety.get(key);
  if (said === undefined) {
    // Bounded: a head word's situation is called what the prompt calls it (open text).
    if (nounsInVariety.size >= 1_000) nounsInVariety.clear();
    nounsInVariety.set(key, (said = inVariety(noun, variety)));
  }
  return said;
}

const WORKPLACE = compile("{@workplaces}");
/** A place of work at home ("the home office on Fridays"): nobody there tells of a persona's habits. */
const AT_HOME = /\b(?:home office|kitchen table|living room|spare room|bedroom)\b/;

/**
 * One place of work, chosen once for the persona (by its place in the population's walk over the
 * expansions of its group's places, so a population spreads over them) and said by every line
 * that says where they work: a cleaner works "offices after hours" or "the hotel's guest floors",
 * never both in one text. A slot, not a list of one: personas at different places still share
 * their sentences' classes (see `FramePool.contentHash`), so they do not write each other's.
 */
function oneWorkplace(workplaces: PhraseList, slots: Record<string, string>, chooser: Variety, rng: Rng): string {
  return renderNumbered(WORKPLACE, chooser.number("workplace", workplaces.size), slots, { workplaces }, rng);
}

/**
 * A line written from a frame pool. A class, not a closure per line: a persona has about ten lines,
 * and each closure was made (and named again by the TypeScript loader) for every persona.
 */
class PoolLine extends PoolSentence implements ProseLine {
  constructor(
    readonly field: ProseField,
    readonly priority: number,
    pool: FramePool,
    variety: EnglishVariety,
    chooser: Variety,
    slots: Record<string, string>,
    lists: Lists,
    rng: Rng,
    site: string,
  ) {
    super(pool, variety, chooser, slots, lists, rng, site);
  }
}

/** Draws a line makes at most for one sentence its persona's way of life allows. */
const REFUSED_DRAWS = 12;

/** A line of a persona whose way of life rules words out: a sentence holding one is drawn again, and left out when every draw holds one. */
class RefusingPoolLine extends PoolLine {
  constructor(field: ProseField, priority: number, pool: FramePool, variety: EnglishVariety, chooser: Variety, slots: Record<string, string>, lists: Lists, rng: Rng, site: string, private readonly refused: RegExp) {
    super(field, priority, pool, variety, chooser, slots, lists, rng, site);
  }

  override draw(): Drawn | undefined {
    for (let draws = 0; draws < REFUSED_DRAWS; draws++) {
      const drawn = super.draw();
      if (drawn === undefined || !this.refused.test(drawn.text)) return drawn;
    }
    return undefined;
  }
}

/**
 * `own` read over `base`, as a copy: an object made with `base` as its prototype reads the same, but
 * V8 gives every such prototype a map of its own, so each later `slots[name]` read missed the inline
 * caches (W measured the copy at ~1.5% less write CPU on 20k nurses, the same bytes).
 */
function layered<Value>(base: Readonly<Record<string, Value>>, own: Readonly<Record<string, Value>>): Record<string, Value> {
  return Object.assign({}, base, own);
}

function isEmpty(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

/** A setting's own fields and their frames, read once (every persona looks for each). */
let facets: Array<[string, readonly string[]]> | undefined;

function facetEntries(): Array<[string, readonly string[]]> {
  return (facets ??= Object.entries(textKnowledge().facets));
}

const facetPools = new Map<string, FramePool>();

function facetPool(field: string, sources: readonly string[]): FramePool {
  let pool = facetPools.get(field);
  if (!pool) facetPools.set(field, (pool = new FramePool(`facet.${field}`, sources)));
  return pool;
}
