/**
 * Parts → blueprint. Each part the prompt states becomes fields, fixed values, narrowed ranges or
 * constraints that hold in every persona: the place, the era or setting, ages from the role (its
 * licensing or training minimum, its working ages), gender shares from the role, activity,
 * condition or situation data, the condition with onset-aware years, the activity with its rank
 * ladder, roles and hours, the situations and qualifiers as fixed fields. What could not be
 * modelled is listed in `unmodelled` and in the rationale.
 */
import type { Blueprint, Constraint, Field, NumericSpec } from "../../engine/blueprint.ts";
import { periodFemaleShare } from "../knowledge/settings.ts";
import { followsRatherThanPlays, knowledge, thingsAfter, type Activity, type Country, type Occupation, type Setting } from "../knowledge/index.ts";
import { PRESENT_YEAR } from "../names/person-name.ts";
import { fold } from "../knowledge/words.ts";
import { isWorkOfOccupation } from "../knowledge/text-data.ts";
import type { PromptParts, RoleReading } from "../understand/parts.ts";
import { ageBands, ageInBand, bandWeights, intersectAges, type AgeBand, type AgeRange } from "./ages.ts";
import { categoricalField, fixedField, fixedValueOf, normalise, round, slug, textField, uniform, type Weights } from "./fields.ts";
import { composePlaces } from "./places.ts";
import { composeHeritage, isHeritage, originDescription, promptOriginWeights } from "./heritage.ts";
import { pastimesAsTrades } from "./past-work.ts";
import { jobAgeWarnings } from "./job-ages.ts";
import { destinationCountry, destinationOrigins, migrantOf, namesHostPeople, originsFollowDestination, originWeightsByName, residentOrigins } from "./origins.ts";
import { pilgrimageOf, pilgrimOrigins } from "./pilgrimage.ts";
import { excludeValues } from "./excluded.ts";
import { scaleValueNamed } from "./scale-words.ts";
import { deploymentOf, sendingCountryAsOrigin, servesAbroad } from "./deployed.ts";
import { composeShares } from "./shares.ts";
import { loadRuralLandWork, loadWorkplaceStaff } from "../knowledge/staff.ts";
import type { OrganisationReading } from "../understand/organisations.ts";
import { peopleNamesUnknown } from "../names/cultures.ts";
import { composeSetting, isMemberRole, settingRoleNamed, type SettingComposition } from "./setting.ts";
import { withArticle } from "../../engine/articles.ts";

/** `warnings`: what the design keeps as asked though the data says it cannot be (surgeons aged 20). */
export type ComposedBlueprint = Blueprint & { unmodelled: string[]; warnings?: string[] };

export const TEMPERAMENTS = ["warm", "reserved", "curious", "driven", "easygoing", "meticulous", "blunt", "playful"] as const;

/** A role every persona holds, with what the data says about its people. */
interface FixedRole {
  value: string;
  /** What one member is called when it differs from the role's value ("nursing-home resident", who is retired). */
  label?: string;
  occupation?: Occupation;
  range: AgeRange;
  femaleShare: number;
  /** Youngest age at which the work starts (licensing or training), for years of experience. */
  startAge?: number;
  /** The year the work became possible (occupation data), with its reason: years of experience never reach back before it. */
  since?: { year: number; basis: string };
  /** A job the occupation data does not know, kept as the prompt wrote it ("glassblower"). */
  asWritten?: true;
  /** The prompt's words for its people ("sumo wrestlers"), for what the data cannot say of them. */
  written?: string;
  /** The activity the job teaches or leads ("tango teachers"): the work itself, not a pastime. */
  teaches?: Activity;
  /** Where `femaleShare` comes from when it is not the occupation data's present share (a past year's). */
  shareBasis?: string;
}

/**
 * The year whose people the prompt describes, when it is a past one: the year it names, or the
 * middle of a historical setting's span ("Riflemen in World War II": 1942).
 */
function pastYear(parts: PromptParts): number | undefined {
  const when = parts.when;
  if (!when) return undefined;
  const year = when.year ?? (when.kind === "setting" && when.setting.kind === "historical" && when.setting.years ? Math.round((when.setting.years[0] + when.setting.years[1]) / 2) : undefined);
  return year !== undefined && year < PRESENT_YEAR ? year : undefined;
}

/** A job's share of women in a past year (soldiers before 1914, nurses in 1950), or undefined when today's holds. */
function pastShareOf(occupation: string, year: number | undefined): number | undefined {
  return year === undefined ? undefined : periodFemaleShare(knowledge().periodFemaleShares, occupation, year);
}

/**
 * Ages of those who teach or lead an activity for a living: the occupation data's ages are its
 * general job's (a schoolteacher's licensing at 21), not a tango teacher's; no source in the data has
 * theirs, so an adult working-age profile is assumed and named as such.
 */
const TEACHING_AGES: AgeRange = { min: 18, max: 75, mean: 40, basis: "teachers, coaches and guides of an activity: an assumed adult working-age profile (the data has no ages for them)" };

/** Ages for a role the data does not know: an assumed working-age profile, named as such. */
const WORKING_AGE_PRIOR: AgeRange = { min: 18, max: 67, mean: 40, basis: "an assumed working-age profile (the role is not in the occupation data)" };
const ADULT_PRIOR: AgeRange = { min: 18, max: 90, mean: 44, basis: "adult ages (UN WPP 2022 adult age structure, approximate)" };
const EVEN_SPLIT = 0.5;

function mid(min: number, max: number): number {
  return Math.round((min + max) / 2);
}

function roleWords(role: RoleReading): string[] {
  if (role.kind === "general") return [];
  const written = fold(role.span.text).replace(/s$/, "");
  return [role.value, written];
}

/** Before this year, and with no setting for the place, the present-day life the text writes is listed as unmodelled. */
const PAST_LIFE_UNMODELLED_BEFORE = 1950;

/** What the prompt's roles mean here: fixed roles, a setting's roles to sample, or everyday jobs by age. */
function resolveRoles(parts: PromptParts, settingPart: SettingComposition | undefined, notes: string[]): { fixed: FixedRole[]; sampled?: Weights; everyday: boolean; groupLabel?: string; known: string[] } {
  const fixed: FixedRole[] = [];
  const known: string[] = [];
  let sampled: Weights | undefined;
  let groupLabel: string | undefined;
  for (const role of parts.roles) {
    if (role.kind === "general") continue;
    const setting = settingPart?.setting;
    if (setting) {
      const named = roleWords(role).map((word) => settingRoleNamed(setting, word)).find(Boolean);
      // "Riflemen in World War II": a word the occupation data lacks is one of the setting's roles by its synonyms.
      if (named && role.kind === "as-written") known.push(role.span.text);
      if (named) {
        fixed.push({ value: named, range: settingRoleAges(settingPart, named), femaleShare: settingRoleShare(setting, named, pastYear(parts)) });
        continue;
      }
      // The setting's people in general ("pirates", "elves", "survivors"), or one of its peoples ("gnomes"): its or their callings are sampled.
      const ofPeople = settingPart.people && roleWords(role).some((word) => settingPart.people?.words.has(fold(word)) || settingPart.people?.words.has(`${fold(word)}s`));
      if (ofPeople && role.kind === "as-written") known.push(role.span.text);
      const member = ofPeople ? settingPart.people?.name : roleWords(role).find((word) => isMemberRole(setting, word));
      if (member) {
        sampled = settingPart.roleWeights;
        groupLabel ??= role.kind === "setting-role" ? role.value : member;
        continue;
      }
      // One particular kind of its people ("gladiators", "ninjas", "paladins"): all of them are that.
      if (role.kind === "setting-role") {
        fixed.push({ value: role.value, range: settingRoleAges(settingPart, role.value), femaleShare: settingRoleShare(setting, role.value, pastYear(parts)) });
        continue;
      }
    }
    if ((role.kind === "occupation" || role.kind === "as-written") && role.teaches) {
      const activity = role.teaches;
      fixed.push({ value: role.value, ...(role.kind === "occupation" ? { occupation: role.occupation } : {}), range: TEACHING_AGES, femaleShare: activity.female_share, startAge: TEACHING_AGES.min, teaches: activity });
      notes.push(`"${role.span.text}" teach or lead ${activity.name} for a living: the activity is their work (its own working day, no hours or level as a pastime).`);
    } else if (role.kind === "occupation") {
      const occupation = role.occupation;
      const since = occupation.aliases_since?.[fold(role.value)] ?? occupation.since;
      // "Soldiers in the 1800s", "nurses in 1950": the job's share of women in that year, not today's.
      const year = pastYear(parts);
      const pastShare = pastShareOf(occupation.name, year);
      fixed.push({ value: role.value, occupation, range: { min: occupation.min_age, max: occupation.max_age, mean: occupation.mean_age, basis: `${occupation.name}: from ${occupation.min_age} (licensing or usual training path) to ${occupation.max_age}, mean about ${occupation.mean_age} (occupation data)` }, femaleShare: pastShare ?? occupation.female_share, startAge: occupation.min_age, ...(since !== undefined ? { since: { year: since, basis: occupation.since_basis ?? "" } } : {}), ...(pastShare !== undefined ? { shareBasis: `${occupation.name}s in ${year} (about ${Math.round(pastShare * 100)}% women; settings data, period shares: U.S. census occupation tables standing in for the period)` } : {}) });
      if (setting && !occupation.timeless && setting.kind !== "science fiction") notes.push(`"${role.span.text}" is a present-day occupation in ${setting.name}: kept as the prompt asks.`);
    } else if (role.kind === "situation" && role.situation.occupation) {
      const situation = role.situation;
      // "Law students in Boston": in the US and Canada law and medicine are entered after a first degree (situation data `graduate_entry`).
      const graduate = situation.graduate_entry;
      const host = graduate ? destinationCountry(parts)?.code : undefined;
      // The field's word is the role's own first word ("law student") or the word the reading left before it ("Dental students").
      const fieldWords = [fold(role.value).split(/\s+/)[0] ?? "", fold(parts.text.slice(0, role.span.start).trim().split(/\s+/).at(-1) ?? "")];
      const afterDegree = graduate && host && graduate.countries.includes(host) && fieldWords.some((word) => graduate.words.includes(word)) ? graduate : undefined;
      const min = afterDegree?.min_age ?? situation.min_age ?? 18;
      const max = afterDegree?.max_age ?? situation.max_age ?? 90;
      // "law students" keep their words; "students" are university students; "nursing-home residents" are retired.
      const value = situation.field === "occupation" && role.value.split(/\s+/).length > 1 ? role.value : (situation.occupation as string);
      fixed.push({ value, label: role.value, range: { min, max, mean: afterDegree?.mean_age ?? situation.mean_age ?? mid(min, max), basis: afterDegree ? `"${role.span.text}": ${afterDegree.basis} (situation data)` : `"${role.span.text}" (situation data)` }, femaleShare: situation.female_share ?? (situation.gender === "female" ? 1 : situation.gender === "male" ? 0 : EVEN_SPLIT) });
      if (afterDegree) notes.push(`"${role.span.text}" study after a first degree where they live: ages ${min}-${max} (${afterDegree.basis}).`);
    } else if (role.kind === "setting-role") {
      fixed.push({ value: role.value, range: settingPart?.ageRange ?? WORKING_AGE_PRIOR, femaleShare: settingPart?.femaleShare ?? EVEN_SPLIT });
    } else if (role.kind === "as-written") {
      fixed.push({ value: role.value, range: WORKING_AGE_PRIOR, femaleShare: settingPart?.femaleShare ?? EVEN_SPLIT, asWritten: true, written: asPhrase(role.span.text, role.value) });
      notes.push(`"${role.span.text}" is not in the occupation data: everyone is ${withArticle(role.value)}, with ${settingPart ? "the setting's ages and gender shares" : "an assumed working-age profile (18-67) and an even gender split"}; the role is listed in \`unmodelled\`.`);
    } else {
      groupLabel ??= role.value;
    }
  }
  // A setting with nobody in particular named: its own people, never present-day jobs.
  if (settingPart && fixed.length === 0 && !sampled) sampled = settingPart.roleWeights;
  // Named roles and a setting's generic members together: the named roles are the population.
  if (fixed.length > 0 && sampled) {
    notes.push(`"${groupLabel}" names the setting's people in general; the roles the prompt names (${fixed.map((role) => role.value).join(", ")}) are used.`);
    sampled = undefined;
  }
  // Retired people keep their former occupation but not its working ages.
  if (parts.situations.some((entry) => entry.situation.id === "retired")) {
    for (const role of fixed) {
      // A job the data does not know ("retired glassblowers") is retired from all the same: its people no longer work it.
      if (!role.occupation && role.asWritten) {
        role.range = { min: 55, max: 92, mean: 68, basis: `retired ${role.value}s: 55 and over (retirement ages, approximate)` };
        role.value = `retired ${role.value}`;
        continue;
      }
      if (!role.occupation) continue;
      // A career that ends young (athletes, dancers: the data's ages stop before 55) is left in the
      // thirties; its former members are of every age after that.
      const endsYoung = role.range.max < 55;
      const min = endsYoung ? Math.max(role.range.min + 5, role.range.max - 10) : Math.max(55, role.range.min + 5);
      const mean = endsYoung ? Math.max(min + 10, 50) : Math.max(min + 3, 68);
      role.range = { min, max: 92, mean, basis: endsYoung ? `former ${role.occupation.name}s: ${min} and over (the work ends by about ${role.range.max}; approximate)` : `retired ${role.occupation.name}s: ${min} and over (retirement ages, approximate)` };
      role.value = `retired ${role.value}`;
      delete role.startAge;
    }
  }
  return { fixed, ...(sampled ? { sampled } : {}), everyday: fixed.length === 0 && !sampled, ...(groupLabel ? { groupLabel } : {}), known };
}

