/**
 * The offline enhancer: reads a sketch (see `sketch.ts`), keeps every stated fact as written, and
 * fills what a full persona needs (name, age, backstory, voice or play style, goals, quirks) with
 * text that uses those facts and never contradicts them.
 */
import { readPersonName } from "./names/read-name.ts";
import type { EnhanceRequest, Enhancer } from "../engine/ports.ts";
import { createRng, hashSeed, type Rng } from "../engine/rng.ts";
import { NameGenerator } from "./names.ts";
import { LEFT_FOR_ANOTHER_JOB, ageRangeOf, asProse, namesARelative, nearBefore, readSketch, withoutRelatives } from "./sketch.ts";
import type { PersonaText } from "./text/context.ts";
import { writeLolText } from "./text/lol.ts";
import { factSentences, fitToTone, writeSketchProse } from "./text/sketch-prose.ts";
import type { LocaleKey } from "./geo.ts";
import type { PromptParts } from "./understand/parts.ts";
import { understandPrompt } from "./understand/understand.ts";
import { readInEnglish } from "./languages/read-in-english.ts";
import { fold } from "./knowledge/words.ts";
import { knowledge } from "./knowledge/index.ts";
import { countryByCode, type Area, type Country } from "./knowledge/gazetteer.ts";
import { namingCulture, pickFamilyName, type NamingCulture } from "./names/cultures.ts";
import { personName, PRESENT_YEAR } from "./names/person-name.ts";
/** Plausible ages when a sketch gives none, by domain (assumptions, not data). */
const DEFAULT_AGES: Record<string, [number, number]> = { lol_player: [17, 32], software_developer: [24, 50], registered_nurse: [25, 60], generic: [22, 65] };

/** How a word naming an activity's people ends ("volunteers", "gamers", "cyclists", "vegetarians"). */
const PEOPLE_NOUN_ENDING = /(?:ers?|ists?|ians?|ees?|ants?)$/i;

/** The sketch's situations, but for the "ex-" or "former" of a job they left for another (no retirement). */
function statedSituations(parts: PromptParts, age?: number): PromptParts["situations"] {
  const leftFor = LEFT_FOR_ANOTHER_JOB.exec(parts.text);
  // "sends money to her parents", "lives with his grandparents": the situation is the elders', not theirs.
  const theirElders = ({ span }: PromptParts["situations"][number]) => ELDERS.test(span.text) && POSSESSIVE_BEFORE.test(parts.text.slice(Math.max(0, span.start - 24), span.start));
  // "Dan, 31, unemployed, former warehouse worker": "former" is a job left, not a retirement, when they
  // are out of work or too young to have retired.
  const stillWorkingAge = OUT_OF_WORK.test(parts.text) || (age !== undefined && age < 55);
  const leftJob = ({ situation, span }: PromptParts["situations"][number]) => situation.id === "retired" && stillWorkingAge && /^(?:former|ex-?)$/i.test(span.text.trim());
  return parts.situations.filter((entry) => !theirElders(entry) && !leftJob(entry) && !(leftFor && entry.situation.id === "retired" && entry.span.start >= leftFor.index && entry.span.end <= leftFor.index + leftFor[0].length));
}
const EX_JOB = /\b(?:ex-\s*|former\s+)((?!(?:army|navy|military|police|marines?|cop)\b)[\p{L}-]+(?:\s+[\p{L}-]+){0,2}?)(?=\s*(?:[,.;!?\n]|$)|\s+(?:and|but|who|in|from|at|with|living|based|looking)\b)/iu;
const CHILDREN_WORD = /^(?:sons?|daughters?|kids?|children|boys|girls|twins|grandchildren|grandkids|stepsons?|stepdaughters?|babies|toddlers|teens|teenagers)$/i;
const CHILDREN_AFTER = /^\s+(?:sons?|daughters?|kids?|children|boys|girls|twins|grandchildren|grandkids|stepsons?|stepdaughters?)\b/i;
/** A count, a possessive or a verb of having right before a word for children: they are the person's children. */
const CHILDREN_OWNED_BEFORE = /\b(?:has|have|had|with|raising|raises|of|her|his|their|my|our|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|many|no)\s+(?:[\p{L}-]+\s+)?$/iu;
const CLERGY_HEAD = /^(?:priests?|pastors?|ministers?|nuns?|monks?|imams?|rabbis?|chaplains?|missionar(?:y|ies)|bishops?|deacons?|clergy(?:man|woman)?|vicars?|cantors?|granthis?|lamas?)$/i;
const statedAge = (fields: Readonly<Record<string, string>>): number | undefined => (fields.age && /^\d+$/.test(fields.age) ? Number(fields.age) : undefined);
const OUT_OF_WORK = /\b(?:unemployed|between jobs|out of work|looking for work|job-?hunting|jobless|laid off|made redundant)\b/i;
const ELDERS = /^(?:parents?|mothers?|fathers?|mums?|moms?|dads?|grandparents?|grandmothers?|grandfathers?|in-laws)$/i;
const POSSESSIVE_BEFORE = /\b(?:her|his|their|my|our|your)\s+(?:[\p{L}-]+\s+)?$/iu;

