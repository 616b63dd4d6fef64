/**
 * A setting or era: its fixed fields (setting, year), where its people live (its own places, or
 * the prompt's real places when the setting has them there), the roles its people hold, and its
 * ages and share of women. Fantasy and science fiction have no modern countries; historical
 * settings name places as they were then ("Londinium", "Port Royal, Jamaica").
 */
import type { Field } from "../../engine/blueprint.ts";
import type { Setting } from "../knowledge/index.ts";
import { countryNamed } from "../knowledge/index.ts";
import { fold } from "../knowledge/words.ts";
import type { PromptParts, WhenReading } from "../understand/parts.ts";
import type { AgeRange } from "./ages.ts";
import { categoricalField, fixedField, uniform, type Weights } from "./fields.ts";

export interface SettingComposition {
  setting: Setting;
  fields: Field[];
  notes: string[];
  /** What the setting stands in for without covering it (a year outside its span). */
  unmodelled: string[];
  /** The roles to sample when the prompt's role is the setting's generic member ("pirates", "survivors"). */
  roleWeights: Weights;
  ageRange: AgeRange;
  femaleShare: number;
  /** The one country the prompt puts the setting in, when the setting has that country's period names ("medieval Venice", "medieval France"). */
  namingCountry?: string;
  /** The realm's people the prompt names ("hobbit"), and the words for them: its callings are `roleWeights`. */
  people?: { name: string; words: ReadonlySet<string> };
  /** The prompt's unread words the setting accounts for ("Merfolk", "halls", "kingdom"): no longer unmodelled. */
  consumed: string[];
}

function yearText(year: number): string {
  return year < 0 ? `${-year} BC` : year < 1000 ? `${year} AD` : String(year);
}