/** The prompt's words as a phrase inside a sentence: "Sumo wrestlers" at its start → "sumo wrestlers" (a name keeps its capital). */
function asPhrase(written: string, value: string): string {
  return /^\p{Lu}\p{Ll}/u.test(written) && /^\p{Ll}/u.test(value) ? written.charAt(0).toLowerCase() + written.slice(1) : written;
}

/** The setting's ages for one of its roles: roles that came with age start later (knights from about 21). */
function settingRoleAges(settingPart: SettingComposition, role: string): AgeRange {
  const minimum = settingPart.setting.role_min_ages?.[role];
  if (!minimum) return settingPart.ageRange;
  return { ...settingPart.ageRange, min: Math.max(settingPart.ageRange.min, minimum), mean: Math.max(settingPart.ageRange.mean, minimum + 5), basis: `${settingPart.ageRange.basis}; ${role}s from about ${minimum}` };
}

/** The share of women in one of a setting's roles: its male-only and mostly-female roles say so. */
function settingRoleShare(setting: Setting, role: string, year?: number): number {
  // Women in these roles were rare exceptions (a Joan of Arc): none are sampled.
  if (setting.male_roles?.includes(role)) return 0;
  // A role that is also an occupation of today ("nurses in WW2"): its own share, not the whole period's people's (a stand-in, closer than the population's),
  // in that period's mix where the data has it (nurses, typists, soldiers in 1942), else today's.
  const occupation = setting.kind === "historical" ? knowledge().occupationByName.get(fold(role)) : undefined;
  const pastShare = occupation ? pastShareOf(occupation.name, year) : undefined;
  if (setting.female_roles?.includes(role)) return pastShare ?? Math.max(setting.female_share, 0.75);
  return pastShare ?? occupation?.female_share ?? setting.female_share;
}

/**
 * How people named by an activity spread over its levels, lowest first: most of them past the first
 * steps and below the top ("marathon runners" are not all beginners), a few beginners, and those who
 * do it for a living rare (an assumption, said in the description). Beginners only lead when the
 * prompt says so (a level qualifier fixes the level instead).
 */
const LEVEL_SHARES = [0.2, 0.4, 0.25, 0.1, 0.05];
/** Levels of those who do it for a living or at the top: about 2% of the people named by it (an assumption). */
const TOP_LEVEL = /\b(?:professional|elite|pro|olympic|world-class|international)\b/i;
const TOP_LEVEL_SHARE = 0.02;
/** Below this age nobody is at a level done for a living (children play casually, at school or in a club). */
const TOP_LEVEL_MIN_AGE = 16;

function levelWeights(levels: readonly string[], band?: AgeBand): Weights {
  const open = band && band.min < TOP_LEVEL_MIN_AGE ? levels.filter((level) => !TOP_LEVEL.test(level) && !/semi-professional/i.test(level)) : levels;
  const shares = open.map((level, index) => (TOP_LEVEL.test(level) ? TOP_LEVEL_SHARE : (LEVEL_SHARES[Math.min(index, LEVEL_SHARES.length - 1)] as number)));
  return normalise(Object.fromEntries(open.map((level, index) => [level, shares[index] as number])));
}

function levelField(activity: string, levels: readonly string[], bands: readonly AgeBand[]): Field {
  const description = `how seriously they do ${activity} (most past the first steps, few beginners, those who do it for a living rare: an assumption)`;
  if (!bands.some((band) => band.min < TOP_LEVEL_MIN_AGE)) return categoricalField("level", "Level", description, levelWeights(levels));
  return { name: "level", kind: "categorical", label: "Level", description, parents: ["age_band"], conditionals: bands.map((band) => ({ when: { age_band: band.name }, categorical: { weights: levelWeights(levels, band) } })) };
}

/** A condition's stage in the prompt's words: "stage 4", "stage IV", "terminal", "metastatic", "advanced", "early-stage". */
const STAGE_WORDS = /\b(stage (?:[1-4]|i{1,3}|iv))\b|\b(?:terminal|metastatic|advanced|early-stage)\b/i;

/** The situation data's veterans, and the youngest age of service (enlistment from about 17): an injury among them came then or later. */
const VETERAN = "veteran";
const SERVICE_FROM = 17;

/** How many years of study come before each year of study a prompt names. */
const STUDY_YEAR_INDEX: Record<string, number> = { "first year": 0, "second year": 1, "third year": 2, "final year": 3 };

/** Years in the work up to which people are "early career" for their ages. */
const EARLY_CAREER_YEARS = 5;
/** How much later than the usual starting age an early-career population reaches (career changers). */
const CAREER_CHANGE_SPREAD = 20;

/**
 * The data's mean age when it lies inside the final range; otherwise a quarter of the way in from
 * the edge it lies beyond. Clamped to the edge, most people would sit at one age ("teenage
 * skateboarders" at 19, "guitarists over 50" at 51) when the role's own mean is outside the
 * ages the prompt asks for.
 */
export function meanInside(mean: number, min: number, max: number): number {
  if (mean < min) return min + (max - min) / 4;
  if (mean > max) return max - (max - min) / 4;
  return mean;
}


/**
 * Jobs of people the prompt does not define by a job, by age: pupils, students, everyday work,
 * retirement. `working` people (commuters) have a job or studies at every age.
 */
/**
 * Where the ages of "over N" sit: adults thin out with age, so most are near the lower bound — the
 * median adult over 50 in high-income countries is about 63, over 65 about 74, over 80 about 85
 * (UN WPP 2022, approximate), about 30% of the way from the bound to the oldest age.
 */
function openAgeMean(min: number, max: number): number {
  return Math.min(max, min + Math.max(3, 0.3 * (max - min)));
}

function everydayOccupations(band: AgeBand, working: boolean, urban: boolean, unsuited: ReadonlySet<string>, work?: KindOfWork): Weights {
  if (work) return occupationsOfKind(work, band, unsuited);
  const mix = everydayMixFor((band.min + band.max) / 2, urban, unsuited);
  const scaled = (share: number): Weights => Object.fromEntries(mix.map(([name, weight]) => [name, weight * share]));
  // "Toddlers in daycare": children below school age are at no school.
  if (band.max <= 5) return { "preschool child": 1 };
  if (band.max <= 12) return { "primary school pupil": 1 };
  if (band.max <= 17) return band.min >= 16 ? { "secondary school pupil": 0.9, apprentice: 0.1 } : { "secondary school pupil": 1 };
  if (band.min >= 65) return working ? scaled(1) : oldAgeOccupations(band, mix);
  if (band.max <= 24) return working ? { "university student": 0.35, ...scaled(0.65) } : { "university student": 0.35, "job seeker": 0.06, ...scaled(0.59) };
  if (working) return scaled(1);
  if (band.min >= 55) return { ...scaled(0.78), retiree: 0.12, homemaker: 0.05, "job seeker": 0.05 };
  return { ...scaled(0.9), homemaker: 0.06, "job seeker": 0.04 };
}

/**
 * "Boarding school girls", "pupils aged 5-18": in a population of children whose ages end at 18, the
 * oldest are their classmates in the last school year, not 18-year-olds gone to work.
 */
function stillAtSchool(range: AgeRange, band: AgeBand): boolean {
  return range.max <= 18 && range.min < 16 && band.min >= 18;
}

/**
 * Where school is elementary, middle and high school (the United States and the countries whose
 * schools follow it, Canada): pupils are called what they are called there, "high school student",
 * not the British "secondary school pupil" (the prose writes the value as it is).
 */
const NORTH_AMERICAN_SCHOOLS = new Set(["US", "CA", "PR", "GU", "VI", "AS", "MP", "PH"]);
const NORTH_AMERICAN_SCHOOL_WORDS: Readonly<Record<string, string>> = { "primary school pupil": "elementary school student", "secondary school pupil": "high school student" };
/** School years of a middle school (grades 6-8): its pupils are middle school students. */
const MIDDLE_SCHOOL_YEARS = new Set(["sixth grade", "seventh grade", "eighth grade", "middle school"]);

function schoolsOfNorthAmerica(parts: PromptParts): boolean {
  return parts.places.length > 0 && parts.places.every((place) => "country" in place && NORTH_AMERICAN_SCHOOLS.has(place.country.code));
}

function middleSchool(fields: readonly Field[]): boolean {
  const year = fields.find((field) => field.name === "school_year");
  return year !== undefined && MIDDLE_SCHOOL_YEARS.has(fixedValueOf(year) ?? "");
}

/** A field with the pupils' values (and conditions on them) in North American words. */
function inNorthAmericanSchoolWords(field: Field, middle: boolean): Field {
  const word = (value: string) => (middle && value === "secondary school pupil" ? "middle school student" : (NORTH_AMERICAN_SCHOOL_WORDS[value] ?? value));
  const weights = (spec: Field["categorical"]) => (spec ? { ...spec, weights: Object.fromEntries(Object.entries(spec.weights).map(([value, weight]) => [word(value), weight])) } : spec);
  const named = field.name === "occupation";
  const conditionals = field.conditionals?.map((conditional) => ({ ...conditional, when: Object.fromEntries(Object.entries(conditional.when).map(([name, value]) => [name, name === "occupation" && typeof value === "string" ? word(value) : value])), ...(named && conditional.categorical ? { categorical: weights(conditional.categorical) } : {}) }));
  return { ...field, ...(named && field.categorical ? { categorical: weights(field.categorical) } : {}), ...(conditionals ? { conditionals } : {}) };
}

/**
 * The share of a band from 65 still at work, by the band's youngest age: employment falls steeply
 * after 70 — roughly OECD employment rates by five-year age group (2022: about a quarter at 65-69, one
 * in seven at 70-74, one in twenty from 75; Japan and Korea higher, most of Europe lower), an
 * approximation stated in the field's rationale. 65-69 keeps the earlier one in five.
 */
const OLD_AGE_WORKING_SHARES: ReadonlyArray<readonly [from: number, share: number]> = [[80, 0.03], [75, 0.05], [70, 0.12], [65, 0.2]];

/**
 * Retirees and the few still working, among the jobs people of the band's youngest age still hold
 * (occupations.json `max_age`: no 86-year-old nurses or 84-year-old car mechanics; farmers and
 * shopkeepers stay). A band too old for every job is retired.
 */
function oldAgeOccupations(band: AgeBand, mix: ReadonlyArray<readonly [string, number]>): Weights {
  const data = knowledge();
  const open = mix.filter(([name]) => (data.occupationByName.get(fold(name))?.max_age ?? Number.POSITIVE_INFINITY) >= band.min);
  const openTotal = open.reduce((sum, [, weight]) => sum + weight, 0);
  if (openTotal <= 0) return { retiree: 1 };
  const share = OLD_AGE_WORKING_SHARES.find(([from]) => band.min >= from)?.[1] ?? 0;
  // The open jobs take the whole mix's weight, so a band whose jobs are all open is drawn as before.
  const scale = (share * mix.reduce((sum, [, weight]) => sum + weight, 0)) / openTotal;
  return { retiree: 1 - share, ...Object.fromEntries(open.map(([name, weight]) => [name, weight * scale])) };
}

/** Who employs a workplace's staff or rents to its guests, not one of its employees: "cruise ship workers" are no restaurant owners or short-term rental hosts. */
const EMPLOYERS = /\b(?:owner|co-owner|proprietor|host|landlord|landlady)\b/i;

/** The share of a working-age band's jobs that a place named by its trade gives that trade (an assumption, said in the rationale). */
const PLACE_TRADE_SHARE = 0.25;

/**
 * "Fishing villages", "mining towns": the trade that names the place takes a quarter of the jobs of
 * a band old enough for it (not of pupils, students' share kept in proportion, nor of the retired).
 */
