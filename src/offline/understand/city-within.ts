/**
 * "Valencia, Spain", "Cambridge, Massachusetts", "London, Ontario", "Perth, Scotland": a city named
 * with the region, area or country it is in is the city of that name there, not the largest city of
 * the name elsewhere, and the place after the comma only says where it is (it is no second home).
 */
import { knowledge, type City, type Country } from "../knowledge/index.ts";
import { fold } from "../knowledge/words.ts";
import type { PlaceReading, PromptParts, Span } from "./parts.ts";

/** Only a comma between a name and the place that says where it is. */
const QUALIFYING = /^\s*,\s*$/;

let citiesByName: Map<string, City[]> | undefined;

/** Every gazetteer city of a name, whatever its size (the phrase table keeps only large ones), largest first. */
export function citiesNamed(name: string): City[] {
  if (!citiesByName) {
    citiesByName = new Map();
    for (const country of knowledge().gazetteer.countries) {
      for (const city of country.cities) {
        const key = fold(city.name);
        citiesByName.set(key, [...(citiesByName.get(key) ?? []), city]);
      }
    }
    for (const cities of citiesByName.values()) cities.sort((a, b) => b.population - a.population || a.country.localeCompare(b.country));
  }
  return citiesByName.get(fold(name)) ?? [];
}

/** Whether the city lies in the place (an area by the cities or regions it lists, or its one country when it lists none there). */
function within(city: City, place: PlaceReading): boolean {
  if (place.kind === "country") return city.country === place.country.code;
  if (place.kind === "region") return city.country === place.country.code && city.region === place.region.name;
  if (place.kind === "area") {
    if (!place.area.countries.includes(city.country)) return false;
    const listed = place.area.places?.[city.country];
    const regions = place.area.regions?.[city.country];
    if (!listed && !regions) return true;
    return Boolean(listed?.some((name) => fold(name) === fold(city.name)) || regions?.some((region) => region === city.region));
  }
  return false;
}

/** The one country a place is in, when it is in one. */
function countryOf(place: PlaceReading): Country | undefined {
  if (place.kind === "area") return place.area.countries.length === 1 ? knowledge().gazetteer.byCode.get(place.area.countries[0] as string) : undefined;
  return place.country;
}

/**
 * The city of that name in the place: the gazetteer's largest there; else, in an area of one
 * country, that country's largest of the name; else none is listed there and the prompt's word is
 * kept as the city's name (`unlisted`), in the place's country and region.
 */
function cityIn(name: string, place: PlaceReading): { city: City; unlisted: boolean } | undefined {
  const namesakes = citiesNamed(name);
  const country = countryOf(place);
  if (!country || place.kind === "city") return undefined;
  const inside = namesakes.find((city) => within(city, place)) ?? (place.kind === "area" ? namesakes.find((city) => city.country === country.code) : undefined);
  if (inside) return { city: inside, unlisted: false };
  const region = place.kind === "region" ? place.region.name : place.kind === "area" && place.area.region ? place.area.name : undefined;
  // Its latitude (for the seasons) is its region's largest city's, or its country's.
  const near = (place.kind === "region" ? place.region.cities[0] : undefined) ?? country.cities[0];
  return { city: { name, country: country.code, population: 0, latitude: near?.latitude ?? 0, ...(near ? { longitude: near.longitude } : {}), ...(region ? { region } : {}) }, unlisted: true };
}

function placeAfter(parts: PromptParts, text: string, end: number): PlaceReading | undefined {
  return parts.places.find((place) => place.span.start >= end && QUALIFYING.test(text.slice(end, place.span.start)));
}

function joined(text: string, first: Span, second: Span): Span {
  return { start: first.start, end: second.end, text: text.slice(first.start, second.end) };
}

/**
 * Reads "City, Place" as one city: the city read by name (the largest of the name anywhere) and the
 * names of places the gazetteer did not know, each followed by a comma and a place, become the city
 * of that name in that place. Returns the names kept as written (no gazetteer city of the name there).
 */
export function readCitiesWithinNamedPlaces(parts: PromptParts, text: string): string[] {
  const unlisted: string[] = [];
  const qualifiers = new Set<PlaceReading>();
  const cityOfName = (name: string, span: Span, qualifier: PlaceReading): PlaceReading | undefined => {
    const found = cityIn(name, qualifier);
    const country = found && knowledge().gazetteer.byCode.get(found.city.country);
    if (!found || !country) return undefined;
    if (found.unlisted) unlisted.push(name);
    qualifiers.add(qualifier);
    return { kind: "city", city: found.city, country, span: joined(text, span, qualifier.span), namedWithin: true, ...(found.unlisted ? { unlisted: true as const } : {}) };
  };
  const read = parts.places.map((place) => {
    // "Newmarket, Ontario": an area of one town (England's Newmarket) named with a place elsewhere is the town of that name there.
    if (place.kind === "area") {
      const towns = Object.values(place.area.places ?? {}).flat();
      const qualifier = towns.length === 1 ? placeAfter(parts, text, place.span.end) : undefined;
      if (!qualifier || qualifier.kind === "city") return place;
      // "Newmarket, England": the place after the comma only says where the town is.
      if (place.area.countries.includes(countryOf(qualifier)?.code ?? "")) {
        qualifiers.add(qualifier);
        return place;
      }
      return cityOfName(place.span.text, place.span, qualifier) ?? place;
    }
    if (place.kind !== "city" || place.byDemonym) return place;
    const qualifier = placeAfter(parts, text, place.span.end);
    if (!qualifier || qualifier.kind === "city") return place;
    // "Austin, Texas", "Glasgow, Scotland": the place after the comma only says where the city is.
    if (within(place.city, qualifier)) {
      qualifiers.add(qualifier);
      return { ...place, namedWithin: true as const };
    }
    return cityOfName(place.city.name, place.span, qualifier) ?? place;
  });
  parts.unknownPlaces = parts.unknownPlaces.filter((span) => {
    const qualifier = placeAfter(parts, text, span.end);
    const city = qualifier && qualifier.kind !== "city" ? cityOfName(span.text, span, qualifier) : undefined;
    if (city) read.push(city);
    return !city;
  });
  parts.places = read.filter((place) => !qualifiers.has(place));
  return unlisted;
}
