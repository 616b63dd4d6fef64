/**
 * A place said with the preposition English gives it: "on the bus into town", "in a doctor's
 * waiting room", "at the park tables". Frames that name a pastime's venue said "at" before every
 * one, which reads wrongly for places one is on (a sofa, a trail, a slope) or in (a room, a garden).
 * Read by the head noun, the last word before the phrase's first preposition or qualifier.
 */

/** Places one is on: vehicles, seats and surfaces, routes, water one moves over, what is online. */
const ON = new Set(["bus", "buses", "train", "trains", "tram", "trams", "ferry", "boat", "boats", "sofa", "couch", "bench", "mat", "balcony", "terrace", "roof", "rooftop", "slope", "slopes", "trail", "trails", "path", "paths", "road", "roads", "loop", "riverbank", "street", "streets", "ridge", "crags", "marshes", "sea", "coast", "track", "wing", "cellblock", "tier", "ward", "line", "deck", "floor", "floors"]);
/** Places one is in: rooms and enclosed spaces, gardens, open country one is surrounded by. */
const IN = new Set(["room", "rooms", "kitchen", "bedroom", "garden", "gardens", "shed", "garage", "shack", "corner", "hills", "peaks", "park", "woods", "forest", "ring", "nets", "cage", "paddock", "row", "cell", "van", "car", "yard", "basement", "attic", "field", "fields", "cab", "cabin", "cockpit", "truck", "lorry", "taxi"]);
/** Words after the head that say more about the place ("the bus into town", "a room full of fabric"). */
const QUALIFIER = /\s(?:into|after|at|in|on|of|with|by|near|for|before|under|outside|behind|from|to|where|above|down|out|full|given|across|that|which|who|while|when)\s/;
const ONLINE = /\b(?:online|apps?|forums?|sites?|websites?)\b/;
/** A bank one is on is a river's ("the river bank", "the bank of the canal"); "a bank" where one works is at. */
const RIVER_BANK = /\b(?:river|canal|lake|stream|grassy|muddy|steep|reedy|shady)\s+bank\b|\bbanks?\s+of\s+the\b/i;

/** "the bus into town" → "on the bus into town"; a place the sets do not know keeps "at". */
export function atPlace(place: string): string {
  if (ONLINE.test(place)) return `on ${place}`;
  const cut = QUALIFIER.exec(place);
  const head = (cut ? place.slice(0, cut.index) : place).trim().split(/\s+/).pop()?.toLowerCase().replace(/['’]s$/, "") ?? "";
  return `${ON.has(head) || RIVER_BANK.test(place) ? "on" : IN.has(head) ? "in" : "at"} ${place}`;
}

const placed = new WeakMap<readonly string[], readonly string[]>();

/** Each place of a list with its preposition; remembered by the list (the data's arrays are shared by every persona). */
export function atPlaces(places: readonly string[] | undefined): readonly string[] | undefined {
  if (!places) return undefined;
  let said = placed.get(places);
  if (!said) placed.set(places, (said = places.map(atPlace)));
  return said;
}
