/**
 * Where people who come from elsewhere come from. A situation or qualifier says so (immigrants,
 * refugees, "foreign nurses"), or the role's own word does ("migrant workers", "guest workers",
 * "au pairs": foreign where they live by definition). Immigrants come from where that destination's
 * immigrants come from (Kuwait's from India, Egypt, Bangladesh; West Germany's in the 1960s from
 * Turkey, Italy, Yugoslavia), never from the host country itself.
 */
import { knowledge, type Country, type Situation } from "../knowledge/index.ts";
import { fold } from "../knowledge/words.ts";
import type { PromptParts, Span } from "../understand/parts.ts";
import { deploymentOf } from "./deployed.ts";

/** The qualifier whose origins a role foreign by its word takes (data/situations.json). */
const FROM_ABROAD = "from-abroad";

export interface Migrant {
  situation: Situation;
  span: Span;
  /** The role whose word makes them foreign ("au pair"), when no situation did. */
  role?: string;
  /** The destination's immigrants only stand in for where people of this role come from (au pairs). */
  standIn?: true;
  /** Where people of this role come from, whatever the destination (UN peacekeepers: the troop contributors). */
  origins?: Readonly<Record<string, number>>;
  /** Where `origins` come from, when not the foreign roles' data (troops deployed in a host). */
  basis?: string;
}

/** Who of the prompt's people come from elsewhere, and by which words; undefined when none do. */
export function migrantOf(parts: PromptParts): Migrant | undefined {
  const situation = parts.situations.find((entry) => entry.situation.origin);
  if (situation) return situation;
  const qualifier = parts.qualifiers.find((entry) => entry.qualifier.origin);
  if (qualifier) return { situation: qualifier.qualifier, span: qualifier.span };
  const data = knowledge();
  for (const role of parts.roles) {
    if (role.kind !== "occupation" && role.kind !== "as-written") continue;
    const word = fold(role.value);
    const fromAbroad = data.qualifiers.find((entry) => entry.id === FROM_ABROAD);
    if (!fromAbroad || !data.foreignRoles.words.has(word)) continue;
    const origins = data.foreignRoles.origins.get(word);
    return { situation: fromAbroad, span: role.span, role: role.value, ...(data.foreignRoles.standIn.has(word) ? { standIn: true as const } : {}), ...(origins ? { origins } : {}) };
  }
  // "Soldiers deployed in Afghanistan": the contributing countries' troops, where the data has the host.
  const deployed = deploymentOf(parts, destinationCountry(parts));
  const fromAbroad = data.qualifiers.find((entry) => entry.id === FROM_ABROAD);
  const soldiers = parts.roles[0];
  if (deployed?.origins && deployed.basis && fromAbroad && soldiers && soldiers.kind !== "general") return { situation: fromAbroad, span: deployed.span, role: soldiers.value, origins: deployed.origins, basis: deployed.basis };
  return undefined;
}

/**
 * Whether the people's origins follow where they live: a situation of the data that says so
 * (immigrants, "foreign nurses"), not one the reading made with origins of its own ("non-native
 * English speakers": immigrants from where English is not spoken, a copy of the immigrants' entry).
 */
export function originsFollowDestination(migrant: Migrant): boolean {
  const data = knowledge();
  return migrant.origins === undefined && migrant.situation.origins_by_destination !== undefined && (data.situations.includes(migrant.situation) || data.qualifiers.includes(migrant.situation));
}

/** The one country the prompt's places are all in, if they are in one. */
export function destinationCountry(parts: PromptParts): Country | undefined {
  const codes = new Set(parts.places.flatMap((place) => (place.kind === "area" ? place.area.countries : [place.country.code])));
  const [code] = codes;
  return codes.size === 1 && code !== undefined ? knowledge().gazetteer.byCode.get(code) : undefined;
}

