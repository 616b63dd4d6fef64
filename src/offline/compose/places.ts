/**
 * Where the personas live, from the places the prompt names: a `country` field, a `region` field
 * when the prompt names regions (or an area made of them), and a `city` field below them. Every
 * named place gets an equal share; inside an area or a country, countries and cities are weighted by
 * population. Rural prompts draw towns, not the largest cities; suburban ones the suburbs of large
 * cities. A place the gazetteer does not know is kept as written, never replaced.
 */
import type { Field } from "../../engine/blueprint.ts";
import { COAST_KM, knowledge, type City, type Country } from "../knowledge/index.ts";
import { citiesInPart, PART_OF_SPAN, type CompassPart } from "../knowledge/gazetteer.ts";
import type { PromptParts } from "../understand/parts.ts";
import { fixedField, normalise, round, type Weights } from "./fields.ts";
import { regionCultures, regionNamedApart } from "../names/cultures.ts";
import { citiesNamed } from "../understand/city-within.ts";
import { fold } from "../knowledge/words.ts";

/** One place a persona may live: a country, maybe a region, a city or town, and its share. */
interface Location {
  country: Country;
  region?: string;
  /** None where the gazetteer lists no city in the place (a region of villages, or a gap in the data). */
  city?: string;
  weight: number;
  /** Drawn inland from a place asked for on the coast that has no coastal city listed. */
  offCoast?: true;
}

export interface PlaceComposition {
  fields: Field[];
  /** Countries the personas live in (for names and prose). */
  countries: Country[];
  notes: string[];
  /** Whether the personas live in one country only. */
  single: boolean;
  /** What the places could not honour (where an activity's players live, when the data does not know). */
  unmodelled: string[];
  /** Every city drawn has 100,000 people or more: nobody in these personas lives where farms are. */
  citiesOnly?: true;
}

const CITIES_PER_PLACE = 8;
/** A namesake this large is one a reader may mean instead (the phrase table's smallest cities). */
const NAMESAKE = 100_000;
/** Under this population a place counts as a town (rural prompts). */
const TOWN = 100_000;
/** Rural people's towns are smaller than this, where the gazetteer lists enough of them; where it does not, the size is said to be unmodelled. */
const SMALL_TOWN = 50_000;
/** Places smaller than this are outposts and roadhouses (Australia's Erldunda: 10 people), no one's town. */
const SETTLED_TOWN = 5_000;
/** Fewer towns than this in a place, and its smallest cities are drawn too. */
const MIN_TOWNS = 4;
/** Countries drawn when the prompt names the whole world or no place at all. */
const WORLD_COUNTRIES = 30;
/** Before this year the Americas and Oceania had no people of today's states' languages and names (Columbus 1492, the first colonies after). */
const SETTLED_BY_EUROPEANS = 1500;
const SETTLED_CONTINENTS = new Set(["NA", "SA", "OC"]);
/** From this year today's states are about the world's (decolonisation's new states: Pakistan 1947, Indonesia 1945, Bangladesh 1971, much of Africa 1960). */
const TODAYS_BORDERS_FROM = 1975;

/** Kinds of place whose people live in towns rather than the largest cities. */
const TOWN_SETTLEMENTS = new Set(["rural", "small town", "mountain", "island"]);
/** Kinds of place the gazetteer cannot check a town against (no coastline or terrain data). */
const UNCHECKED_SETTLEMENTS = new Set(["island", "mountain"]);

/** Which of a place's cities to draw: towns or the largest cities (or their suburbs), and whether on the coast. */
interface CityChoice {
  towns: boolean;
  suburbs: boolean;
  coast: boolean;
  /** Places asked for on the coast whose gazetteer cities are all inland (kept, and said). */
  inland: Set<string>;
  /** Places asked for as towns where the gazetteer lists too few: their smallest cities stand in (said). */
  fewTowns: Set<string>;
  /** Places asked for as towns whose smallest listed towns are still large (said). */
  largeTowns: Set<string>;
  /** The population of the smallest city drawn. */
  smallest: number;
  /** Cities and regions the prompt leaves out ("but not in Paris"), folded. */
  excluded: ReadonlySet<string>;
}

