/**
 * A pilgrimage names its faith: Hajj pilgrims and pilgrims in Mecca are Muslims (non-Muslims may not
 * enter the city), the Kumbh Mela's are Hindus, Lourdes' Catholics. Their origins are that faith's
 * pilgrims' (the Hajj's by country quota), never the world's tourists of any faith.
 */
import { knowledge, type Country } from "../knowledge/index.ts";
import type { Pilgrimage } from "../knowledge/situations.ts";
import { fold } from "../knowledge/words.ts";
import type { PromptParts } from "../understand/parts.ts";

/** The situation data's pilgrims ("pilgrims", "pilgrim"). */
const PILGRIM = "pilgrim";

/** The words of where the prompt's people are going: events, places as read and as written, countries. */
function destinationWords(parts: PromptParts): Set<string> {
  const words = new Set<string>();
  for (const { situation } of parts.situations) words.add(fold(situation.value));
  for (const place of parts.places) {
    words.add(fold(place.span.text.replace(/^the\s+/i, "")));
    words.add(fold(place.span.text));
    if (place.kind === "city") words.add(fold(place.city.name));
    else if (place.kind === "region") words.add(fold(place.region.name));
    else if (place.kind === "area") words.add(fold(place.area.name));
    else words.add(fold(place.country.code));
  }
  for (const span of parts.unknownPlaces) words.add(fold(span.text));
  return words;
}

/**
 * The pilgrimage the prompt's people are on, when they are pilgrims (or on a pilgrimage's event) and
 * where they go names one: its holy places first, a country ("pilgrims in Saudi Arabia") last.
 */
export function pilgrimageOf(parts: PromptParts): Pilgrimage | undefined {
  const { pilgrimages } = knowledge();
  const words = destinationWords(parts);
  const onEvent = pilgrimages.some(({ at }) => parts.situations.some(({ situation }) => situation.id.startsWith("event:") && at.has(fold(situation.value))));
  if (!onEvent && !parts.situations.some(({ situation }) => situation.id === PILGRIM)) return undefined;
  return pilgrimages.find(({ at }) => [...words].some((word) => word.length > 2 && at.has(word)))?.pilgrimage ?? pilgrimages.find(({ at }) => [...words].some((word) => at.has(word)))?.pilgrimage;
}

/** The pilgrims' origins by ISO code: the pilgrimage's own, or the host country's people (`host`). */
export function pilgrimOrigins(pilgrimage: Pilgrimage, host: Country | undefined): Readonly<Record<string, number>> {
  return pilgrimage.origins ?? (host ? { [host.code]: 1 } : {});
}