/** The fields and facts of a setting, given where the prompt puts it. */
export function composeSetting(when: Extract<WhenReading, { kind: "setting" }>, parts: PromptParts): SettingComposition {
  const setting = when.setting;
  const fields: Field[] = [fixedField("setting", "Setting", setting.name, "the world or era they live in, from the prompt")];
  const notes: string[] = [`"${when.span.text}" places everyone in ${setting.name} (${setting.kind}; technology: ${setting.technology}).`];
  const unmodelled: string[] = [];
  const consumed: string[] = [];
  // "Hobbits in the Shire", "Dwarves in a mountain kingdom": one of the realm's peoples, with its own callings, places and ages.
  const people = peopleNamed(setting, parts);
  if (people) {
    if (people.unread) consumed.push(people.written);
    fields.push(fixedField("people", "People", people.name, `the realm's people the prompt names ("${people.written}")`));
    if (people.entry.generic) {
      // "Kobolds", "Minotaurs": a legendary people the data gives nothing of its own — a people of the realm all the same, never a job named after them.
      notes.push(`"${people.written}" are a people of the realm (legendary creatures, settings data \`fantasy_creatures\`) with no callings, places or ages of their own in the data: a generic people's stand in (${people.entry.age_note}).`);
      unmodelled.push(`the callings, places and ages of ${people.written.toLowerCase()} (a generic people of the realm stands in)`);
    } else notes.push(`"${people.written}" are the realm's ${people.name} people: their own callings, places and ages (${people.entry.age_note}; genre conventions, illustrative).`);
    unmodelled.push(`${people.name} names (the realm's own names stand in)`);
  }
  if (when.year !== undefined) {
    fields.push(fixedField("year", "Year", yearText(when.year), "the year they live in, from the prompt"));
    if (setting.years && (when.year < setting.years[0] || when.year > setting.years[1])) {
      // "Peasants in France in 1789": the role's setting is the nearest life we have, not that year's.
      notes.push(`The year ${yearText(when.year)} lies outside ${setting.name}'s span (${yearText(setting.years[0])}-${yearText(setting.years[1])}): its life is written as ${setting.name}'s, and that year's own is listed in \`unmodelled\`.`);
      unmodelled.push(`life in ${yearText(when.year)} (written as ${setting.name}'s)`);
    }
  }
  // "Nurses in London in 1850": a job of today brought into a period is written from today's work, less
  // what the period did not have — not that period's own nursing (listed as unmodelled).
  if (setting.kind === "historical") {
    const own = new Set([...Object.keys(setting.roles), ...(setting.member_roles ?? []), ...(setting.role_aliases ?? [])].map(fold));
    for (const role of parts.roles) {
      if (role.kind !== "occupation" || own.has(fold(role.value)) || own.has(fold(role.occupation.name))) continue;
      notes.push(`"${role.span.text}" is no role of ${setting.name} in the data: their work is written from today's, without what the period lacked (listed in \`unmodelled\`).`);
      unmodelled.push(`the work of ${role.span.text} in ${setting.name}`);
    }
  }
  // Places: the setting's own, limited to the prompt's real places when the setting has places there.
  const namedCountries = new Set(parts.places.flatMap((place) => (place.kind === "area" ? place.area.countries : [place.country.code])));
  // A named city or region narrows further: Victorian Manchester is Manchester, not anywhere in Britain.
  // So does an area that is part of one country (Wales, Texas, Napa Valley): its own cities and regions are its localities.
  const narrowingAreas = parts.places.flatMap((place) => (place.kind === "area" && place.area.countries.length === 1 && (place.area.region || place.area.places || place.area.regions) ? [place.area] : []));
  const areaCities = narrowingAreas.flatMap((area) => Object.values(area.places ?? {}).flat());
  const namedLocalities = [
    ...parts.places.flatMap((place) => (place.kind === "city" ? [place.city.name, place.span.text] : place.kind === "region" ? [place.region.name, place.span.text] : [])),
    ...narrowingAreas.flatMap((area) => [area.name, ...Object.values(area.regions ?? {}).flat()]),
    ...areaCities,
  ];
  const inCountries = setting.places.filter((place) => namedCountries.has(setting.place_countries?.[place] ?? "--"));
  const inLocalities = inCountries.filter((place) => namedLocalities.some((name) => fold(place).startsWith(fold(name)) || fold(place).includes(`, ${fold(name)}`)));
  // Victorian Wales is Cardiff and Swansea, not the setting's Manchester: the area's own cities when the setting lists none there.
  const local = namedLocalities.length > 0 ? (inLocalities.length > 0 ? inLocalities : areaCities.slice(0, 8)) : inCountries;
  if (when.placeName) {
    fields.push(fixedField("place", "Place", when.placeName, "where they live, as the prompt names it"));
    fields.push(categoricalField("district", "District", "part of the place they live in", uniform(setting.places)));
  } else if (local.length > 0) {
    fields.push(categoricalField("place", "Place", `where they live in ${setting.name}, inside the prompt's ${parts.places.map((place) => place.span.text).join(", ")}`, uniform(local)));
  } else if (parts.places.length > 0) {
    // "Medieval French knights" live in France, not in "French".
    const names = parts.places.map((place) => (place.kind === "country" && place.byDemonym ? place.country.name : place.span.text.replace(/^the\s+/i, "")));
    fields.push(categoricalField("place", "Place", "where they live, as the prompt names it", uniform(names)));
    notes.push(`The setting has no places of its own in ${names.join(", ")}: the prompt's place is kept as written.`);
  } else {
    const own = people?.entry.places ?? setting.places;
    const within = setting.kind === "fantasy" ? placeWithin(setting, own, parts, people?.written) : undefined;
    if (within) {
      consumed.push(...within.consumed);
      if (within.note) notes.push(within.note);
    }
    if (within?.places.length) fields.push(categoricalField("place", "Place", `where they live in ${setting.name}, as the prompt places them ("${within.written.join('", "')}")`, uniform(within.places)));
    else fields.push(categoricalField("place", "Place", `where they live in ${setting.name}`, uniform(own)));
  }
  for (const [name, values] of Object.entries(setting.fields ?? {})) {
    const weights = Array.isArray(values) ? uniform(values) : values;
    fields.push(categoricalField(name, name.replace(/_/g, " ").replace(/^./, (letter) => letter.toUpperCase()), `${name.replace(/_/g, " ")} in ${setting.name}`, weights));
  }
  if (setting.fields_basis) notes.push(setting.fields_basis + ".");
  const namingCountry = periodNamingCountry(setting, namedCountries, when.span.text);
  if (namingCountry) notes.push(`Names are ${setting.name}'s names of ${countryNamed(namingCountry)?.name ?? namingCountry}, where the prompt puts them.`);
  notes.push(`Not present in this setting (kept out of the text): ${setting.anachronisms.slice(0, 8).join(", ")}.`);
  return {
    setting,
    fields,
    notes,
    unmodelled,
    roleWeights: people?.entry.roles ?? setting.roles,
    ageRange: people ? { min: people.entry.min_age, max: people.entry.max_age, mean: people.entry.mean_age, basis: `ages usual among the ${people.name} people of ${setting.name} (${people.entry.age_note})` } : { min: setting.min_age, max: setting.max_age, mean: setting.mean_age, basis: `ages usual in ${setting.name}${setting.age_note ? ` (${setting.age_note})` : ""}` },
    femaleShare: people?.entry.female_share ?? setting.female_share,
    ...(namingCountry ? { namingCountry } : {}),
    ...(people ? { people: { name: people.name, words: new Set([...people.entry.words.map(fold), fold(people.written)]) } } : {}),
    consumed,
  };
}