/** An area as a location: with its country when it lies in one ("the Algarve, Portugal"). */
function areaLocation(area: Area): string {
  const country = area.countries.length === 1 ? countryByCode(area.countries[0] as string) : undefined;
  return country ? `${area.name}, ${country.name}` : area.name;
}

/**
 * Where they live, when the sketch reader found no place, only where they come from, or a place it
 * kept as written: a gazetteer place after "in" or "on" ("on Crete"; "a nurse from Manila working night shifts in Dubai")
 * or standing as a clause of its own ("Lucy, 30, Boise").
 */
function addResidence(fields: Record<string, string>, parts: PromptParts): void {
  const before = (start: number, pattern: RegExp) => pattern.test(parts.text.slice(Math.max(0, start - 14), start));
  const aClause = (place: PromptParts["places"][number]) => before(place.span.start, /(?:^|[,;:\n])\s*$/) && /^\s*(?:[,;.\n]|$)/.test(parts.text.slice(place.span.end));
  const residence = parts.places.find((place) => !(place.kind === "country" && place.byDemonym) && (before(place.span.start, /\b(?:in|at|near|outside|on)\s+(?:the\s+)?$/i) || ((place.kind === "city" || place.kind === "region") && aClause(place))));
  const previous = fields.location?.split(",")[0]?.trim();
  const previousStart = previous ? parts.text.indexOf(previous) : -1;
  const cameFrom = previousStart >= 0 && before(previousStart, /\bfrom\s+(?:the\s+)?$/i);
  // A place the sketch reader kept as written ("San Antonio", "the Algarve", "Wien") that the gazetteer knows gets its country.
  const withoutThe = (text: string) => fold(text).replace(/^the\s+/, "").replace(/\s+(?:region|province|state|county|district|prefecture|oblast)$/, "");
  const bare = fields.location !== undefined && !fields.location.includes(",") && residence !== undefined && withoutThe(residence.span.text) === withoutThe(fields.location);
  if (residence && (!fields.location || bare || (cameFrom && fold(previous ?? "") !== fold(residence.span.text)))) {
    if (fields.location && !bare) fields.origin ??= fields.location;
    fields.location = residence.kind === "city" ? `${nearBefore(parts.text, residence.span.start)}${residence.city.name}, ${residence.country.name}` : residence.kind === "region" ? `${residence.region.name}, ${residence.country.name}` : residence.kind === "country" ? residence.country.name : areaLocation(residence.area);
    // The clause the sketch reader kept as a detail is now the location.
    if (fields.details !== undefined) {
      const rest = fields.details.split(/;\s*/).filter((clause) => fold(clause) !== fold(residence.span.text));
      if (rest.length > 0) fields.details = rest.join("; ");
      else delete fields.details;
    }
  }
}

/**
 * Fields for what the sketch states in words the sketch reader keeps only in prose: an age word
 * ("teenage", "elderly"), a life situation ("retired", "widowed"), a condition, activities and
 * qualifiers ("night shifts"). A field the reader already set is never overwritten.
 */
