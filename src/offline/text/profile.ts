/**
 * What a persona *is*, read from its fields against the knowledge data, for the prose writer: its
 * occupation group (what its working days hold), its setting or era, activity, condition and
 * situations, where it lives (climate, English variety, dishes, kind of place) and its stage of
 * life. Text is chosen by this, never by words of the prompt: "nurses who play League" are nurses
 * with an activity, and a pirate's days are spent at sea. One reading of the prompt is the writer's,
 * once per population: the crop its farmers grow when their occupation does not say it (`farmNamedIn`).
 */
import { knowledge, countryByCode, countryNamed, cityOf, followsRatherThanPlays, type Activity, type City, type Condition, type Country, type Occupation, type Setting } from "../knowledge/index.ts";
import { teachingGroupFor, textKnowledge, WORK_PHRASE_LISTS, WORK_SHARED_LISTS, type ClimateZone, type SettingLife, type SituationText, type Stage, type WorkGroup, type WorkPlace } from "../knowledge/text-data.ts";
import { fold } from "../knowledge/words.ts";
import { varietyOf, type EnglishVariety } from "./english.ts";
import { BORN_ABROAD } from "../compose/heritage.ts";
import { withArticle } from "../../engine/articles.ts";
import faithsFile from "../data/text/faiths.json" with { type: "json" };
import { nativePeopleOf } from "../knowledge/gazetteer.ts";

export type DayKind = "work" | "school" | "university" | "retired" | "home" | "seeking" | "setting" | "none";

export interface Profile {
  values: Readonly<Record<string, string>>;
  age?: number;
  stage: Stage;
  kind: DayKind;
  /** What they do, as the fields say it (or the blueprint's label when no field says it). */
  occupation?: string;
  /** What a retired person did. */
  former?: string;
  group?: WorkGroup;
  /** The working day of the unpaid role they volunteer in ("volunteer firefighters": the fire station's), for what they do as volunteers. */
  volunteerGroup?: WorkGroup;
  setting?: Setting;
  settingLife?: SettingLife;
  activity?: Activity;
  /** Whether they follow the activity rather than do it (football fans). */
  follows: boolean;
  condition?: Condition;
  situations: Array<{ key: string; text: SituationText }>;
  country?: Country;
  city?: City;
  /** "Toronto, Ontario", "Lyon, France", a setting's place. */
  place?: string;
  zone?: ClimateZone;
  variety: EnglishVariety;
  settlement?: string;
  /** Where they came from, when they did. */
  origin?: Country;
  /** Their family's country of origin, when they were born where they live ("Chinese Americans" born in the United States). */
  heritage?: Country;
  /** The language they are named by ("Russian speakers"). */
  language?: string;
  /** Where they work, with its article, when a field says it ("a bank", "a hospital"). */
  workplace?: string;
  /** The relationship of the people their work serves, when a field gives it to them ("hospice nurses caring for patients": patient): theirs to serve, not theirs to be. */
  serves?: string;
  /** What "here" is for someone who lives outside the town their fields name ("the countryside", after the opening's "the countryside near Mason City"): the town is the nearest one, not their home. */
  around?: string;
  /** Where they are without living there, after the words that say how ("drifting through" Reno; "visiting" Bangkok, Thailand). */
  passing?: { how: string; place: string; here: string };
}

/** Family backgrounds (data/situations.json: the second and third generation) of people born where they live. */
const BORN_HERE_BACKGROUNDS: ReadonlySet<string> = new Set(["child of immigrants", "grandchild of immigrants"]);
const RETIRED = /\b(?:retired|retiree|pensioner)\b/i;
// "Primary school pupil" and "child in a primary school", "pupil at a secondary school": the school said either side.
const SCHOOL = /^(?:(?:primary|secondary|elementary|middle|high|junior|infant)[ -]school (?:pupil|student|child|kid)|(?:kindergarten|preschool|nursery) (?:pupil|child|kid)|school (?:pupil|child|kid)|pupil|schoolchild|schoolkid|(?:child|pupil|student|kid|schoolchild|schoolkid) (?:in|at|attending) (?:an? |the )?(?:(?:primary|secondary|elementary|middle|high|junior|infant)[ -])?school|(?:child|pupil|kid) (?:in|at) (?:an? |the )?(?:kindergarten|preschool|nursery))$/i;
const UNIVERSITY = /\b(?:university|college|graduate|undergraduate|law|medical|nursing|art|engineering|exchange) student\b|^student$|^student (?:at|in) (?:an? |the )?(?:university|college)$/i;
const HOME = /^(?:homemaker|housewife|househusband|stay-at-home (?:parent|dad|mum|mom|mother|father)|carer|full-time parent)$/i;
const SEEKING = /^(?:job seeker|unemployed|looking for work)$/i;
/** The first year written as the present day's: its comforts, quirks and the office catch-all's working day. */
export const MODERN_FROM = 1900;
/** Workplaces of the built-in nurse domain's `setting` field, in a sentence. */
const WORKPLACE_PHRASES: Record<string, string> = {
  hospital: "a hospital",
  "ambulatory care": "an ambulatory care clinic",
  "nursing and residential care": "a nursing and residential care facility",
  government: "a government health service",
  "educational services": "a school health office",
  "other settings": "a community health service",
};

function stageOf(age: number | undefined): Stage {
  if (age === undefined) return "adult";
  if (age < 13) return "child";
  if (age < 18) return "teen";
  if (age < 30) return "young";
  if (age < 60) return "adult";
  return "older";
}

let groupIndex: { byOccupation: Map<string, WorkGroup>; byIndustry: Map<string, WorkGroup>; fallback: WorkGroup } | undefined;

function groups() {
  if (!groupIndex) {
    const work = textKnowledge().work;
    const byOccupation = new Map<string, WorkGroup>();
    const byIndustry = new Map<string, WorkGroup>();
    for (const group of work) {
      for (const name of group.occupations) byOccupation.set(fold(name), group);
      for (const industry of group.industries) byIndustry.set(industry, group);
    }
    groupIndex = { byOccupation, byIndustry, fallback: work.find((group) => group.id === "work") as WorkGroup };
  }
  return groupIndex;
}

function wordsOf(occupation: string): string[] {
  return fold(occupation).replace(/^retired\s+/, "").split(/\s+/);
}