/**
 * Hours a week on an activity, bounded by the time the prompt states ("who play more than 40 hours a
 * week": 41 and up; O5's time-spent reading), the mean inside the bounds; without one, the activity's own.
 */
function spentHours(hours: { min: number; max: number; mean: number; sd: number }, least: number, spent: { min?: number; max?: number } | undefined): NumericSpec {
  const low = Math.max(least, spent?.min ?? least);
  const high = Math.min(168, Math.max(low, spent?.max ?? (spent?.min !== undefined ? Math.max(hours.max, spent.min + 20) : hours.max)));
  const mean = Math.min(high, Math.max(low, Math.max(hours.mean, least + 1)));
  return { ...hours, min: low, max: high, mean, integer: true, unit: "hours" };
}

/** Keeping house, as the everyday mix names it. */
const HOMEMAKER: Weights = { homemaker: 1 };

/** Land work in the countryside (data/staff.json `rural_land_work`). */
const RURAL_LAND_WORK = loadRuralLandWork();

/** The share of land work among the working ages of a rural settlement of the country, or undefined when the data has no figure for it. */
function ruralLandShare(code: string | undefined): number | undefined {
  const national = code === undefined ? undefined : RURAL_LAND_WORK.by_country[code];
  return national === undefined ? undefined : Math.min(RURAL_LAND_WORK.most, Math.max(RURAL_LAND_WORK.least, national * RURAL_LAND_WORK.rural_factor));
}

/**
 * Of the working ages, `share` hold `jobs` (in their weights), the rest the mix scaled down: "Villagers in
 * Bangladesh" work the land (farmers, farmworkers, herders); homeschooling parents keep house.
 */
function withJobsShare(weights: Weights, band: AgeBand, jobs: Weights, share: number | undefined): Weights {
  if (share === undefined || band.min < 18 || band.min >= 65) return weights;
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) return weights;
  const rest = Object.entries(weights).filter(([name]) => !(name in jobs));
  const restTotal = rest.reduce((sum, [, weight]) => sum + weight, 0);
  const jobsTotal = Object.values(jobs).reduce((sum, weight) => sum + weight, 0);
  return { ...Object.fromEntries(rest.map(([name, weight]) => [name, restTotal > 0 ? (weight / restTotal) * (1 - share) : 0])), ...Object.fromEntries(Object.entries(jobs).map(([name, weight]) => [name, (weight / jobsTotal) * share])) };
}

function withPlaceTrade(weights: Weights, band: AgeBand, trade: Occupation | undefined): Weights {
  if (!trade || band.max <= 17 || band.min >= 65 || band.min > trade.max_age || (band.min + band.max) / 2 < trade.min_age) return weights;
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const rest = Object.fromEntries(Object.entries(weights).filter(([name]) => name !== trade.name).map(([name, weight]) => [name, (weight * (1 - PLACE_TRADE_SHARE)) / total]));
  return { ...rest, [trade.name]: PLACE_TRADE_SHARE };
}

/** "fisher" → "fishers": the plural of a one-word occupation's name. */
function plainPlural(name: string): string {
  return /(?:s|sh|ch|x)$/.test(name) ? `${name}es` : `${name}s`;
}

/**
 * Everyday jobs shaped by an income the prompt states: millionaires are seldom cleaners or job
 * seekers, low-income families seldom managers. Each job's weight times its ISCO-08 major group's
 * factor (data/occupations.json `income_weights_about`); pupils, students and retirees unchanged.
 */
function shapedByIncome(weights: Weights, income: string | undefined): Weights {
  const factors = income ? knowledge().incomeWeights[income] : undefined;
  if (!factors) return weights;
  const data = knowledge();
  const shaped = Object.entries(weights).map(([name, weight]) => {
    const occupation = data.occupationByName.get(fold(name));
    const factor = factors[name] ?? (occupation ? factors[String(occupation.isco)] : undefined) ?? 1;
    return [name, weight * factor] as const;
  });
  // A band of nothing but jobs the income rules out keeps its weights: no empty categories.
  return shaped.some(([, weight]) => weight > 0) ? Object.fromEntries(shaped.filter(([, weight]) => weight > 0)) : weights;
}

/** Where one city holds this share of a country's people, the country is a city (gazetteer city populations over UN WPP totals). */
const CITY_STATE_SHARE = 0.7;

/** Monaco, Singapore, Hong Kong: a country that is one city has no farms or fishing fleets in its everyday jobs. */
function isCityState(country: Country): boolean {
  return (country.cities[0]?.population ?? 0) >= CITY_STATE_SHARE * country.populationMillions * 1_000_000;
}

/** A band none of the trades is open to (night-shift workers over 75) keeps the everyday work of its age: no empty categories. */
function tradesOrEveryday(trades: Weights, band: AgeBand, urban: boolean, unsuited: ReadonlySet<string>): Weights {
  return Object.values(trades).some((weight) => weight > 0) ? trades : everydayOccupations(band, true, urban, unsuited);
}

/** A community's trades open to an adult band (no 19-year-old teachers); its elders half retired. */
function communityTrades(band: AgeBand, trades: Readonly<Record<string, number>>, working = false): Weights {
  const data = knowledge();
  const middle = (band.min + band.max) / 2;
  const open = Object.entries(trades).filter(([name]) => {
    const occupation = data.occupationByName.get(fold(name));
    return occupation === undefined || (occupation.min_age <= middle && occupation.max_age >= band.min);
  });
  // People named by how they work (night-shift workers, remote workers) all work, at every age.
  const share = band.min >= 65 && !working ? 0.5 : 1;
  return { ...Object.fromEntries(open.map(([name, weight]) => [name, weight * share])), ...(share < 1 ? { retiree: 1 - share } : {}) };
}

/**
 * The everyday mix's jobs open to a band whose middle age is `middle`, as [name, weight] in the
 * data's order. City dwellers do not farm or fish for a living; a condition's unsuited jobs leave the
 * mix too. Nor does a band hold jobs its people are mostly too young for (no 19-year-old managers or
 * teachers). Remembered per knowledge and filter: a design asks it for every age band, and a
 * backlog of designs asks the same few filters again and again (folding and looking up each of the
 * mix's names was a tenth of a one-persona job's engine time).
 */
function everydayMixFor(middle: number, urban: boolean, unsuited: ReadonlySet<string>): ReadonlyArray<readonly [string, number]> {
  const data = knowledge();
  let remembered = everydayMixes.get(data);
  if (!remembered) everydayMixes.set(data, (remembered = new Map()));
  const key = JSON.stringify([middle, urban, [...unsuited].sort()]);
  let mix = remembered.get(key);
  if (!mix) {
    mix = Object.entries(data.everydayMix).filter(([name]) => {
      const occupation = data.occupationByName.get(fold(name));
      return !unsuited.has(name) && !(urban && data.ruralIndustries.has(occupation?.industry ?? "")) && (occupation?.min_age ?? 0) <= middle;
    });
    // Bounded: the filters come from the data (bands, conditions), not from the prompt's own words.
    if (remembered.size >= EVERYDAY_MIXES_REMEMBERED) remembered.clear();
    remembered.set(key, mix);
  }
  return mix;
}

const everydayMixes = new WeakMap<object, Map<string, ReadonlyArray<readonly [string, number]>>>();
const EVERYDAY_MIXES_REMEMBERED = 256;

/** The kind of work the prompt names without a job: an industry ("working in construction") or a group of jobs ("professionals"). */
interface KindOfWork {
  /** How the prompt says it, for the notes. */
  span: string;
  /** "in construction", "professional": what the occupation field's description says. */
  description: string;
  includes: (occupation: Occupation) => boolean;
  /** A workplace's own staff mix (terms.json `staff`): these jobs in these weights, not the industry's. */
  weights?: Readonly<Record<string, number>>;
  basis?: string;
}

/** The organisation the prompt's people belong to (O5's reading, parts.organisation once the reading hands it over). */
function organisationOf(parts: PromptParts): OrganisationReading | undefined {
  return (parts as PromptParts & { organisation?: OrganisationReading }).organisation;
}

/** Everyday "jobs" no employee holds: an unknown organisation's staff are none of these. */
const EVERYDAY_NON_WORK = new Set(["retiree", "job seeker", "homemaker", "university student", "secondary school pupil", "primary school pupil", "shop owner", "farmer", "gig worker", "restaurant owner", "small-bakery owner", "startup founder"]);

/** Staff mixes of workplaces the terms data gives none (data/staff.json). */
const WORKPLACE_STAFF = loadWorkplaceStaff();

function kindOfWork(parts: PromptParts): KindOfWork | undefined {
  if (parts.industry) {
    const industry = parts.industry.value;
    return { span: parts.industry.span.text, description: `their job in ${industry}`, includes: (occupation) => occupation.industry === industry };
  }
  if (parts.workGroup) {
    const groups = new Set(parts.workGroup.isco);
    return { span: parts.workGroup.span.text, description: `their job (${parts.workGroup.value}: ISCO-08 major groups ${[...groups].join(", ")})`, includes: (occupation) => groups.has(occupation.isco) };
  }
  // "Employees of Google", "Staff at the NHS": the organisation's staff hold the jobs such an employer has (organisations data, by its kind).
  const organisation = organisationOf(parts);
  if (organisation?.jobs && !organisation.ownJob) {
    const jobs = organisation.jobs;
    return { span: organisation.span.text, description: `their job at ${organisation.name} (a ${organisation.kind})`, includes: (occupation) => occupation.name in jobs, weights: jobs, basis: `the jobs a ${organisation.kind} has (organisations data: an assumption shaped by the sector's occupational mix in the BLS OEWS by industry and the UK ONS SOC-by-industry tables)` };
  }
  // An organisation the data does not know ("Employees of Zorblax Inc"): employees with everyday jobs, no pupils, retirees or job seekers; its kind is declared by the reading.
  if (organisation && !organisation.known && organisation.relation === "staff" && !organisation.ownJob) {
    const data = knowledge();
    const employees = Object.fromEntries(Object.entries(data.everydayMix).filter(([name]) => !EVERYDAY_NON_WORK.has(name)));
    return { span: organisation.span.text, description: `their job at ${organisation.name} (an organisation the data does not know: everyday jobs of employees)`, includes: (occupation) => occupation.name in employees, weights: employees };
  }
  // "Hospital workers", "restaurant staff": employees of a workplace hold its industry's jobs.
  const workplace = parts.workplace;
  if (workplace && parts.situations.some((entry) => entry.situation.id === "employee")) {
    // "People working in warehouses": a workplace whose staff the data knows holds those jobs, in their shares.
    const entry = workplace.named ? undefined : knowledge().terms.workplaces.find((candidate) => candidate.value === workplace.value && candidate.staff);
    // Else a kind of workplace whose staff the staff data knows ("a gym": trainers and instructors, never the whole sport industry's jockeys).
    const known = entry?.staff ? { staff: entry.staff, basis: entry.staff_basis } : workplace.named ? undefined : WORKPLACE_STAFF[workplace.value];
    if (known) {
      const staff = known.staff;
      return { span: workplace.span.text, description: `their job at ${workplace.value}`, includes: (occupation) => occupation.name in staff, weights: staff, ...(known.basis ? { basis: known.basis } : {}) };
    }
    return { span: workplace.span.text, description: `their job at ${workplace.value} (${workplace.industry})`, includes: (occupation) => occupation.industry === workplace.industry && !EMPLOYERS.test(occupation.name) };
  }
  return undefined;
}

/**
 * The jobs of a kind of work the prompt names, for one age band: the everyday mix's jobs of that
 * kind in their weights, or the data's occupations of that kind, weighted equally, when the mix has
 * none (`kindIsIllustrative`). Pupils stay pupils.
 */