/**
 * How gazetteer.citiesInPart chooses a part's cities, in words: those lying toward its side of the
 * middle of their span (at least PART_OF_SPAN of the way to its edge) and bearing more that way than
 * any other; "central" ones near the middle.
 */
function partRule(part: CompassPart, cities: string): string {
  if (part === "central") return `${cities} nearest the middle of their span`;
  const way = part.length > 5 ? `${part.slice(0, 5)}-${part.slice(5)}` : part;
  return `${cities} lying ${way} of the middle of their span (at least ${PART_OF_SPAN * 100}% of the way to its edge, and more ${way} than any other way)`;
}

function citiesFor(allListed: readonly City[], choice: CityChoice, placeName: string, chosenTowns = false): Array<[string, number]> {
  const { towns: inTowns, suburbs, coast, inland, fewTowns, largeTowns, excluded } = choice;
  const listed = excluded.size === 0 ? allListed : allListed.filter((city) => !excluded.has(fold(city.name)) && !(city.region !== undefined && excluded.has(fold(city.region))));
  if (listed.length === 0) return [];
  const onCoast = coast ? listed.filter((city) => city.coastal) : listed;
  if (onCoast.length === 0) inland.add(placeName);
  const cities = onCoast.length > 0 ? onCoast : listed;
  if (inTowns) {
    const towns = cities.filter((city) => city.population < TOWN);
    // Too few towns listed (Tamil Nadu's gazetteer has one) would put a whole state's farmers in one place: the smallest cities join them.
    // A place with no city of TOWN people or more (Bermuda, Tuvalu) is all towns: its few are all it has, no gap to declare.
    if (towns.length < MIN_TOWNS && towns.length < listed.length) fewTowns.add(placeName);
    // Rural people live near a small town, not a regional centre of 90,000: towns of SETTLED_TOWN to SMALL_TOWN
    // people where the gazetteer lists enough (an area's own towns, unlisted, are small by its choosing).
    const small = towns.filter((city) => city.population === 0 || (city.population >= SETTLED_TOWN && city.population < SMALL_TOWN));
    if (small.length >= MIN_TOWNS) return small.slice(0, CITIES_PER_PLACE).map((city) => [city.name, 1]);
    // An area's own list of towns is what the area is known by: its sizes are not the gazetteer's gap.
    if (towns.length >= MIN_TOWNS && !chosenTowns) largeTowns.add(placeName);
    const pool = towns.length >= MIN_TOWNS ? towns : [...cities].sort((a, b) => a.population - b.population).slice(0, MIN_TOWNS + 1);
    return pool.slice(0, CITIES_PER_PLACE).map((city) => [city.name, 1]);
  }
  const largest = cities.slice(0, CITIES_PER_PLACE);
  for (const city of largest) choice.smallest = Math.min(choice.smallest, city.population);
  if (suburbs) return largest.slice(0, 4).map((city) => [`suburbs of ${city.name}`, city.population]);
  return largest.map((city) => [city.name, city.population]);
}

function locationsOfCountry(country: Country, share: number, choice: CityChoice): Location[] {
  const cities = citiesFor(country.cities, choice, country.nameInProse);
  const offCoast = offCoastOf(country.cities, choice);
  if (cities.length === 0) return [country.capital ? { country, city: country.capital, weight: share, ...offCoast } : { country, weight: share, ...offCoast }];
  const total = cities.reduce((sum, [, weight]) => sum + weight, 0);
  return cities.map(([city, weight]) => ({ country, city, weight: (share * weight) / total, ...offCoast }));
}

/**
 * "Northern Ghana", "the north-east of Brazil", "central Spain": the country's main cities in that part
 * of the span of their coordinates (gazetteer.citiesInPart: outlying islands left out, the 5th-95th
 * percentile span, 40% of it) — an approximation of the part the prompt means (said in the notes), not
 * its official regions. With no city there, the whole country is drawn and the part is declared.
 */