/** Words before a place in a prompt: "in", "under", "beyond"…, with up to two words (an article, "fantasy") between. */
const LOCATIVE_BEFORE = /\b(?:in|into|under|beneath|below|on|at|near|beyond|inside|within|across|among|of|from|around)\s+(?:[\p{L}'’-]+\s+){0,2}$/iu;

/** A word of the prompt as one of a place's words: "halls" is "hall(s)", "tunnel" is "tunnels". */
function sameWord(word: string, other: string): boolean {
  return word === other || `${word}s` === other || `${other}s` === word || `${word}es` === other || `${other}es` === word;
}

/**
 * "Elves in halls under the mountain", "Goblins in the deep tunnels of a fantasy realm", "Trolls in
 * a fantasy swamp": words the reading left after a place word in a fantasy realm name where in the
 * realm they live — the realm's (or its people's) places that hold those words, else the prompt's
 * own words as the place. A word of the realm's own name ("a fantasy kingdom", "realm") is the realm.
 */
function placeWithin(setting: Setting, own: readonly string[], parts: PromptParts, peopleWritten: string | undefined): { places: string[]; written: string[]; consumed: string[]; note?: string } | undefined {
  const text = parts.text;
  const aliasWords = new Set(setting.aliases.flatMap((alias) => fold(alias).split(/[\s-]+/)));
  const candidates = parts.unmodelled.filter((words) => {
    if (words === peopleWritten || /\d/.test(words)) return false;
    const at = text.indexOf(words);
    return at > 0 && LOCATIVE_BEFORE.test(text.slice(0, at));
  });
  if (candidates.length === 0) return undefined;
  const consumed: string[] = [];
  const written: string[] = [];
  let places: string[] = [];
  for (const words of candidates) {
    const folded = fold(words).split(/[\s-]+/).filter(Boolean);
    const holding = own.filter((place) => {
      const placeWords = fold(place).split(/[^\p{L}]+/u);
      return folded.every((word) => placeWords.some((other) => sameWord(word, other)));
    });
    if (holding.length > 0) {
      places = places.length > 0 ? places.filter((place) => holding.includes(place)) : holding;
      written.push(words);
      consumed.push(words);
    } else if (folded.every((word) => aliasWords.has(word))) consumed.push(words);
  }
  if (places.length > 0) return { places, written, consumed };
  // A place the realm's data does not hold ("a fantasy swamp", "the Misty Vale"): the prompt's own words, said.
  const unheld = candidates.filter((words) => !consumed.includes(words));
  const [first] = unheld;
  if (first === undefined) return { places: [], written: [], consumed };
  const place = /^\p{Lu}/u.test(first) ? first : `a ${fold(first)}`;
  return { places: [place], written: [first], consumed: [...consumed, first], note: `"${first}" is a place of ${setting.name} the data does not hold: it is kept as the prompt writes it.` };
}

type SettingPeople = NonNullable<Setting["peoples"]>[string];

/** The realm's people a role of the prompt names ("Hobbits" → hobbit, "Dwarves" → dwarf), if any. */
function peopleNamed(setting: Setting, parts: PromptParts): { name: string; key: string; entry: SettingPeople; written: string; unread?: true } | undefined {
  // Their role's words ("Hobbits") or a people the reading took from an adjective ("Dwarven smiths").
  const named = [...parts.roles.flatMap((role) => (role.kind === "general" ? [] : [{ words: [fold(role.value), fold(role.span.text)], written: role.span.text, value: role.value }])), ...parts.qualifiers.filter(({ qualifier }) => qualifier.field === "people").map(({ qualifier, span }) => ({ words: [fold(qualifier.value), fold(span.text)], written: span.text, value: qualifier.value }))];
  // "Merfolk in a fantasy world": a people's word the reading left unread, when it named no role.
  const unread = named.length === 0 ? parts.unmodelled.map((words) => ({ words: [fold(words)], written: words, value: words, unread: true as const })) : [];
  const own = new Set((setting.own_people ?? []).map(fold));
  // Named as the prompt names them ("halfling" or "hobbit"), with the data's entry for the people.
  const found = [...named, ...unread].flatMap(({ words, written, value, ...rest }) => {
    const people = Object.entries(setting.peoples ?? {}).find(([, entry]) => entry.words.some((word) => words.includes(fold(word))));
    // The name as written when it is one of the people's words ("halfling"), else the people's own ("werewolve" as read is a werewolf).
    if (people) return [{ name: people[1].words.map(fold).includes(fold(value)) && !("unread" in rest) ? fold(value) : people[0], key: people[0], entry: people[1], written, ...rest }];
    return words.some((word) => own.has(word)) ? [undefined] : [];
  });
  // "Elves and dwarves": several of the realm's peoples together are its people in general, not one of them.
  const [first] = found;
  return first && found.every((other) => other?.key === first.key) ? first : undefined;
}

/**
 * The country whose period names a setting's people carry: the one country of the prompt's places,
 * or a country the setting's own words name ("medieval France"), when the setting has its names.
 */
function periodNamingCountry(setting: Setting, namedCountries: ReadonlySet<string>, settingWords: string): string | undefined {
  const byCountry = setting.names.style === "lists" ? setting.names.by_country : undefined;
  if (!byCountry) return undefined;
  const inWords = settingWords.split(/\s+/).map((word) => countryNamed(word)?.code).filter((code): code is string => code !== undefined);
  const candidates = new Set([...namedCountries, ...inWords]);
  const [only] = candidates;
  return candidates.size === 1 && only !== undefined && Object.hasOwn(byCountry, only) ? only : undefined;
}

/**
 * Whether a role the prompt names is one of the setting's generic members (so its roles are
 * sampled): "pirates", "survivors". A role alias that is not listed as a member names one kind of
 * person ("gladiators" in ancient Rome) and holds for everyone.
 */
export function isMemberRole(setting: Setting, role: string): boolean {
  const key = fold(role);
  return (setting.member_roles ?? []).some((alias) => fold(alias) === key || `${fold(alias)}s` === key);
}

/** The setting's own role named as the prompt wrote it ("knight" in medieval Europe), if any. */
export function settingRoleNamed(setting: Setting, role: string): string | undefined {
  const key = fold(role);
  const synonym = Object.entries(setting.role_synonyms ?? {}).find(([word]) => fold(word) === key || `${fold(word)}s` === key)?.[1];
  return Object.keys(setting.roles).find((name) => fold(name) === key || name === synonym);
}