function occupationsOfKind(work: KindOfWork, band: AgeBand, unsuited: ReadonlySet<string>): Weights {
  const data = knowledge();
  if (band.max <= 15) return { "secondary school pupil": 1 };
  const middle = (band.min + band.max) / 2;
  const fits = (occupation: Occupation | undefined): boolean => occupation === undefined || (occupation.min_age <= Math.max(middle, band.min + 2) && occupation.max_age >= band.min);
  if (work.weights) {
    const open = Object.entries(work.weights).filter(([name]) => !unsuited.has(name) && fits(data.occupationByName.get(fold(name))));
    // A band too young or old for all but none of the staff's jobs keeps the mix's first (its hands): no empty categories.
    return Object.fromEntries(open.length > 0 ? open : Object.entries(work.weights).slice(0, 1));
  }
  const fromMix = Object.entries(data.everydayMix).filter(([name]) => {
    const occupation = data.occupationByName.get(fold(name));
    return occupation !== undefined && work.includes(occupation) && !unsuited.has(name) && fits(occupation);
  });
  const all = data.occupations.filter((occupation) => work.includes(occupation) && !unsuited.has(occupation.name) && fits(occupation));
  if (fromMix.length >= FEW_MIX_JOBS || (fromMix.length > 0 && all.length <= fromMix.length)) return Object.fromEntries(fromMix);
  if (fromMix.length > 0) {
    // "Working in tech": the mix's one software developer is not the whole industry — the data's other jobs of the kind share the rest.
    const mixTotal = fromMix.reduce((sum, [, weight]) => sum + weight, 0);
    // Land and sea work is tied to crops, climates and coasts the place may not have (no tea pickers in Iowa): only the mix's.
    const others = all.filter((occupation) => !fromMix.some(([name]) => fold(name) === fold(occupation.name)) && !data.ruralIndustries.has(occupation.industry));
    if (others.length === 0) return Object.fromEntries(fromMix);
    return Object.fromEntries([...fromMix.map(([name, weight]) => [name, (MIX_SHARE_OF_KIND * weight) / mixTotal] as const), ...others.map((occupation) => [occupation.name, (1 - MIX_SHARE_OF_KIND) / others.length] as const)]);
  }
  const chosen = all.length > 0 ? all : data.occupations.filter((occupation) => work.includes(occupation));
  return Object.fromEntries(chosen.map((occupation) => [occupation.name, 1]));
}

/** Fewer of a kind's jobs in the everyday mix than this, and the data's other jobs of the kind are drawn too. */
const FEW_MIX_JOBS = 4;
/** The share the mix's own jobs keep among a kind's jobs when the others are added (an assumption, said in the note). */
const MIX_SHARE_OF_KIND = 0.5;

/** How many of a kind's jobs the everyday mix has, and how many the occupation data has in all. */
function jobsOfKind(work: KindOfWork): { inMix: number; inData: number } {
  const data = knowledge();
  const mixNames = new Set(Object.keys(data.everydayMix).filter((name) => {
    const occupation = data.occupationByName.get(fold(name));
    return occupation !== undefined && work.includes(occupation);
  }).map(fold));
  const others = data.occupations.filter((occupation) => work.includes(occupation) && !mixNames.has(fold(occupation.name)) && !data.ruralIndustries.has(occupation.industry)).length;
  return { inMix: mixNames.size, inData: mixNames.size + others };
}

/** Where the jobs of a kind of work come from: the everyday mix, the occupation data (equal weights), or both. */
function kindNote(work: KindOfWork): string {
  if (work.weights) return `Jobs for "${work.span}": ${work.description}, the jobs of its staff in their shares (${work.basis ?? "an assumption"}).`;
  const { inMix, inData } = jobsOfKind(work);
  if (inMix === 0) return `Jobs for "${work.span}": the occupation data's occupations of that kind, weighted equally (illustrative).`;
  if (inMix < FEW_MIX_JOBS && inData > inMix) return `Jobs for "${work.span}": the everyday mix's ${inMix === 1 ? "one job" : `${inMix} jobs`} of that kind (ILO employment by occupation group) for half, the occupation data's other jobs of that kind equally for the other half (an assumption, illustrative).`;
  return `Jobs for "${work.span}": the everyday mix's jobs of that kind in its weights (ILO employment by occupation group, illustrative).`;
}

function yearsField(name: string, label: string, description: string, bands: readonly AgeBand[], startAge: number, share: number, limits: { min?: number; max?: number } = {}): Field {
  return {
    name, kind: "numeric", label, description, parents: ["age_band"],
    conditionals: bands.map((band) => {
      const room = Math.max(0, band.max - startAge);
      const max = Math.max(0, Math.min(room, limits.max ?? room));
      const min = Math.min(limits.min ?? 0, max);
      const mean = Math.min(max, Math.max(min, round(((band.min + band.max) / 2 - startAge) * share, 1)));
      return { when: { age_band: band.name }, numeric: { min, max, mean, sd: Math.max(1, (max - min) / 3), integer: true, unit: "years" } };
    }),
  };
}

/** The sex every named condition of the person can happen to, when they agree on one (pregnancy: female). */
function conditionsSex(parts: PromptParts): "female" | "male" | undefined {
  const sexes = new Set(parts.conditions.map(({ condition }) => (condition.female_share >= 1 ? "female" : condition.female_share <= 0 ? "male" : "either")));
  const [only] = [...sexes];
  return sexes.size === 1 && only !== "either" ? only : undefined;
}

/** The gender field: weights at the root, or by its parents' values through conditionals. */
function genderFieldOf(weights: Weights, parents: string[] = [], conditionals: Field["conditionals"] = []): Field {
  return { name: "gender", kind: "categorical", label: "Gender", description: "gender", parents, ...(parents.length ? {} : { categorical: { weights: normalise(weights) } }), conditionals };
}