/** The occupation data's entry for a role as written: "hospital pharmacist" → "hospital pharmacist", "pharmacist"; the longest known tail wins. */
export function occupationOf(occupation: string): Occupation | undefined {
  const words = wordsOf(occupation);
  for (let start = 0; start < words.length; start++) {
    const known = knowledge().occupationByName.get(words.slice(start).join(" "));
    if (known) return known;
  }
  return undefined;
}

const EMPLOYMENT_SELF = /^(?:freelance|self-employed|independent)$/i;

/** The workplaces a prompt may name (data/terms.json), by value. */
let namedWorkplaces: Map<string, ReturnType<typeof knowledge>["terms"]["workplaces"][number]> | undefined;

function namedWorkplace(workplace: string) {
  namedWorkplaces ??= new Map(knowledge().terms.workplaces.map((entry) => [entry.value, entry]));
  return namedWorkplaces.get(workplace);
}

/** Whether a workplace the prompt names is one people are on board (a ferry, a cargo ship), not at. */
export function workplaceIsAboard(workplace: string): boolean {
  return namedWorkplace(workplace)?.aboard === true;
}

/**
 * Whether the workplace the prompt names is where this persona works: a hospice nurse works at the
 * hospice, a shop assistant among its patients or visitors does not. A workplace or an occupation the
 * data does not place in an industry ("Gallaudet University", "activist") is taken as theirs, and so
 * is one whose industry the persona works in ("hospital cleaners": cleaners in health care).
 */
export function worksAtNamedWorkplace(workplace: string | undefined, occupation: string | undefined, workIndustry?: string): boolean {
  if (!workplace || !occupation) return false;
  const industry = namedWorkplace(workplace)?.industry;
  const known = occupationOf(occupation);
  return industry === undefined || known === undefined || known.industry === industry || workIndustry === industry;
}

/** Whether a persona works for themselves: its `employment` field ("freelance designers") or, failing that, its occupation's data; an owner ("hotel owners") does. */
export function worksForThemselves(values: Readonly<Record<string, string>>, occupation: string | undefined): boolean {
  if (values.employment) return EMPLOYMENT_SELF.test(values.employment);
  if (occupation === undefined) return false;
  const known = occupationOf(occupation);
  return known ? known.self_employed === true : OWNER.test(occupation);
}

const OWNER = /(?:^|\s)(?:owner|co-owner|proprietor)$/i;

const forManner = new Map<string, WorkGroup>();

/** A group without the phrases that are true only of the other kind of worker (a shop owner wants no store manager's job). */
export function groupForManner(group: WorkGroup, selfEmployed: boolean): WorkGroup {
  const excluded = selfEmployed ? group.employees_only : group.self_employed_only;
  if (!excluded?.length) return group;
  // Its own id: the writer caches compiled phrase lists by group id.
  const id = `${group.id}, ${selfEmployed ? "self-employed" : "employed"}`;
  let narrowed = forManner.get(id);
  if (!narrowed) {
    narrowed = { ...group, id };
    for (const list of WORK_PHRASE_LISTS) narrowed[list] = group[list].filter((phrase) => !excluded.includes(phrase));
    forManner.set(id, narrowed);
  }
  return narrowed;
}

/** How a rural persona's home is said beside the town their fields name, by settlement. */
const OUTSIDE: Readonly<Record<string, string>> = { rural: "the countryside near", countryside: "the countryside near", village: "a village near" };
/** What "here" is for them after the opening has named the town they live near ("friends in the countryside"). */
const AROUND: Readonly<Record<string, string>> = { rural: "the countryside", countryside: "the countryside", village: "the village" };

/** Keyword fallbacks for roles the occupation data does not know, by the last word of the role. */
const HEAD_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?:developer|programmer|coder|engineer|tester|architect)$/, "technology"],
  [/(?:nurse|doctor|physician|surgeon|medic|carer)$/, "bedside care"],
  [/(?:teacher|lecturer|instructor|tutor)$/, "teaching"],
  [/(?:driver|chauffeur)$/, "passengers"],
  [/(?:rider|courier)$/, "delivery"],
  [/(?:trader)$/, "markets"],
  [/(?:streamer|youtuber|tiktoker|vlogger|podcaster|influencer)$/, "audience"],
  [/(?:seller|reseller)$/, "online selling"],
  // Who picks or plucks another's crop works for a wage: no buyers, books or plans for next season.
  [/(?:picker|plucker)$/, "farm labour"],
  [/(?:farmer|grower|rancher|herder)$/, "land"],
  [/(?:fisher|fisherman|fisherwoman|sailor)$/, "sea"],
  [/(?:photographer)$/, "photography"],
  [/(?:tattooist|tattooer)$/, "tattooing"],
  [/(?:designer|writer|blogger|artist|creator|editor|journalist)$/, "creative"],
  // Each hospitality job by its own day: a barista pulls no plates from the pass, a cook serves no tables.
  [/(?:chef|cook)$/, "kitchen"],
  [/(?:waiter|waitress|server)$/, "front of house"],
  [/(?:barista)$/, "café"],
  [/(?:bartender|barman|barmaid)$/, "bar"],
  [/(?:baker|butcher|brewer|vendor)$/, "food craft"],
  [/(?:agent|clerk|assistant|analyst|accountant|consultant|officer)$/, "office"],
  // A small business's owner keeps a shop, not a boardroom: founders and managers lead teams.
  [/(?:owner|proprietor)$/, "retail"],
  [/(?:founder|entrepreneur|manager)$/, "leadership"],
];

/** Who runs a workplace: its owner, manager, foreman ("hotel owners", "vineyard managers", "construction site foremen"). */
const HEAD_ROLE = /(?:^|\s)(?:owner|co-owner|proprietor|manager|foreman|forewoman|supervisor|overseer|boss)$/i;
/** Who works a workplace's own work for a wage: its workers, labourers, pickers, deckhands ("banana plantation workers"). */
const HAND_ROLE = /(?:^|\s)(?:worker|labourer|laborer|hand|farmhand|deckhand|crew|crew member|employee|staff|picker|plucker|harvester|cutter|tapper)$/i;

/** How a job is written at the workplace the prompt names: as its heads or its hands are, or as a trade of another group working there. */
export type AtWorkplace = "heads" | "hands" | "trade";

function groupById(id: string | undefined): WorkGroup | undefined {
  return id === undefined ? undefined : textKnowledge().work.find((group) => group.id === id);
}

