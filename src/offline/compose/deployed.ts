/**
 * Armed forces abroad. "Soldiers deployed in Afghanistan", "Troops on deployment in Mali": a military
 * job with a word of deployment are the contributing countries' people stationed in the host, never
 * the host's own (situations data `deployments`, by host). "US Marines in Okinawa", "British troops
 * in Estonia": a country named beside a place in another country is where they come from.
 */
import { knowledge, type Country } from "../knowledge/index.ts";
import { fold } from "../knowledge/words.ts";
import type { PlaceReading, PromptParts, Span } from "../understand/parts.ts";

/** Whether one of the prompt's roles is a military job (occupation data industry `military`). */
export function military(parts: PromptParts): boolean {
  return parts.roles.some((role) => role.kind === "occupation" && role.occupation.industry === "military");
}

/** The prompt's span of a word of deployment ("deployed", "expeditionary"), if any. */
function deploymentWords(parts: PromptParts): Span | undefined {
  const text = fold(parts.text);
  for (const words of knowledge().deployments.words) {
    const match = new RegExp(`(?<![\\p{L}])${fold(words).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}])`, "u").exec(text);
    if (match) return { start: match.index, end: match.index + match[0].length, text: parts.text.slice(match.index, match.index + match[0].length) };
  }
  return undefined;
}

export interface Deployment {
  /** The prompt's words that say they are deployed. */
  span: Span;
  host: Country;
  /** The contributing countries by ISO code, when the data has the host; else where they come from is declared. */
  origins?: Readonly<Record<string, number>>;
  basis?: string;
}

/** Soldiers the prompt deploys to a host ("Troops deployed in Mali"), with where such troops come from. */
export function deploymentOf(parts: PromptParts, host: Country | undefined): Deployment | undefined {
  if (!host || parts.origins.length > 0 || !military(parts)) return undefined;
  const span = deploymentWords(parts);
  if (!span) return undefined;
  const entry = knowledge().deployments.hosts[host.code];
  if (!entry) return { span, host };
  const foreign = Object.fromEntries(Object.entries(entry.origins).filter(([code]) => code !== host.code));
  return { span, host, origins: foreign, basis: `the countries whose forces were deployed in ${host.nameInProse} (${entry.years[0]}-${entry.years[1]}), by their approximate shares of the foreign troops there (situations data \`deployments\`)` };
}

function countryOf(place: PlaceReading): string | undefined {
  return place.kind === "area" ? (place.area.countries.length === 1 ? place.area.countries[0] : undefined) : place.country.code;
}

/**
 * "US Marines in Okinawa", "British troops in Estonia" read as two places: a military job with a
 * country named first and a place in another country after it serve abroad — the country is their
 * origin, the other place where they are stationed. Other prompts are returned as they are.
 */
export function sendingCountryAsOrigin(parts: PromptParts): PromptParts {
  if (parts.origins.length > 0 || parts.places.length < 2 || !military(parts)) return parts;
  const [first, ...rest] = parts.places;
  if (!first || first.kind !== "country") return parts;
  const elsewhere = rest.filter((place) => countryOf(place) !== first.country.code);
  if (elsewhere.length === 0 || elsewhere.length !== rest.length) return parts;
  return { ...parts, places: rest, origins: [{ country: first.country, span: first.span }] };
}

/**
 * Whether the people are soldiers serving in a country not their own: deployed there (`deployed`),
 * or from a country the prompt names that is not where they are ("American soldiers in Iraq").
 */
export function servesAbroad(parts: PromptParts, host: Country | undefined, deployed: boolean): boolean {
  if (!host || !military(parts)) return false;
  return deployed || (parts.origins.length > 0 && parts.origins.every((origin) => origin.country.code !== host.code));
}