export function composeBlueprint(asRead: PromptParts): ComposedBlueprint {
  const data = knowledge();
  const notes: string[] = [];
  // "Sailors in Victorian Britain" are seamen: in the past a pastime's word names its trade.
  // "US Marines in Okinawa": the country named beside a place abroad is where the soldiers come from.
  const parts = sendingCountryAsOrigin(pastimesAsTrades(asRead, pastYear(asRead)));
  if (parts !== asRead) notes.push(`In ${pastYear(asRead)} ${parts.roles.flatMap((role) => (role.kind === "occupation" ? [asPhrase(role.span.text, role.value)] : [])).join(", ")} are read as the trade, not a pastime: before leisure was common (about 1914, an assumption) the word named the work.`);
  const sources = new Set<string>();
  const use = (key: keyof typeof data.sources) => data.sources[key].forEach((source) => sources.add(source));
  const fields: Field[] = [];
  const constraints: Constraint[] = [];
  const unmodelled = [...parts.unmodelled];

  // When.
  let settingPart: SettingComposition | undefined;
  if (parts.when?.kind === "setting") {
    settingPart = composeSetting(parts.when, parts);
    fields.push(...settingPart.fields);
    notes.push(...settingPart.notes);
    unmodelled.push(...settingPart.unmodelled);
    for (const words of settingPart.consumed) if (unmodelled.includes(words)) unmodelled.splice(unmodelled.indexOf(words), 1);
    use("settings");
  } else if (parts.when?.kind === "year") {
    const year = parts.when.year;
    fields.push(fixedField("year", "Year", year < 0 ? `${-year} BC` : String(year), "the year they live in, from the prompt"));
    if (year < PRESENT_YEAR) {
      // A past year is modelled without a setting: names from the birth cohorts of that year, and nothing in the text that became common later.
      notes.push(`"${parts.when.span.text}" sets the year ${year}; no setting in the data covers it there, so roles and places are the place's own, names come from birth cohorts of that time, and nothing that became common after ${year} is written of (dated things: ${thingsAfter(data.dated, year).slice(0, 6).join(", ")}, …).`);
      // Long ago, the everyday jobs and days written are still today's (retirees, job seekers, Sunday lie-ins): said, not passed off as that time's.
      if (year < PAST_LIFE_UNMODELLED_BEFORE) {
        notes.push(`Daily life and everyday jobs in ${year} are not in the data: those written are present-day ones without the dated things (listed in \`unmodelled\`).`);
        unmodelled.push(`daily life ${parts.when.span.text}`);
      }
      use("settings");
    } else {
      notes.push(`"${parts.when.span.text}" sets the year; no setting in the data covers it there, so roles and names are the place's present-day ones (a gap, listed in \`unmodelled\`).`);
      unmodelled.push(parts.when.span.text);
    }
  }
  // Where (a setting places its people itself). Farmers, herders, fishers and miners live in towns.
  let citiesOnly = false;
  if (!settingPart) {
    const landRole = parts.roles.find((role): role is Extract<RoleReading, { kind: "occupation" }> => role.kind === "occupation");
    const communitySettlement = parts.situations.find((entry) => entry.situation.home_settlement)?.situation.home_settlement;
    // Volunteer fire brigades serve the places without a paid fire service: small towns and the country.
    const volunteersRural = parts.volunteerRole?.occupation?.volunteers_rural ? parts.volunteerRole.occupation : undefined;
    // So do the employees of a workplace of those industries ("banana plantation workers"), whatever their job is called.
    const ruralWork = (landRole !== undefined && data.ruralIndustries.has(landRole.occupation.industry)) || (parts.workplace !== undefined && !parts.workplace.named && data.ruralIndustries.has(parts.workplace.industry));
    const places = composePlaces(parts, (ruralWork && !parts.situations.some((entry) => entry.situation.id === "retired")) || volunteersRural ? "rural" : communitySettlement);
    if (volunteersRural && !parts.settlement) notes.push(`Volunteer ${volunteersRural.name}s live mostly outside cities (${volunteersRural.volunteers_basis}): their places are towns.`);
    fields.push(...places.fields);
    notes.push(...places.notes);
    unmodelled.push(...places.unmodelled);
    citiesOnly = places.citiesOnly === true;
    use("places");
    for (const place of parts.places) if (place.kind === "area") place.area.citations.forEach((source) => sources.add(source));
  }

  // Who.
  const roles = resolveRoles(parts, settingPart, notes);
  for (const text of roles.known) if (unmodelled.includes(text)) unmodelled.splice(unmodelled.indexOf(text), 1);
  const multiple = roles.fixed.length > 1;
  if (roles.fixed.some((role) => role.occupation)) use("occupations");

  // Ages: the prompt's own, then the setting, situations, the role, the condition and the activity.
  const ranges: AgeRange[] = [];
  // An age word ("young men") is loose; an institution that holds people of set ages by law (juvenile
  // detention: under 18) is not. When they do not meet, the institution's ages win and the word is said to.
  const heldByAge = parts.age && !/\d/.test(parts.age.span.text) ? parts.situations.find(({ situation }) => situation.field === "housing" && situation.max_age !== undefined && situation.max_age < 18 && (situation.max_age < (parts.age?.min ?? 0) || (situation.min_age ?? 0) > (parts.age?.max ?? 100))) : undefined;
  if (heldByAge && parts.age) notes.push(`"${parts.age.span.text}" (${parts.age.min}-${parts.age.max}) does not meet the ages of "${heldByAge.span.text}" (${heldByAge.situation.min_age ?? 0}-${heldByAge.situation.max_age}), who are held by age: those ages are kept.`);
  if (parts.age && !heldByAge) ranges.push({ min: parts.age.min, max: parts.age.max, mean: parts.age.openEnded ? openAgeMean(parts.age.min, parts.age.max) : mid(parts.age.min, parts.age.max), basis: parts.age.openEnded ? `the prompt's "${parts.age.span.text}" (most near the lower bound, as adults thin out with age)` : `the prompt's "${parts.age.span.text}"` });
  if (settingPart && roles.fixed.every((role) => !role.occupation)) ranges.push(settingPart.ageRange);
  const roleSpans = new Set(parts.roles.map((role) => (role.kind === "general" ? "" : role.span.text)));
  for (const { situation, span } of parts.situations) {
    if (situation.min_age === undefined && situation.max_age === undefined) continue;
    // A retired role's ages are its own (resolveRoles): a former footballer is retired at 35.
    if (situation.id === "retired" && roles.fixed.some((role) => role.occupation)) continue;
    // "Students" at a school of wizardry are the setting's students, with the setting's ages.
    // Nor does a situation that is one of several roles ("teachers and students") bind the others.
    if ((roles.sampled || roles.fixed.length > 1) && roleSpans.has(span.text)) continue;
    const min = situation.min_age ?? 0;
    const max = situation.max_age ?? 100;
    ranges.push({ min, max, mean: situation.mean_age ?? mid(min, max), basis: `"${span.text}"` });
  }
  // A way of working of people named by it ("night-shift workers", "remote workers"): working ages. A job the prompt names keeps its own.
  for (const { qualifier, span } of parts.qualifiers) {
    if (!qualifier.trades || !qualifier.working || (qualifier.min_age === undefined && qualifier.max_age === undefined) || roles.fixed.length > 0) continue;
    const min = qualifier.min_age ?? 0;
    const max = qualifier.max_age ?? 100;
    ranges.push({ min, max, mean: qualifier.mean_age ?? mid(min, max), basis: `"${span.text}": working ages` });
  }
  const qualifierYears = parts.qualifiers.map((entry) => entry.qualifier);
  const yearsMin = Math.max(0, ...qualifierYears.map((qualifier) => qualifier.years_min ?? 0));
  const yearsMax = Math.min(100, ...qualifierYears.map((qualifier) => qualifier.years_max ?? 100));
  let earlyCareerMean: number | undefined;
  if (roles.fixed.length === 1) {
    const role = roles.fixed[0] as FixedRole;
    ranges.push(role.range);
    // A few years into the work, most people are still near the age they started it; those who
    // changed careers later are the minority ("first-year teachers", "junior nurses").
    if (role.startAge !== undefined && yearsMax <= EARLY_CAREER_YEARS) {
      const max = Math.min(role.range.max, role.startAge + yearsMax + CAREER_CHANGE_SPREAD);
      earlyCareerMean = meanInside(role.startAge + yearsMax + 3, role.range.min, max);
      ranges.push({ min: role.range.min, max, mean: earlyCareerMean, basis: `${yearsMax === 0 ? "no full year" : `at most ${yearsMax} years`} in the work: mostly people who started at the usual age, some after a career change` });
    }
  }
  else if (multiple) ranges.push({ min: Math.min(...roles.fixed.map((role) => role.range.min)), max: Math.max(...roles.fixed.map((role) => role.range.max)), mean: mid(Math.min(...roles.fixed.map((role) => role.range.mean)), Math.max(...roles.fixed.map((role) => role.range.mean))), basis: "the roles' ages together" });
  for (const { condition, span } of parts.conditions) ranges.push({ min: condition.min_age, max: condition.max_age, mean: condition.mean_age, basis: `people living with ${condition.name} ("${span.text}", conditions data)` });
  const volunteering = parts.volunteerRole?.occupation;
  if (volunteering) ranges.push({ min: volunteering.min_age, max: 100, mean: volunteering.mean_age, basis: `old enough to serve as a volunteer ${parts.volunteerRole?.value} (${volunteering.name}: from ${volunteering.min_age}, occupation data)` });
  for (const { activity, span } of parts.activities) ranges.push({ min: activity.min_age, max: activity.max_age, mean: activity.mean_age, basis: `${activity.name} ${activity.kind === "platform" ? "users" : "participants"} ("${span.text}", activities data)` });
  // A dated arrival ("who came in the 1990s"): nobody younger than the shortest stay. Ages the prompt
  // gives that cannot have arrived then win, and the date is said to be unmodelled instead.
  let arrival = parts.arrival;
  if (arrival) {
    const youngest = PRESENT_YEAR - arrival.to;
    if (parts.age && parts.age.max < youngest) {
      notes.push(`Nobody aged ${parts.age.min}-${parts.age.max} can have arrived "${arrival.span.text}": the ages are kept and the arrival follows the situation data (listed in \`unmodelled\`).`);
      unmodelled.push(arrival.span.text);
      arrival = undefined;
    } else ranges.push({ min: youngest, max: 100, mean: youngest + 15, basis: `old enough to have arrived "${arrival.span.text}"` });
  }
  // People named by the kind of work they do are of working age (the ILO's 15-64, and some older).
  const work = roles.fixed.length === 0 && !roles.sampled ? kindOfWork(parts) : undefined;
  // From 15 only when the prompt's own ages start younger ("teenagers who work in retail"): adults otherwise.
  if (work) ranges.push({ min: parts.age && parts.age.min < 18 ? Math.max(15, parts.age.min) : 18, max: 70, mean: 41, basis: `"${work.span}": working ages` });
  if (ranges.length === 0) ranges.push(ADULT_PRIOR);
  const { range: intersected, skipped } = intersectAges(ranges);
  // The most specific data mean, inside the final range.
  // A year of study moves the mean with it: first-years are about 19, final-years about 22.
  const studyMean = parts.studyYear && roles.fixed.length === 1 && !(roles.fixed[0] as FixedRole).occupation ? (roles.fixed[0] as FixedRole).range.min + 1.5 + (STUDY_YEAR_INDEX[parts.studyYear.value] ?? 0) : undefined;
  // An open range the prompt gives ("retirees 65+") is its own best guess of where the ages sit.
  const openMean = parts.age?.openEnded && !heldByAge ? (ranges[0] as AgeRange).mean : undefined;
  // A situation narrower than the role says more about age ("mothers returning from maternity leave"
  // are a baby's parents, not mothers of any age): its mean wins over the role's.
  const roleRange = roles.fixed.length === 1 ? (roles.fixed[0] as FixedRole).range : undefined;
  const narrower = parts.situations
    .map(({ situation, span }) => ({ situation, span }))
    .filter(({ situation, span }) => situation.mean_age !== undefined && !roleSpans.has(span.text) && (roleRange === undefined || (situation.max_age ?? 100) - (situation.min_age ?? 0) < roleRange.max - roleRange.min))
    .sort((a, b) => ((a.situation.max_age ?? 100) - (a.situation.min_age ?? 0)) - ((b.situation.max_age ?? 100) - (b.situation.min_age ?? 0)))[0];
  // So does a condition narrower than the role ("pregnant nurses" are as old as pregnant women, mean 30, not nurses, 43).
  const narrowerCondition = parts.conditions
    .map(({ condition }) => condition)
    .filter((condition) => roleRange !== undefined && condition.max_age - condition.min_age < roleRange.max - roleRange.min)
    .sort((a, b) => a.max_age - a.min_age - (b.max_age - b.min_age))[0];
  const dataMean = openMean ?? earlyCareerMean ?? studyMean ?? narrower?.situation.mean_age ?? narrowerCondition?.mean_age ?? roleRange?.mean ?? parts.conditions[0]?.condition.mean_age ?? parts.activities[0]?.activity.mean_age ?? settingPart?.ageRange.mean ?? intersected.mean;
  const single = roles.fixed.length === 1 ? (roles.fixed[0] as FixedRole) : undefined;
  let min = intersected.min;
  if (single?.startAge !== undefined && yearsMin > 0) min = Math.max(min, single.startAge + yearsMin);
  for (const qualifier of qualifierYears) if (qualifier.min_age !== undefined && !parts.age) min = Math.max(min, qualifier.min_age);
  const range: AgeRange = { min: Math.min(min, intersected.max), max: intersected.max, mean: meanInside(dataMean, Math.min(min, intersected.max), intersected.max), basis: intersected.basis };
  notes.push(`Ages ${range.min}-${range.max} (mean about ${Math.round(range.mean)}) from ${range.basis}.`);
  // "Surgeons aged 20": the ages asked for are kept, and the design says the job does not have them.
  const warnings = jobAgeWarnings(parts);
  notes.push(...warnings);
  for (const dropped of skipped) notes.push(`${dropped.basis} (${dropped.min}-${dropped.max}) does not overlap the ages above, so the ${ranges[0]?.basis.startsWith("the prompt") ? "prompt" : "more specific part"} wins.`);
  const bands = ageBands(range);
  /**
   * When the prompt's own ages lie below a usual starting age (teenage psychiatrists), the prompt
   * wins: the years count from the youngest age it allows, and the rationale says so.
   */
  /**
   * The most years anyone can have done something that began in `since`, counted to the prompt's own
   * year when it names one, else to the data's present year (the engine reads no clock). A prompt
   * set before it began is kept as asked, and the rationale says so.
   */
  const referenceYear = parts.when?.year ?? PRESENT_YEAR;
  const yearsSince = (since: number | undefined, what: string, basis: string): number | undefined => {
    if (since === undefined) return undefined;
    if (referenceYear < since) {
      notes.push(`${what} began in ${since} (${basis}), after the prompt's year ${referenceYear}: kept as the prompt asks.`);
      return undefined;
    }
    notes.push(`Years of ${what} stop at ${referenceYear - since}: it began in ${since} (${basis}).`);
    return referenceYear - since;
  };
  const startFrom = (usual: number, what: string): number => {
    if (usual <= range.min) return usual;
    notes.push(`The ages asked for start at ${range.min}, below the usual ${usual} for ${what}: the prompt's ages are kept.`);
    return range.min;
  };

  // Occupation / role fields, gender and age.
  const roleLabel = settingPart?.setting.role_label ?? "Occupation";
  // "Fishing villages", "mining towns": the place's own trade is among its people's jobs.
  const placeTrade = parts.settlement?.trade ? data.occupationByName.get(fold(parts.settlement.trade)) : undefined;
  const unsuited = new Set(parts.conditions.flatMap((entry) => entry.condition.unsuited_work ?? []));
  // A volunteer firefighter's day job is some other work: the role they volunteer in is not their living.
  if (parts.volunteerRole?.occupation) unsuited.add(parts.volunteerRole.occupation.name);
  // Nobody holds a job before it existed (occupations.json \`since\`): no car mechanics or gig workers in 1840s Lowell.
  const notYet = referenceYear < PRESENT_YEAR ? data.occupations.filter((occupation) => occupation.since !== undefined && occupation.since > referenceYear).map((occupation) => occupation.name) : [];
  for (const name of notYet) unsuited.add(name);
  if (notYet.length > 0) notes.push(`Jobs that did not exist in ${referenceYear} are left out of the everyday ones (occupation data \`since\`: ${notYet.slice(0, 6).join(", ")}${notYet.length > 6 ? ", …" : ""}).`);
  // Everyone drawn into cities of 100,000 or more (a country's largest) farms no land there either.
  const urban = citiesOnly || (parts.places.length > 0 && parts.places.every((place) => place.kind === "city" || (place.kind === "country" && isCityState(place.country)))) || ["urban", "suburban"].includes(parts.settlement?.value ?? "");
  // A gender a qualifier names ("non-binary students") is fixed like one the prompt's gender words name.
  // So is the one sex a condition can happen to ("pregnant teachers" are women, whatever teachers are).
  const statedShare = parts.gender?.femaleShare;
  const genderFixed = statedShare !== undefined ? undefined : (parts.gender?.gender ?? parts.situations.find((entry) => entry.situation.field === "gender")?.situation.value ?? conditionsSex(parts));
  // A share the prompt states ("30% men") is the gender's weights, whatever the roles' own mix.
  const genderOfPrompt = genderFixed ? fixedField("gender", "Gender", genderFixed, "gender, from the prompt") : statedShare !== undefined ? { ...genderFieldOf({ female: statedShare, male: 1 - statedShare }), description: "gender, in the share the prompt states" } : undefined;
  const genderField = genderFieldOf;
  const shareWeights = (share: number): Weights => ({ female: share, male: 1 - share });
  const roleAges = roles.sampled && settingPart?.setting.student_ages;
  if (roleAges && roles.sampled) {
    // Each year of a school has its own age: the role decides the age, not the other way round.
    fields.push(categoricalField("occupation", roleLabel, `their year in ${settingPart?.setting.name}`, roles.sampled));
    fields.push(genderOfPrompt ?? genderField(shareWeights(settingPart?.femaleShare ?? EVEN_SPLIT)));
    fields.push({
      name: "age", kind: "numeric", label: "Age", description: "age in years, from their year", parents: ["occupation"],
      conditionals: Object.keys(roles.sampled).map((role) => {
        const age = roleAges[role] ?? range.min;
        return { when: { occupation: role }, numeric: { min: age, max: age + 1, mean: age + 0.5, sd: 0.5, integer: true } };
      }),
    });
  } else if (multiple) {
    fields.push(categoricalField("occupation", roleLabel, "their role, from the prompt (the roles named share the population equally)", uniform(roles.fixed.map((role) => role.value))));
    fields.push(genderOfPrompt ?? genderField({}, ["occupation"], roles.fixed.map((role) => ({ when: { occupation: role.value }, categorical: { weights: normalise(shareWeights(role.femaleShare)) } }))));
    fields.push({
      name: "age", kind: "numeric", label: "Age", description: "age in years, within what each role allows", parents: ["occupation"],
      conditionals: roles.fixed.map((role) => {
        const low = Math.max(range.min, role.range.min);
        const high = Math.min(range.max, role.range.max);
        const [a, b] = low <= high ? [low, high] : [range.min, range.max];
        return { when: { occupation: role.value }, numeric: { min: a, max: b, mean: Math.min(b, Math.max(a, role.range.mean)), sd: Math.max(1.5, (b - a) / 4), integer: true } };
      }),
    });
  } else {
    fields.push({ name: "age_band", kind: "categorical", label: "Age band", description: "age group", parents: [], categorical: { weights: bandWeights(bands) }, ordered_values: bands.map((band) => band.name), conditionals: [] });
    fields.push({ name: "age", kind: "numeric", label: "Age", description: "age in years", parents: ["age_band"], conditionals: bands.map((band) => ({ when: { age_band: band.name }, numeric: ageInBand(band, range) })) });
    if (single) fields.push(fixedField("occupation", roleLabel, single.value, "their role, from the prompt"));
    else if (roles.sampled) {
      fields.push(categoricalField("occupation", roleLabel, `their role in ${settingPart?.setting.name ?? "the setting"} (illustrative weights)`, roles.sampled));
    } else if (parts.situations.some((entry) => entry.situation.no_work)) {
      // Patients in a psychiatric hospital or a hospice hold no job there: no occupation is drawn, not the everyday mix.
      const idle = parts.situations.find((entry) => entry.situation.no_work)?.situation;
      notes.push(`No occupation: ${idle?.no_work_basis ?? "they hold no job in this situation"}.`);
    } else {
      // Nobody is defined by a job: what people of each age do (pupils, students, everyday work, retirement).
      // An income the prompt states, or one its situation implies (heirs to a family fortune are seldom job seekers).
      const income = [...parts.situations.map((entry) => ({ value: entry.situation.value, field: entry.situation.field, span: entry.span })), ...parts.qualifiers.map((entry) => ({ value: entry.qualifier.value, field: entry.qualifier.field, span: entry.span })), ...parts.situations.flatMap((entry) => (entry.situation.income ? [{ value: entry.situation.income, field: "income", span: entry.span }] : []))].find((entry) => entry.field === "income");
      const fixedWork = parts.situations.find((entry) => entry.situation.id === "unemployed") ? "job seeker" : parts.situations.find((entry) => entry.situation.id === "retired") ? "retiree" : undefined;
      const kind = fixedWork ? undefined : work;
      // A way of working narrows the jobs too: night-shift workers hold the jobs that run at night, remote workers the ones done from home.
      const communityEntry = fixedWork || kind ? undefined : (parts.situations.find((entry) => entry.situation.trades) ?? parts.qualifiers.map((entry) => ({ situation: entry.qualifier, span: entry.span })).find((entry) => entry.situation.trades));
      const community = communityEntry?.situation;
      // "Villagers in Bangladesh", "People in rural Kenya": the countryside's people work the land as the country's farm share says, not the cities' mix.
      // Homeschooling parents: many keep house to teach their children (situation data `at_home_share`).
      const atHome = fixedWork || kind ? undefined : parts.situations.find((entry) => entry.situation.at_home_share !== undefined)?.situation;
      const landShare = !fixedWork && !kind && !community?.trades && !placeTrade && parts.settlement?.value === "rural" && pastYear(parts) === undefined ? ruralLandShare(destinationCountry(parts)?.code) : undefined;
      if (fixedWork) fields.push(fixedField("occupation", "Occupation", fixedWork, "what they do, from the prompt"));
      else if (community?.trades) {
        // A closed community's people work in its own trades: no Amish job seeker at the employment office.
        const trades = community.trades;
        fields.push({ name: "occupation", kind: "categorical", label: "Occupation", description: community.working ? `jobs done that way ("${communityEntry?.span.text}"), by age` : `the trades of the ${community.value} community, by age`, parents: ["age_band"], conditionals: bands.map((band) => ({ when: { age_band: band.name }, categorical: { weights: normalise(band.max <= 17 ? everydayOccupations(band, false, urban, unsuited) : tradesOrEveryday(communityTrades(band, trades, community.working === true), band, urban, unsuited)) } })) });
        // A faith's people are a community with trades of its own; a way of life (drifters, recluses) has only the work that fits it.
        notes.push(community.field === "religion" ? `Occupations are the ${community.value} community's own trades: ${community.trades_basis ?? "illustrative weights"}.` : community.working ? `Occupations of "${communityEntry?.span.text}" are the jobs done that way: ${community.trades_basis ?? "illustrative weights"}.` : `Occupations of "${communityEntry?.span.text}" are work that fits their way of life: ${community.trades_basis ?? "illustrative weights"}.`);
      }
      else fields.push({ name: "occupation", kind: "categorical", label: "Occupation", description: kind ? `${kind.description}, by age` : "what they do for a living, by age", parents: ["age_band"], conditionals: bands.map((band) => ({ when: { age_band: band.name }, categorical: { weights: stillAtSchool(range, band) ? { "secondary school pupil": 1 } : normalise(withJobsShare(withJobsShare(withPlaceTrade(shapedByIncome(everydayOccupations(band, parts.situations.some((entry) => entry.situation.working) || parts.qualifiers.some((entry) => entry.qualifier.working), urban, unsuited, kind), income?.value), band, kind ? undefined : placeTrade), band, RURAL_LAND_WORK.jobs, landShare), band, HOMEMAKER, atHome?.at_home_share)) } })) });
      if (atHome) notes.push(`"${parts.situations.find((entry) => entry.situation === atHome)?.span.text}": about ${Math.round((atHome.at_home_share ?? 0) * 100)}% of them keep house (${atHome.at_home_basis ?? "situation data"}).`);
      if (landShare !== undefined) notes.push(`"${parts.settlement?.span.text}": in the countryside of ${destinationCountry(parts)?.nameInProse} about ${Math.round(landShare * 100)}% of the working ages work the land (${Math.round((RURAL_LAND_WORK.by_country[destinationCountry(parts)?.code ?? ""] ?? 0) * 100)}% of the country's employment is in agriculture, World Bank WDI SL.AGR.EMPL.ZS, ILO modelled estimates; times ${RURAL_LAND_WORK.rural_factor} for the countryside, an assumption).`);
      if (placeTrade && !kind && parts.settlement) notes.push(`"${parts.settlement.span.text}" are named by their trade: ${plainPlural(placeTrade.name)} are a quarter of the jobs of the working-age people there, the rest the everyday mix (an assumption, illustrative).`);
      if (income && data.incomeWeights[income.value]) notes.push(`Occupations are shaped by "${income.span.text}": each job's weight times a factor for its ISCO-08 major group (managers and professionals more likely for a high income, elementary and service work for a low one; ordered by ILOSTAT mean earnings by occupation group, illustrative).`);
      if (kind) notes.push(kindNote(kind));
      else if (!fixedWork) notes.push("Occupations are everyday ones by age (pupils under 18, students among the young, retirees among the old; from 70 fewer still at work and only in jobs people that old hold, roughly OECD employment rates by age), weighted roughly by ILO global employment by occupation group (illustrative).");
      use("occupations");
    }
    // Gender: the prompt, else the role's share, else the situation's, condition's, activity's or setting's.
    if (genderOfPrompt) fields.push(genderOfPrompt);
    else if (roles.sampled && settingPart && (settingPart.setting.female_roles || settingPart.setting.male_roles)) {
      const setting = settingPart.setting;
      fields.push(genderField({}, ["occupation"], Object.keys(roles.sampled).map((role) => ({ when: { occupation: role }, categorical: { weights: normalise(shareWeights(settingRoleShare(setting, role, pastYear(parts)))) } }))));
    } else {
      const situationShare = parts.situations.map((entry) => entry.situation).find((situation) => situation.female_share !== undefined || situation.gender)?.female_share;
      // A sport's or game's coaches, referees and instructors are drawn from its own people
      // ("esports coaches" are mostly men, whatever coaches in general are).
      const activityShare = parts.activities[0]?.activity.female_share;
      const ofTheActivity = single?.teaches === undefined && single?.occupation?.industry === "sport" && activityShare !== undefined;
      // Volunteers in a role are drawn like those paid for it (few volunteer firefighters are women), for want of figures of their own.
      const volunteerShare = parts.volunteerRole?.occupation?.female_share;
      const sourced = (ofTheActivity ? activityShare : single?.femaleShare) ?? volunteerShare ?? situationShare ?? parts.conditions[0]?.condition.female_share ?? parts.activities[0]?.activity.female_share ?? settingPart?.femaleShare;
      const share = sourced ?? EVEN_SPLIT;
      fields.push(genderField(shareWeights(share)));
      // "Hipsters", "pilgrims": people of a situation whose gender mix is far from even or unknown are not half women by knowledge either.
      const named = parts.roles.find((role) => role.kind === "situation");
      if (sourced === undefined && named && named.kind === "situation" && named.situation.gender_mix_unknown) unmodelled.push(`the gender mix of ${asPhrase(named.span.text, named.value)}`);
      const basis = single?.teaches ? `${single.teaches.name} participants (${single.teaches.female_share_basis ?? "activities data"}), standing in for those who teach or lead it: the data has no figures of their own (an assumption)` : ofTheActivity ? `${parts.activities[0]?.activity.name} participants (activities data), for its ${single?.value}s` : single?.shareBasis ? single.shareBasis : single?.occupation ? `${single.occupation.name} (${single.occupation.female_share_basis ?? "BLS CPS 2023 table 11 or ILO/Eurostat, approximate"})` : single?.asWritten && !settingPart ? "no data for the role: an even split (an assumption; the role is listed in `unmodelled`)" : single ? "the role" : volunteerShare !== undefined ? `${parts.volunteerRole?.occupation?.name} (occupation data), standing in for its volunteers: the data has no figures of their own (an assumption)` : situationShare !== undefined ? "the situation data" : parts.conditions[0] ? `${parts.conditions[0].condition.name} (conditions data)` : parts.activities[0] ? `${parts.activities[0].activity.name} (${parts.activities[0].activity.female_share_basis ?? "activities data"})` : settingPart ? settingPart.setting.name : "no data: an even split";
      notes.push(`Gender: ${Math.round(share * 100)}% women, from ${basis}.`);
    }
    if (single?.startAge !== undefined) {
      const start = startFrom(single.startAge, withArticle(single.value));
      const possible = yearsSince(single.since?.year, `work as ${withArticle(single.value)}`, single.since?.basis ?? "");
      const most = Math.min(yearsMax, possible ?? 100);
      fields.push(yearsField("years_experience", "Years of experience", `years working as ${withArticle(single.value)}`, bands, start, 0.6, { ...(yearsMin > 0 ? { min: yearsMin } : {}), ...(most < 100 ? { max: most } : {}) }));
      constraints.push({ name: "started_at_minimum_age", lhs: "age - years_experience", op: ">=", rhs: String(start) });
      constraints.push({ name: "experience_nonnegative", lhs: "years_experience", op: ">=", rhs: "0" });
      if (possible !== undefined) constraints.push({ name: "experience_not_before_the_work_began", lhs: "years_experience", op: "<=", rhs: String(possible) });
    }
  }
  // A role the data has no gender shares for (sumo wrestlers, drag queens) is not half women by
  // knowledge: the even split is an assumption, and the population says so.
  if (!genderOfPrompt && !settingPart) for (const role of roles.fixed) if (role.asWritten && role.written) unmodelled.push(`the gender mix of ${role.written}`);
  if (!roleAges) {
    constraints.push({ name: "age_within_stated_range", lhs: "age", op: ">=", rhs: String(range.min) });
    constraints.push({ name: "age_within_stated_maximum", lhs: "age", op: "<=", rhs: String(range.max) });
  }

  // What they are into: the first activity in detail, others named.
  const [firstActivity, ...otherActivities] = parts.activities;
  const taught = single?.teaches !== undefined && firstActivity?.activity === single.teaches ? firstActivity.activity : undefined;
  if (taught && single) {
    // What they teach is their work: no rank, position, level, hours or years of it as a pastime.
    use("activities");
    const guides = /\bguide$/.test(single.value);
    fields.push(fixedField("teaches", guides ? "Guides" : "Teaches", taught.name, `what they ${guides ? "lead" : "teach"} for a living (${taught.kind}), from the prompt`));
  } else if (firstActivity && single?.occupation && isWorkOfOccupation(firstActivity.activity.name, single.occupation.name)) {
    // Sherpas guiding climbers climb for a living: the climbing is the job's, with no hours or years of it as a pastime.
    use("activities");
    notes.push(`"${firstActivity.span.text}": ${firstActivity.activity.name} is the work of ${plainPlural(single.occupation.name)}, not a pastime beside it: written as their job.`);
  } else if (firstActivity) {
    use("activities");
    const activity = firstActivity.activity;
    const lead = parts.roles[0];
    // Football fans watch football: no position, level or rank, and hours are hours following it.
    const follows = lead?.kind === "participant" && lead.activity === activity && followsRatherThanPlays(lead.value, activity);
    fields.push(fixedField("activity", activity.kind === "platform" ? "Platform" : "Activity", activity.name, follows ? `what they follow (${activity.kind}), from the prompt` : `what the prompt says they do (${activity.kind})`));
    if (follows) notes.push(`"${lead.span.text}" follow ${activity.name} rather than play it: no position or level; ages and gender shares are its players' (the activity data has no figures for its followers).`);
    if (follows) {
      // Nothing about playing it.
    } else if (activity.ranks && activity.rank_weights) {
      // "Chess grandmasters", "Chess beginners": a rank the prompt names is everyone's (the others declared at no weight).
      const named = scaleValueNamed(parts, activity.ranks);
      if (named) {
        notes.push(`"${named.written}" names a ${activity.name} rank: everyone is ${named.value}.`);
        if (unmodelled.includes(named.written)) unmodelled.splice(unmodelled.indexOf(named.written), 1);
      }
      const weights = named ? Object.fromEntries(activity.ranks.map((rank) => [rank, rank === named.value ? 1 : 0])) : normalise(Object.fromEntries(activity.ranks.map((rank, index) => [rank, activity.rank_weights?.[index] ?? 0])));
      fields.push({ name: "rank", kind: "categorical", label: "Rank", description: named ? `${activity.name} rank, from the prompt ("${named.written}")` : `${activity.name} rank`, parents: [], categorical: { weights }, ordered_values: activity.ranks, conditionals: [] });
    }
    if (firstActivity.role) fields.push(fixedField("main_role", "Main role", firstActivity.role, `their role in ${activity.name}, from the prompt`));
    else if (activity.roles && !follows) fields.push(categoricalField("main_role", activity.kind === "sport" ? "Position" : "Main role", `the role they usually play in ${activity.name}`, uniform(activity.roles)));
    const levelQualifier = parts.qualifiers.find((entry) => entry.qualifier.field === "level");
    // "Scratch golfers": a level of the activity's own scale the prompt names is everyone's.
    const levelNamed = activity.levels && !levelQualifier && !follows ? scaleValueNamed(parts, activity.levels) : undefined;
    if (levelNamed) {
      fields.push(fixedField("level", "Level", levelNamed.value, `their ${activity.name} level, from the prompt ("${levelNamed.written}")`));
      if (unmodelled.includes(levelNamed.written)) unmodelled.splice(unmodelled.indexOf(levelNamed.written), 1);
    } else if (activity.levels && !levelQualifier && !follows) fields.push(levelField(activity.name, activity.levels, bands));
    const hours = data.hoursByKind[follows ? "fandom" : activity.kind];
    // "weekly D&D games": at least one sitting a week (a daily one, seven), however few hours the kind usually takes.
    const frequency = parts.qualifiers.find((entry) => entry.qualifier.field === "frequency")?.qualifier.value;
    const sittings = frequency === "weekly" ? 1 : frequency === "daily" ? 7 : 0;
    const least = hours ? Math.min(hours.max, Math.max(hours.min, Math.ceil(sittings * (data.sessionHoursByKind[activity.kind] ?? 1)))) : 0;
    if (hours && least > hours.min) notes.push(`"${frequency}": at least ${least} hours a week of ${activity.name} (one sitting lasts about ${data.sessionHoursByKind[activity.kind] ?? 1} hours, activities data, an assumption).`);
    if (hours) fields.push({ name: "hours_per_week", kind: "numeric", label: "Hours per week", description: follows ? `hours a week following ${activity.name}` : `hours a week on ${activity.name}`, parents: [], numeric: spentHours(hours, least, parts.timeSpent?.hoursPerWeek), conditionals: [] });
    const startAge = Math.min(Math.max(3, activity.min_age - 3), range.min);
    if (!multiple && !roleAges) {
      const possible = yearsSince(activity.since, activity.name, activity.kind === "platform" ? "its launch" : "its first release or the first year it was played");
      const most = Math.min(yearsMax, possible ?? 100);
      fields.push(yearsField("years_active", activity.kind === "platform" ? "Years using it" : follows ? "Years following it" : "Years doing it", `years since they started ${follows ? "following " : ""}${activity.name}`, bands, startAge, 0.4, most < 100 ? { max: most } : {}));
      constraints.push({ name: "started_activity_old_enough", lhs: "age - years_active", op: ">=", rhs: String(startAge) });
      if (possible !== undefined) constraints.push({ name: "activity_not_before_it_began", lhs: "years_active", op: "<=", rhs: String(possible) });
    }
    notes.push(`${activity.name} (${activity.kind}${activity.genre && activity.genre !== "any" ? `, ${activity.genre}` : ""}): ${activity.ranks ? `rank ladder ${activity.ranks[0]}-${activity.ranks[activity.ranks.length - 1]} with published or approximate shares; ` : ""}${activity.roles ? "roles from the publisher; " : ""}ages ${activity.min_age}-${activity.max_age}, ${Math.round(activity.female_share * 100)}% women (activities data, approximate).`);
  }
  // "D&D games" after "Dungeon Masters" names the same activity again: it is no other activity.
  const others = [...new Set(otherActivities.map((entry) => entry.activity.name))].filter((name) => name !== firstActivity?.activity.name);
  if (others.length > 0) fields.push(fixedField("also_into", "Also into", others.join(", "), "other activities the prompt names"));

  // Conditions: named, with years since diagnosis that never start before the usual onset.
  const [firstCondition, ...otherConditions] = parts.conditions;
  if (firstCondition) {
    use("conditions");
    const condition = firstCondition.condition;
    fields.push(fixedField("condition", condition.kind === "disability" ? "Disability" : "Condition", condition.name, `${condition.kind}, from the prompt`));
    // "Stage 4 cancer", "terminal cancer": the stage the prompt names is theirs, not dropped with the words.
    const stage = STAGE_WORDS.exec(firstCondition.span.text);
    if (stage) fields.push(fixedField("stage", "Stage", (stage[1] ?? stage[0]).toLowerCase(), `the stage of ${condition.name}, from the prompt ("${firstCondition.span.text}")`));
    if (condition.onset_mean <= 1) fields.push(fixedField("since", "Since", "birth or early childhood", `when ${condition.name} began`));
    // A stage of life (pregnancy) lasts months, not the years a chronic condition is counted in.
    else if (!multiple && !roleAges && condition.kind !== "life stage") {
      // "Amputee veterans": an injury among those who served came in service, not in childhood.
      const inService = condition.injury === true && (parts.situations.some(({ situation }) => situation.id === VETERAN) || roles.fixed.some((role) => role.occupation?.industry === "military"));
      if (inService) notes.push(`${condition.name} among those who served came in service: from ${SERVICE_FROM} (an assumption), not in childhood.`);
      const onset = startFrom(inService ? Math.max(condition.onset_min, SERVICE_FROM) : condition.onset_min, `${condition.name} to begin`);
      const possible = yearsSince(condition.since, `living with ${condition.name}`, condition.since_basis ?? "");
      // "Alzheimer's patients": nobody lives with a progressive condition longer than its course allows.
      if (condition.max_years !== undefined) notes.push(`Years with ${condition.name} stop at ${condition.max_years}: ${condition.max_years_basis}.`);
      // "Newly diagnosed": a qualifier bounds the years with it too.
      const newly = Math.min(...qualifierYears.map((qualifier) => qualifier.condition_years_max ?? Number.POSITIVE_INFINITY));
      const longest = Math.min(possible ?? Number.POSITIVE_INFINITY, condition.max_years ?? Number.POSITIVE_INFINITY, newly);
      fields.push(yearsField("years_with_condition", "Years with it", `years since ${condition.name} began`, bands, onset, 0.35, Number.isFinite(longest) ? { max: longest } : {}));
      constraints.push({ name: "onset_not_before_usual_age", lhs: "age - years_with_condition", op: ">=", rhs: String(onset) });
      if (possible !== undefined) constraints.push({ name: "condition_not_before_it_existed", lhs: "years_with_condition", op: "<=", rhs: String(possible) });
      if (Number.isFinite(longest) && longest !== possible) constraints.push({ name: "condition_within_its_course", lhs: "years_with_condition", op: "<=", rhs: String(longest) });
    }
    notes.push(`${condition.name}: onset from about ${condition.onset_min} (typically ${condition.onset_mean}), people living with it aged ${condition.min_age}-${condition.max_age}, ${Math.round(condition.female_share * 100)}% women (conditions data, approximate).`);
  }
  for (const { condition, relative, span } of parts.relativeConditions) {
    if (!fields.some((field) => field.name === "family_condition")) fields.push(fixedField("family_condition", "In the family", `${relative} with ${condition.name}`, `from the prompt ("${span.text}"): a relative's condition, not theirs`));
  }
  if (parts.relativeConditions.length > 0) use("conditions");
  if (parts.volunteerRole) fields.push(fixedField("volunteer_role", "Volunteers as", parts.volunteerRole.value, `their unpaid role beside a day job of their own, from the prompt ("${parts.volunteerRole.span.text}")`));
  if (parts.others.length > 0) fields.push(fixedField("works_with", "Works with", parts.others.map((entry) => entry.span.text).join(", "), "the people their role serves, from the prompt"));
  if (parts.relativeAges.length > 0) fields.push(fixedField("family", "Family", parts.relativeAges.map((entry) => entry.span.text).join(", "), "relatives the prompt names, with their ages"));
  if (otherConditions.length > 0) fields.push(fixedField("other_conditions", "Other conditions", otherConditions.map((entry) => entry.condition.name).join(", "), "other conditions the prompt names"));

  // Situations and qualifiers: fixed fields; origins for migrants.
  const fixedValues = new Map<string, { label: string; values: string[]; description: string }>();
  const addFixed = (name: string, value: string, description: string) => {
    if (fields.some((field) => field.name === name)) return;
    const entry = fixedValues.get(name) ?? { label: name.replace(/_/g, " ").replace(/^./, (letter) => letter.toUpperCase()), values: [], description };
    if (!entry.values.includes(value)) entry.values.push(value);
    fixedValues.set(name, entry);
  };
  for (const { situation, span } of parts.situations) {
    if (situation.field !== "occupation") addFixed(situation.field, situation.value, `from the prompt ("${span.text}")`);
    if (situation.goal) addFixed("goal", situation.goal, `from the prompt ("${span.text}")`);
    // "People serving life without parole": a sentence with no release is served in prison.
    if (situation.no_release) addFixed("housing", "in prison", `serving a sentence with no release ("${span.text}")`);
  }
  for (const { qualifier, span } of parts.qualifiers) addFixed(qualifier.field, qualifier.value, `from the prompt ("${span.text}")`);
  if (parts.workplace) addFixed("workplace", parts.workplace.value, `from the prompt ("${parts.workplace.span.text}")`);
  if (parts.studyYear) addFixed("year_of_study", parts.studyYear.value, `from the prompt ("${parts.studyYear.span.text}")`);
  // Teaching a sport is sport's work (ISIC 8541, sports and recreation education), even when the job's word is a schoolteacher's.
  if (single?.occupation) addFixed("industry", parts.workplace?.industry ?? (single.teaches && ["sport", "practice"].includes(single.teaches.kind) && single.occupation.industry === "education" ? "sport" : single.occupation.industry), "industry of their work (occupation data)");
  else if (parts.industry && !parts.workplace) addFixed("industry", parts.industry.value, `the industry they work in, from the prompt ("${parts.industry.span.text}")`);
  if (single?.occupation?.religion && !fixedValues.has("religion")) addFixed("religion", single.occupation.religion, "the faith their work belongs to (occupation data)");
  // "Hajj pilgrims", "pilgrims at the Kumbh Mela": the pilgrimage names their faith.
  const pilgrimage = pilgrimageOf(parts);
  // Not where the prompt excludes that faith ("Non-Muslim pilgrims"): then it stays declared.
  const faithExcluded = pilgrimage !== undefined && (parts.excludedValues ?? []).some(({ field, value }) => field === "religion" && fold(pilgrimage.faith).includes(fold(value)));
  if (pilgrimage && !faithExcluded && !fixedValues.has("religion")) addFixed("religion", pilgrimage.faith, `the faith of pilgrims to ${pilgrimage.name} (situations data, pilgrimages)`);
  for (const [name, entry] of fixedValues) fields.push(fixedField(name, entry.label, entry.values.join(", "), entry.description));
  // "Maasai herders": a people whose own names the lists lack is named as the place's people, and that is said.
  for (const value of fixedValues.get("ethnicity")?.values ?? []) {
    if (!peopleNamesUnknown(value)) continue;
    unmodelled.push(`names of ${value} people`);
    notes.push(`${value} people's own names are not in the name lists: they are named as people of where they live or come from.`);
  }
  if (parts.situations.length + parts.qualifiers.length > 0) use("situations");

  // Immigrants, refugees, "foreign nurses", and those whose word makes them foreign ("migrant workers", "au pairs").
  const migrant = migrantOf(parts);
  const heritage = isHeritage(parts, migrant !== undefined);
  // Soldiers deployed where the data lists no forces from abroad: where they come from is said to be unknown, not drawn from the host.
  const deployedUnlisted = migrant ? undefined : deploymentOf(parts, destinationCountry(parts));
  if (deployedUnlisted && !deployedUnlisted.origins) {
    const index = unmodelled.indexOf(deployedUnlisted.span.text);
    unmodelled.splice(index < 0 ? unmodelled.length : index, index < 0 ? 0 : 1, `where the soldiers ${deployedUnlisted.span.text} in ${deployedUnlisted.host.nameInProse} come from (the data lists no forces deployed there: the host's people stand in)`);
  }
  if (parts.origins.length > 0 || migrant) {
    // Immigrants come from where that destination's immigrants come from (Dubai's from India,
    // Bangladesh, Pakistan; not the world's largest origins). Refugees follow the displacement data.
    const destination = destinationCountry(parts);
    // Immigrants' origins depend on where they live (and when: West Germany's guest workers of the 1960s);
    // refugees' and international students' follow their own data.
    const byDestination = migrant && originsFollowDestination(migrant) && destination ? destinationOrigins(destination, pastYear(parts), migrant.situation.origins_by_destination) : undefined;
    // Pilgrims come from their pilgrimage's faith's countries (the Hajj's by country quota), the host's own among them.
    const pilgrims = migrant?.situation.visitor && pilgrimage ? pilgrimOrigins(pilgrimage, destination) : undefined;
    const originCodes = migrant?.origins ?? byDestination?.codes ?? pilgrims ?? migrant?.situation.origin ?? {};
    const origins: Weights = parts.origins.length > 0
      ? promptOriginWeights(parts)
      : originWeightsByName(originCodes, pilgrims && !pilgrimage?.abroad_only ? undefined : destination);
    // Visitors (pilgrims, tourists) come from the world's largest travel markets, standing in for where the visitors of this place come from.
    // Named by the people the prompt names ("backpackers"), not by a phrase about them ("on a gap year").
    const visitorRole = migrant?.situation.visitor ? parts.roles.find((role) => role.kind === "situation" && role.situation.id === migrant.situation.id) : undefined;
    const visitors = visitorRole && visitorRole.kind === "situation" ? asPhrase(visitorRole.span.text, visitorRole.value) : "the visitors";
    if (migrant?.situation.visitor && parts.origins.length === 0 && !(pilgrims && pilgrimage?.sourced)) unmodelled.push(`where ${visitors}${destination ? ` in ${destination.nameInProse}` : ""} come from`);
    if (pilgrims && pilgrimage && parts.origins.length === 0) notes.push(`Pilgrims to ${pilgrimage.name} are ${pilgrimage.faith}; countries of origin: ${pilgrimage.origins_basis}.`);
    if (byDestination && parts.origins.length === 0) notes.push(`Countries of origin: ${byDestination.basis}.`);
    // The reading declared where they come from when it knew no data for the host (understand.ts declareWorldOrigins): here there is.
    const declared = migrant ? `where ${migrant.span.text.toLowerCase()}` : undefined;
    if (byDestination && declared) for (let index = unmodelled.length - 1; index >= 0; index--) if (unmodelled[index]?.startsWith(declared) && unmodelled[index]?.endsWith("come from")) unmodelled.splice(index, 1);
    // "Migrant workers", "au pairs": their own word makes them foreign where they live.
    if (migrant?.basis && parts.origins.length === 0) notes.push(`${plainPlural(migrant.role ?? "")} ${migrant.span.text} in ${destination?.nameInProse ?? "the host"} serve abroad: never the host country's own people. Countries of origin: ${migrant.basis}.`);
    else if (migrant?.role && parts.origins.length === 0) notes.push(`"${migrant.span.text}" come from abroad by definition: never the host country's own people${migrant.origins ? " (their own countries of origin: situations data `foreign_roles`)" : ""}.`);
    if (migrant?.basis) for (let index = unmodelled.length - 1; index >= 0; index--) if (unmodelled[index] === migrant.span.text) unmodelled.splice(index, 1);
    if (migrant?.standIn && parts.origins.length === 0) unmodelled.push(`where ${asPhrase(migrant.span.text, migrant.role ?? "")}${destination ? ` in ${destination.nameInProse}` : ""} come from (its immigrants' origins stand in)`);
    // Pilgrims to a shrine whose country was not read ("Lourdes" before the gazetteer knows it) have no host to come from: no field, declared above.
    if (Object.keys(origins).length > 0) fields.push(categoricalField("origin_country", "Country of origin", heritage ? originDescription(parts) : parts.origins.some((entry) => entry.byPopulation) ? `where they come from: the countries of "${parts.origins[0]?.span.text}", from the prompt, weighted by population` : parts.origins.length > 0 ? "where they come from, from the prompt" : byDestination ? `where they come from (largest origins of immigrants in ${destination?.nameInProse})` : pilgrims && pilgrimage ? `where they come from: ${pilgrimage.origins_basis}` : migrant?.situation.visitor ? "where they come from: the largest origins of such travellers in the situation data (for tourists and pilgrims the world's largest spenders on international tourism, UNWTO International Tourism Highlights 2020, approximate), standing in for this place's own visitors" : "where they come from (largest origins in the situation data)", origins));
    // An arrival the prompt dates ("in the 2000s") bounds the years since; otherwise the situation's data does.
    const years = arrival && migrant?.situation.years_range ? ([PRESENT_YEAR - arrival.to, PRESENT_YEAR - arrival.from] as const) : migrant?.situation.years_range;
    if (years) {
      const name = migrant?.situation.years_field ?? "years_since_arrival";
      const basis = arrival ? `they arrived ${arrival.from === arrival.to ? `in ${arrival.from}` : `between ${arrival.from} and ${arrival.to}`}, from "${arrival.span.text}"` : migrant?.situation.years_basis;
      fields.push({ name, kind: "numeric", label: "Years since arrival", description: basis ? `years since they arrived (${basis})` : "years since they arrived", parents: [], numeric: { min: years[0], max: years[1], mean: (years[0] + years[1]) / 2, sd: Math.max(1, (years[1] - years[0]) / 3), integer: true, unit: "years" }, conditionals: [] });
      // Nobody arrived before they were born.
      constraints.push({ name: "arrived_after_birth", lhs: `age - ${name}`, op: ">=", rhs: "0" });
    }
  }
  // Soldiers serving in a country not their own are stationed there, not settled: the text keys on this field.
  if (servesAbroad(parts, destinationCountry(parts), migrant?.basis !== undefined)) fields.push(fixedField("deployment", "Deployment", "deployed abroad", "soldiers serving in a country not their own, from the prompt: stationed there, their home in their own country"));
  // "Taxi drivers in Doha", "Domestic helpers in Hong Kong": where most residents (or all of a job's
  // workers) are foreign nationals, nobody named by origin is drawn as the residents are.
  const host = !migrant && parts.origins.length === 0 && !settingPart && pastYear(parts) === undefined ? destinationCountry(parts) : undefined;
  const residents = host && !namesHostPeople(parts, host) ? residentOrigins(host, single?.occupation?.name) : undefined;
  if (residents) {
    fields.push(categoricalField("origin_country", "Country of origin", `where they come from: ${residents.basis}`, originWeightsByName(residents.codes, undefined)));
    notes.push(`Countries of origin: ${residents.basis}.`);
  }
  const heritageParts = composeHeritage(parts, heritage, destinationCountry(parts));
  fields.push(...heritageParts.fields);
  notes.push(...heritageParts.notes);
  unmodelled.push(...heritageParts.unmodelled);

  // Who they are as a group, for the text: "Fortnite player", "first-time voter", "pirate".
  const primary = parts.roles[0];
  const label = single?.label ?? single?.value ?? (multiple ? roles.fixed.map((role) => role.value).join(" or ") : roles.groupLabel ?? (primary && primary.kind !== "general" ? primary.value : "person"));
  // Taking part in an activity is a relation the prose can speak of; a condition or situation has its own field.
  if (!single && !multiple && roles.groupLabel && (primary?.kind === "participant" || primary?.kind === "setting-role" || roles.sampled)) {
    // A Dungeon Master's relation to the group is their role in the game: one field says it, not two.
    const label = fold(roles.groupLabel);
    const restated = fields.findIndex((field) => field.name === "main_role" && fold(fixedValueOf(field) ?? "") === label);
    if (restated >= 0) fields.splice(restated, 1);
    fields.push(fixedField("relation", "Group", roles.groupLabel, "how they belong to the group the prompt describes"));
  }

  // A temperament the prompt names ("grumpy old men", "shy teenagers") is everyone's (a fixed field above).
  if (!fields.some((field) => field.name === "temperament")) fields.push(categoricalField("temperament", "Temperament", "their dominant temperament", uniform(TEMPERAMENTS)));
  const placeParents = fields.filter((field) => ["country", "city", "place", "district"].includes(field.name)).map((field) => field.name);
  fields.push(textField("name", "Name", settingPart ? `a name fitting ${settingPart.setting.name}` : "full name fitting their country, age and origin", [...placeParents.slice(0, 1), "gender", "age"]));
  // Those who hold no job (hospice patients) have no occupation to write from: their situation instead.
  const jobParents = fields.some((field) => field.name === "occupation") ? ["occupation"] : [];
  fields.push(textField("goals", "Goals", "what they want now", [...jobParents, "age"]));
  fields.push(textField("backstory", "Backstory", "a short paragraph about who they are", [...placeParents, "age", ...jobParents, "temperament"]));
  notes.push("Temperaments are an illustrative list with equal weights, not a psychometric distribution.");

  // "Non-<value>": the value left out of a field drawn anyway; then the words are modelled.
  const { fields: withoutExcluded, modelled: excluded } = excludeValues(fields, parts);
  fields.splice(0, fields.length, ...withoutExcluded);
  for (const text of excluded) if (unmodelled.includes(text)) unmodelled.splice(unmodelled.indexOf(text), 1);
  // "half of them over 50", "one in four unemployed": a share of them has the trait, the rest are drawn as if it were not said.
  const shared = composeShares(fields, parts, destinationCountry(parts)?.name);
  notes.push(...shared.notes);
  for (const text of shared.modelled) if (unmodelled.includes(text)) unmodelled.splice(unmodelled.indexOf(text), 1);
  if (unmodelled.length > 0) notes.push(`Not modelled (listed in \`unmodelled\`): ${unmodelled.map((word) => `"${word}"`).join(", ")}.`);
  else notes.push("Every part of the prompt was modelled.");
  const read = describeParts(parts);
  // One field per name: the first declaration of a name is the one that holds.
  const declared = fields.filter((field, index) => fields.findIndex((other) => other.name === field.name) === index);
  const unique = schoolsOfNorthAmerica(parts) ? declared.map((field) => inNorthAmericanSchoolWords(field, middleSchool(declared))) : declared;
  return {
    domain: label === "person" ? "generic_person" : slug(label),
    label,
    order: unique.map((field) => field.name),
    fields: unique,
    constraints,
    rationale: [`Read from the prompt: ${read}.`, ...notes].join(" "),
    sources: [...sources],
    language: "en",
    ...(settingPart?.namingCountry ? { name_origins: { default: settingPart.namingCountry } } : {}),
    unmodelled,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** "who: hospital pharmacist; where: Toronto; …", for the rationale and the benchmark. */
export function describeParts(parts: PromptParts): string {
  const pieces: string[] = [];
  const roles = parts.roles.filter((role): role is Exclude<RoleReading, { kind: "general" }> => role.kind !== "general");
  if (roles.length) pieces.push(`who: ${roles.map((role) => role.value).join(", ")}`);
  if (parts.places.length) pieces.push(`where: ${parts.places.map((place) => place.span.text).join(", ")}`);
  if (parts.settlement) pieces.push(`settlement: ${parts.settlement.value}`);
  if (parts.when) pieces.push(`when: ${parts.when.kind === "setting" ? parts.when.setting.name : parts.when.year}${parts.when.kind === "setting" && parts.when.year !== undefined ? ` (${parts.when.year})` : ""}`);
  if (parts.age) pieces.push(`ages: ${parts.age.min}-${parts.age.max}`);
  if (parts.gender) pieces.push(parts.gender.femaleShare !== undefined ? `gender: ${Math.round(parts.gender.femaleShare * 100)}% women` : `gender: ${parts.gender.gender}`);
  if (parts.situations.length) pieces.push(`situation: ${parts.situations.map((entry) => entry.situation.value).join(", ")}`);
  if (parts.conditions.length) pieces.push(`condition: ${parts.conditions.map((entry) => entry.condition.name).join(", ")}`);
  if (parts.others.length) pieces.push(`serving: ${parts.others.map((entry) => entry.span.text).join(", ")}`);
  if (parts.relativeAges.length) pieces.push(`family: ${parts.relativeAges.map((entry) => entry.span.text).join(", ")}`);
  if (parts.relativeConditions.length) pieces.push(`in the family: ${parts.relativeConditions.map((entry) => `${entry.relative} with ${entry.condition.name}`).join(", ")}`);
  if (parts.activities.length) pieces.push(`activity: ${parts.activities.map((entry) => entry.activity.name).join(", ")}`);
  if (parts.qualifiers.length) pieces.push(`qualifiers: ${parts.qualifiers.map((entry) => entry.qualifier.value).join(", ")}`);
  if (parts.origins.length) pieces.push(`origin: ${parts.origins.map((entry) => entry.country.name).join(", ")}`);
  if (parts.workplace) pieces.push(`workplace: ${parts.workplace.value}`);
  return pieces.length ? pieces.join("; ") : "nothing specific";
}