/** Trades of one group at one place: a population has a few, asked for every persona. */
const tradesAtPlaces = new Map<string, WorkGroup>();

/**
 * A trade worked at another group's place (an electrician at a mine, a cook on an oil rig): the
 * trade's phrases that hold anywhere, with what everyone at the place shares in its stead (the
 * cage going down, the crew, the union): no customers to quote for, no ship to bring into port.
 */
function tradeAt(group: WorkGroup, place: WorkPlace, shared: NonNullable<WorkPlace["shared"]>): WorkGroup {
  const id = `${group.id} at ${place.workplaces[0]}`;
  let trade = tradesAtPlaces.get(id);
  if (!trade) {
    const elsewhere = new Set(group.own_workplaces_only ?? []);
    trade = { ...group, id };
    for (const list of WORK_PHRASE_LISTS) {
      const portable = group[list].filter((phrase) => !elsewhere.has(phrase));
      // The place's workplaces are where they work; its moments, frustrations and people are theirs as much as the trade's.
      trade[list] = list === "workplaces" ? [...shared.workplaces] : (WORK_SHARED_LISTS as readonly string[]).includes(list) ? [...new Set([...shared[list as keyof typeof shared], ...portable])] : portable;
    }
    tradesAtPlaces.set(id, trade);
  }
  return trade;
}

/**
 * The group a job is written by at the workplace the prompt names (data/text/work.json `places`):
 * its heads' or hands' group for those who run or work it ("hotel owners", "tea plantation pickers",
 * its employees, a job known only by the place), or the job's own trade as worked there. A job of
 * the place's own groups keeps its group; so do those served there (patients, members).
 */
export function groupAtWorkplace(own: WorkGroup | undefined, unknownJob: boolean, occupation: string | undefined, values: Readonly<Record<string, string>>): { group: WorkGroup | undefined; as?: AtWorkplace } {
  const workplace = values.workplace;
  if (!workplace || !occupation || (values.relationship !== undefined && values.relationship !== "employee")) return { group: own };
  const place = textKnowledge().workPlaces.get(workplace);
  if (!place) return { group: own };
  const heads = groupById(place.heads);
  const hands = groupById(place.hands);
  // A hospital's nurses, pharmacists and chaplains do their own group's work there.
  if (own !== undefined && place.native?.includes(own.id)) return { group: own };
  const head = HEAD_ROLE.test(occupation);
  // Its employees work its work for a wage, whatever the job is called ("farmer" employees of a plantation).
  const hand = !head && (unknownJob || values.relationship === "employee" || HAND_ROLE.test(occupation));
  const worksThere = hands ?? heads;
  if (own !== undefined && own === hands) return { group: own, as: "hands" };
  if (hand && worksThere) return { group: worksThere, as: "hands" };
  if (own !== undefined && own === heads) return { group: own, as: "heads" };
  if (head && heads) return { group: heads, as: "heads" };
  // Another trade there (an electrician on an oil rig, whatever industry the trade also serves): where it holds.
  if (!own || !place.shared) return { group: own };
  return { group: tradeAt(own, place, place.shared), as: "trade" };
}

type WorkManner = Pick<Occupation, "self_employed" | "solo" | "works_at" | "earns_from">;

/** The group whose `chosen_by` the occupation's manner of work meets on every key, the most keys winning. */
export function groupByManner(manner: WorkManner): WorkGroup | undefined {
  let best: WorkGroup | undefined;
  let bestKeys = 0;
  for (const group of textKnowledge().work) {
    const criteria = Object.entries(group.chosen_by ?? {});
    if (criteria.length > bestKeys && criteria.every(([key, value]) => manner[key as keyof WorkManner] === value)) {
      best = group;
      bestKeys = criteria.length;
    }
  }
  return best;
}

/**
 * The working group of an occupation: by how its work is done, then by name, then by its data
 * entry's industry, then by its head word. Industry alone misleads: poker is "gambling" but a
 * poker player is no casino worker, and a day trader in "finance" sits in no office.
 */
export function workGroupOf(occupation: string | undefined): WorkGroup | undefined {
  if (!occupation) return undefined;
  // A pure function of the occupation over data loaded once: a population has a few occupations
  // and asks for each thousands of times. Bounded: a caller's categories are not.
  if (workGroups.has(occupation)) return workGroups.get(occupation);
  if (workGroups.size >= WORK_GROUPS_REMEMBERED) workGroups.clear();
  const group = findWorkGroup(occupation);
  workGroups.set(occupation, group);
  return group;
}

const WORK_GROUPS_REMEMBERED = 10_000;

/** Teaching groups by the job's head word and the activity's name: a population has a few, asked for every persona. */
const teachingGroups = new Map<string, WorkGroup | undefined>();

function teachingGroupOf(occupation: string | undefined, activityName: string): WorkGroup | undefined {
  if (!occupation) return undefined;
  const head = occupation.slice(occupation.lastIndexOf(" ") + 1).toLowerCase();
  const key = `${head}|${activityName}`;
  if (teachingGroups.has(key)) return teachingGroups.get(key);
  const activity = knowledge().activities.find((candidate) => candidate.name === activityName);
  const group = activity ? teachingGroupFor(head, activity) : undefined;
  if (teachingGroups.size >= WORK_GROUPS_REMEMBERED) teachingGroups.clear();
  teachingGroups.set(key, group);
  return group;
}
const workGroups = new Map<string, WorkGroup | undefined>();

/** What a farm grows or raises, by the word before "farmer" or "grower" in the work groups' own occupations ("lentil farmer": field crops; "cherry grower": an orchard); the generic farm group's are no kind. */
let farmKinds: { byCrop: Map<string, WorkGroup>; named: RegExp } | undefined;

const FARMING_HEAD = /^(.+) (?:farmer|grower)$/;
/** Whose farm is the kind the prompt names: a farmer, grower or smallholder (of no crop their job names: their group is any farm's). */
const GENERIC_FARMER = /(?:^|\s)(?:farmer|grower|smallholder)$/i;