function addStatedParts(fields: Record<string, string>, parts: PromptParts, rng: Rng, aspiredJob: string | undefined): void {
  const set = (name: string, value: string) => {
    if (!fields[name]) fields[name] = value;
  };
  addResidence(fields, parts);
  // The age the sketch states, before one is drawn for an age word.
  const age = statedAge(fields);
  // "studying nursing": a student of it, when no occupation is stated.
  const studying = /\b(?:studying|studies)\s+(?:to\s+be\s+an?\s+)?(?!(?:in|at|abroad|for|with|on|hard|late)\b)([a-z]+(?:\s+[a-z]+)?)(?=\s*(?:[,.;!?]|$|\s+(?:at|in|and|while|part-time|full-time)\b))/i.exec(parts.text);
  // …at school age, a pupil who studies it (the age decides the stage elsewhere).
  if (studying && !fields.occupation && !(Number(fields.age) > 0 && Number(fields.age) < 16) && !/^(?:hard|late|abroad|online|together|part-time|full-time)$/i.test(studying[1] ?? "")) set("occupation", `${studying[1]?.toLowerCase()} student`);
  // "studying in Boston", "studies abroad": a student of something unsaid.
  else if (!fields.occupation && /\b(?:studying|studies)\s+(?:in|at|abroad)\b/i.test(parts.text) && !(age !== undefined && age < 16)) set("occupation", "student");
  // "two teenage sons": their children's age, not theirs.
  // "two kids", "her children", "mother of three boys": the age word is their children, counted or owned.
  const agesOfChildren =
    parts.age !== undefined &&
    // "Kids' football coach", "children's nurse": whom they work for, by a possessive.
    (CHILDREN_AFTER.test(parts.text.slice(parts.age.span.end)) || /^['’]s?\s/u.test(parts.text.slice(parts.age.span.end)) || (CHILDREN_WORD.test(parts.age.span.text) && CHILDREN_OWNED_BEFORE.test(parts.text.slice(0, parts.age.span.start))));
  if (parts.age && !agesOfChildren && !fields.age) set("age", String(rng.int(parts.age.min, Math.max(parts.age.min, Math.min(parts.age.max, parts.age.min + 25)))));
  if (parts.gender && parts.gender.femaleShare === undefined && !namesARelative(parts.text, parts.gender.span.start, parts.gender.span.text)) set("gender", parts.gender.gender);
  // "ex-marine turned history teacher": a former job left for another is no retirement.
  const leftFor = LEFT_FOR_ANOTHER_JOB.exec(parts.text);
  if (leftFor?.[1]) set("former_occupation", leftFor[1].toLowerCase());
  // "between jobs, ex-banker", "31, former warehouse worker": a job left with none after it, at working age.
  const exJob = EX_JOB.exec(parts.text);
  if (!leftFor && exJob?.[1] && (OUT_OF_WORK.test(parts.text) || (age !== undefined && age < 55))) {
    const job = exJob[1].toLowerCase();
    set("former_occupation", job);
    if (fields.occupation !== undefined && fold(fields.occupation).replace(/^(?:former|ex-?|retired)\s*/, "") === fold(job)) delete fields.occupation;
    if (fields.status === "former" || fields.status === "ex") delete fields.status;
  }
  for (const { situation } of statedSituations(parts, age)) {
    if (situation.field === "occupation") continue;
    set(situation.field === "work_status" ? "status" : situation.field, situation.value);
  }
  for (const { qualifier } of parts.qualifiers) set(qualifier.field, qualifier.value);
  // "Sikh taxi driver", "Muslim doctor": the faith or people is theirs, not part of the job; a clergy
  // job keeps its faith, in its capital ("Catholic priest").
  for (const { qualifier, span } of [...parts.qualifiers, ...statedSituations(parts, age).map(({ situation, span }) => ({ qualifier: situation, span }))]) {
    const [first, ...rest] = fields.occupation?.split(/\s+/) ?? [];
    if (!first || rest.length === 0 || fold(first) !== fold(span.text) || !/^(?:religion|ethnicity|nationality)$/.test(qualifier.field)) continue;
    fields.occupation = CLERGY_HEAD.test(rest.at(-1) ?? "") ? `${span.text} ${rest.join(" ")}` : rest.join(" ");
  }
  // A condition they dislike, fear or care for in others ("hates ranked anxiety") is not theirs.
  const condition = parts.conditions.find(({ span }) => !/\b(?:hates?|dislikes?|can['’]?t\s+stand|cannot\s+stand|afraid\s+of|scared\s+of|fears?|worried\s+about|cares?\s+for|treats?|nurses?)\s+(?:(?!but\b|who\b)[\p{L}-]+\s+){0,3}$/iu.test(parts.text.slice(Math.max(0, span.start - 30), span.start)));
  if (condition) set("condition", condition.condition.name);
  // A way of living ("vegan", "teetotal") is who they are, in the sketch's own word, not a pastime they love.
  const lifestyles = parts.activities.filter((entry) => entry.activity.kind === "lifestyle");
  if (lifestyles.length > 0) set("lifestyle", [...new Set(lifestyles.map((entry) => entry.span.text.toLowerCase()))].join(", "));
  // The sketch's own word ("bonsai"), with the activity it belongs to when that says more — and the
  // activity's name when the word names its people ("volunteers": volunteering). One the hobbies hold already is not repeated.
  // …nor is one they dislike ("hates cooking").
  const stated = fold(`${fields.hobbies ?? ""} ${fields.interests ?? ""} ${fields.dislikes ?? ""}`);
  const interests = parts.activities
    .filter((entry) => entry.activity.kind !== "lifestyle" && !stated.includes(fold(entry.activity.name)) && !stated.includes(fold(entry.span.text)))
    .map((entry) => {
      const word = entry.span.text;
      const ownWord = fold(word) === fold(entry.activity.name) || (entry.activity.aliases.some((alias) => fold(alias) === fold(word)) && word.length < entry.activity.name.length && !PEOPLE_NOUN_ENDING.test(word));
      return ownWord ? word : entry.activity.name;
    });
  if (interests.length > 0) fields.interests = [...(fields.interests ? [fields.interests] : []), ...new Set(interests)].join(", ");
  const role = parts.roles[0];
  const retired = statedSituations(parts, age).some((entry) => entry.situation.id === "retired");
  // A job they hope or train for is not theirs ("working towards becoming a chartered accountant").
  const aspired = aspiredJob !== undefined && role !== undefined && "value" in role && fold(aspiredJob).endsWith(fold(role.value).split(/\s+/).pop() ?? "");
  // Nor is a job they left ("former teacher who now writes crime novels").
  const left = fields.former_occupation !== undefined && role !== undefined && "value" in role && fold(fields.former_occupation).endsWith(fold(role.value).replace(/^(?:former|ex-?)\s*/, ""));
  if (role?.kind === "occupation" && !fields.occupation && !aspired && !left) set("occupation", retired && !/^retired\b/i.test(role.value) ? `retired ${role.value}` : role.value);
}

/**
 * The ages a sketch's situations allow ("a pensioner", "a schoolgirl", "a student"), within the usual
 * range when they overlap it, else from the youngest they allow.
 */
function agesOfSituations(parts: PromptParts, usual: [number, number]): [number, number] {
  let low = 0;
  let high = 120;
  for (const { situation } of statedSituations(parts)) {
    if (situation.min_age !== undefined) low = Math.max(low, situation.min_age);
    if (situation.max_age !== undefined) high = Math.min(high, situation.max_age);
  }
  if (low === 0 && high === 120) return usual;
  if (low > high) return usual;
  const from = Math.max(low, usual[0]);
  const to = Math.min(high, usual[1]);
  return from <= to ? [from, to] : [low, Math.min(high, low + 20)];
}

/**
 * The usual ages narrowed to those the job they do is held at (the occupation data's): a surgeon is
 * 30 or more, a judge 32. Not a job they left or hope for: only the one the fields name.
 */
function agesOfTheJob(parts: PromptParts, fields: Readonly<Record<string, string>>, usual: [number, number]): [number, number] {
  if (!fields.occupation) return usual;
  // The job as the fields say it, its longest known tail: "hospital consultant surgeon" → "surgeon".
  const words = fold(fields.occupation).split(/\s+/);
  const known = words.map((_word, index) => knowledge().occupationByName.get(words.slice(index).join(" "))).find((occupation) => occupation !== undefined);
  const role = parts.roles[0];
  const occupation = known ?? (role?.kind === "occupation" && words.includes(fold(role.value).split(/\s+/).pop() ?? "") ? role.occupation : undefined);
  if (!occupation) return usual;
  const from = Math.max(usual[0], occupation.min_age ?? 0);
  const to = Math.min(usual[1], occupation.max_age ?? 120);
  return from <= to ? [from, to] : usual;
}

/** How many of the sketch's job's holders are women (the occupation data's share), else half. */
function femaleShareOf(parts: PromptParts): number {
  const role = parts.roles[0];
  return role?.kind === "occupation" && role.occupation.female_share !== undefined ? role.occupation.female_share : 0.5;
}

/** The one-country area a sketch names by its adjective ("Welsh", "Bavarian"), not by its name, with that country. */
function areaNamedByAdjective(parts: PromptParts): { area: Area; country: Country } | undefined {
  for (const place of parts.places) {
    if (place.kind !== "area" || place.area.countries.length !== 1) continue;
    const named = fold(place.span.text);
    if (named === fold(place.area.name) || named === fold(place.area.name.replace(/^the\s+/i, ""))) continue;
    const country = countryByCode(place.area.countries[0] as string);
    if (country) return { area: place.area, country };
  }
  return undefined;
}

const COHORTS = ["before_1925", "before_1965", "1965_1989", "from_1990"] as const;

/**
 * English-speaking countries whose people carry names from everywhere (settled by immigration), where
 * a given name from elsewhere keeps its own family name ("Priya" in Leeds). Where English is only an
 * official language (Kenya, Nigeria, India), a name the lists lack is still named as the country's people.
 */
const NAMES_FROM_EVERYWHERE = new Set(["US", "GB", "CA", "AU", "NZ", "IE"]);

/** The sexes whose given names in a culture, of any generation, hold `given` (letter case aside). */
function sexesHolding(culture: NamingCulture, given: string): Array<"female" | "male"> {
  const wanted = given.toLowerCase();
  return (["female", "male"] as const).filter((sex) => COHORTS.some((cohort) => culture.given(sex, cohort).some((name) => name.toLowerCase() === wanted)));
}

/** The sex a given name points at in a culture, when only one sex's names hold it. */
function sexIn(culture: NamingCulture, given: string): "female" | "male" | undefined {
  const sexes = sexesHolding(culture, given);
  return sexes.length === 1 ? sexes[0] : undefined;
}

/** Whether a culture's family-name lists hold `family` (letter case aside). */
function holdsFamilyName(culture: NamingCulture, family: string): boolean {
  const wanted = family.toLowerCase();
  return (["female", "male"] as const).some((sex) => culture.family(sex).some((name) => name.toLowerCase() === wanted));
}

/**
 * Each name a culture's lists hold, with the most populous country whose people's lists hold it
 * ("Wei": China, "Patel": India), read once for given and once for family names.
 */
function countriesOfNames(namesOf: (culture: NamingCulture) => Iterable<string>): Map<string, Country> {
  const byName = new Map<string, Country>();
  const seen = new Set<string>();
  for (const country of [...knowledge().gazetteer.countries].sort((a, b) => b.populationMillions - a.populationMillions)) {
    if (seen.has(country.names)) continue;
    seen.add(country.names);
    for (const name of namesOf(namingCulture(country.names))) if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), country);
  }
  return byName;
}

let countryByGivenName: Map<string, Country> | undefined;
let countryByFamilyName: Map<string, Country> | undefined;

function countryOfGivenName(given: string): Country | undefined {
  countryByGivenName ??= countriesOfNames((culture) => (["female", "male"] as const).flatMap((sex) => COHORTS.flatMap((cohort) => culture.given(sex, cohort))));
  return countryByGivenName.get(given.toLowerCase());
}

function countryOfFamilyName(family: string): Country | undefined {
  countryByFamilyName ??= countriesOfNames((culture) => [...culture.family("female"), ...culture.family("male")]);
  return countryByFamilyName.get(family.toLowerCase());
}

/**
 * The text with the words of the person's name blanked (same length, so spans still line up): the
 * name is no trait, place or job ("Tran Van Duc" is not transgender, "Joe Black" not of an
 * ethnicity, "Bill Rich" not rich, "Rosa Blind" not blind).
 */
function withoutTheName(text: string, name: string | undefined): string {
  if (!name) return text;
  const at = text.indexOf(name);
  if (at >= 0) return text.slice(0, at) + " ".repeat(name.length) + text.slice(at + name.length);
  let blanked = text;
  for (const word of name.split(/\s+/).filter((part) => part.length > 1)) {
    const match = new RegExp(`(?<![\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}])`, "u").exec(blanked);
    if (match) blanked = blanked.slice(0, match.index) + " ".repeat(word.length) + blanked.slice(match.index + word.length);
  }
  return blanked;
}

export class OfflineEnhancer implements Enhancer {
  readonly name = "offline";
  private readonly names = new NameGenerator();

  async enhance(request: EnhanceRequest): Promise<{ fields: Record<string, string> }> {
    return { fields: this.enhanceSync(request) };
  }

  enhanceSync({ sketch, seed }: EnhanceRequest): Record<string, string> {
    const read = readSketch(sketch);
    const rng = createRng(hashSeed(seed, "enhance", sketch));
    const fields: Record<string, string> = { ...read.fields };
    // The same understanding as prompts, after the same reading of other languages ("34 ans,
    // infirmière à Lyon"): what the sketch reader left in prose becomes fields. An English sketch is
    // read as it is written.
    // What it says of a relative ("her late husband was a miner") is no part of theirs.
    const inEnglish = readInEnglish(asProse(sketch).slice(0, 4000));
    // "casada, dos hijos", "verheiratet, drei Kinder": the life facts the sketch reader reads in English, read in its English.
    if (inEnglish.readFrom) {
      const again = readSketch(inEnglish.text).fields;
      for (const field of ["marital_status", "family"]) if (fields[field] === undefined && again[field] !== undefined) fields[field] = again[field] as string;
    }
    const parts = understandPrompt(withoutRelatives(withoutTheName(inEnglish.text, fields.name)));
    const partsRng = createRng(hashSeed(seed, "enhance-parts", sketch));
    addStatedParts(fields, parts, partsRng, read.aspiredJob);
    // "one daughter", "her husband": a relative's word says nothing of the person's own sex.
    const statedGender = parts.gender && !namesARelative(parts.text, parts.gender.span.start, parts.gender.span.text) ? parts.gender.gender : undefined;
    const gender0 = read.gender ?? statedGender;
    const nameSeed = hashSeed(seed, "enhance-name", sketch) >>> 0;
    const placeLocale = read.country?.locale;
    let gender = gender0;
    let given: string;
    // The country whose names fit: where they come from, else where they live (the gazetteer's, for every country).
    // "an electrician from Lagos living in Houston": the place they came from, as the sketch reader found it.
    const cameFrom = fold(fields.origin ?? "");
    const originCountry =
      parts.origins[0]?.country ??
      parts.places.flatMap((place) => (place.kind === "country" && place.byDemonym ? [place.country] : []))[0] ??
      (cameFrom ? parts.places.flatMap((place) => (place.kind !== "area" && cameFrom.includes(fold(place.span.text)) ? [place.country] : []))[0] : undefined);
    // "a Somali refugee in Minneapolis": where they come from is a fact of its own.
    if (originCountry && !fields.origin && !fields.nationality && !fold(fields.location ?? "").includes(fold(originCountry.name))) fields.origin = originCountry.name;
    // The age before the name: names follow the generation they were born in.
    if (!fields.age) {
      const retired = /\bretired|retiree|widow(?:ed|er)?|grandm|grandf|grandchildren|grandkids\b/i.test(sketch) || statedSituations(parts).some(({ situation }) => situation.id === "retired") ? ([60, 80] as [number, number]) : undefined;
      const [low, high] = ageRangeOf(sketch) ?? read.ageRange ?? retired ?? agesOfSituations(parts, agesOfTheJob(parts, fields, DEFAULT_AGES[read.domain ?? "generic"] ?? [22, 65]));
      // Stated years of work or coding set a floor: nobody starts a career before about 18.
      const years = Number(fields.years_experience ?? fields.years_coding ?? 0) || 0;
      // Children of an age say how old a parent is at least: teenagers' parents are rarely under 30.
      const children = fields.family ?? "";
      const parentFloor = /\bgrandchild|grandkid|grandson|granddaughter/i.test(children) ? 48 : /\b(?:adult|grown(?:-up)?)\s/i.test(children) ? 42 : /\bteen/i.test(children) ? 32 : /\b(?:kids?|children|sons?|daughters?|boys|girls|twins)\b/i.test(children) ? 22 : 0;
      const floor = Math.max(years > 0 ? years + 18 : low, parentFloor);
      fields.age = String(rng.int(Math.max(low, floor), Math.max(high, floor)));
    }
    // "a Welsh coal miner", "a Texan rancher": a region's adjective, when the sketch says nowhere else,
    // is where they live — and where their name comes from.
    const adjectiveArea = areaNamedByAdjective(parts);
    const homeArea = adjectiveArea && (!fields.location || fold(fields.location).startsWith(fold(adjectiveArea.area.name))) ? adjectiveArea : undefined;
    if (homeArea) fields.location = `${homeArea.area.name}, ${homeArea.country.name}`;
    const location = fold(fields.location ?? "");
    // The country of where they live; of an area, its one country ("the Algarve": Portugal).
    const areaCountry = (area: Area) => (area.countries.length === 1 ? countryByCode(area.countries[0] as string) : undefined);
    const homeCountry = parts.places.flatMap((place) => (place.kind === "area" ? (location.includes(fold(place.area.name)) ? [areaCountry(place.area)].filter((country) => country !== undefined) : []) : location.includes(fold(place.country.name)) || location.includes(fold(place.span.text)) ? [place.country] : []))[0] ?? homeArea?.country ?? (read.country ? countryByCode(read.country.code) : undefined);
    const namingCountry = originCountry ?? homeCountry;
    if (!fields.name && namingCountry) {
      const sex = gender ?? (rng.float() < femaleShareOf(parts) ? "female" : "male");
      const region = !originCountry && homeArea ? { region: homeArea.area.name } : {};
      // Where they live and where they come from apart, so that the namer can name a diaspora as it
      // names itself ("Korean-American in Seattle": the given name first); the sketch's year, its period's names.
      const home = homeCountry ?? namingCountry;
      const origin = originCountry && originCountry !== home ? { origin: originCountry } : {};
      const year = fields.year && Number(fields.year) < PRESENT_YEAR ? Number(fields.year) : PRESENT_YEAR;
      const named = personName({ sex, age: Number(fields.age) || 35, year, country: home, ...origin, ...(fields.religion ? { religion: fields.religion } : {}), ...region }, createRng(nameSeed));
      fields.name = named.full;
      given = named.given;
      gender ??= sex;
    } else if (!fields.name) {
      const sex = gender ?? (rng.float() < femaleShareOf(parts) ? "female" : "male");
      const invented = this.names.name(placeLocale ?? "en_US", sex, nameSeed);
      const family = this.names.familyName(invented.locale, sex, nameSeed, /^[\p{Script=Latin}'’ -]+$/u.test(invented.given));
      fields.name = invented.full.replace(invented.family, family);
      given = invented.given;
      gender ??= sex;
    } else {
      // "Kim Min-jun", "Nguyen Van An": a name written family name first is kept as written; its given name tells the sex.
      const written = fields.name.split(/\s+/);
      const familyFirst = !read.firstNameOnly && !read.familyNameOnly && written.length >= 2 && written.length <= 3 ? readPersonName(written) : undefined;
      given = familyFirst?.given ?? (written[0] as string);
      const locale = this.localeForGiven(given, placeLocale);
      gender ??= familyFirst?.sex ?? this.names.sexOf(given, locale) ?? this.names.originsOf(given).map((origin) => this.names.sexOf(given, origin)).find(Boolean);
      // Only a first name: keep it, add a surname that fits the place or the name's own origin.
      // Someone from elsewhere ("a Somali refugee in Minneapolis") keeps a family name of their origin.
      // Where they live gives the family name, from the same lists that name its people in a population
      // (Amman's Ahmed is no "Ahmed Sanchez"); an English-speaking country is home to names from
      // everywhere, so a given name its lists lack but another's hold keeps that origin ("Priya" in Leeds).
      // A name faker's locales do not hold ("Wei") is looked for in every country's lists.
      // With no place we know, the country whose people's lists hold the given name ("Giorgos": Greece).
      const familyCountry = originCountry ?? (homeCountry ? this.familyCountryAt(homeCountry, given) : this.names.originsOf(given).length > 0 ? undefined : countryOfGivenName(given));
      // "Harpreet, 52, Sikh farmer in California", "Dawa, Sherpa guide": a faith or people the sketch names
      // gives the family name as the namer gives it to that people in that country (R22-39).
      const byPeople = read.firstNameOnly && homeCountry && (fields.religion || fields.ethnicity) ? personName({ sex: gender ?? "female", age: Number(fields.age) || 35, year: PRESENT_YEAR, country: homeCountry, ...(fields.religion ? { religion: fields.religion } : {}), ...(fields.ethnicity ? { people: fields.ethnicity } : {}), ...(fields.occupation ? { occupation: fields.occupation } : {}) }, createRng(nameSeed)) : undefined;
      // Only when that people's names are not the country's own (a Sikh in California, not a Sikh in Punjab's majority names).
      const peopleNamed = byPeople && homeCountry && byPeople.culture !== homeCountry.names ? byPeople : undefined;
      if (peopleNamed && homeCountry) {
        gender ??= sexIn(namingCulture(peopleNamed.culture), given) ?? sexIn(namingCulture(homeCountry.names), given);
        fields.name = peopleNamed.familyFirst ? `${peopleNamed.family} ${given}` : `${given} ${peopleNamed.family}`;
      } else if (read.firstNameOnly && familyCountry) {
        const culture = namingCulture(familyCountry.names);
        // Where family names differ by sex (Latvian Širovs / Širova), the given name's sex in that
        // culture's lists decides, else a seeded draw that the gender field then states: never a man's
        // name with a woman's surname.
        const known = countryOfGivenName(given);
        gender ??= sexIn(culture, given) ?? (known ? sexIn(namingCulture(known.names), given) : undefined) ?? (culture.family("female") !== culture.family("male") ? (createRng(nameSeed ^ 0x5e7).float() < 0.5 ? "female" : "male") : undefined);
        // Weighted by how many carry each name, as populations draw them (a deep list's rare names rarely).
        fields.name = `${fields.name} ${pickFamilyName(culture.family(gender ?? "female"), createRng(nameSeed))}`;
      }
      // A name no list holds, in no place we know ("Kael", "Ilyra" of an invented world), keeps no invented family name.
      else if (read.firstNameOnly && !homeCountry && !fields.religion && !fields.ethnicity && !inEnglish.readFrom && inEnglish.unread.length === 0 && this.names.originsOf(given).length === 0 && countryOfGivenName(given) === undefined) fields.name = given;
      else if (read.firstNameOnly) fields.name = `${fields.name} ${this.names.familyName(locale, gender, nameSeed, /^[\p{Script=Latin}'’ -]+$/u.test(given))}`;
      else if (read.familyNameOnly) {
        // "Mrs Patel in Leicester": a given name from the people whose family name it is (Patel: India),
        // else from where they live, of the title's sex and the person's generation.
        const family = fields.name;
        const familyCountry = (homeCountry && holdsFamilyName(namingCulture(homeCountry.names), family) ? homeCountry : countryOfFamilyName(family)) ?? homeCountry;
        const sex = gender ?? (rng.float() < femaleShareOf(parts) ? "female" : "male");
        gender ??= sex;
        // The culture's own order ("Nakamura Hideki"), with the family name the sketch gave.
        const named = familyCountry ? personName({ sex, age: Number(fields.age) || 35, year: PRESENT_YEAR, country: familyCountry }, createRng(nameSeed)) : undefined;
        given = named?.given ?? this.names.name(locale, sex, nameSeed).given;
        fields.name = named && named.full.startsWith(named.family) ? `${family} ${given}` : `${given} ${family}`;
      }
    }
    if (gender && !fields.gender) fields.gender = gender;
    const city = fields.location?.split(",")[0]?.trim();
    const persona: PersonaText = {
      values: fields,
      given,
      fullName: fields.name,
      ...(read.country ? { country: read.country } : {}),
      ...(read.country && city && read.country.cities.some((known) => known.toLowerCase() === city.toLowerCase()) ? { city } : {}),
      ...(gender ? { gender } : {}),
    };
    const prose = writeSketchProse(persona, read.experienceTail, read.domain, rng);
    const stated = (field: string) => read.fields[field] !== undefined;
    if (read.domain === "lol_player") {
      const written = writeLolText(persona, rng);
      // The League writer knows the game; the sketch's other facts (job, hobbies, family) follow it.
      const { temperament: _spokenFor, ...rest } = fields;
      const extra = factSentences({ ...persona, values: rest }, read.experienceTail, rng, false);
      if (!stated("backstory")) fields.backstory = [written.backstory ?? prose.backstory, ...extra].join(" ");
      // The League writer picks a style word at random; a stated temper decides it ("aggressive", never "patient").
      if (!stated("play_style")) fields.play_style = fitToTone(written.play_style ?? prose.voice, fields.temperament);
    } else if (!stated("backstory")) fields.backstory = prose.backstory;
    if (!stated("voice")) fields.voice = prose.voice;
    if (prose.personality && !stated("personality")) fields.personality = prose.personality;
    if (!stated("goals")) fields.goals = prose.goals;
    if (!stated("quirks")) fields.quirks = prose.quirks;
    return fields;
  }

  /**
   * The country whose lists give a first name's family name where they live, or undefined when a faker
   * locale that holds the name should (an English-speaking home's name from elsewhere: Priya in Leeds).
   */
  private familyCountryAt(home: Country | undefined, given: string): Country | undefined {
    if (!home || !NAMES_FROM_EVERYWHERE.has(home.code) || sexesHolding(namingCulture(home.names), given).length > 0) return home;
    return this.names.originsOf(given).length > 0 ? undefined : countryOfGivenName(given) ?? home;
  }

  /** The locale a given name's surname should come from: the place's, unless the name is plainly from elsewhere. */
  private localeForGiven(given: string, placeLocale: LocaleKey | undefined): LocaleKey {
    const origins = this.names.originsOf(given);
    if (placeLocale && (origins.length === 0 || origins.includes(placeLocale))) return placeLocale;
    // An English-speaking place is home to names from everywhere: "Priya" in Leeds keeps an Indian surname.
    if (placeLocale && !placeLocale.startsWith("en_")) return placeLocale;
    return origins.find((origin) => origin === "en_US") ?? origins[0] ?? placeLocale ?? "en_US";
  }
}