function locationsOfCountryPart(country: Country, part: CompassPart, share: number, choice: CityChoice, notes: string[], unmodelled: string[]): Location[] {
  const inPart = citiesInPart(country.cities, part);
  if (inPart.length === 0) {
    unmodelled.push(`the ${partWords(part)} part of ${country.nameInProse}`);
    return locationsOfCountry(country, share, choice);
  }
  notes.push(`The ${partWords(part)} part of ${country.nameInProse}: ${partRule(part, "its main listed cities")} (gazetteer), an approximation of the part, not its official regions.`);
  return locationsOfCountry({ ...country, cities: inPart }, share, choice);
}

/** "north" → "northern", "northeast" → "north-eastern", "central" → "central". */
function partWords(part: CompassPart): string {
  if (part === "central") return part;
  const compass = (word: string) => `${word}ern`;
  return part.length > 5 ? `${compass(part.slice(0, 5))}-${compass(part.slice(5))}`.replace(/^(north|south)ern-/, "$1-") : compass(part);
}

/** Marks the locations of a place asked for on the coast whose listed cities are all inland. */
function offCoastOf(listed: readonly City[], choice: CityChoice): { offCoast?: true } {
  return choice.coast && !listed.some((city) => city.coastal) ? { offCoast: true } : {};
}

function locationsOfRegion(country: Country, regionName: string, share: number, choice: CityChoice, part?: { part: CompassPart; notes: string[]; unmodelled: string[] }): Location[] {
  const region = country.regions.find((candidate) => candidate.name === regionName);
  // "Eastern Montana": the region's main cities in that part (as a country's); none there, the whole region, the part declared.
  const inPart = part ? citiesInPart(region?.cities ?? [], part.part) : [];
  if (part && inPart.length === 0) part.unmodelled.push(`the ${partWords(part.part)} part of ${regionName}`);
  if (part && inPart.length > 0) part.notes.push(`The ${partWords(part.part)} part of ${regionName}: ${partRule(part.part, "its main listed cities")} (gazetteer), an approximation.`);
  const cities = citiesFor(inPart.length > 0 ? inPart : (region?.cities ?? []), choice, regionName);
  const offCoast = offCoastOf(region?.cities ?? [], choice);
  // A region's name is no city: with none listed, the personas have a region and no city.
  if (cities.length === 0) return [{ country, region: regionName, weight: share, ...offCoast }];
  const total = cities.reduce((sum, [, weight]) => sum + weight, 0);
  return cities.map(([city, weight]) => ({ country, region: regionName, city, weight: (share * weight) / total, ...offCoast }));
}

/**
 * `impliedSettlement` is the kind of place the role implies when the prompt names none (farmers and
 * herders live in the country): it picks towns over cities but adds no field of its own.
 */
/** Where refugees live in camps, or the job the prompt names is done in one ("aid workers in refugee camps"). */
function inRefugeeCamps(parts: PromptParts): boolean {
  return parts.situations.some(({ situation }) => situation.id === REFUGEE_CAMP) || parts.workplace?.value === REFUGEE_CAMP_WORKPLACE;
}

const REFUGEE_CAMP = "refugee-camp";
/** terms.json's workplace whose residents are the refugee-camp situation's. */
const REFUGEE_CAMP_WORKPLACE = "a refugee camp";

/**
 * A country's refugee camps (gazetteer `refugeeCamps`: Kakuma and Dadaab in Kenya, Zaatari in
 * Jordan; UNHCR), each an equal share; a country the data has none for keeps its own places, and
 * the camps' places are said not to be modelled.
 */
function locationsOfCamps(country: Country, share: number, notes: string[], unmodelled: string[], choice: CityChoice): Location[] {
  const camps = country.refugeeCamps ?? [];
  if (camps.length === 0) {
    unmodelled.push(`where the refugee camps of ${country.nameInProse} are`);
    return locationsOfCountry(country, share, choice);
  }
  notes.push(`Refugee camps in ${country.nameInProse}: ${camps.map((camp) => camp.name).join(", ")} (gazetteer, UNHCR), an equal share each.`);
  return camps.map((camp) => ({ country, ...(camp.region ? { region: camp.region } : {}), city: camp.name, weight: share / camps.length }));
}