function farmKindsOf() {
  if (!farmKinds) {
    const byCrop = new Map<string, WorkGroup>();
    const generic = groups().byOccupation.get("farmer");
    for (const group of textKnowledge().work) {
      if (group === generic) continue;
      for (const name of group.occupations) {
        const crop = FARMING_HEAD.exec(fold(name))?.[1];
        if (crop && /^[a-z]+(?: [a-z]+)*$/.test(crop)) byCrop.set(crop, group);
      }
    }
    // A crop said in the plural ("lentils", "cherries", "tomatoes") or in one word with its hyphen ("millet-growing").
    const forms = [...byCrop.keys()].sort((a, b) => b.length - a.length).map((crop) => (crop.endsWith("y") ? `${crop.slice(0, -1)}(?:y|ies)` : `${crop}(?:e?s)?`).replace(/ /g, "[\\s-]+"));
    const crops = `(${forms.join("|")})`;
    const named = new RegExp(`\\b${crops}[\\s-]+(?:farm|grow|produc|plant|rais|breed|ranch)\\w*|\\b(?:farm|grow|produc|plant|rais|breed|cultivat)\\w*\\s+(?:only\\s+|mostly\\s+|mainly\\s+)?${crops}\\b`, "gi");
    farmKinds = { byCrop, named };
  }
  return farmKinds;
}
/** The crop of a crop's form as the prompt says it: "lentils" → "lentil", "cherries" → "cherry". */
function cropOf(said: string): string | undefined {
  const { byCrop } = farmKindsOf();
  const word = fold(said).replace(/[\s-]+/g, " ");
  for (const crop of [word, word.replace(/ies$/, "y"), word.replace(/es$/, ""), word.replace(/s$/, "")]) if (byCrop.has(crop)) return crop;
  return undefined;
}

/**
 * The kind of farm a prompt's farmers work, by the crop or animals it names ("Lentil farmers",
 * "farmers who grow cassava", "millet-growing families"): read once per population, for farmers
 * whose occupation names no crop ("farmer"). Two kinds named ("maize and cattle farmers") are a
 * mixed farm: none.
 */