/**
 * Where the immigrants of a destination come from, by ISO code, with the source: a past period's
 * (before its `until` year), today's migrant stock, or, for the Gulf states, their foreign residents
 * by nationality (citizens left out). Undefined when the data has none for the destination.
 */
export function destinationOrigins(destination: Country, year: number | undefined, who: "migrants" | "refugees" = "migrants"): { codes: Readonly<Record<string, number>>; basis: string } | undefined {
  const data = knowledge();
  if (who === "refugees") {
    const refugees = data.refugeeOrigins.get(destination.code);
    return refugees ? { codes: refugees, basis: `where the refugees ${destination.nameInProse} shelters come from (UNHCR, end of 2022, approximate shares)` } : undefined;
  }
  const past = year === undefined ? undefined : data.migrantOriginsPast[destination.code]?.find((entry) => year <= entry.until);
  if (past) return { codes: past.origins, basis: `the largest origins of immigrants in ${destination.nameInProse} up to ${past.until} (situations data \`migrant_origins_past\`, approximate shares)` };
  const today = data.migrantOrigins.get(destination.code);
  if (today) return { codes: today, basis: `the largest origins of immigrants living in ${destination.nameInProse} (UN DESA International Migrant Stock 2020, approximate shares)` };
  const residents = destination.residentOrigins;
  if (residents) {
    const foreign = Object.fromEntries(Object.entries(residents).filter(([code]) => code !== destination.code));
    if (Object.keys(foreign).length > 0) return { codes: foreign, basis: `the foreign residents of ${destination.nameInProse} by nationality, its citizens left out (countries data \`resident_origins\`, approximate shares)` };
  }
  return undefined;
}

/** Origins by ISO code as weights by country name, the destination itself left out (nobody immigrates to their own country). */
export function originWeightsByName(codes: Readonly<Record<string, number>>, destination: Country | undefined): Record<string, number> {
  const { byCode } = knowledge().gazetteer;
  return Object.fromEntries(Object.entries(codes).filter(([code]) => code !== destination?.code).map(([code, weight]) => [byCode.get(code)?.name ?? code, weight]));
}

/**
 * Where people living in a country whose residents are mostly foreign nationals come from, when the
 * prompt names no origin ("Taxi drivers in Doha", "People in Dubai"): a job held almost only by
 * migrants there takes the migrants' origins (Hong Kong's domestic helpers from the Philippines and
 * Indonesia; Gulf construction workers the foreign residents'), anyone else the residents' by
 * nationality, citizens included. Undefined where the data has neither.
 */
export function residentOrigins(destination: Country, job: string | undefined): { codes: Readonly<Record<string, number>>; basis: string } | undefined {
  const rule = job === undefined ? undefined : knowledge().migrantJobs.find((entry) => entry.countries.includes(destination.code) && entry.jobs.includes(job));
  if (rule && rule.origins !== "residents") return { codes: rule.origins, basis: `${job}s in ${destination.nameInProse} are almost all migrants: their nationalities (situations data \`migrant_jobs\`, approximate)` };
  const residents = destination.residentOrigins;
  if (!residents) return undefined;
  if (rule) return { codes: Object.fromEntries(Object.entries(residents).filter(([code]) => code !== destination.code)), basis: `${job}s in ${destination.nameInProse} are almost all foreign nationals: the foreign residents by nationality, citizens left out (countries data \`resident_origins\`; situations data \`migrant_jobs\`, approximate)` };
  return { codes: residents, basis: `most residents of ${destination.nameInProse} are foreign nationals: residents by nationality, its citizens included (countries data \`resident_origins\`, approximate)` };
}

/** Whether the prompt names the host's own people ("Emirati bankers", "Saudi women"): its demonym or a noun for its people among its words. */
export function namesHostPeople(parts: PromptParts, host: Country): boolean {
  const words = new Set(fold(parts.text).split(/[^\p{L}'-]+/u));
  return [host.demonym, ...host.peopleNouns].some((name) => words.has(fold(name)) || words.has(`${fold(name)}s`));
}