export function composePlaces(parts: PromptParts, impliedSettlement?: string): PlaceComposition {
  const { gazetteer } = knowledge();
  const settlement = parts.settlement?.value ?? impliedSettlement;
  // "coastal villages": the coast is kept as the field, the villages choose towns.
  const towns = (settlement !== undefined && TOWN_SETTLEMENTS.has(settlement)) || parts.settlement?.towns === true;
  const choice: CityChoice = { towns, suburbs: settlement === "suburban" && !towns, coast: settlement === "coastal", inland: new Set(), fewTowns: new Set(), largeTowns: new Set(), smallest: Infinity, excluded: new Set((parts.excludedPlaces ?? []).map(fold)) };
  const notes: string[] = [];
  const fields: Field[] = [];
  const unmodelled: string[] = [];

  if (parts.places.length === 0 && parts.unknownPlaces.length > 0) {
    const names = parts.unknownPlaces.map((span) => span.text);
    notes.push(`The place${names.length > 1 ? "s" : ""} ${names.map((name) => `"${name}"`).join(", ")} ${names.length > 1 ? "are" : "is"} not in the gazetteer: kept as written in \`place\` and listed in \`unmodelled\`; no country, city or naming culture is inferred for ${names.length > 1 ? "them" : "it"}.`);
    fields.push(names.length === 1 ? fixedField("place", "Place", names[0] as string, "where they live, as the prompt names it (not in the gazetteer)") : { name: "place", kind: "categorical", label: "Place", description: "where they live, as the prompt names it (not in the gazetteer)", parents: [], categorical: { weights: normalise(Object.fromEntries(names.map((name) => [name, 1]))) }, conditionals: [] });
    if (parts.settlement) fields.push(fixedField("settlement", "Settlement", parts.settlement.value, "kind of place, as the prompt says"));
    return { fields, countries: [], notes, single: true, unmodelled: [] };
  }

  if (parts.places.length === 0 && parts.workplace?.named) {
    // One named institution is one place, but not one we can locate: drawing the world's countries
    // would scatter its students or staff over it.
    notes.push(`"${parts.workplace.value}" is not in the gazetteer: no country, city or naming culture is inferred for it (listed in \`unmodelled\`).`);
    return { fields: [], countries: [], notes, single: true, unmodelled: [] };
  }

  const locations: Location[] = [];
  const share = 1 / Math.max(1, parts.places.length);
  for (const place of parts.places) {
    if (place.kind === "country" && place.part) locations.push(...locationsOfCountryPart(place.country, place.part, share, choice, notes, unmodelled));
    else if (place.kind === "country" && inRefugeeCamps(parts)) locations.push(...locationsOfCamps(place.country, share, notes, unmodelled, choice));
    else if (place.kind === "country") locations.push(...locationsOfCountry(place.country, share, choice));
    else if (place.kind === "region") locations.push(...locationsOfRegion(place.country, place.region.name, share, choice, place.part ? { part: place.part, notes, unmodelled } : undefined));
    else if (place.kind === "city") {
      const city = choice.suburbs ? `suburbs of ${place.city.name}` : place.city.name;
      locations.push({ country: place.country, ...(place.city.region ? { region: place.city.region } : {}), city, weight: share });
    } else {
      const area = place.area;
      const countries = area.countries.map((code) => gazetteer.byCode.get(code)).filter((country): country is Country => Boolean(country));
      const chosen = onTheCoast(area.countries.length > WORLD_COUNTRIES && !area.places && !area.regions ? countries.slice(0, WORLD_COUNTRIES) : countries, choice, (country) => area.places?.[country.code] !== undefined || area.regions?.[country.code] !== undefined);
      // Lake Geneva's shores are mostly Swiss: an area that lists its places in every country weighs them by those places' people (gazetteer countryWeights), else by the countries' people.
      const weight = (country: Country) => area.countryWeights?.[country.code] ?? country.populationMillions;
      const population = chosen.reduce((sum, country) => sum + weight(country), 0);
      for (const country of chosen) {
        const countryShare = (share * weight(country)) / population;
        const named = area.places?.[country.code];
        const regions = area.regions?.[country.code];
        const namedRegion = area.region ? area.name : area.places_region;
        if (named) {
          // An area known by its cities ("England"): the kind of place chooses among them, each an equal share.
          const listed = named.map((name): City => country.cities.find((city) => city.name === name) ?? { name, country: country.code, population: 0, latitude: 0, ...(area.coast?.includes(name) ? { coastal: true } : {}) });
          // "The north-east of England": the area's listed cities in that part; none there, all of them, the part declared.
          const inPart = place.part ? citiesInPart(listed.filter((city) => city.population > 0), place.part) : [];
          if (place.part && inPart.length === 0) unmodelled.push(`the ${partWords(place.part)} part of ${area.name}`);
          if (place.part && inPart.length > 0) notes.push(`The ${partWords(place.part)} part of ${area.name}: ${partRule(place.part, "its listed cities")} (gazetteer), an approximation.`);
          const inArea = inPart.length > 0 ? inPart : listed;
          const cities = settlement !== undefined ? citiesFor(inArea, choice, area.name, true).map(([name]) => name) : inArea.map((city) => city.name);
          for (const city of cities) locations.push({ country, ...(namedRegion ? { region: namedRegion } : {}), city, weight: countryShare / cities.length });
        }
        else if (regions) for (const region of regions) locations.push(...locationsOfRegion(country, region, countryShare / regions.length, choice, place.part ? { part: place.part, notes, unmodelled } : undefined));
        else if (place.part) locations.push(...locationsOfCountryPart(country, place.part, countryShare, choice, notes, unmodelled));
        else locations.push(...locationsOfCountry(country, countryShare, choice));
      }
      if (chosen.length < area.countries.length && !choice.coast) notes.push(`"${place.span.text}" is drawn from the ${WORLD_COUNTRIES} most populous countries, weighted by population (UN WPP 2022).`);
    }
  }
  dropPlacesOffTheCoast(locations, choice, parts, notes, unmodelled);
  const activity = parts.activities[0]?.activity;
  if (locations.length === 0 && activity?.player_countries) {
    // No place named, but the people are defined by an activity whose players the data places.
    const { shares, basis } = activity.player_countries;
    const total = Object.values(shares).reduce((sum, share) => sum + share, 0);
    for (const [code, share] of Object.entries(shares)) {
      const country = gazetteer.byCode.get(code);
      if (country) locations.push(...locationsOfCountry(country, share / total, choice));
    }
    notes.push(`The prompt names no place: personas live where ${activity.name} is played (${basis}), in each country's largest cities.`);
  }
  if (locations.length === 0) {
    // No place named: the world's most populous countries, by population — before European settlement,
    // none in the Americas or Oceania as today's states (no New Yorkers in 1300).
    const year = parts.when?.year;
    const settled = year !== undefined && year < SETTLED_BY_EUROPEANS ? gazetteer.countries.filter((country) => !SETTLED_CONTINENTS.has(country.continent)) : gazetteer.countries;
    const countries = onTheCoast(settled.slice(0, WORLD_COUNTRIES), choice);
    // Today's states, borders and population shares stand in for a past year's: said, not passed off as that year's.
    if (year !== undefined && year < TODAYS_BORDERS_FROM) {
      notes.push(`The prompt sets the year ${year} and names no place: today's countries, borders and population shares stand in for that year's${settled !== gazetteer.countries ? ", leaving out the Americas and Oceania before European settlement" : ""} (an assumption).`);
      unmodelled.push(`the countries and borders of ${year}`);
    }
    const population = countries.reduce((sum, country) => sum + country.populationMillions, 0);
    for (const country of countries) locations.push(...locationsOfCountry(country, country.populationMillions / population, choice));
    notes.push(`The prompt names no place: personas are spread over the ${WORLD_COUNTRIES} most populous countries by population (UN World Population Prospects 2022) and their largest cities${countries.length < WORLD_COUNTRIES ? ", leaving out those with no city on the coast (the coast is asked for)" : ""}.`);
    // People defined by an activity live where it is played; without data on that, world population stands in, and the blueprint says so.
    if (activity) {
      // Games are played; mountaineering, yoga or knitting are taken up.
      const done = activity.kind === "platform" ? "used" : activity.kind === "fandom" ? "followed" : ["video game", "board game", "tabletop game"].includes(activity.kind) ? "played" : "taken up";
      const who = activity.kind === "platform" ? "users" : activity.kind === "fandom" ? "fans" : "players";
      notes.push(`The activity data has no ${who.slice(0, -1)} geography for ${activity.name}: countries follow world population, not where its ${who} live (listed in \`unmodelled\`).`);
      unmodelled.push(`where ${activity.name} is ${done}`);
    }
  }

  const countryWeights: Weights = {};
  for (const location of locations) countryWeights[location.country.name] = (countryWeights[location.country.name] ?? 0) + location.weight;
  const countries = [...new Set(locations.map((location) => location.country))];
  fields.push({ name: "country", kind: "categorical", label: "Country", description: "country they live in", parents: [], categorical: { weights: normalise(countryWeights) }, conditionals: [] });

  const withRegions = locations.every((location) => location.region !== undefined) && parts.places.some((place) => place.kind === "region" || (place.kind === "area" && (place.area.regions || place.area.region || place.area.places_region)));
  const cityParent = withRegions ? "region" : "country";
  if (withRegions) {
    fields.push({
      name: "region", kind: "categorical", label: "Region", description: "state, province or region they live in", parents: ["country"],
      conditionals: countries.map((country) => ({ when: { country: country.name }, categorical: { weights: normalise(sumBy(locations.filter((location) => location.country === country), (location) => location.region as string)) } })),
    });
  }
  const parentValues = withRegions ? [...new Set(locations.map((location) => location.region as string))] : countries.map((country) => country.name);
  // Mountain and island towns are where people live, not the "nearest town" of a rural home.
  const rural = towns && settlement !== "mountain" && settlement !== "island" && parts.places.some((place) => place.kind !== "city");
  const withoutCities = [...new Set(locations.filter((location) => location.city === undefined).map((location) => location.region ?? location.country.name))];
  if (withoutCities.length > 0) {
    // Drawing a city for some places and none for others would make the field lie about the rest.
    notes.push(`The gazetteer lists no city in ${withoutCities.join(", ")}: the personas have no \`city\` field (listed in \`unmodelled\`).`);
    unmodelled.push(...withoutCities.map((place) => `the cities and towns of ${place}`));
  } else fields.push({
    name: "city", kind: "categorical", label: rural ? "Nearest town" : "City", description: rural ? "the town nearest their home (the prompt asks for rural places)" : "city or town they live in", parents: [cityParent],
    conditionals: parentValues.map((value) => ({
      when: { [cityParent]: value },
      categorical: { weights: normalise(sumBy(locations.filter((location) => (withRegions ? location.region : location.country.name) === value), (location) => location.city as string)) },
    })),
  });
  if (parts.settlement) fields.push(fixedField("settlement", "Settlement", parts.settlement.value, "kind of place they live in, as the prompt says"));
  if (!parts.settlement && impliedSettlement && parts.places.some((place) => place.kind !== "city")) notes.push(`Their work is outside cities, so places are towns of under 100,000 people rather than the largest cities (an assumption).`);

  const unchecked = UNCHECKED_SETTLEMENTS.has(parts.settlement?.value ?? "") && parts.places.some((place) => place.kind !== "city");
  // An area by its own name ("Tibetan" is Tibet, "around the globe" the world).
  const named = parts.places.map((place) => (place.kind === "area" ? place.area.name : place.kind === "country" && place.impliedBy ? `${place.country.nameInProse} (no place named: ${place.impliedBy})` : `"${place.span.text}"`)).join(", ");
  if (named) {
    notes.push(
      `Everyone lives in ${named}` +
        (rural ? ", in towns of under 100,000 people (gazetteer populations)" : choice.suburbs ? ", in the suburbs of its largest cities" : "") +
        `; ${parts.places.length > 1 ? "each named place has an equal share; " : ""}countries and cities are weighted by population (UN WPP 2022; city-timezones after Natural Earth).` +
        (choice.coast && choice.inland.size === 0 ? `; on the coast: cities within ${COAST_KM} km of the sea (Natural Earth 1:10m land outline)` : "") +
        (unchecked ? ` "${parts.settlement?.span.text}" is kept as a fixed field; the gazetteer has no terrain data and does not know which towns are on islands, so towns are not filtered by it (listed in \`unmodelled\`).` : ""),
    );
  }
  if (choice.coast && choice.inland.size > 0 && parts.settlement) {
    const inland = [...choice.inland];
    notes.push(`The gazetteer lists no city on the coast in ${inland.join(", ")}: their cities are drawn without it (listed in \`unmodelled\`).`);
    unmodelled.push(`${parts.settlement.span.text} (${inland.join(", ")})`);
  }
  if (choice.fewTowns.size > 0 && parts.settlement) {
    const places = [...choice.fewTowns];
    notes.push(`The gazetteer lists fewer than ${MIN_TOWNS} towns of under ${TOWN.toLocaleString("en")} people in ${places.join(", ")}: its smallest listed cities stand in (listed in \`unmodelled\`).`);
    unmodelled.push(`towns of ${places.join(", ")} (fewer than ${MIN_TOWNS} listed)`);
  }
  if (choice.largeTowns.size > 0) {
    const places = [...choice.largeTowns].filter((place) => !choice.fewTowns.has(place));
    if (places.length > 0) {
      notes.push(`The gazetteer lists fewer than ${MIN_TOWNS} towns of ${SETTLED_TOWN.toLocaleString("en")} to ${SMALL_TOWN.toLocaleString("en")} people in ${places.join(", ")}: its towns of up to ${TOWN.toLocaleString("en")} stand in for the small places rural people live near, whose size is not modelled (listed in \`unmodelled\`).`);
      unmodelled.push(...places.map((place) => `the size of rural places in ${place}`));
    }
  }
  if (unchecked && parts.settlement) unmodelled.push(parts.settlement.span.text);
  // "Valencia" alone is the largest Valencia (Venezuela's): the rationale says which, and how to mean another.
  for (const place of parts.places) {
    if (place.kind !== "city" || place.namedWithin || place.byDemonym) continue;
    const others = citiesNamed(place.city.name).filter((city) => city !== place.city && city.population >= NAMESAKE && (city.country !== place.city.country || city.region !== place.city.region));
    const countryName = (city: City) => gazetteer.byCode.get(city.country)?.name ?? city.country;
    const where = (city: City) => `${city.name}${city.region && city.region !== city.name ? `, ${city.region}` : ""} (${countryName(city)})`;
    const other = others[0];
    if (other) notes.push(`"${place.span.text}" is read as ${where(place.city)}, the largest city of the name; the gazetteer also lists ${others.slice(0, 3).map(where).join("; ")}, meant when the prompt names its place ("${other.name}, ${other.country === place.city.country && other.region ? other.region : countryName(other)}").`);
  }
  for (const place of parts.places) if (place.kind === "city" && place.unlisted) notes.push(`"${place.span.text}": the gazetteer lists no ${place.city.name} there; the city is kept as written, its size and coast unknown (listed in \`unmodelled\`).`);
  if (parts.unknownPlaces.length > 0) notes.push(`Not recognised as places and listed in \`unmodelled\`: ${parts.unknownPlaces.map((span) => `"${span.text}"`).join(", ")}.`);
  namesOfRegionsNamedApart(parts, notes, unmodelled);
  const citiesOnly = !towns && fields.some((field) => field.name === "city") && choice.smallest >= TOWN;
  // Said once: a place can be both off the coast and short of towns ("Fishermen (the Great Lakes)" twice).
  return { fields, countries, notes, single: countries.length === 1, unmodelled: [...new Set(unmodelled)], ...(citiesOnly ? { citiesOnly: true as const } : {}) };
}