export function farmNamedIn(prompt: string | undefined): WorkGroup | undefined {
  if (!prompt) return undefined;
  const { byCrop, named: pattern } = farmKindsOf();
  const kinds = new Set<WorkGroup>();
  for (const match of prompt.matchAll(pattern)) {
    const crop = cropOf(match[1] ?? match[2] ?? "");
    const kind = crop === undefined ? undefined : byCrop.get(crop);
    if (kind) kinds.add(kind);
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** Who picks or cuts a crop for a wage ("mango pickers", "cane cutters"): the hands of its kind of farm's place (an orchard's fruit pickers), else any farm's. */
function farmHandsOf(words: readonly string[]): WorkGroup | undefined {
  if (words.length < 2 || !/^(?:picker|harvester|cutter)$/.test(words[words.length - 1] ?? "")) return undefined;
  const crop = cropOf(words.slice(0, -1).join(" "));
  if (crop === undefined) return undefined;
  const kind = farmKindsOf().byCrop.get(crop);
  const place = kind ? placeHeadedBy(kind.id) : undefined;
  return groupById(place?.hands ?? "farm labour");
}

function placeHeadedBy(id: string): WorkPlace | undefined {
  for (const place of textKnowledge().workPlaces.values()) if (place.heads === id) return place;
  return undefined;
}

/** Whether the text knows a job by its name (its data entry or a group's list), not only by its head word ("merchant navy officer": an office's "officer"). */
export function jobKnownByName(occupation: string): boolean {
  const words = wordsOf(occupation);
  for (let start = 0; start < words.length; start++) {
    const tail = words.slice(start).join(" ");
    if (start > 0 && start === words.length - 1 && knowledge().genericAliases.has(tail)) return false;
    if (knowledge().occupationByName.has(tail) || groups().byOccupation.has(tail)) return true;
  }
  return false;
}

function findWorkGroup(occupation: string): WorkGroup | undefined {
  const index = groups();
  const words = wordsOf(occupation);
  // "Mango pickers" are an orchard's hands, whatever the occupation data makes of a crop's picker (a farmworker).
  const hands = index.byOccupation.has(words.join(" ")) ? undefined : farmHandsOf(words);
  if (hands) return hands;
  for (let start = 0; start < words.length; start++) {
    const tail = words.slice(start).join(" ");
    // "compliance director": a word that names an occupation only on its own ("director", a film director) says nothing after another word; its head may still.
    if (start > 0 && start === words.length - 1 && knowledge().genericAliases.has(tail)) break;
    const known = knowledge().occupationByName.get(tail);
    const byManner = known ? groupByManner(known) : undefined;
    if (byManner) return byManner;
    const named = index.byOccupation.get(tail);
    if (named) return named;
    if (known) {
      const group = index.byOccupation.get(fold(known.name)) ?? index.byIndustry.get(known.industry);
      if (group) return group;
    }
  }
  const head = words[words.length - 1] ?? "";
  const byHead = HEAD_GROUPS.find(([pattern]) => pattern.test(head));
  if (byHead) return textKnowledge().work.find((group) => group.id === byHead[1]);
  return index.fallback;
}

function kindOf(occupation: string | undefined, setting: Setting | undefined, industry: string | undefined): DayKind {
  if (setting) return "setting";
  if (!occupation) return "none";
  if (RETIRED.test(occupation)) return "retired";
  if (SCHOOL.test(occupation)) return "school";
  if (UNIVERSITY.test(occupation)) return "university";
  // A carer paid in an industry ("carers" in health care: home health aides) works; a homemaker or a family's own carer keeps a home.
  if (HOME.test(occupation)) return industry ? "work" : "home";
  if (SEEKING.test(occupation)) return "seeking";
  return "work";
}

/** The climate a city lives in (data/text/places.json explains the order of the rules). */
export function climateZoneOf(country: Country, city: City | undefined, regionName?: string): ClimateZone {
  const places = textKnowledge().places;
  // By country and name: La Paz in Bolivia is high, La Paz in Baja California is a desert port.
  if (city && places.highland_cities.includes(`${country.code}:${city.name}`)) return "highland";
  if (country.climate === "arid") return "arid";
  // A town the gazetteer does not list ("Yountville" in Napa Valley's places) is placed by its region:
  // the region's own climate, else its largest listed city's latitude — not the country's average
  // (which made California's wine country snowy).
  const regionOf = city?.region ?? regionName;
  const region = regionOf ? places.region_zones[`${country.code}:${regionOf}`] : undefined;
  if (region) return region;
  const stand = city ?? (regionName ? country.regions.find((candidate) => candidate.name === regionName)?.cities.find((listed) => listed.latitude !== undefined) : undefined);
  const latitude = Math.abs(stand?.latitude ?? (country.climate === "tropical" ? 10 : country.climate === "subtropical" ? 30 : country.climate === "cold" ? 60 : 45));
  if (latitude < 23.5) return places.monsoon_countries.includes(country.code) ? "monsoon" : "tropical";
  for (const [zone, codes] of Object.entries(places.country_zones) as Array<[ClimateZone, string[]]>) {
    if (!codes.includes(country.code)) continue;
    // A continental country's south is not snowy (Texas, southern China): its latitude decides.
    if (zone === "continental" && latitude < 35) return "subtropical";
    if (zone === "continental" && latitude >= 58) return "nordic";
    return zone;
  }
  if (latitude >= 58) return "nordic";
  if (latitude < 35) return "subtropical";
  return "oceanic";
}

/** Countries whose cities are placed by state or province in prose ("Austin, Texas"). */
const REGION_NAMED = new Set(["US", "CA", "AU", "IN", "BR", "MX"]);
/** Words too common in place names to say a region is named after a city ("Fort", "Saint", "New"). */
const COMMON_PLACE_WORDS = new Set(["city", "saint", "santa", "port", "fort", "mount", "north", "south", "east", "west", "lake", "new", "san", "los", "las"]);

/** Whether a region is named after the city ("New York, New York", "Mexico City, Ciudad de México"): the region says nothing more. */
function namesTheCity(region: string, cityName: string | undefined): boolean {
  if (!cityName) return false;
  // "Idaho Falls", "Oklahoma City": a city named after its state with words of its own is placed by it ("Idaho Falls, Idaho").
  const city = fold(cityName);
  const state = fold(region);
  if (city !== state && city.split(/[^\p{L}]+/u).join(" ").startsWith(`${state.split(/[^\p{L}]+/u).join(" ")} `)) return false;
  const regionWords = new Set(fold(region).split(/[^\p{L}]+/u));
  return fold(region).includes(fold(cityName)) || fold(cityName).split(/[^\p{L}]+/u).some((word) => word.length >= 4 && !COMMON_PLACE_WORDS.has(word) && regionWords.has(word));
}

/** Nations a country is made of, by which people place their cities: "Cardiff, Wales", "Glasgow, Scotland". */
const NATIONS_NAMED = new Set(["GB:England", "GB:Scotland", "GB:Wales", "GB:Northern Ireland"]);

function placeOf(values: Readonly<Record<string, string>>): { country?: Country; city?: City; place?: string } {
  let country: Country | undefined;
  for (const field of ["country", "home_country", "nationality", "location", "region", "city"] as const) {
    const value = values[field];
    // "US", "KR": a code in capitals names its country ("us" in a sentence would not).
    if (value && (country = /^[A-Z]{2}$/.test(value) ? countryByCode(value) : countryNamed(value))) break;
  }
  if (!country) return {};
  const cityName = values.city ?? values.location;
  const city = cityName ? cityOf(country, cityName) : undefined;
  const region = values.region ?? city?.region;
  const countryName = country.nameInProse.replace(/^the /, "");
  // "Cleveland, Ohio" where states and provinces are how people place a city; "Lyon, France" elsewhere.
  const regionNamed = region !== undefined && (REGION_NAMED.has(country.code) || NATIONS_NAMED.has(`${country.code}:${region}`));
  const byRegion = regionNamed && !namesTheCity(region, city?.name);
  // A town the gazetteer does not list ("Aberystwyth" in an area's places) is still where they live.
  const unlisted = !city && cityName && !/^suburbs of /.test(cityName) ? (fold(cityName).includes(fold(countryName)) ? cityName : `${cityName}, ${regionNamed ? region : countryName}`) : undefined;
  const place = city ? (byRegion ? `${city.name}, ${region}` : city.name === countryName ? city.name : `${city.name}, ${countryName}`) : unlisted ?? (region ? `${region}, ${countryName}` : country.nameInProse);
  return { country, ...(city ? { city } : {}), place };
}

/** Places by the values of the fields that say it: a population has a few, asked for every persona. */
const places = new Map<string, { country?: Country; city?: City; place?: string; zone?: ClimateZone }>();
/** Place keys remembered at most (the values are open text); past it the memory starts again. */
const PLACES_REMEMBERED = 10_000;
const PLACE_FIELDS = ["country", "home_country", "nationality", "location", "region", "city"] as const;

/** `placeOf` and the climate of the place, remembered by the place fields' values (a pure function of them over data loaded once). */
function rememberedPlace(values: Readonly<Record<string, string>>): { country?: Country; city?: City; place?: string; zone?: ClimateZone } {
  let key = "";
  // Each value with its length, so no two different sets of values spell one key.
  for (const field of PLACE_FIELDS) {
    const value = values[field];
    key += value === undefined ? "-," : `${value.length}:${value}`;
  }
  let found = places.get(key);
  if (!found) {
    const where = placeOf(values);
    found = where.country ? { ...where, zone: climateZoneOf(where.country, where.city, values.region) } : where;
    if (places.size >= PLACES_REMEMBERED) places.clear();
    places.set(key, found);
  }
  return found;
}

/** The climate a persona lives in, from the fields that place them (none for a setting's people or the unplaced). */
export function climateOf(values: Readonly<Record<string, string>>): ClimateZone | undefined {
  return rememberedPlace(values).zone;
}

/** Whether the city a persona lives in is on a sea coast: "coastal", "inland", or undefined for a town the gazetteer does not list. */
export function seaCoastOf(values: Readonly<Record<string, string>>): "coastal" | "inland" | undefined {
  const city = rememberedPlace(values).city;
  return city === undefined ? undefined : city.coastal ? "coastal" : "inland";
}

/** The fields a persona's place and climate are read from. */
export const PLACE_FIELD_NAMES: readonly string[] = PLACE_FIELDS;

/** Whether a persona works for themselves, remembered by employment and occupation (`occupationOf` reads the occupation's words). */
const selfEmployment = new Map<string, boolean>();

function rememberedWorksForThemselves(values: Readonly<Record<string, string>>, occupation: string | undefined): boolean {
  if (values.employment) return EMPLOYMENT_SELF.test(values.employment);
  // Staff of an organisation the prompt names (an engineer at Siemens) work for it: no practice of their own to start.
  if (values.employer) return false;
  if (occupation === undefined) return false;
  let found = selfEmployment.get(occupation);
  if (found === undefined) {
    found = worksForThemselves(values, occupation);
    if (selfEmployment.size >= WORK_GROUPS_REMEMBERED) selfEmployment.clear();
    selfEmployment.set(occupation, found);
  }
  return found;
}

/** Field names some situation is keyed by (`work_status` of "work_status=looking for work"): only their values are looked up. */
let situationFields: Set<string> | undefined;

function situationsOf(values: Readonly<Record<string, string>>, text: ReturnType<typeof textKnowledge>): Array<{ key: string; text: SituationText }> {
  if (!situationFields) {
    // Every text before an "=" of a key: a field named "a=b" with the value "c" says "a=b=c" too.
    situationFields = new Set();
    for (const key of Object.keys(text.situations)) for (let at = key.indexOf("="); at >= 0; at = key.indexOf("=", at + 1)) situationFields.add(key.slice(0, at));
  }
  const situations: Array<{ key: string; text: SituationText }> = [];
  for (const field in values) {
    if (!Object.hasOwn(values, field) || !situationFields.has(field)) continue;
    const key = `${field}=${values[field]}`;
    const entry = Object.hasOwn(text.situations, key) ? (text.situations[key] as SituationText) : byHeadWord(field, values[field] as string, text.situations);
    if (!entry) continue;
    // A convert chose the faith: written as a convert, not as born into its family.
    const convert = field === "religion" && values.faith_journey === "convert" ? entry.convert : undefined;
    situations.push({ key, text: convert ? { ...convert, ...(entry.absent ? { absent: entry.absent } : {}) } : entry.by_age ? atAge(key, entry, values.age) : entry });
  }
  return situations;
}

/** Situations named by a value's head word, with the value as their noun ("tribal chief" → the chief's, "a tribal chief"). */
const situationsByHead = new Map<string, SituationText | undefined>();

/**
 * A value the data has no entry for, read by its last word when that word has one: a role the
 * understanding names as the prompt says it ("village elder", "clan elder", "paramount chief") lives
 * the head word's situation, and is called what the prompt calls it.
 */
function byHeadWord(field: string, value: string, situations: Readonly<Record<string, SituationText>>): SituationText | undefined {
  const space = value.lastIndexOf(" ");
  if (space < 0) return undefined;
  const key = `${field}=${value}`;
  if (situationsByHead.has(key)) return situationsByHead.get(key);
  const headKey = `${field}=${value.slice(space + 1)}`;
  const head = Object.hasOwn(situations, headKey) ? situations[headKey] : undefined;
  let named: SituationText | undefined;
  if (head) {
    const { noun_female: _female, noun_male: _male, ...rest } = head;
    named = { ...rest, noun: withArticle(value) };
  }
  // Bounded: a caller's categories are not.
  if (situationsByHead.size >= WORK_GROUPS_REMEMBERED) situationsByHead.clear();
  situationsByHead.set(key, named);
  return named;
}

/** Situations as lived at an age, by key and age entry: one object each, so their lists are compiled once. */
const situationsAtAge = new Map<string, SituationText>();

/** A situation lived differently with age (a parent's children are as old as the parent allows): its lists at the persona's age, its own when no entry fits or the age is unknown. */
export function atAge(key: string, entry: SituationText, ageValue: string | undefined): SituationText {
  const age = ageValue === undefined || ageValue === "" ? Number.NaN : Number(ageValue);
  if (!Number.isFinite(age)) return entry;
  const index = (entry.by_age ?? []).findIndex((range) => (range.below !== undefined && age < range.below) || (range.from !== undefined && age >= range.from));
  if (index < 0) return entry;
  const cacheKey = `${key}#${index}`;
  let lived = situationsAtAge.get(cacheKey);
  if (!lived) {
    const { noun, days, worries, joys, goals } = (entry.by_age ?? [])[index] as NonNullable<SituationText["by_age"]>[number];
    // Called otherwise at that age ("a young carer"): the age's noun, for either sex.
    situationsAtAge.set(cacheKey, (lived = noun ? { ...entry, noun, noun_female: undefined, noun_male: undefined, days, worries, joys, goals } : { ...entry, days, worries, joys, goals }));
  }
  return lived;
}

/**
 * `farm`: the kind of farm the prompt names for its farmers (`farmNamedIn`), written for a farmer
 * whose occupation names no crop ("Lentil farmers" read as "farmer").
 */
export function readProfile(values: Readonly<Record<string, string>>, label: string | undefined, farm?: WorkGroup): Profile {
  const data = knowledge();
  const text = textKnowledge();
  const setting = values.setting ? data.settings.find((candidate) => candidate.name === values.setting) : undefined;
  const age = values.age !== undefined && values.age !== "" && Number.isFinite(Number(values.age)) ? Number(values.age) : undefined;
  const occupation = values.occupation ?? values.role ?? values.developer_type ?? (label && !/^(?:person|people)$/i.test(label) ? label : undefined);
  // Someone who lives in an institution and holds no job there (a hospice patient: no occupation drawn) is called by the label, but has no working day.
  const heldWithoutWork = values.occupation === undefined && values.role === undefined && values.developer_type === undefined && values.housing !== undefined && text.situations[`housing=${values.housing}`]?.institution !== undefined;
  const kind = heldWithoutWork ? "none" : kindOf(occupation, setting, values.industry);
  const former = kind === "retired" && occupation ? occupation.replace(/^retired\s+/i, "") : undefined;
  const activity = values.activity ? data.activities.find((candidate) => candidate.name === values.activity) : undefined;
  // Who races in a named event for a living ("Tour de France riders", sailors in a round-the-world yacht race) is written by the event's group, whatever their word for the job.
  const eventGroup = kind === "work" && values.event ? groupForEvent(values.event) : undefined;
  const byName = eventGroup ?? (kind === "work" ? workGroupOf(occupation) : kind === "retired" && former && !RETIRED.test(former) ? workGroupOf(former) : undefined);
  // A farmer of the crop the prompt names works that kind of farm: no herd for a lentil farmer.
  const namedGroup = farm && byName === groups().byOccupation.get("farmer") && GENERIC_FARMER.test((kind === "retired" ? former : occupation) ?? "") ? farm : byName;
  // A job the text knows only by its industry ("fishing boat captain", in fishing) is written by the industry's group, never the office catch-all.
  const industryGroup = namedGroup === groups().fallback && values.industry ? (groups().byIndustry.get(values.industry) ?? namedGroup) : namedGroup;
  // At the workplace the prompt names, by who they are there: its owner, its hands, or another trade working there.
  const worked = kind === "retired" ? former : occupation;
  // A job known only by its head word at a place ("merchant navy officer" on a cargo ship) is the place's, not the head word's office.
  const placed = kind === "work" || kind === "retired" ? groupAtWorkplace(industryGroup, namedGroup === groups().fallback || (worked !== undefined && values.workplace !== undefined && !jobKnownByName(worked)), worked, values) : { group: industryGroup };
  // The catch-all is an office's day (sick calls, emails): a job of a past year the text does not know ("coopers in 1750") has no working day written rather than that one.
  const occupationGroup = placed.group === groups().fallback && Number(values.year) < MODERN_FROM ? undefined : placed.group;
  // Who teaches an activity is written by the activity's kind when a group says so (a yoga instructor is no sports coach).
  const teaching = activity && occupationGroup ? text.work.find((candidate) => candidate.activity_kinds?.includes(activity.kind) && candidate.replaces?.includes(occupationGroup.id)) : undefined;
  // Who teaches or leads an activity for a living ("tango teacher", `teaches` dancing) is written by the group for it: their studio, students and classes.
  const taught = values.teaches && (kind === "work" || kind === "retired") ? teachingGroupOf(kind === "retired" ? former : occupation, values.teaches) : undefined;
  const chosen = ofTheirFaith(taught ?? teaching ?? occupationGroup, kind === "retired" ? former : occupation, values);
  const group = chosen ? groupForManner(chosen, rememberedWorksForThemselves(values, kind === "retired" ? former : occupation)) : undefined;
  const condition = values.condition ? data.conditions.find((candidate) => candidate.name === values.condition) : undefined;
  const ownWork = activity !== undefined && group !== undefined && isWorkOf(activity.name, chosen);
  // An activity that is their work (a fisher's fishing) is the job's, not a pastime beside it: nor is its level ("professional": coaches and competitions) a situation of theirs.
  const written = ownWork ? situationsOf(values, text).filter((entry) => !entry.key.startsWith("level=")) : situationsOf(values, text);
  // The hands of a place are written as its work (a plantation's crews): not as an office's employees, with team meetings and restructuring.
  // Health workers "caring for patients" work with them: the patients are whom they serve, never what they are.
  // Only when the prompt names the health job (its industry a fixed field): patients who happen to be nurses are patients.
  // (a built-in domain names it by its label: no occupation field, the label's job).
  const namedHealthJob = values.industry === "health care" || (values.occupation === undefined && occupation !== undefined && occupationOf(occupation)?.industry === "health care");
  const serves = kind === "work" && values.relationship === "patient" && namedHealthJob ? values.relationship : undefined;
  const situations = placed.as === "hands" ? written.filter((entry) => entry.key !== "relationship=employee") : serves ? written.filter((entry) => entry.key !== `relationship=${serves}`) : written;
  const located = setting ? {} : rememberedPlace(values);
  // A visitor (a pilgrim, a tourist) lives in their country of origin: home, its dishes and its climate are there, the place named is where they are going.
  const passingBy = setting ? undefined : situations.find((entry) => entry.text.passing !== undefined)?.text;
  const visitedFrom = passingBy?.visitor && values.origin_country ? countryNamed(values.origin_country) : undefined;
  const where: { country?: Country; city?: City; place?: string; zone?: ClimateZone } = visitedFrom && visitedFrom.code !== located.country?.code ? { country: visitedFrom, place: visitedFrom.nameInProse, zone: climateZoneOf(visitedFrom, undefined) } : located;
  const settlement = where !== located ? undefined : values.settlement ?? values.area ?? (where.city ? (where.city.population >= 500_000 ? "urban" : where.city.population < 100_000 ? "small town" : undefined) : undefined);
  const origin = values.origin_country ? countryNamed(values.origin_country) : undefined;
  const workplaceValue = values.workplace ?? (values.setting && !setting ? WORKPLACE_PHRASES[values.setting] : undefined);
  // Properties set one by one, not spread from conditional objects: a spread gives each persona's profile a hidden class of its own.
  const profile: Profile = { values, stage: stageOf(age), kind, follows: activity !== undefined && values.relation !== undefined && followsRatherThanPlays(values.relation, activity), situations, variety: setting ? "en-GB" : varietyOf(where.country?.code) };
  if (age !== undefined) profile.age = age;
  if (occupation) profile.occupation = occupation;
  if (former) profile.former = former;
  if (group) profile.group = group;
  // A role the text has no working day for (the catch-all's office) says nothing of what volunteers do in it.
  const volunteerGroup = values.volunteer_role ? workGroupOf(values.volunteer_role) : undefined;
  if (volunteerGroup && volunteerGroup !== groups().fallback) profile.volunteerGroup = volunteerGroup;
  if (setting) {
    profile.setting = setting;
    const life = text.settings[setting.id];
    if (life) profile.settingLife = lifeOfRole(setting.id, life, occupation);
  }
  if (activity && !ownWork) profile.activity = activity;
  if (condition) profile.condition = condition;
  if (where.country) {
    profile.country = where.country;
    profile.zone = where.zone;
  }
  if (where.city) profile.city = where.city;
  // A rural persona's city is the town they live near, not where they live ("rural Iowa" and Mason City): said as such.
  const outside = !setting && where === located && where.city && where.place ? OUTSIDE[settlement ?? ""] : undefined;
  const place = setting ? (values.place ?? values.district ?? setting.places[0]) : outside && where.place ? `${outside} ${where.place}` : where.place;
  if (place !== undefined) profile.place = place;
  if (outside) profile.around = AROUND[settlement ?? ""];
  if (settlement) profile.settlement = settlement;
  // A heritage's birthplace field says who came and who was born here (compose/heritage.ts).
  // A place the gazetteer does not list ("Lourdes") is still where they are going.
  const passedPlace = located.place ?? (setting ? undefined : values.place);
  if (passingBy?.passing && passedPlace) profile.passing = { how: passingBy.passing, place: passedPlace, here: located.city?.name ?? located.country?.nameInProse ?? passedPlace };
  // A people native where they live (Albanians in Kosovo, Hungarians in Transylvania: O2's table) are locals, whatever origin a field gives them: no arrival, nothing missed, no family that came.
  const native = origin !== undefined && where.country !== undefined && nativePeopleOf(origin.code, where.country.code, [values.region, values.area, values.city, values.location].filter((place): place is string => place !== undefined));
  if (origin && origin.code !== where.country?.code && !native) {
    // The second and third generation were born where they live, whether or not a birthplace field says so.
    const bornHere = values.birthplace === undefined ? BORN_HERE_BACKGROUNDS.has(values.family_background ?? "") : values.birthplace !== BORN_ABROAD;
    if (bornHere) profile.heritage = origin;
    else profile.origin = origin;
  }
  if (values.language) profile.language = values.language;
  if (workplaceValue) profile.workplace = workplaceValue;
  if (serves) profile.serves = serves;
  return profile;
}

interface FaithGroups {
  kind: "monastic" | "clergy";
  [faith: string]: string;
}

/** Religious work by faith (data/text/faiths.json), read once. */
let faiths: { words: Map<string, string>; generic: Set<string>; countries: Record<string, Map<string, string>>; groups: Map<string, FaithGroups> } | undefined;

function faithTables() {
  if (!faiths) {
    const countries: Record<string, Map<string, string>> = {};
    for (const [kind, byFaith] of Object.entries(faithsFile.countries)) {
      const byCountry = new Map<string, string>();
      for (const [faith, codes] of Object.entries(byFaith)) for (const code of codes) byCountry.set(code, faith);
      countries[kind] = byCountry;
    }
    faiths = { words: new Map(Object.entries(faithsFile.words)), generic: new Set(faithsFile.generic_clergy.map(fold)), countries, groups: new Map(Object.entries(faithsFile.groups) as Array<[string, FaithGroups]>) };
  }
  return faiths;
}

/** The faith the words name ("Buddhist nun", "Theravada Buddhist", "Orthodox rabbi": Jewish over the Christian "Orthodox"), if any. */
function faithNamedIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const { words } = faithTables();
  let found: string | undefined;
  for (const word of fold(text).split(/[^\p{L}]+/u)) {
    const faith = words.get(word);
    if (faith && (found === undefined || found === "Christian")) found = faith;
  }
  return found;
}

/** Religious work's groups by group, job, religion and country: a population has a few, asked for every persona. */
const groupsOfFaith = new Map<string, WorkGroup>();

/**
 * A religious job written by its faith's places and rites (data/text/faiths.json): a nun in Spain at
 * the chapel, a Buddhist nun in Taiwan at the temple, a priest in India at the temple's shrine. The
 * faith is the job's word, else the persona's religion, else the country's for that kind of worker,
 * else Christianity's; a faith the group has no text for is written with no faith's places.
 */
function ofTheirFaith(group: WorkGroup | undefined, occupation: string | undefined, values: Readonly<Record<string, string>>): WorkGroup | undefined {
  if (!group) return group;
  const tables = faithTables();
  const variants = tables.groups.get(group.id);
  if (!variants) return group;
  const code = rememberedPlace(values).country?.code ?? "";
  const key = `${group.id}|${occupation ?? ""}|${values.religion ?? ""}|${code}`;
  let found = groupsOfFaith.get(key);
  if (!found) {
    const generic = variants.kind === "clergy" && occupation !== undefined && tables.generic.has(fold(occupation));
    const faith = faithNamedIn(occupation) ?? faithNamedIn(values.religion) ?? tables.countries[generic ? "generic_clergy" : variants.kind]?.get(code) ?? "Christian";
    const id = variants[faith] ?? variants["*"];
    found = (id === undefined ? undefined : groupById(id)) ?? group;
    if (groupsOfFaith.size >= WORK_GROUPS_REMEMBERED) groupsOfFaith.clear();
    groupsOfFaith.set(key, found);
  }
  return found;
}