/**
 * Places named together where some have a coast and some none ("fishermen in Mali and Senegal", New
 * England's states for lobstermen): work on the coast is drawn from those with one, and the others
 * are said once, rather than drawn inland under a "coastal" settlement (Kita, Montpelier).
 */
function dropPlacesOffTheCoast(locations: Location[], choice: CityChoice, parts: PromptParts, notes: string[], unmodelled: string[]): void {
  if (!choice.coast || !parts.settlement || !locations.some((location) => location.offCoast) || locations.every((location) => location.offCoast)) return;
  const dropped = [...new Set(locations.filter((location) => location.offCoast).map((location) => location.region ?? location.country.nameInProse))];
  const kept = locations.filter((location) => !location.offCoast);
  locations.splice(0, locations.length, ...kept);
  for (const place of dropped) for (const said of [choice.inland, choice.fewTowns, choice.largeTowns]) said.delete(place);
  notes.push(`The gazetteer lists no city on the sea coast in ${dropped.join(", ")}: work on the coast is drawn from the places named that have one (listed in \`unmodelled\`).`);
  unmodelled.push(`${parts.settlement.span.text} (no sea coast in ${dropped.join(", ")})`);
}

/**
 * The countries of a mix (an area, the world) that have a coast to live on, when the prompt asks for
 * the coast: a landlocked country's share goes to the others, rather than its inland capital drawn
 * for "dock workers" ("Port Nowhere": Addis Ababa). Countries listed by their own places stay; the
 * mix is kept whole when none has a coastal city.
 */