/** The group that writes an event's professional entrants (work.json `events`), if one does. */
function groupForEvent(event: string): WorkGroup | undefined {
  return textKnowledge().work.find((group) => group.events?.includes(event));
}

/** Whether an activity is the work of a group (its `work_activities`): never of the group a teacher of it is given. */
function isWorkOf(activityName: string, group: WorkGroup | undefined): boolean {
  return group?.work_activities?.includes(activityName) === true;
}

const livesOfRoles = new Map<string, SettingLife>();

/**
 * A job the prompt brings into a period that is none of the setting's own roles ("nurses in London in
 * 1850"): its work's days, frustrations, moments and goals, not the setting's shared ones (a barrow in
 * the market, the mill). What the period did not have is left out by the setting's anachronisms.
 */
function jobBroughtIn(settingId: string, occupation: string): SettingLife | undefined {
  const setting = knowledge().settingById.get(settingId);
  const life = textKnowledge().settings[settingId];
  if (!setting || !life) return undefined;
  const own = [...Object.keys(setting.roles), ...(setting.member_roles ?? []), ...(setting.role_aliases ?? [])].map(fold);
  const words = ` ${fold(occupation)} `;
  if (own.some((role) => words.includes(` ${role} `))) return undefined;
  // A role the text has no working day for ("dwarven", a people not a job) lives the setting's life, never the office catch-all's.
  const group = workGroupOf(occupation);
  return group && group !== groups().fallback ? { ...life, days: group.tasks, places: group.workplaces, worries: group.frustrations, moments: group.moments, goals: group.goals } : undefined;
}

/** A setting's life as one of its people lives it: the lists of the first `by_role` entry the role names, the setting's others. */
function lifeOfRole(settingId: string, life: SettingLife, occupation: string | undefined): SettingLife {
  if (!occupation) return life;
  const key = `${settingId}|${occupation}`;
  const known = livesOfRoles.get(key);
  if (known) return known;
  const words = ` ${fold(occupation)} `;
  const entry = life.by_role?.find((candidate) => candidate.roles.some((role) => words.includes(` ${fold(role)} `)));
  const lived: SettingLife = entry ? { ...life, ...Object.fromEntries(Object.entries(entry).filter(([name]) => name !== "roles")) } : (jobBroughtIn(settingId, occupation) ?? life);
  // Bounded: a caller's categories are not.
  if (livesOfRoles.size >= 10_000) livesOfRoles.clear();
  livesOfRoles.set(key, lived);
  return lived;
}