function onTheCoast(countries: Country[], choice: CityChoice, ownPlaces: (country: Country) => boolean = () => false): Country[] {
  if (!choice.coast) return countries;
  const coastal = countries.filter((country) => ownPlaces(country) || country.cities.some((city) => city.coastal));
  return coastal.length > 0 ? coastal : countries;
}

function sumBy<T>(items: readonly T[], key: (item: T) => string): Weights {
  const weights: Weights = {};
  for (const item of items) {
    const name = key(item);
    weights[name] = round((weights[name] ?? 0) + (item as { weight: number }).weight, 8);
  }
  return weights;
}

/**
 * Kerala's Malayalam names, Scotland's own family names: a region named its own way, which the name
 * lists do not hold, is said to be named as its country is. A region may go by several names: an
 * area's own and the regions it is made of ("the Basque Country": País Vasco), a city's gazetteer
 * region (a council area: "Swansea") and the regions in their own right that list the city (Wales).
 */
export function namesOfRegionsNamedApart(parts: PromptParts, notes: string[], unmodelled: string[]): void {
  for (const place of parts.places) {
    const code = place.kind === "area" ? place.area.countries[0] : place.country.code;
    const names = place.kind === "region" ? [place.region.name]
      : place.kind === "city" ? [place.city.region, ...knowledge().gazetteer.areas.filter((area) => area.region && area.places?.[place.country.code]?.includes(place.city.name)).map((area) => area.name)]
      : place.kind === "area" && place.area.countries.length === 1 ? [place.area.name, ...(place.area.regions?.[code as string] ?? [])] : [];
    const region = code ? names.find((name): name is string => name !== undefined && regionNamedApart(code, name) !== undefined) : undefined;
    const basis = region && code ? regionNamedApart(code, region) : undefined;
    if (!basis || !region || !code || unmodelled.includes(`dishes of ${region}`)) continue;
    // A people with a language or tradition of its own cooks its own dishes too (Kerala's are not the
    // north's aloo paratha): the dishes data is by country, and that is said as well. Where the name
    // lists now hold the region's own names (names.json region_names), only the dishes are unmodelled.
    if (regionCultures(code, region)) {
      unmodelled.push(`dishes of ${region}`);
      notes.push(`People of ${region} carry names of their own, which the name lists hold (${basis}), and cook its dishes, which the data holds by country only (listed in \`unmodelled\`).`);
      continue;
    }
    unmodelled.push(`names in ${region}`, `dishes of ${region}`);
    notes.push(`People of ${region} mostly carry names of their own that the name lists do not hold (${basis}): they are named as the rest of their country is, and cook its dishes, which the data holds by country only (both listed in \`unmodelled\`).`);
  }
}
