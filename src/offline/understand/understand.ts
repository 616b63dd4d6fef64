/**
 * Reads any prompt into parts (see parts.ts). Numbers first (count, ages, years), then one pass of
 * the knowledge phrase table, longest phrase first, over the words not yet read; then who the
 * people are, where they come from, and what was left unread. Total: any string parses.
 */
import type { CompassPart } from "../knowledge/gazetteer.ts";
import { countryNamed, knowledge, type Activity, type Area, type Condition, type Country, type Meaning, type Occupation, type Setting, type Situation } from "../knowledge/index.ts";
import { teachingGroupFor } from "../knowledge/text-data.ts";
import { industryStandIn } from "../knowledge/occupations.ts";
import type { LexiconMatch } from "../knowledge/lexicon.ts";
import { ACRONYM_PLURAL, fold, singularPhrase, singularWord, tokenise, type Token } from "../knowledge/words.ts";
import type { PlaceReading, PromptParts, RoleReading, Span, WhenReading } from "./parts.ts";
import { readAge, readCount, readYear } from "./patterns.ts";
import { readShares, SHARE_WORDS } from "./shares.ts";
import { readJoinedGroups } from "./joined-groups.ts";
import { readExperience } from "./experience.ts";
import { readNamedPeriod, placeOfPeriod } from "./periods.ts";
import { readActivityLevel } from "./levels.ts";
import { readIncome } from "./amounts.ts";
import { readTimeSpent } from "./time-spent.ts";
import { readOrganisation, placeOfOrganisation } from "./organisations.ts";
import { nativePeopleOf } from "../knowledge/gazetteer.ts";
import { readLanguageSpeakers } from "./languages.ts";
import { readCitiesWithinNamedPlaces } from "./city-within.ts";
import { dropNegatedLanguage, readNegatedValue } from "./negated-values.ts";
import { spanOf } from "./spans.ts";
import { readLivingVerb } from "./living-verbs.ts";
import { readOwnedBusinesses } from "./owners.ts";
import { readRelationCompound, readRelationOfThing } from "./relations.ts";
import { FORMER_WORDS, formerBefore, formerStatus, readFormerJobs } from "./former.ts";
import { PRESENT_YEAR } from "../names/person-name.ts";
import { withArticle } from "../../engine/articles.ts";
import { destinationOrigins } from "../compose/origins.ts";

/** Nouns for a kind of place that end many places' names ("Zorblax Bay", "Pine Valley"), and name a region only on their own. */
/** Landforms whose plural ends a place's name ("the Black Hills", "the White Cliffs of Dover", "the Blue Mountains"). */
const LANDFORM_NOUNS = new Set(["hill", "mountain", "isle", "island", "cliff", "rock", "lake", "wood", "forest", "peak", "range", "sand", "dune", "water", "fall", "spring", "marsh", "moor", "fen", "glen", "valley", "plain", "highland", "ridge", "cay", "key"]);

const PLACE_NOUNS = new Set(["bay", "harbor", "harbour", "cove", "beach", "point", "sound", "creek", "key", "cay", "springs", "falls", "heights", "city", "river", "lake", "valley", "coast", "island", "islands", "mountain", "mountains", "hills", "park", "delta"]);

/** Words after which a capitalised name is a place ("in Narnia", "from Springfield"). */
const LOCATIVE = new Set(["in", "from", "near", "around", "across", "outside", "at", "to", "throughout", "inside"]);
/** "of" before a known place still names a place ("the coast of England"); before an unknown name it rarely does ("fans of Among Us"). */
const KNOWN_PLACE_LOCATIVE = new Set([...LOCATIVE, "of"]);
/** Words that end the role phrase: "kiteboarders in Tarifa", "people who cook". */
// "en", "em", "im", "à": the locatives of prompts written in Spanish or French, Portuguese, German ("Enfermeras en Madrid").
const ROLE_END = new Set(["en", "em", "im", "à", "in", "from", "at", "on", "who", "that", "with", "living", "working", "employed", "based", "across", "around", "near", "during", "aged", "between", "over", "under", "for", "whose", "attempting", "recovering", "raising", "homeschooling", "while", "after", "before", "by", "into", "looking"]);
const CONJUNCTIONS = new Set(["and", "or", "&", "plus"]);
/** An activity alias that names people rather than the activity: "surfers", "watch collectors", "anime fans". */
const PERSON_NOUN = /(?:ers?|ists?|ors?|ans?|ees?|owners?|fans?|players?|users?|collectors?|goers?|heads?|nomads?|lovers?|riders?|drivers?|swifties|otaku|yogis|foodies|redditors|vegans?|vegetarians?|afols|twitchers|potterheads|campers|backpackers)$/;
/** Small words inside place names ("Rio de Janeiro", "Frankfurt am Main", "Southend-on-Sea"). */
const NAME_PARTICLES = new Set(["de", "da", "do", "dos", "das", "del", "della", "di", "la", "le", "les", "el", "al", "y", "e", "of", "on", "upon", "under", "the", "am", "an", "im", "der", "den", "sur", "en", "van", "von", "aan", "ter"]);
/** Place names that are also everyday English words: read as places only when capitalised. */
const COMMON_WORD_PLACES = new Set(["chad", "jordan", "turkey", "china", "guinea", "niger", "mali", "togo", "georgia", "victoria", "reading", "nice", "mobile", "split", "bath", "hope", "male", "union", "orange", "paradise", "lincoln", "jackson", "columbia", "independence", "wells", "derby", "sale", "march", "may", "florida", "central", "eastern", "western", "northern", "southern", "north", "south", "east", "west", "capital", "federal", "national", "city", "river", "lake", "valley", "coast", "island", "islands", "mountain", "mountains", "hills", "park", "delta", "plateau", "sea", "gulf", "bay", "lakes", "rivers", "borders", "highland", "upper", "lower", "middle", "greater", "new", "saint", "san", "santa", "the"]);

/**
 * A phrase as the prompt wrote it, as one person holds it: the plural head made singular ("climbers
 * attempting Everest" → "climber attempting Everest"), a capital kept only where it is a name.
 */
let properNames: Map<string, string> | undefined;

/**
 * A word the data writes with capitals: a one-word activity or platform name (Twitch, Etsy, TikTok),
 * or a capitalised word of an occupation's names ("Hindu priest", "Catholic priest", "Uber driver").
 */
function properName(word: string): string | undefined {
  if (!properNames) {
    const data = knowledge();
    const occupationWords = data.occupations.flatMap((occupation) => [occupation.name, ...occupation.aliases]).flatMap((name) => name.split(/\s+/)).filter((part) => /^\p{Lu}\p{Ll}+$/u.test(part));
    const activityNames = data.activities.filter((activity) => /^\S+$/.test(activity.name) && /\p{Lu}/u.test(activity.name)).map((activity) => activity.name);
    properNames = new Map([...occupationWords, ...activityNames].map((name) => [fold(name), name]));
  }
  return properNames.get(fold(word));
}

function writtenSingular(text: string, tokens: readonly Token[], start: number, end: number): string {
  const words = tokens.slice(start, end);
  // "TEACHERS IN TOKYO": a prompt in capitals says nothing by its capitals (no acronym, no name): its words in lower case.
  const shouted = !/\p{Ll}/u.test(text);
  // "owners of rescue dogs": the head comes before the preposition.
  const linked = words.findIndex((token, index) => index > 0 && ["of", "for", "with", "at"].includes(token.text));
  const last = (linked > 0 ? linked : words.length) - 1;
  const head = (words[last] as Token).text !== (words[last] as Token).singular ? last : words.findIndex((token) => token.text !== token.singular);
  let out = "";
  words.forEach((token, index) => {
    if (index > 0) out += text.slice((words[index - 1] as Token).end, token.start).replace(/\s+/g, " ");
    // A capital is kept inside the prompt, and at its start when a capitalised word follows ("Uber Eats").
    // An acronym after it ("Wedding DJs") is no name it belongs to.
    const nextCapitalised = /^\p{Lu}/u.test(words[index + 1]?.raw ?? "") && !ACRONYM_PLURAL.test(words[index + 1]?.raw ?? "");
    const keepCase = !shouted && (/^\p{Lu}{2,}$/u.test(token.raw) || ACRONYM_PLURAL.test(token.raw) || ((start + index > 0 || nextCapitalised) && /^\p{Lu}/u.test(token.raw)) || /\d|\p{Ll}\p{Lu}/u.test(token.raw));
    // A name is a name even as the prompt's first word: "Twitch streamers" are Twitch streamers.
    const word = keepCase ? token.raw : (properName(token.raw) ?? token.raw.toLowerCase());
    out += index !== head ? word : ACRONYM_PLURAL.test(word) ? word.slice(0, -1) : singularPhrase(word);
  });
  return out;
}

function namesPeople(tokens: readonly Token[], start: number, end: number): boolean {
  return tokens.slice(start, end).some((token) => token.text !== token.singular);
}

function capitalised(token: Token): boolean {
  return /^\p{Lu}/u.test(token.raw);
}

/** An area's alias that is only a direction or a feature word ("the south", "the gulf"). */
const DIRECTION_OR_FEATURE = /^(?:the )?(?:north|south|east|west|northeast|northwest|southeast|southwest|gulf|bay|sea)$/;

/** The last word of a natural feature's name: a region of that name is another place (see acceptablePlace). */
const NATURAL_FEATURE_END = /\b(?:sea|plateau|gulf|bay|lakes?|ocean)$/i;

/** Whether a place match reads as a place here (not "china cups", not "reading" as a verb). */
function acceptablePlace(match: LexiconMatch<Meaning>, tokens: readonly Token[], lowerCasePrompt: boolean, text: string): boolean {
  const meaning = match.entry;
  const words = tokens.slice(match.start, match.start + match.length);
  const phrase = words.map((token) => token.text).join(" ");
  if (meaning.kind === "country" && phrase === "us") return words[0]?.raw === "US";
  // "Rio de Janeiro", "Stratford-upon-Avon", "Frankfurt am Main": a name's small inner words stay small —
  // the particles we know, and any the gazetteer's own name writes small ("Dar es Salaam", "Port-au-Prince").
  const canonical = meaning.kind === "city" ? meaning.city.name : meaning.kind === "region" ? meaning.region.name : undefined;
  const smallInName = new Set(canonical ? tokenise(canonical).filter((token) => !/^\p{Lu}/u.test(token.raw)).map((token) => token.text) : []);
  const allCapitalised = words.every((token, position) => capitalised(token) || (position > 0 && position < words.length - 1 && (NAME_PARTICLES.has(token.text) || smallInName.has(token.text))));
  const previous = tokens[match.start - 1];
  // "Fans of Paris Hilton", "supporters of Nelson Mandela", "admirers of Florence Nightingale": after a
  // follower's "of", a place's name with a capitalised word after it is a person's name.
  const following = tokens[match.start + match.length];
  if (previous?.text === "of" && FOLLOWER_NOUNS.has(tokens[match.start - 2]?.singular ?? "") && following !== undefined && capitalised(following) && !KNOWN_PLACE_LOCATIVE.has(following.text)) return false;
  const afterLocative = previous !== undefined && KNOWN_PLACE_LOCATIVE.has(previous.text);
  // "Queens in medieval Europe", "Kings in Africa": a plural title heading the prompt before "in" names its
  // people, not the place of that name (the New York borough).
  const first = words[0] as Token;
  if (match.start === 0 && match.length === 1 && first.text !== first.singular && SEXED_TITLES.has(first.singular) && KNOWN_PLACE_LOCATIVE.has(tokens[1]?.text ?? "")) return false;
  if (meaning.kind === "city" || meaning.kind === "region") {
    // "Pearl divers in the Red Sea", "herders on the Plateau": after "the", a region named like a sea,
    // gulf, bay, lake or plateau is that natural feature, not the province of its name (Sudan's Red Sea
    // state, Nigeria's Plateau state), unless a region word follows ("the Red Sea State").
    if (meaning.kind === "region" && previous?.text === "the" && NATURAL_FEATURE_END.test(meaning.region.name) && !REGION_WORDS.has(tokens[match.start + match.length]?.text ?? "")) return false;
    if (COMMON_WORD_PLACES.has(phrase)) return allCapitalised && afterLocative;
    if (allCapitalised) return match.start > 0 || match.length > 1 || afterLocative || (meaning.kind === "city" && meaning.city.population >= 1_000_000);
    // "nurses/paris": a slash between the people and a place stands for "in".
    const slashed = previous !== undefined && text.slice(previous.end, first.start) === "/";
    // "Nurses in london, uk", "students in paris, fr": a city in lower case followed by its own country, or a city
    // of a million or more after "in", is that city whatever the prompt's capitals.
    const country = meaning.kind === "city" ? meaning.city.country : meaning.region.country;
    const last = words.at(-1) as Token;
    const after = tokens[match.start + match.length];
    const ownCountryAfter = after !== undefined && /^\s*,\s*$/.test(text.slice(last.end, after.start)) && (after.text === country.toLowerCase() || (country === "GB" && after.text === "uk") || knowledge().gazetteer.byCode.get(country)?.aliases.includes(after.text) === true);
    const bigCity = meaning.kind === "city" && meaning.city.population >= 1_000_000;
    return (afterLocative || slashed) && (lowerCasePrompt || ownCountryAfter || bigCity);
  }
  // "pole dancers", "swede growers": a people's own noun in lower case is a thing (unless the whole prompt is lower case).
  if (meaning.kind === "country" && !allCapitalised && !lowerCasePrompt && meaning.country.peopleNouns.some((noun) => phrase === noun || phrase === `${noun}s`)) return false;
  // "the south of England", "the Gulf of Alaska": a direction or feature word before "of <Name>" says where in that
  // place, or is part of another name, not the area it names alone (the American South, the Gulf states).
  const next = tokens[match.start + match.length + 1];
  if (meaning.kind === "area" && tokens[match.start + match.length]?.text === "of" && next !== undefined && capitalised(next) && DIRECTION_OR_FEATURE.test(phrase)) return false;
  if (meaning.kind === "country" || meaning.kind === "area") return !COMMON_WORD_PLACES.has(phrase) || allCapitalised;
  return true;
}

/** Workplaces that stand in one country (not a cuisine's: "Italian restaurants" may be anywhere). */
const LOCATED_WORKPLACE = /^(?:warehouse|factory|hospital|farm|mine|shipyard|port|school|university|prison|plant|slaughterhouse|abattoir|greenhouse|orchard|vineyard|office|airport|mill|refinery|quarry|dock|oilfield|army|navy|ministry|court|parliament)$/;

function isDemonymMatch(meaning: Meaning, alias: string): boolean {
  if (meaning.kind !== "country") return false;
  const key = fold(alias);
  return [meaning.country.demonym, ...meaning.country.peopleNouns].some((noun) => key === fold(noun) || key === `${fold(noun)}s`);
}

/**
 * "I'm building a fintech app for freelance designers…": what the prompt's writer makes is theirs, not the
 * personas' (no workplace "a fintech company"). The framing is left out of the reading and listed as unmodelled.
 */
const PRODUCT_CONTEXT = /^\s*(?:(?:i|we)(?:'m|’m|'re|’re| am| are)|(?:i|we)(?:'ve|’ve| have) been)\s+(?:building|making|designing|developing|creating|launching|working on|testing|researching|planning)\b[^.;!?]*?\s(?:for|aimed at|targeting|targeted at)\s+/i;

export function understandPrompt(input: string): PromptParts {
  const written = typeof input === "string" ? input.normalize("NFC").slice(0, 4000) : "";
  const context = PRODUCT_CONTEXT.exec(written)?.[0];
  // Blanked, not cut: every span keeps its place in the prompt as written.
  const text = context ? " ".repeat(context.length) + written.slice(context.length) : written;
  const { lexicon, stopWords, participantNouns } = knowledge();
  const { tokens, possessive } = possessivesOfRelatives(text, tokenise(text));
  const claimed: boolean[] = tokens.map(() => false);
  const claimSpan = (span: Span): void => {
    tokens.forEach((token, index) => {
      if (token.start >= span.start && token.end <= span.end) claimed[index] = true;
    });
  };
  const lowerCasePrompt = text === text.toLowerCase();

  const parts: PromptParts = { text: written, roles: [], places: [], origins: [], unknownPlaces: [], situations: [], conditions: [], relativeConditions: [], relativeAges: [], others: [], activities: [], qualifiers: [], unmodelled: context ? [context.trim().replace(/\s+(?:for|aimed at|targeting|targeted at)$/i, "")] : [] };

  const age = readAge(text);
  // "Twenty-five-year-olds", "Forty-somethings": a number that is their age counts nobody.
  const read = readCount(text);
  const count = read.span && age && read.span.start < age.span.end && age.span.start < read.span.end ? {} : read;
  if (count.span) claimSpan(count.span);
  if (count.count !== undefined && count.count > 0 && Number.isFinite(count.count)) parts.count = count.count;
  if (age) {
    claimSpan(age.span);
    // "parents of children aged 5-10": the ages are the children's.
    const first = tokens.findIndex((token) => token.start >= age.span.start);
    // "Children aged 8-12 with ADHD": the relative word heads the prompt — the ages are the population's own.
    if (first >= 0 && relativeBefore(tokens, first, 2) && ownedRelativeBefore(tokens, first)) parts.relativeAges.push({ span: spanOf(text, tokens, Math.max(0, first - 1), 1 + tokens.filter((token) => token.start >= age.span.start && token.end <= age.span.end).length) });
    else parts.age = age;
  }
  // "with at least 10 years of experience": how long in the work (O5's module), never an age.
  readExperience(parts, text, tokens, claimed);
  // "earning less than $40,000 a year", "living on under $2 a day": a stated income (O5's module).
  const income = readIncome(parts, text, tokens, claimed);
  if (income) parts.income = income;
  // "working more than 40 hours a week": time spent on what they do (O5's module), never an age or a count.
  const timeSpent = readTimeSpent(parts, text, tokens, claimed);
  if (timeSpent) parts.timeSpent = timeSpent;
  let formerChildAt: number | undefined;
  let grownChildAt: number | undefined;
  // "Children with diabetes", "kids who code": children heading the prompt are its people, of school age.
  if (!parts.age) {
    const head = tokens.findIndex((token) => CHILD_WORDS.has(token.text) || PEOPLE_WORDS.has(token.text) || (!stopWords.has(token.text) && !/^\d+$/.test(token.text)));
    // "Street children", "street kids": a word before the child word says where or how they live, not who they are.
    const grownUp = tokens[head]?.text === "grown" && tokens[head + 1]?.text === "up" && CHILD_WORDS.has(tokens[head + 2]?.text ?? "");
    // "Red-haired children", "left-handed kids": a hyphenated modifier is one word before the child word.
    const hyphened = tokens[head] && tokens[head + 1] && !CHILD_WORDS.has((tokens[head + 1] as Token).text) && /^-$/.test(text.slice((tokens[head] as Token).end, (tokens[head + 1] as Token).start)) ? 1 : 0;
    const childHead = grownUp ? head + 2 : tokens[head] && !CHILD_WORDS.has((tokens[head] as Token).text) && CHILD_WORDS.has(tokens[head + 1 + hyphened]?.text ?? "") ? head + 1 + hyphened : head;
    const headToken = tokens[childHead];
    // "Former child soldiers": the child word says when they held the role; they are adults now.
    if (headToken && CHILD_WORDS.has(headToken.text) && FORMER_WORDS.has(tokens[childHead - 1]?.text ?? "")) formerChildAt = childHead;
    // "Adult children caring for their parents", "grown-up children of immigrants": someone's
    // children, grown up — adults, not pupils.
    else if (headToken && CHILD_WORDS.has(headToken.text) && (grownUp || GROWN_WORDS.has(tokens[childHead - 1]?.text ?? ""))) {
      const first = grownUp ? head : childHead - 1;
      parts.age = { min: ADULT_AGE, max: OLDEST_ADULT_AGE, openEnded: true, span: spanOf(text, tokens, first, childHead + 1 - first) };
      grownChildAt = childHead;
      for (let index = first; index <= childHead; index++) claimed[index] = true;
    } else if (headToken && CHILD_WORDS.has(headToken.text) && !youngGroupJoined(tokens, childHead)) parts.age = { min: CHILD_AGES[0], max: CHILD_AGES[1], span: spanOf(text, tokens, childHead, 1) };
  }
  // "during the Great Depression", "in the Tang dynasty": a named period is a time (O5's module).
  const period = readNamedPeriod(parts, text, tokens, claimed);
  let year = readYear(text) ?? period;
  // "People born in 1990": the year is their birth's, read as their ages — they live now.
  if (year && age && year.span.start >= age.span.start && year.span.end <= age.span.end) year = undefined;
  if (year) claimSpan(year.span);

  readNegations(parts, text, tokens, claimed);
  readSecondActivity(parts, text, tokens, claimed);
  readUnseenEvents(parts, text, tokens, claimed);
  const ownedBusinesses = readOwnedBusinesses(parts, text, tokens, claimed, (start, end) => writtenSingular(text, tokens, start, end));
  const livingVerb = readLivingVerb(text, tokens, claimed);
  readIndustryWork(parts, text, tokens, claimed);
  const figurative = readFigurativePeople(text, tokens, claimed, stopWords);
  const roleOfAge = figurative ? undefined : readRoleOfAge(text, tokens, claimed);
  const people = readPeople(text, tokens, claimed, parts);
  readHistoricalState(parts, text, tokens, claimed);
  // "Black belts", "Grade 5 pianists", "B2 learners": a level of the activity's own scale (O5's module).
  readActivityLevel(parts, text, tokens, claimed);
  // "Employees of Google", "Members of the Bundestag", "Sailors in the Royal Navy": their employer or institution, never a place (O5's module).
  const organisation = readOrganisation(parts, text, tokens, claimed);
  if (organisation) parts.organisation = organisation;

  // One pass of the phrase table, longest first, over unread words.
  const matches: Array<LexiconMatch<Meaning>> = [];
  for (let index = 0; index < tokens.length; ) {
    if (claimed[index]) {
      index++;
      continue;
    }
    const match = lexicon.matchAt(tokens, index, (position) => !claimed[position], (entry, length) => clubReadable(entry, tokens, index, length)) ?? comparativeMatch(lexicon, tokens, index, claimed);
    const isPlace = match && ["city", "region", "country", "area"].includes(match.entry.kind);
    // "Zorblax City", "Pine Valley": a capitalised place word after a name is part of that name.
    const afterUnknownName = index > 0 && !claimed[index - 1] && capitalised(tokens[index] as Token) && capitalised(tokens[index - 1] as Token) && /^\s+$/.test(text.slice((tokens[index - 1] as Token).end, (tokens[index] as Token).start));
    // "at Zorblax Bay", "in Port Nowhere": a place word after an unknown name that follows a locative is that name's last word, not the region of that name (Bay, Somalia).
    const locativeBefore = (position: number) => LOCATIVE.has(tokens[position]?.text ?? "") || tokens[position]?.text === "on" || (tokens[position]?.text === "the" && (LOCATIVE.has(tokens[position - 1]?.text ?? "") || tokens[position - 1]?.text === "on"));
    const partOfName = afterUnknownName && (match?.entry.kind === "settlement" || (isPlace === true && PLACE_NOUNS.has(fold(match?.alias ?? "")) && locativeBefore(index - 2)));
    if (!match || partOfName || (isPlace && !acceptablePlace(match, tokens, lowerCasePrompt, text))) {
      index++;
      continue;
    }
    matches.push(match);
    for (let offset = 0; offset < match.length; offset++) claimed[index + offset] = true;
    index += match.length;
  }

  // "Cod fishermen", "who fish for cod": a game's short name (CoD, LoL) not written in capitals, in a
  // prompt about fishing, is the fish, not the game; left as written.
  for (const match of [...matches]) {
    const first = tokens[match.start] as Token;
    if (match.entry.kind !== "activity" || match.length !== 1 || first.raw.length > 3 || /^[A-Z]{2,}$|^[A-Z][a-z][A-Z]$/.test(first.raw) || !FISHING_WORDS.test(text)) continue;
    matches.splice(matches.indexOf(match), 1);
    claimed[match.start] = false;
  }
  // Participant nouns belong to the activity they follow ("Fortnite players") or precede ("fans of K-pop").
  const participantOf = new Map<LexiconMatch<Meaning>, { activity: LexiconMatch<Meaning>; noun: string }>();
  matches.forEach((match, position) => {
    if (match.entry.kind !== "participant") return;
    const before = matches[position - 1];
    const after = matches[position + 1];
    if (before?.entry.kind === "activity" && before.start + before.length === match.start) participantOf.set(match, { activity: before, noun: match.entry.noun });
    else if (after?.entry.kind === "activity" && (after.start === match.start + match.length || (after.start === match.start + match.length + 1 && tokens[match.start + match.length]?.text === "of"))) {
      participantOf.set(match, { activity: after, noun: match.entry.noun });
      if (tokens[match.start + match.length]?.text === "of") claimed[match.start + match.length] = true;
    }
  });
  // A participant noun with no activity ("players in Lagos") is the role as written.
  for (const match of matches) {
    if (match.entry.kind === "participant" && !participantOf.has(match)) for (let offset = 0; offset < match.length; offset++) claimed[match.start + offset] = false;
  }

  const roleCandidates: RoleCandidate[] = [];
  const ageTerms: Array<{ min: number; max: number; span: Span }> = [];
  let explicitSetting: { setting: WhenReading & { kind: "setting" } } | undefined;
  let roleSetting: Extract<Meaning, { kind: "setting-role" }> | undefined;
  /** Words already read as the people a role serves ("dementia patients"). */
  const servedTokens = new Set<number>();
  roleCandidates.push(...ownedBusinesses);
  if (livingVerb) {
    roleCandidates.push(livingVerb);
    if (livingVerb.declared) parts.unmodelled.push(livingVerb.declared);
  }
  if (figurative) {
    roleCandidates.push(figurative);
    if (figurative.role.kind === "situation") parts.situations.push({ situation: figurative.role.situation, span: figurative.role.span });
    parts.unmodelled.push(figurative.role.span.text);
  }
  if (roleOfAge?.role.kind === "situation") {
    roleCandidates.push(roleOfAge);
    parts.situations.push({ situation: roleOfAge.role.situation, span: roleOfAge.role.span });
    // "Business travellers": their jobs are those of the groups that travel for work.
    const id = roleOfAge.role.situation.id;
    const isco = knowledge().terms.roles_of_age.find((role) => role.id === id)?.isco;
    if (isco) parts.workGroup ??= { value: roleOfAge.role.value, isco, span: roleOfAge.role.span };
  }
  for (const match of matches) {
    const span = spanOf(text, tokens, match.start, match.length);
    const meaning = match.entry;
    const end = match.start + match.length;
    switch (meaning.kind) {
      case "setting": {
        // A capitalised setting name is a place in it ("Neo-Tokyo", "Night City", "Middle-earth").
        const named = (meaning.setting.place_aliases ?? []).some((alias) => fold(alias) === fold(match.alias));
        if (!explicitSetting) explicitSetting = { setting: { kind: "setting", setting: meaning.setting, span, ...(named ? { placeName: span.text } : {}) } };
        else if (named && explicitSetting.setting.setting === meaning.setting) explicitSetting.setting.placeName ??= span.text;
        break;
      }
      case "setting-role":
        // "Druids in Wales", "Pagans in Ohio": a faith's people, with no time named, are today's believers
        // (read as the faith below), not the role of a past setting.
        if (!year && knowledge().terms.faith_nouns.some((entry) => entry.aliases.includes(fold(span.text)))) {
          for (let offset = 0; offset < match.length; offset++) claimed[match.start + offset] = false;
          break;
        }
        roleSetting ??= meaning;
        roleCandidates.push({ role: { kind: "setting-role", setting: meaning.setting, value: singularPhrase(fold(meaning.role)), span }, rank: 0, start: match.start, end });
        break;
      case "occupation": {
        // "grandmothers who cook": after "who" an occupation's word is a verb, what they do.
        if (RELATIVE_WORDS.has(tokens[match.start - 1]?.text ?? "") && tokens[match.start]?.text === tokens[match.start]?.singular) {
          const activity = activityOfVerb(tokens[match.start] as Token);
          if (activity) parts.activities.push({ activity, span });
          else parts.unmodelled.push(span.text);
          break;
        }
        // "Private investigators", "teacher trainers": a job's word in the singular before a plural noun the data
        // does not know is that noun's modifier; the whole phrase is the role, as written.
        const after = tokens[end];
        if (after && !claimed[end] && after.text !== after.singular && !stopWords.has(after.text) && !ROLE_END.has(after.text) && !namesPeople(tokens, match.start, end)) {
          for (let offset = 0; offset < match.length; offset++) claimed[match.start + offset] = false;
          break;
        }
        // The prompt's own words when they are more specific than the data's name ("hospital pharmacist", "coffee grower").
        // The prompt's own words ("coffee grower", "merchant"), except abbreviations and "owners of …" phrasings.
        // "DJs": an acronym that does not spell the job's name ("RNs" do: registered nurses) is the prompt's word.
        const initials = meaning.occupation.name.split(/[\s-]+/).map((word) => word[0]).join("");
        const ownAcronym = ACRONYM_PLURAL.test((tokens[end - 1] as Token).raw) && fold(match.alias.trim()).replace(/\W/g, "") !== initials;
        const abbreviation = (/^[a-z&.]{1,3}$/i.test(match.alias.trim()) && !ownAcronym) || /^(?:owners? of)/.test(fold(match.alias));
        const value = abbreviation || meaning.inOtherLanguage ? meaning.occupation.name : writtenSingular(text, tokens, match.start, end);
        roleCandidates.push({ role: { kind: "occupation", occupation: meaning.occupation, value, span }, rank: 1, start: match.start, end });
        break;
      }
      case "situation": {
        if (servedTokens.has(match.start)) break;
        // "Former coal miners" left a job; "former smokers" or "former prisoners" did not retire from anything.
        if (meaning.situation.id === "retired" && /^(?:former|ex-?)$/.test(fold(match.alias)) && matches.find((other) => other.start === end)?.entry.kind !== "occupation") {
          for (let offset = 0; offset < match.length; offset++) claimed[match.start + offset] = false;
          break;
        }
        if (servesOthers(tokens, match.start, roleCandidates.length > 0)) {
          parts.others.push({ span });
          break;
        }
        // "Black Friday", "the Black Country", "the Black Forest": a people's colour word before a capitalised
        // singular word is part of a name, no ethnicity ("Black Britons" name people: a plural).
        const nameAfter = tokens[end];
        // A plural landform is a name too ("the Black Hills", "the White Cliffs", "the Red Isles").
        if (meaning.situation.field === "ethnicity" && match.length === 1 && nameAfter && capitalised(nameAfter) && !lowerCasePrompt && (nameAfter.text === nameAfter.singular || LANDFORM_NOUNS.has(nameAfter.singular)) && !namesAPlaceOrPeople(tokens, end)) {
          claimed[match.start] = false;
          break;
        }
        // "Ex-prisoners", "former refugees": a status left is who they were, not where they are.
        if (formerBefore(tokens, match.start) && meaning.situation.id !== "retired" && namesPeople(tokens, match.start, end)) {
          const leftSpan = spanOf(text, tokens, match.start - 1, match.length + 1);
          const left = formerStatus(writtenSingular(text, tokens, match.start, end), leftSpan);
          claimed[match.start - 1] = true;
          parts.situations.push({ situation: left, span: leftSpan });
          parts.unmodelled.push(leftSpan.text);
          roleCandidates.push({ role: { kind: "situation", situation: left, value: left.value, span: leftSpan }, rank: 5, start: match.start - 1, end });
          break;
        }
        parts.situations.push({ situation: meaning.situation, span });
        // "the Olympics", "the World Cup": an event the people are in, never who they are.
        if (meaning.situation.field === "event") break;
        const written = writtenSingular(text, tokens, match.start, end);
        if (meaning.situation.occupation) {
          // "who started a business" says what they do, not what they are called: the situation's own words name them.
          const value = namesPeople(tokens, match.start, end) ? written : meaning.situation.value;
          roleCandidates.push({ role: { kind: "situation", situation: meaning.situation, value, span }, rank: 2, start: match.start, end });
        } else if (namesPeople(tokens, match.start, end)) {
          // "first-time voters", "refugees", "single mothers": who they are, with no job implied.
          roleCandidates.push({ role: { kind: "situation", situation: meaning.situation, value: written, span }, rank: 5, start: match.start, end });
        }
        break;
      }
      case "activity-role":
        parts.activities.push({ activity: meaning.activity, span, role: meaning.role });
        roleCandidates.push({ role: { kind: "participant", activity: meaning.activity, value: meaning.role, span }, rank: 3, start: match.start, end });
        break;
      case "activity":
        parts.activities.push({ activity: meaning.activity, span });
        // "Manchester United fans": following the club's sport, the club a field of its own.
        if (meaning.club) parts.qualifiers.push({ qualifier: { id: `club:${meaning.club}`, aliases: [meaning.club], field: "club", value: meaning.club }, span });
        // A club's fans named with it ("Liverpool fans"): the club's fans; its name alone ("Lakers") names no one.
        if (meaning.club) {
          const noun = /\b(fans?|supporters?|followers?)$/.exec(fold(span.text))?.[1];
          if (noun) roleCandidates.push({ role: { kind: "participant", activity: meaning.activity, value: `${meaning.club} ${singularWord(noun)}`, span }, rank: 4, start: match.start, end });
          break;
        }
        // "Surfers", "watch collectors", "electric-car owners": an alias that names the people is the role.
        if ((PERSON_NOUN.test(fold(span.text)) || /^(?:owners?|fans?|lovers?|players?|users?) of\b/.test(fold(span.text))) && namesPeople(tokens, match.start, end)) {
          roleCandidates.push({ role: { kind: "participant", activity: meaning.activity, value: writtenSingular(text, tokens, match.start, end), span }, rank: 4, start: match.start, end });
        }
        break;
      case "participant": {
        const owner = participantOf.get(match);
        if (!owner || owner.activity.entry.kind !== "activity") break;
        const activity = owner.activity.entry.activity;
        const noun = singularPhrase(fold(owner.noun));
        const club = owner.activity.entry.club;
        const value = /^(?:game|session|match|league|team|club|group)$/.test(noun) ? agentOfActivity(activity) : `${club ?? activity.name} ${noun}`;
        const start = Math.min(owner.activity.start, match.start);
        const stop = Math.max(owner.activity.start + owner.activity.length, end);
        roleCandidates.push({ role: { kind: "participant", activity, value, span: spanOf(text, tokens, start, stop - start) }, rank: 4, start, end: stop });
        break;
      }
      case "condition": {
        // "Wheelchair basketball players": a word that names the condition only before a sport.
        if (meaning.condition.sport_prefixes?.includes(fold(match.alias)) && !playsASport(matches[matches.indexOf(match) + 1], end)) {
          for (let offset = 0; offset < match.length; offset++) claimed[match.start + offset] = false;
          break;
        }
        // "parents of autistic children": their own children's condition, not people their work serves.
        const ownRelative = relativeAfterOfFamily(tokens, match.start, end);
        if (ownRelative) {
          const relativeSpan = spanOf(text, tokens, match.start, ownRelative.index + 1 - match.start);
          parts.relativeConditions.push({ condition: meaning.condition, relative: ownRelative.relative, span: relativeSpan });
          claimed[ownRelative.index] = true;
          break;
        }
        // "caregivers of dementia patients": the people they serve, not themselves.
        if (servesOthers(tokens, match.start, roleCandidates.length > 0)) {
          const served = othersSpan(text, tokens, match.start, end);
          parts.others.push({ span: served });
          tokens.forEach((token, index) => {
            if (token.start >= served.start && token.end <= served.end) servedTokens.add(index);
          });
          break;
        }
        // "mothers of children with autism": the condition is the child's ("Children with diabetes" are the people themselves).
        if (relativeBefore(tokens, match.start) && ownedRelativeBefore(tokens, match.start, 3)) {
          parts.relativeConditions.push({ condition: meaning.condition, relative: relativeBefore(tokens, match.start) as string, span });
          break;
        }
        if (parts.conditions.some((entry) => entry.condition === meaning.condition)) break;
        parts.conditions.push({ condition: meaning.condition, span });
        roleCandidates.push({
          role: { kind: "condition-holder", condition: meaning.condition, value: namesPeople(tokens, match.start, end) ? writtenSingular(text, tokens, match.start, end) : meaning.condition.person_noun ?? `person with ${meaning.condition.name}`, span },
          rank: 6, start: match.start, end,
        });
        break;
      }
      case "qualifier":
        // "Remote" before a place or a workplace ("remote areas of Australia", "remote monasteries")
        // says how far away they are, not that they work from home: a rural place.
        if (meaning.qualifier.id === "remote" && fold(match.alias) === "remote" && remoteIsAPlace(tokens, end, matches.find((other) => other.start === end)?.entry.kind)) {
          parts.settlement ??= { value: "rural", span, towns: true };
          // "remote areas", "remote communities": the noun says no more than the place being remote.
          if (REMOTE_PLACE_NOUNS.has(fold(tokens[end]?.text ?? ""))) claimed[end] = true;
          break;
        }
        parts.qualifiers.push({ qualifier: meaning.qualifier, span });
        // "Night-time taxi drivers": "-time" after the qualifier's word is part of it, not a word of its own.
        if (tokens[end]?.text === "time" && /^-$/.test(text.slice((tokens[end - 1] as Token).end, (tokens[end] as Token).start))) claimed[end] = true;
        break;
      case "area": {
        // "International doctors in Ireland": before a job, "international" says they came from abroad (the
        // destination's immigrants), not that they live anywhere in the world; "international footballers"
        // play for their country, wherever the prompt says they live.
        const job = matches.find((other) => other.start === end)?.entry;
        if (fold(match.alias) === "international" && job?.kind === "occupation") {
          const fromAbroad = knowledge().qualifiers.find((qualifier) => qualifier.id === "from-abroad");
          if (job.occupation.industry !== "sport" && fromAbroad) parts.qualifiers.push({ qualifier: fromAbroad, span });
          break;
        }
        // "the south of Bavaria", "the north-east of England": the part of an area known by its regions or cities.
        const areaPart = DIRECTION_OR_FEATURE.test(fold(match.alias)) ? undefined : readPartBefore(tokens, claimed, match.start);
        parts.places.push({ kind: "area", area: meaning.area, span, ...(areaPart ? { part: areaPart } : {}) });
        break;
      }
      case "country": {
        // "northern Ghana", "the south of France", "north-eastern Brazil": the part of the country, read by its cities' coordinates.
        const part = readPartBefore(tokens, claimed, match.start);
        // "working in Polish warehouses", "nurses in German hospitals": a people's adjective after "in/at/on"
        // before a workplace says where the workplace is, not where the people come from.
        const workplaceThere = /^(?:in|at|on)$/.test(tokens[match.start - 1]?.text ?? "") && LOCATED_WORKPLACE.test(tokens[end]?.singular ?? "");
        parts.places.push({ kind: "country", country: meaning.country, span, byDemonym: isDemonymMatch(meaning, match.alias) && !workplaceThere, ...(part ? { part } : {}) });
        break;
      }
      case "region": {
        const country = knowledge().gazetteer.byCode.get(meaning.region.country);
        // "eastern Montana", "the north of Bavaria": the part of the region.
        const regionPart = country ? readPartBefore(tokens, claimed, match.start) : undefined;
        if (country) parts.places.push({ kind: "region", region: meaning.region, country, span, ...(regionPart ? { part: regionPart } : {}) });
        // "the Ashanti region", "Punjab province": the word after the name says what kind of place it is.
        if (country && !claimed[end] && REGION_WORDS.has(tokens[end]?.text ?? "")) claimed[end] = true;
        break;
      }
      case "city": {
        const country = knowledge().gazetteer.byCode.get(meaning.city.country);
        // "Poor rural families in Guatemala", "nurses in Kuwait": a capital listed under its country's
        // bare name is the country, unless the country is that one city (Singapore) or the prompt says
        // "Guatemala City".
        if (country && !meaning.byDemonym && fold(match.alias) === fold(country.name) && fold(meaning.city.name) === fold(country.name) && tokens[end]?.text !== "city" && !oneCityCountry(country)) {
          parts.places.push({ kind: "country", country, span, byDemonym: false });
          break;
        }
        if (country) parts.places.push({ kind: "city", city: meaning.city, country, span, ...(meaning.byDemonym ? { byDemonym: true as const } : {}) });
        break;
      }
      case "settlement":
        parts.settlement ??= { value: meaning.value, span, ...(meaning.trade ? { trade: meaning.trade } : {}) };
        if (meaning.value === "rural" || meaning.value === "small town" || /\b(?:villages?|hamlets?)\b/i.test(span.text)) parts.settlement.towns = true;
        break;
      case "workplace":
        parts.workplace ??= { value: meaning.value, industry: meaning.industry, span };
        break;
      case "study-year":
        parts.studyYear ??= { value: meaning.value, span };
        break;
      case "age-term":
        // "parents of teenagers", "grandparents with toddlers": someone else's age.
        // "Parents and their teenagers": the second group's ages, not the population's.
        if (["of", "with"].includes(tokens[match.start - 1]?.text ?? "") || theirAfterAnd(tokens, match.start)) parts.relativeAges.push({ span });
        else {
          ageTerms.push({ min: meaning.minAge, max: meaning.maxAge, span });
          // "Grandparents in their fifties": being a grandparent is modelled, not only their ages.
          const term = knowledge().terms.age_terms.find((entry) => entry.field && entry.value && entry.aliases.some((alias) => fold(alias) === fold(match.alias)));
          if (term?.field && term.value) parts.qualifiers.push({ qualifier: { id: `age-term:${term.value}`, aliases: [], field: term.field, value: term.value }, span });
        }
        break;
      case "gender-term":
        parts.gender ??= { gender: meaning.gender, span };
        break;
      case "work-group":
        // "professionals", "blue-collar workers": read whole, so a professional is no level of play here.
        parts.workGroup ??= { value: singularPhrase(tokens.slice(match.start, end).map((token) => token.text).join(" ")), isco: meaning.isco, span };
        break;
    }
  }

  // "Hasidic Jews", "Catholic Christians", "Sunni Muslims": two words of one field side by side name one
  // value, the first narrowing the second — the narrower is theirs, never the two joined.
  for (const narrow of [...parts.situations]) {
    const broad = parts.situations.find((other) => other !== narrow && other.situation.field === narrow.situation.field && /^[\s-]*$/.test(text.slice(narrow.span.end, other.span.start)) && other.span.start > narrow.span.end - 1);
    if (!broad) continue;
    parts.situations = parts.situations.filter((entry) => entry !== broad);
    const span: Span = { start: narrow.span.start, end: broad.span.end, text: text.slice(narrow.span.start, broad.span.end) };
    for (const candidate of roleCandidates) {
      if (candidate.role.kind !== "situation" || candidate.role.span.start !== broad.span.start) continue;
      const first = tokens.findIndex((token) => token.start === narrow.span.start);
      candidate.role = { kind: "situation", situation: narrow.situation, value: writtenSingular(text, tokens, first, candidate.end), span };
      candidate.start = first;
    }
  }
  eventVenues(parts, text, tokens, claimed);
  travelGoals(parts, text, tokens, claimed);
  terrainOfACountry(parts, tokens);
  // "Climbers attempting Everest", "swimmers crossing the English Channel": the place is the endeavour's
  // goal, not where they live (not Namche Bazaar); the endeavour and where they come from are declared.
  parts.places = parts.places.filter((place) => {
    const first = tokens.findIndex((token) => token.start === place.span.start);
    const verb = tokens[first - 1]?.text === "the" ? first - 2 : first - 1;
    const before = tokens[verb];
    // "Pilgrims walking the Camino": an event's venue is where its visitors are, whatever verb leads to it.
    if (!before || !ENDEAVOUR_VERBS.has(before.text) || parts.situations.some(({ situation, span }) => situation.field === "event" && span.start === place.span.start)) return true;
    claimed[verb] = true;
    parts.unmodelled.push(`${before.raw} ${text.slice(before.end, place.span.end).trim()}`);
    return false;
  });
  // A recognised game's own words: its servers in capitals ("EUW and KR"), its roles ("who main support").
  for (const entry of parts.activities) {
    const servers = new Set(entry.activity.servers ?? []);
    const roles = new Map((entry.activity.roles ?? []).map((role) => [fold(role), role]));
    tokens.forEach((token, index) => {
      if (claimed[index]) return;
      if (servers.has(token.raw)) claimed[index] = true;
      else if (roles.has(token.text) && ["main", "mains", "maining", "plays", "play", "playing", "as"].includes(tokens[index - 1]?.text ?? "")) {
        claimed[index] = true;
        entry.role ??= roles.get(token.text) as string;
      }
    });
  }

  // "Men who play chess", "women with ADHD": men and women are grown up, as "adults" are (never pupils),
  // unless the word is someone else's ("mothers of men …") or negated.
  const adultWord = tokens.findIndex((token, index) => ADULT_GENDER_WORDS.has(token.text) && !["of", "with", "not", "non"].includes(tokens[index - 1]?.text ?? ""));
  if (adultWord >= 0) ageTerms.push({ min: ADULT_AGE, max: OLDEST_ADULT_AGE, span: spanOf(text, tokens, adultWord, 1) });
  // "Women and girls", "Children and adults", "Grandparents and grandchildren": the young named as a group
  // of their own beside another are that group's ages, for the union below.
  tokens.forEach((token, index) => {
    const ages = YOUNG_GROUP_AGES[token.singular] ?? YOUNG_GROUP_AGES[token.text.replace(/ren$/, "")];
    if (!ages || !youngGroupJoined(tokens, index)) return;
    ageTerms.push({ min: ages[0], max: ages[1], span: spanOf(text, tokens, index, 1) });
    claimed[index] = true;
  });
  // "Teenagers under 16": a bound alone leaves the lower end to the people's own word (13, not 4).
  if (parts.age?.upperOnly) {
    const upper = parts.age.max;
    const floor = Math.max(...ageTerms.filter((term) => term.min <= upper).map((term) => term.min), parts.age.min);
    parts.age = { ...parts.age, min: Math.min(floor, upper) };
  }
  // Ages: numbers win; otherwise the words' ranges, intersected when they overlap.
  // "Teenage boys and young men", "women and girls": groups joined by "and"/"or" are both the people — the union
  // of each group's ages (within a group, its words' ranges intersect: "young men" 18-34).
  if (!parts.age && ageTerms.length > 0) {
    const sorted = [...ageTerms].sort((a, b) => a.span.start - b.span.start);
    const groups: Array<{ min: number; max: number }> = [];
    sorted.forEach((term, index) => {
      const previous = sorted[index - 1];
      const joined = previous !== undefined && /\b(?:and|or)\b|&/i.test(text.slice(previous.span.end, term.span.start));
      const group = groups.at(-1);
      if (!group || joined) groups.push({ min: term.min, max: term.max });
      else if (Math.max(group.min, term.min) <= Math.min(group.max, term.max)) {
        group.min = Math.max(group.min, term.min);
        group.max = Math.min(group.max, term.max);
      }
    });
    const first = sorted[0] as { min: number; max: number; span: Span };
    parts.age = { min: Math.min(...groups.map((group) => group.min)), max: Math.max(...groups.map((group) => group.max)), span: first.span };
  }
  // Gender words count even inside a longer phrase ("stay-at-home dads"); two genders fix none.
  const genderWords = genderLexicon();
  const genders = new Set<string>();
  let genderSpan: Span | undefined;
  const feminineJobs = knowledge().feminineJobForms;
  const determiners = new Set(knowledge().terms.determiners_before_a_noun.map(fold));
  const adjectives = new Set(knowledge().terms.adjectives_before_a_noun.map(fold));
  tokens.forEach((token, index) => {
    // A job's feminine form heads the prompt or follows an article; after a noun it is an adjective ("industria farmacéutica").
    const headNoun = index === 0 || determiners.has(tokens[index - 1]?.text ?? "") || adjectives.has(tokens[index - 1]?.text ?? "");
    // "Farmers and their wives": the second group's sex is not the population's (declared with it).
    if (theirAfterAnd(tokens, index) && genderWords.has(token.text)) {
      parts.unmodelled.push(`their ${token.raw} (a second group: the people are the first)`);
      claimed[index] = true;
      return;
    }
    const named = genderWords.get(token.text) ?? (feminineJobs.has(token.text) && headNoun ? "female" : undefined);
    // "Teachers who are not men": the other sex of the two the data knows.
    const negated = named !== undefined && /(?:\b(?:not|non)|n['’]t)[\s-]+(?:a\s+|an\s+)?$/i.test(text.slice(Math.max(0, token.start - 12), token.start));
    const gender = negated ? (named === "female" ? "male" : "female") : named;
    if (negated) for (let back = index - 1; back >= 0 && back >= index - 3; back--) if (/^(?:not|non|a|an|\w+n't)$/i.test(tokens[back]?.text ?? "")) claimed[back] = true;
    if (gender) {
      genders.add(gender);
      genderSpan ??= spanOf(text, tokens, index, 1);
    }
  });
  if (genders.size === 1 && genderSpan) parts.gender = { gender: [...genders][0] as "female" | "male", span: parts.gender?.span ?? genderSpan };
  else if (genders.size > 1) delete parts.gender;
  // "30% men", "half of them women", "mostly male nurses": a share of one sex, not everyone.
  const share = statedSexShare(text);
  if (share) parts.gender = { gender: share.femaleShare >= 0.5 ? "female" : "male", span: share.span, femaleShare: share.femaleShare };
  const genderNamed = genders.size > 0 || parts.gender !== undefined;

  const after = (place: PlaceReading, word: string) => tokens.some((token, index) => token.start === place.span.start && (tokens[index - 1]?.text === word || (tokens[index - 1]?.text === "the" && tokens[index - 2]?.text === word)));
  // "Nurses from Manila working in Dubai", "students from Lagos living in London", "doctors who trained in
  // India and work in the UK": the first place is where they come from, the second where they live.
  if (parts.places.length > 1) {
    const movedOn = (first: PlaceReading, second: PlaceReading) =>
      first.span.end <= second.span.start && (after(first, "from") || CAME_FROM_BEFORE.test(text.slice(Math.max(0, first.span.start - 32), first.span.start))) && LIVES_NOW_BEFORE.test(text.slice(first.span.end, second.span.start));
    // "Students from Asia in Europe", "retirees from northern Europe in Spain": a region they come from, by
    // its countries' populations (not the place they live in).
    const regionLeft = (first: PlaceReading, second: PlaceReading) => first.kind === "area" && first.span.end <= second.span.start && (/\bfrom\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?$/i.test(text.slice(Math.max(0, first.span.start - 24), first.span.start)) || /^from\b/i.test(first.span.text)) && FROM_REGION_TO.test(text.slice(first.span.end, second.span.start));
    const left = parts.places.filter((first) => parts.places.some((second) => second !== first && (first.kind === "area" ? regionLeft(first, second) : movedOn(first, second))));
    for (const place of left) {
      tokens.forEach((token, index) => {
        if (token.end <= place.span.start && token.start >= place.span.start - 32 && /^(?:born|raised|trained|educated|qualified|studied|grew|up)$/.test(token.text)) claimed[index] = true;
      });
      if (place.kind === "area") {
        const homeCodes = new Set(parts.places.filter((other) => !left.includes(other)).flatMap((home) => (home.kind === "area" ? home.area.countries : [home.country.code])));
        const codes = place.area.countries.includes("*") ? knowledge().gazetteer.countries.map((country) => country.code) : place.area.countries;
        for (const code of codes) {
          const country = knowledge().gazetteer.byCode.get(code);
          if (country && !homeCodes.has(code)) parts.origins.push({ country, span: place.span, byPopulation: true });
        }
        continue;
      }
      const homes = parts.places.filter((other) => !left.includes(other));
      if (!homes.some((home) => home.kind !== "area" && home.country === place.country)) parts.origins.push({ country: place.country, span: place.span });
    }
    parts.places = parts.places.filter((place) => !left.includes(place));
  }
  // "farm workers from Mexico in California": from one place, living in another.
  if (parts.places.length > 1 && parts.places.some((place) => !after(place, "from"))) {
    parts.places = parts.places.filter((place) => {
      if (place.kind === "country" && after(place, "from")) {
        parts.origins.push({ country: place.country, span: place.span });
        return false;
      }
      return true;
    });
  }
  // "Nurses in France but not in Paris", "farmers in Italy except Sicily": a place left out is no home,
  // and none of its cities is drawn (compose/places.ts).
  // "Bakers in Germany outside Munich": with a wider place named, "outside" leaves the place out (alone,
  // "farmers outside Paris" live around it). "People who moved away from Cleveland", "who left Detroit",
  // "who have never been to London": the place is left out whatever else is named.
  const leftPlace = (place: PlaceReading): boolean => LEFT_PLACE.test(text.slice(Math.max(0, place.span.start - 32), place.span.start));
  if (parts.places.length > 1 || parts.places.some(leftPlace)) {
    const wider = parts.places.length > 1;
    const movedAway: PlaceReading[] = [];
    parts.places = parts.places.filter((place) => {
      const excluded = leftPlace(place) || (wider && /\b(?:not|except|excluding|apart\s+from|other\s+than|outside(?:\s+of)?)\s+(?:in\s+|from\s+)?(?:the\s+)?$/i.test(text.slice(Math.max(0, place.span.start - 24), place.span.start)));
      if (excluded && MOVED_AWAY.test(text.slice(Math.max(0, place.span.start - 32), place.span.start))) movedAway.push(place);
      if (excluded) {
        const names = place.kind === "city" ? [place.city.name] : place.kind === "region" ? [place.region.name] : place.kind === "area" ? [place.area.name, ...Object.values(place.area.places ?? {}).flat()] : [place.country.name];
        parts.excludedPlaces = [...(parts.excludedPlaces ?? []), place.span.text, ...names];
        tokens.forEach((token, index) => {
          if (token.end <= place.span.start && token.start >= place.span.start - 32 && /^(?:but|not|except|excluding|apart|other|than|outside|of|in|from|the|away|moved|move|moving|left|leave|leaving|never|been|to|visited|have|has)$/.test(token.text)) claimed[index] = true;
        });
      }
      return !excluded;
    });
    // Who moved away from a city or a region mostly still lives in its country (an assumption, declared);
    // the place they left is where they come from.
    for (const place of movedAway) {
      // "Families who moved away from Lagos to London", "refugees who fled Syria to Germany": where they came from.
      const homes = new Set(parts.places.flatMap((home) => (home.kind === "area" ? home.area.countries : [home.country.code])));
      if (place.kind !== "area" && homes.size > 0 && !homes.has(place.country.code) && !parts.origins.some((origin) => origin.country === place.country)) parts.origins.push({ country: place.country, span: place.span });
      if (parts.places.length > 0 || place.kind === "country" || place.kind === "area") continue;
      parts.places.push({ kind: "country", country: place.country, span: place.span, byDemonym: false, impliedBy: `elsewhere than ${place.span.text}, which they moved away from (an assumption)` });
    }
  }
  readRegionAbbreviations(parts, text, tokens, claimed);
  // "Valencia, Spain", "Cambridge, Massachusetts": the city of the name there, the place after it no second home.
  const unlistedCities = readCitiesWithinNamedPlaces(parts, text);
  // "Lima, Peru": a country that holds another named place only says where that place is.
  // "Australia's outback", "Scotland's highlands": a place's possessive only says where the next place is;
  // "Argentina's Patagonia": of an area that spans countries, the possessive country's part.
  parts.places = parts.places.flatMap((place) => {
    const owner = parts.places.find((other) => other.kind === "country" && /^['’]s\s+(?:the\s+)?$/i.test(text.slice(other.span.end, place.span.start)));
    if (owner?.kind === "country" && place.kind === "area" && place.area.countries.length > 1 && place.area.countries.includes(owner.country.code)) {
      const code = owner.country.code;
      const { regions, places, ...rest } = place.area;
      return [{ ...place, area: { ...rest, countries: [code], ...(regions?.[code] ? { regions: { [code]: regions[code] } } : {}), ...(places?.[code] ? { places: { [code]: places[code] } } : {}) } }];
    }
    return parts.places.some((other) => /^['’]s\s+(?:the\s+)?$/i.test(text.slice(place.span.end, other.span.start))) ? [] : [place];
  });
  // "the Midlands of Zimbabwe": a name an area shares with a region of the country the prompt names is that region.
  parts.places = parts.places.map((place) => {
    if (place.kind !== "area") return place;
    const name = fold(place.span.text).replace(/^the /, "");
    for (const other of parts.places) {
      if (other.kind !== "country" || other.byDemonym || place.area.countries.includes(other.country.code)) continue;
      const region = other.country.regions.find((candidate) => fold(candidate.name) === name);
      if (region) return { kind: "region" as const, region, country: other.country, span: place.span };
    }
    return place;
  });
  const inner = new Set(parts.places.flatMap((place) => (place.kind === "city" || place.kind === "region" ? [place.country.code] : [])));
  parts.places = parts.places.filter((place) => !(place.kind === "country" && inner.has(place.country.code) && !place.byDemonym));
  // Demonyms are where people come from when another place says where they live, or when they migrated.
  const migrated = parts.situations.some((entry) => entry.situation.origin);
  // "English nurses in Dubai": an area of one country named by its adjective is a demonym too.
  const demonymCountry = (place: PlaceReading): Country | undefined => {
    if (place.kind === "country" || place.kind === "city") return place.byDemonym ? place.country : undefined;
    if (place.kind !== "area" || place.area.countries.length !== 1 || fold(place.span.text) === fold(place.area.name) || !namesAPeople(place.area, place.span.text)) return undefined;
    return knowledge().gazetteer.byCode.get(place.area.countries[0] as string);
  };
  // "Tamil fishermen in Sri Lanka", "Bengalis in India", "Basque farmers in France": the people of a region that spans
  // countries, named with one of those countries, live in their region's part of it.
  for (const people of [...parts.places]) {
    if (people.kind !== "area" || people.area.countries.length < 2 || people.area.countries.length > CONTINENTAL || fold(people.span.text) === fold(people.area.name) || !namesAPeople(people.area, people.span.text)) continue;
    // "Tamil teachers in Chennai": a place inside the region is simply where they live, at home.
    const inside = parts.places.find((place) => (place.kind === "city" || place.kind === "region") && !(place.kind === "city" && place.byDemonym) && people.area.countries.includes(place.country.code) && ((people.area.regions?.[place.country.code] ?? []).includes(place.kind === "city" ? place.city.region ?? "" : place.region.name) || (place.kind === "city" && (people.area.places?.[place.country.code] ?? []).includes(place.city.name))));
    if (inside) {
      parts.places = parts.places.filter((place) => place !== people);
      continue;
    }
    const home = parts.places.find((place) => place.kind === "country" && !place.byDemonym && people.area.countries.includes(place.country.code));
    if (home?.kind !== "country") continue;
    const code = home.country.code;
    const regions = people.area.regions?.[code];
    const places = people.area.places?.[code];
    const { regions: _regions, places: _places, ...rest } = people.area;
    const area: Area = { ...rest, countries: [code], ...(regions ? { regions: { [code]: regions } } : {}), ...(places ? { places: { [code]: places } } : {}) };
    parts.places = parts.places.filter((place) => place !== home).map((place) => (place === people ? { ...people, area } : place));
  }
  const livesSomewhereNamed = parts.places.some((place) => !demonymCountry(place));
  // "Chinese students from around the world": a place that spans continents says nothing of where one people lives.
  const residence = new Set(parts.places.flatMap((place) => (demonymCountry(place) ? [] : place.kind === "area" ? (place.area.countries.length > CONTINENTAL ? [] : place.area.countries) : [place.country.code])));
  // "Chinese Americans", "Turkish Germans", "British Indians": two peoples' names side by side are a
  // heritage — some came, many were born there — and where they live. Which is which: the one a named
  // place says; else English usage, where the nation comes last ("Korean-American") but "British" first.
  const heritage = new Set<PlaceReading>();
  if (!migrated) {
    for (const first of parts.places) {
      const second = parts.places.find((place) => place !== first && /^[ -]$/.test(text.slice(first.span.end, place.span.start)));
      const [firstPeople, secondPeople] = [demonymCountry(first), second && demonymCountry(second)];
      if (!firstPeople || !secondPeople || !second || firstPeople.code === secondPeople.code) continue;
      const firstIsHome = residence.has(firstPeople.code) || (!residence.has(secondPeople.code) && firstPeople.code === "GB");
      heritage.add(firstIsHome ? second : first);
      residence.add(firstIsHome ? firstPeople.code : secondPeople.code);
    }
  }
  parts.places = parts.places.filter((place) => {
    const country = heritage.has(place) ? demonymCountry(place) : undefined;
    if (country) parts.origins.push({ country, span: place.span, heritage: true });
    return !country;
  });
  // "Caribbean nurses in London", "Latin American immigrants in Madrid": a region's people, named by its
  // adjective, living in a place named apart, come from the region's countries (weighed by population).
  const regionPeople = (place: PlaceReading): place is Extract<PlaceReading, { kind: "area" }> =>
    place.kind === "area" && place.area.countries.length > 1 && place.area.countries.length <= CONTINENTAL && fold(place.span.text) !== fold(place.area.name) && (REGION_ADJECTIVE.test(fold(place.span.text)) || namesAPeople(place.area, place.span.text));
  const homes = parts.places.filter((place) => !regionPeople(place) && !demonymCountry(place));
  const homeCodes = new Set(homes.flatMap((place) => (place.kind === "area" ? place.area.countries : [place.country.code])));
  parts.places = parts.places.filter((place) => {
    if (homes.length === 0 || !regionPeople(place)) return true;
    for (const code of place.area.countries) {
      const country = knowledge().gazetteer.byCode.get(code);
      if (country && !homeCodes.has(code)) parts.origins.push({ country, span: place.span, byPopulation: true });
    }
    for (const code of place.area.countries) residence.delete(code);
    for (const code of homeCodes) residence.add(code);
    return false;
  });
  const ownPeople: string[] = [];
  parts.places = parts.places.filter((place) => {
    const country = demonymCountry(place);
    if (country && (livesSomewhereNamed || migrated)) {
      // "Korean-American entrepreneurs in Los Angeles": "American" is where they live, not where they come from.
      if (!residence.has(country.code)) parts.origins.push({ country, span: place.span });
      else {
        ownPeople.push(place.span.text);
        // "Bretons in Paris": a region's people living elsewhere in its country keep their roots there.
        // "Basques in Bilbao", "Sicilians in Palermo": a city inside the people's own region is home, not somewhere away from their roots.
        const ownRegions = place.kind === "area" ? (place.area.regions?.[country.code] ?? []) : [];
        const atHome = parts.places.some(
          (other) =>
            other !== place &&
            ((other.kind === "city" && other.country.code === country.code && other.city.region !== undefined && ownRegions.includes(other.city.region)) ||
              (other.kind === "region" && other.country.code === country.code && ownRegions.includes(other.region.name)) ||
              (other.kind === "area" && place.kind === "area" && other.area.name === place.area.name)),
        );
        if (place.kind === "area" && !migrated && !atHome) parts.qualifiers.push({ qualifier: { id: `roots:${place.area.name}`, aliases: [place.span.text], field: "roots", value: place.area.name }, span: place.span });
      }
      return false;
    }
    return true;
  });
  // "Korean immigrants in Seoul": migrants of the country's own people (returnees, a diaspora's children)
  // are not modelled; they are drawn as the country's immigrants, which the word must not hide.
  if (migrated && parts.origins.length === 0) for (const span of ownPeople) parts.unmodelled.push(`${span} (migrants of the country's own people)`);
  // The most specific activity leads ("gamers who play Minecraft": Minecraft, not video games in general).
  parts.activities.sort((a, b) => Number(a.activity.genre === "any") - Number(b.activity.genre === "any"));

  // "the Cultural Revolution": the period's country is where they live when no place is named.
  if (period) placeOfPeriod(parts, period);
  // "Staff of the NHS": the organisation's country is where they live when no place is named.
  if (organisation) placeOfOrganisation(parts, organisation);
  // "who immigrated to Ireland in the 2000s", "refugees who arrived in 2015": the time is when they came, and they live now.
  const arrival = year && readArrival(text, parts, year);
  if (arrival) {
    parts.arrival = arrival;
    year = undefined;
  }
  // When: a named setting, else the setting a role implies ("pirates"), else the year alone.
  if (explicitSetting) {
    const elsewhere = settingOfNamedCountry(explicitSetting.setting.setting, parts.places);
    const setting = elsewhere ? { ...explicitSetting.setting, setting: elsewhere } : explicitSetting.setting;
    parts.when = { ...setting, ...(year ? { year: year.year, yearSpan: year.span } : {}) };
  } else if (roleSetting && presentDay(text, year?.year)) {
    // "Off-grid homesteaders in Montana": today's people with a role of the past, kept as written (not the Wild West).
    for (const candidate of roleCandidates) {
      if (candidate.role.kind !== "setting-role") continue;
      candidate.role = { kind: "as-written", value: candidate.role.value, span: candidate.role.span };
      parts.unmodelled.push(candidate.role.span.text);
    }
  } else if (roleSetting) {
    const setting = roleSetting.setting;
    const span = roleCandidates.find((candidate) => candidate.role.kind === "setting-role")?.role.span as Span;
    parts.when = { kind: "setting", setting, span, ...(year ? { year: year.year, yearSpan: year.span } : {}) };
  } else if (year) {
    parts.when = settingForYear(year.year, year.span, parts.places) ?? { kind: "year", year: year.year, span: year.span };
  }

  // "Fishermen's wives", "soldiers' children": the role is a relative's; they are family of someone who holds it.
  for (const candidate of [...roleCandidates]) {
    const relative = possessive.has(candidate.end - 1) ? tokens[candidate.end] : undefined;
    if (!relative || candidate.role.kind === "setting-role") continue;
    roleCandidates.splice(roleCandidates.indexOf(candidate), 1);
    const value = `${relative.singular === "kid" ? "child" : relative.singular} of ${withArticle(candidate.role.value)}`;
    parts.qualifiers.push({ qualifier: { id: "family-tie", aliases: [], field: "family_tie", value }, span: spanOf(text, tokens, candidate.start, candidate.end - candidate.start + 1) });
    claimed[candidate.end] = true;
  }

  // "Wives of fishermen", "widows of coal miners", "girlfriends of footballers": the job is their partner's; they
  // are family of someone who holds it (as "fishermen's wives"), of the sex their own word says.
  for (const candidate of [...roleCandidates]) {
    let of = candidate.start - 1;
    while (of > 0 && genderWords.has(tokens[of]?.text ?? "")) of--;
    const spouse = tokens[of - 1];
    if (tokens[of]?.text !== "of" || !spouse || !SPOUSE_WORDS.has(spouse.singular) || candidate.role.kind === "setting-role") continue;
    roleCandidates.splice(roleCandidates.indexOf(candidate), 1);
    const value = `${spouse.singular} of ${withArticle(candidate.role.value)}`;
    parts.qualifiers.push({ qualifier: { id: "family-tie", aliases: [], field: "family_tie", value }, span: spanOf(text, tokens, of - 1, candidate.end - of + 1) });
    claimed[of - 1] = true;
    claimed[of] = true;
    const sex = SPOUSE_WORDS.get(spouse.singular);
    if (sex) parts.gender = { gender: sex, span: spanOf(text, tokens, of - 1, 1) };
    else if (parts.gender?.span.start !== undefined && parts.gender.span.start > spouse.start) delete parts.gender;
  }
  readPlacesOfResidents(parts, text, tokens, claimed, lowerCasePrompt);
  /** A people-noun read as the role, which becomes who they are unless a later reading makes it a job ("kayaking guides"). */
  let identityRole: { role: RoleReading; identity: Situation } | undefined;
  mergeRepeatedOccupations(text, tokens, roleCandidates);
  readFormerJobs(parts, tokens, roleCandidates, OLDEST_ADULT_AGE);
  // "Landlords and their tenants": the second group is never the population, whatever its rank.
  const secondGroup = roleCandidates.filter((candidate) => theirAfterAnd(tokens, candidate.start));
  for (const candidate of secondGroup) roleCandidates.splice(roleCandidates.indexOf(candidate), 1);
  // Who: the best-ranked role; roles joined to it by "and"/"or" share the population.
  roleCandidates.sort((a, b) => a.rank - b.rank || a.start - b.start);
  const primary = roleCandidates[0];
  const leadingRun = roleRun(tokens, claimed, stopWords, genderWords);
  if (primary && primary.rank <= 5) {
    parts.roles.push(primary.role);
    for (const candidate of roleCandidates.slice(1)) {
      if (candidate.rank > 2 || !joinedByConjunction(tokens, primary, candidate, roleCandidates)) continue;
      parts.roles.push(candidate.role);
    }
  } else if (leadingRun && (countOrKin(tokens, leadingRun) || !namesSomeone(tokens, leadingRun) || knowledge().terms.non_people_nouns.includes((tokens[leadingRun.end - 1] as Token).singular))) {
    // "A family of five", "a group of six friends", "grandparents and grandchildren": a number or a word
    // of kinship or company names no role; nor a word in the singular that is no people's noun ("the top
    // 1% of earners", "stage 4 cancer patients"), nor an animal or a thing ("dogs", "robots": terms.json
    // non_people_nouns): who they are is the rest of the prompt (declared).
    parts.unmodelled.push(spanOf(text, tokens, leadingRun.start, leadingRun.end - leadingRun.start).text);
    for (let index = leadingRun.start; index < leadingRun.end; index++) claimed[index] = true;
  } else if (leadingRun) {
    const span = spanOf(text, tokens, leadingRun.start, leadingRun.end - leadingRun.start);
    const value = writtenSingular(text, tokens, leadingRun.start, leadingRun.end);
    const setting = parts.when?.kind === "setting" ? parts.when.setting : undefined;
    // "Survivors" in a post-apocalyptic wasteland, "colonists" on Mars: a setting's own people.
    const member = setting && [...(setting.member_roles ?? []), ...Object.keys(setting.roles)].some((role) => fold(role) === fold(value));
    const identity = setting ? undefined : identityOf(tokens, leadingRun, value, span);
    if (setting && member) parts.roles.push({ kind: "setting-role", setting, value: fold(value), span });
    else {
      const role = { kind: "as-written" as const, value, span };
      parts.roles.push(role);
      parts.unmodelled.push(span.text);
      if (identity) identityRole = { role, identity };
    }
    for (let index = leadingRun.start; index < leadingRun.end; index++) claimed[index] = true;
  } else if (primary) {
    parts.roles.push(primary.role);
  }
  // Roles that are neither the population's nor joined to it are not modelled ("nurses who used to be teachers").
  for (const candidate of [...roleCandidates, ...secondGroup]) {
    if (parts.roles.includes(candidate.role)) continue;
    // "Teachers and their students", "nurses and their patients": a second group, theirs — not the population,
    // and nothing of it (a student's situation, a patient's) is everyone's; declared.
    if (theirAfterAnd(tokens, candidate.start)) {
      const span = candidate.role.span;
      parts.situations = parts.situations.filter((entry) => entry.span.start !== span.start);
      parts.qualifiers = parts.qualifiers.filter((entry) => entry.span.start !== span.start);
      parts.conditions = parts.conditions.filter((entry) => entry.span.start !== span.start);
      parts.unmodelled.push(`their ${span.text} (a second group: the people are the first)`);
      continue;
    }
    if (candidate.rank > 1) continue;
    parts.unmodelled.push(candidate.role.span.text);
  }

  residentsOfInstitution(parts, text, tokens);
  if (!genderNamed) genderOfRoleWord(parts, text, tokens);
  readFamilyCarers(parts, tokens);
  qualifyWorkingRole(parts);
  if (parts.when?.kind === "setting") readSettingRoles(parts, parts.when.setting, text, tokens, claimed);
  readPastimes(parts, text);
  readLanguageSubjects(parts, text);
  readStyleSubjects(parts, text, tokens, claimed);
  readDisciplines(parts, text, tokens, claimed);
  leadWithTheRolesActivity(parts);
  eventEntrants(parts);
  participantsAtWork(parts, text);

  // Proper names after "in"/"from" that are not places we know: kept as written, never replaced.
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (claimed[index] || (!capitalised(token) && !lowerCasePrompt) || stopWords.has(token.text)) continue;
    let before = index - 1;
    if (tokens[before]?.text === "the") before--;
    if (!LOCATIVE.has(tokens[before]?.text ?? "")) continue;
    let end = index + 1;
    const named = (position: number): boolean => !claimed[position] && !stopWords.has((tokens[position] as Token).text) && (capitalised(tokens[position] as Token) || lowerCasePrompt);
    while (end < tokens.length && (named(end) || (["de", "da", "del", "la", "le", "upon"].includes((tokens[end] as Token).text) && end + 1 < tokens.length && named(end + 1)))) end++;
    const span = spanOf(text, tokens, index, end - index);
    // "at Gallaudet University", "in St Mary's Hospital": the name is the workplace's, not a place's.
    // The workplace is named as written; where it is stays unmodelled (we do not know its town).
    const workplace = parts.workplace;
    if (workplace && tokens[end] && workplace.span.start === (tokens[end] as Token).start && capitalised(tokens[end] as Token)) {
      const named = text.slice(span.start, workplace.span.end);
      parts.workplace = { ...workplace, value: named, named: true, span: { start: span.start, end: workplace.span.end, text: named } };
      parts.unmodelled.push(named);
      for (let position = index; position < end; position++) claimed[position] = true;
      index = end - 1;
      continue;
    }
    for (let position = index; position < end; position++) claimed[position] = true;
    index = end - 1;
    // "Traders in Onitsha": a town too small for the phrase table (its name may be a common word
    // elsewhere) is that town when a place is expected and the whole name is the town's.
    const town = knowledge().townsByName.get(fold(span.text));
    const townCountry = town && !stopWords.has(fold(span.text)) ? knowledge().gazetteer.byCode.get(town.country) : undefined;
    if (town && townCountry) parts.places.push({ kind: "city", city: town, country: townCountry, span });
    else parts.unknownPlaces.push(span);
  }

  // "Bangor, Maine": a name the phrase table does not hold, followed by the place it is in, is a city there.
  unlistedCities.push(...readCitiesWithinNamedPlaces(parts, text));
  keepGenericHeadAsWritten(parts, text, tokens, claimed);
  readRoleAtIndustryWorkplace(parts, text);
  readWorkplaceHands(parts, text, readWorkingAtWorkplace(parts, text, tokens, claimed));
  readGirlsAndBoys(parts, text, tokens, claimed);
  readFantasyPeople(parts, text, tokens, claimed);
  readRelationOfThing(parts, text, tokens, claimed, ROLE_END);
  readRelationCompound(parts, text, tokens, claimed);

  // "Angelenos who surf", "retirees who knit": a verb after "who" that names an activity is what they do.
  tokens.forEach((token, index) => {
    if (claimed[index] || !RELATIVE_WORDS.has(tokens[index - 1]?.text ?? "") || token.text !== token.singular) return;
    // Only a verb with no object, where or when after it: "who run weekly games", "who run the farm",
    // "who fish for a living" or "run for office" are not the hobby.
    const next = tokens[index + 1];
    if (next && !CONJUNCTIONS.has(next.text) && !VERB_WITHOUT_OBJECT_NEXT.has(next.text)) return;
    const activity = activityOfVerb(token);
    if (!activity) return;
    claimed[index] = true;
    if (!parts.activities.some((entry) => entry.activity === activity)) parts.activities.push({ activity, span: spanOf(text, tokens, index, 1) });
  });

  commutersBetween(parts, text, tokens, claimed);
  secondGeneration(parts, text, tokens, claimed);
  if (grownChildAt === undefined) offspringOfWorkers(parts, text, tokens, claimed);
  readLanguageSpeakers(parts, text, tokens, claimed, CONTINENTAL);
  dropNegatedLanguage(parts);
  youngPeoplesConditions(parts);
  placeCommunitiesAtHome(parts);
  if (people) homelandsOfPeople(parts, people);

  // Who they are, not what they do: their jobs are the population's everyday mix.
  if (identityRole && parts.roles.length === 1 && parts.roles[0] === identityRole.role) {
    const { role, identity } = identityRole;
    parts.roles = [{ kind: "situation", situation: identity, value: identity.value, span: role.kind === "general" ? spanOf(text, tokens, 0, 1) : role.span }];
    parts.situations.push({ situation: identity, span: parts.roles[0]?.kind === "situation" ? parts.roles[0].span : spanOf(text, tokens, 0, 1) });
  }
  // "paris, fr", "Lyon, FR": the city's own country code after it says where the city is, nothing more.
  for (const place of parts.places) {
    if (place.kind !== "city") continue;
    const next = tokens.findIndex((token) => token.start >= place.span.end);
    const code = tokens[next];
    if (code && !claimed[next] && code.text === place.city.country.toLowerCase() && /^\s*,\s*$/.test(text.slice(place.span.end, code.start))) claimed[next] = true;
  }
  nativePeoples(parts);
  // "Landlords and tenants", "Parents and teenagers": what one of two groups is, is not everyone's.
  readJoinedGroups(parts, text, tokens, claimed, [...ageTerms.map((term) => term.span), ...tokens.filter((token) => genderWords.has(token.text))]);
  // "half of them over 50", "one in four unemployed": a share's trait is not everyone's.
  readShares(parts, text, tokens, claimed);
  declareWorldOrigins(parts);
  readGroupMembers(parts, text, tokens, claimed);
  if (formerChildAt !== undefined) roleHeldAsChild(parts, text, tokens, claimed, formerChildAt);
  if (grownChildAt !== undefined) parentsAreNotThem(parts, text, tokens, grownChildAt);
  declareUnknownSportTaught(parts, text);
  const unknownKind = unknownKindOfRole(parts, text, tokens, claimed, stopWords);
  if (unknownKind) parts.genderMixOf = unknownKind;
  // Whatever is left and means something is not modelled, in the prompt's own words.
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index] as Token;
    if (claimed[index] || stopWords.has(token.text) || CONJUNCTIONS.has(token.text) || /^\d+$/.test(token.text) || participantNouns.has(token.text) || genderWords.has(token.text)) {
      index++;
      continue;
    }
    let end = index + 1;
    while (end < tokens.length && !claimed[end] && !stopWords.has((tokens[end] as Token).text) && !CONJUNCTIONS.has((tokens[end] as Token).text)) end++;
    parts.unmodelled.push(spanOf(text, tokens, index, end - index).text);
    index = end;
  }
  for (const place of parts.unknownPlaces) parts.unmodelled.push(place.text);
  coastForSeaWork(parts);
  agesOfParents(parts);
  // A city the gazetteer does not list in the place named is kept as written there: its size and coast are unknown.
  for (const name of unlistedCities) parts.unmodelled.push(name);
  // The verb of arriving was read with the time it carries.
  if (parts.arrival) parts.unmodelled = parts.unmodelled.filter((words) => !ARRIVING_ALONE.test(words.trim()));
  return parts;
}

/**
 * "Albanians in Kosovo", "Hungarians in Transylvania", "Germans in South Tyrol": a people native to the place
 * they are named in, outside its kin state, are locals of that people — their ethnicity, born where they
 * live — not immigrants from the kin state (O2's countries.json native_peoples). "Turks in Germany" stay migrants.
 */
function nativePeoples(parts: PromptParts): void {
  const home = parts.places[0];
  // An area of one country ("Transylvania", "South Tyrol") is in that country.
  const hostCode = home?.kind === "area" ? (home.area.countries.length === 1 ? home.area.countries[0] : undefined) : home?.country.code;
  if (!hostCode || parts.situations.some(({ situation }) => situation.origin)) return;
  const names = parts.places.flatMap((place) => (place.kind === "city" ? [place.city.name, place.city.region ?? ""] : place.kind === "region" ? [place.region.name] : place.kind === "area" ? [place.area.name, place.span.text] : [])).filter((name) => name !== "");
  for (const origin of [...parts.origins]) {
    if (origin.heritage || origin.byLanguage || origin.byPopulation || !nativePeopleOf(origin.country.code, hostCode, names)) continue;
    parts.origins = parts.origins.filter((entry) => entry !== origin);
    const value = origin.country.demonym;
    parts.situations.push({ situation: { id: `ethnicity:${value}`, aliases: [origin.span.text], field: "ethnicity", value }, span: origin.span });
    parts.bornWhereTheyLive ??= origin.span;
  }
}

/** "richest" → rich, "poorer" → poor, "wealthier"/"wealthiest" → wealthy, "biggest" → big: the adjective a comparative or superlative is made of. */
function comparativeBase(word: string): string | undefined {
  const match = /^([a-z]{2,}?)(i)?(?:est|er)$/.exec(word);
  if (!match) return undefined;
  const stem = (match[1] as string) + (match[2] ? "y" : "");
  // "bigger", "fattest": the doubled consonant is the spelling's, not the adjective's.
  return /([b-df-hj-np-tv-z])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

/**
 * "The richest families", "Poorer households", "wealthier retirees": a comparative or superlative of an
 * adjective the phrase table reads as an income or an age is read as the adjective (pushed no further).
 */
function comparativeMatch(lexicon: ReturnType<typeof knowledge>["lexicon"], tokens: readonly Token[], index: number, claimed: readonly boolean[]): LexiconMatch<Meaning> | undefined {
  const token = tokens[index] as Token;
  const base = comparativeBase(token.text);
  if (!base) return undefined;
  const swapped = tokens.map((candidate, position) => (position === index ? { ...candidate, text: base, singular: base } : candidate));
  const found = lexicon.matchAt(swapped, index, (position) => !claimed[position] && position === index);
  if (!found || found.length !== 1) return undefined;
  const meaning = found.entry;
  return meaning.kind === "age-term" || (meaning.kind === "situation" && meaning.situation.field === "income") ? found : undefined;
}

/** Nouns for people who are in an institution without working there: its residents, patients, inmates, pupils. */
const INSTITUTION_RESIDENT_NOUNS = new Set(["resident", "patient", "inpatient", "inmate", "prisoner", "lifer", "convict", "detainee", "offender", "pupil", "boarder", "occupant", "people", "person", "man", "woman", "adult", "elderly", "senior", "teenager", "youth", "boy", "girl", "child", "kid"]);

/**
 * "Residents of a care home in Devon", "Patients in a psychiatric hospital", "Lifers in a maximum-security
 * prison", "Inmates in a women's prison": people named by a noun for those who live in an institution
 * (terms.json workplaces' `residents`) are that situation (housing), with no workplace field — never
 * its staff drawn from the everyday jobs. A job named there ("nurses in a care home") is its staff, as before.
 * A women's/men's institution sets their gender. An institution whose residents' situation the data lacks
 * keeps the role without the workplace, the institution declared.
 */
function residentsOfInstitution(parts: PromptParts, text: string, tokens: readonly Token[]): void {
  const workplace = parts.workplace;
  if (!workplace || workplace.named || parts.roles.length > 1) return;
  const residents = knowledge().terms.workplaces.find((entry) => entry.value === workplace.value)?.residents;
  if (!residents) return;
  const role = parts.roles[0];
  if (role && role.kind !== "general" && role.kind !== "situation" && role.kind !== "as-written") return;
  // The people are named before the institution by a residents' noun ("Residents of", "Lifers in", "pupils at", "elderly people in").
  const before = tokens.filter((token) => token.end <= workplace.span.start);
  const situation = knowledge().situations.find((entry) => entry.id === residents);
  // "Students at a seminary", "students at a naval academy": those training there are its seminarians, its cadets.
  const trainees = situation?.field === "occupation" && role?.kind === "situation" && role.situation.id === "student";
  // Or right after it: "boarding school boys", "care home residents", "prison inmates".
  const after = tokens.find((token) => token.start >= workplace.span.end);
  const namedAfter = after !== undefined && /^\s+$/.test(text.slice(workplace.span.end, after.start)) && INSTITUTION_RESIDENT_NOUNS.has(after.singular);
  if (!trainees && !namedAfter && !before.some((token) => INSTITUTION_RESIDENT_NOUNS.has(token.singular) || (role?.kind === "situation" && role.situation.field === "housing" && token.start >= role.span.start && token.end <= role.span.end))) return;
  const span = role && role.kind !== "general" ? role.span : workplace.span;
  if (role?.kind === "as-written") parts.unmodelled = parts.unmodelled.filter((words) => words !== role.span.text);
  if (situation) {
    parts.situations = parts.situations.filter((entry) => entry.situation.field !== "housing" && (role?.kind !== "situation" || entry.situation !== role.situation));
    parts.situations.push({ situation, span: workplace.span });
    parts.roles = [{ kind: "situation", situation, value: role && role.kind !== "general" ? role.value : residentOf(namedAfter ? [after] : before, workplace.value), span }];
  } else parts.unmodelled.push(workplace.span.text);
  delete parts.workplace;
  const gender = /^(?:(women|female|girls)|(men|male|boys))['’]?s?\s/i.exec(workplace.span.text);
  if (gender && !parts.gender) parts.gender = { gender: gender[1] ? "female" : "male", span: workplace.span };
}

/** Residents' nouns that name the person as they are there ("inmates", "patients"); the others ("people", "elderly") are its residents. */
const INSTITUTION_PERSON_NOUNS = new Set(["resident", "patient", "inpatient", "inmate", "prisoner", "detainee", "boarder", "pupil", "occupant", "boy", "girl", "child"]);

/** "Residents of a care home" → "resident of a care home", "Patients in a rehab clinic" → "patient in a rehab clinic": one person, named as the prompt named them. */
function residentOf(before: readonly Token[], institution: string): string {
  const noun = before.map((token) => token.singular).find((word) => INSTITUTION_PERSON_NOUNS.has(word)) ?? "resident";
  return `${noun} ${noun === "resident" ? "of" : "in"} ${institution}`;
}

/** Countries whose regions a prompt names by abbreviation after a city ("Springfield, IL", "Newcastle, NSW", "Victoria, BC"). */
const ABBREVIATED_REGIONS = ["US", "CA", "AU"];

/**
 * "Lawyers in Springfield, IL", "Nurses in Newcastle, NSW": a region's abbreviation, written in capitals
 * after a comma that follows a city or an unknown name, is that region (of the United States, Canada or
 * Australia), so the city is read within it. Never a word alone ("IN", "OR", "ME" without a city before them).
 */
function readRegionAbbreviations(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  tokens.forEach((token, index) => {
    const before = tokens[index - 1];
    if (claimed[index] || !before || !/^[A-Z]{2,3}$/.test(token.raw) || !/^\s*,\s*$/.test(text.slice(before.end, token.start))) return;
    const afterCity = parts.places.some((place) => place.kind === "city" && place.span.end === before.end) || (capitalised(before) && !claimed[index - 1]);
    if (!afterCity) return;
    for (const code of ABBREVIATED_REGIONS) {
      const country = knowledge().gazetteer.byCode.get(code);
      const region = country?.regions.find((candidate) => candidate.code === token.raw);
      if (!country || !region) continue;
      parts.places.push({ kind: "region", region, country, span: spanOf(text, tokens, index, 1) });
      claimed[index] = true;
      return;
    }
  });
}

/** Words that negate what follows: "without a bank account", "who do not own a car", "with no car". */
const NEGATING_WORDS = new Set(["without", "not", "don't", "doesn't", "aren't", "isn't", "weren't", "wasn't", "never", "no"]);

/** Words that end a negated phrase: where, who or since ("without a car in Lagos"). */
const NEGATION_END = new Set([...LOCATIVE, "on", "who", "that", "whose", "and", "or", "but", "since", "during", "aged", "over", "under", "between"]);

/** Before a negating word, the words of the same clause ("who do not", "that have no", "people with no"). */
const NEGATION_LEAD = new Set(["who", "that", "do", "does", "did", "have", "has", "had", "with", "are", "is", "can", "can't", "cannot"]);

/**
 * "People without a bank account", "adults who do not own a car", "non-drinkers": what a negated phrase
 * names is what they lack or avoid, never a field set to it (no workplace "a bank"), nor a job ("non-drinker").
 * The phrase is declared whole, as written, unless the data knows it ("non-binary", "never married",
 * "without a home" where listed), and the people keep the everyday work of those the rest of the prompt names.
 */
function readNegations(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const { lexicon } = knowledge();
  const known = (start: number) => ["situation", "qualifier", "condition"].includes(lexicon.matchAt(tokens, start, (position) => !claimed[position])?.entry.kind ?? "");
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (claimed[index]) continue;
    // "Non-Muslim residents", "Non-English speakers": a trait's value excluded, never the field set to it.
    // A phrase the data knows whole ("non-binary", "non-commissioned officers") stays the data's.
    const negatedValueEnd = lexicon.matchAt(tokens, index, (position) => !claimed[position]) ? undefined : readNegatedValue(parts, text, tokens, claimed, index);
    if (negatedValueEnd !== undefined) {
      index = negatedValueEnd - 1;
      continue;
    }
    // "non-drinkers", "non-voters": "non" and the people-noun it is joined to by a hyphen, naming the people
    // whole; "non-commissioned officers", "non-executive directors" name a role of their own, left to the data.
    const joined = tokens[index + 1];
    const after = tokens[index + 2];
    const prefixed = token.text === "non" && joined !== undefined && /^-\s*$/.test(text.slice(token.end, joined.start)) && joined.text !== joined.singular && (after === undefined || claimed[index + 2] === true || NEGATION_END.has(after.text) || knowledge().stopWords.has(after.text));
    // "no" negates only after "with"/"have" ("with no car"), never as a word alone ("no-kill shelters").
    const negating = prefixed || (NEGATING_WORDS.has(token.text) && (token.text !== "no" || ["with", "have", "has", "had"].includes(tokens[index - 1]?.text ?? "")));
    if (!negating) continue;
    let start = index;
    while (start > 0 && !claimed[start - 1] && NEGATION_LEAD.has((tokens[start - 1] as Token).text) && index - start < 3) start--;
    if (known(start) || known(index)) continue;
    let end = index + (prefixed ? 2 : 1);
    if (!prefixed) while (end < tokens.length && !claimed[end] && !NEGATION_END.has((tokens[end] as Token).text) && !/[,;.]/.test(text.slice((tokens[end - 1] as Token).end, (tokens[end] as Token).start))) end++;
    if (end === index + 1) continue;
    // "who are not men": a negated sex is read with the gender words (the other sex), not left out.
    const negatedWords = tokens.slice(index + 1, end).map((word) => word.text).filter((word) => word !== "a" && word !== "an");
    if (!prefixed && negatedWords.length === 1 && genderLexicon().has(negatedWords[0] as string)) continue;
    for (let position = start; position < end; position++) claimed[position] = true;
    parts.unmodelled.push(spanOf(text, tokens, start, end - start).text);
    index = end - 1;
  }
}

/** After "who", words that start a second activity beside the population's own ("who also study", "who moonlight as DJs"). */
const SECOND_ACTIVITY_WORDS = new Set(["also", "moonlight", "moonlights", "moonlighting", "double", "doubles"]);

/**
 * "Uber drivers in Nairobi who also study part-time", "Teachers who moonlight as DJs": the clause is a
 * second activity beside their own, kept whole as written (a field of its own), never read as theirs
 * ("part-time" is the studying, not the driving). It ends where a place or another clause begins.
 */
function readSecondActivity(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const at = tokens.findIndex((token, index) => token.text === "who" && !claimed[index] && SECOND_ACTIVITY_WORDS.has(tokens[index + 1]?.text ?? ""));
  if (at < 0) return;
  let end = at + 2;
  const placeStarts = (index: number) => LOCATIVE.has((tokens[index] as Token).text) && tokens[index + 1] !== undefined && capitalised(tokens[index + 1] as Token);
  while (end < tokens.length && !claimed[end] && !placeStarts(end) && !/[,;.]/.test(text.slice((tokens[end - 1] as Token).end, (tokens[end] as Token).start))) end++;
  // "who also" with nothing after it says nothing.
  if (end <= at + 2 && tokens[at + 1]?.text === "also") return;
  const firstWord = tokens[at + 1]?.text === "also" ? at + 2 : at + 1;
  // "Chess players who also like hiking": a pastime the data knows is read as theirs beside the first (also_into).
  const { lexicon } = knowledge();
  for (let index = firstWord; index < end; index++) if (["activity", "activity-role"].includes(lexicon.matchAt(tokens, index, (position) => !claimed[position])?.entry.kind ?? "")) return;
  const clause = spanOf(text, tokens, firstWord, end - firstWord);
  for (let index = at; index < end; index++) claimed[index] = true;
  parts.qualifiers.push({ qualifier: { id: "second-activity", aliases: [], field: "second_activity", value: clause.text }, span: spanOf(text, tokens, at, end - at) });
}

/**
 * "Refugees in Uganda", "asylum seekers in Jordan": with no people or country named, refugees are drawn
 * from the world's largest refugee origins, which are not where a given host's refugees come from (Uganda's
 * are South Sudanese and Congolese): said, as for visitors. Immigrants to a country the situation data lists
 * come from that country's own origins; to any other, the same is said.
 */
function declareWorldOrigins(parts: PromptParts): void {
  const migrant = parts.situations.find(({ situation }) => situation.origin && !situation.visitor);
  if (!migrant || parts.origins.length > 0) return;
  const home = parts.places[0];
  const hostCodes = home ? (home.kind === "area" ? home.area.countries : [home.country.code]) : [];
  const immigrant = migrant.situation.id === "immigrant" || migrant.situation.id === "recent-immigrant";
  if (!immigrant && migrant.situation.id !== "refugee") return;
  // The destination's own sourced origins (today's, a past period's, the Gulf's residents, UNHCR's refugees) need no word.
  const host = hostCodes.length === 1 ? knowledge().gazetteer.byCode.get(hostCodes[0] as string) : undefined;
  const year = parts.when?.kind === "year" ? parts.when.year : parts.when?.kind === "setting" ? parts.when.year : undefined;
  if (host && destinationOrigins(host, year, immigrant ? "migrants" : "refugees")) return;
  parts.unmodelled.push(`where ${migrant.span.text.toLowerCase()}${home ? ` in ${home.span.text}` : ""} come from`);
}

/** Head nouns of events: a capitalised name ending in one ("the Monaco Grand Prix", "the Rio Carnival") is an event. */
const EVENT_HEADS = new Set(["marathon", "ultramarathon", "prix", "rally", "race", "regatta", "games", "cup", "bowl", "open", "championship", "championships", "carnival", "festival", "fringe", "tour", "pilgrimage", "mela", "olympiad", "series", "classic", "triathlon", "ironman", "derby", "expo", "fair", "jamboree", "world series"]);

/** Lower-case words that may stand between an event's name and its head noun ("the Sydney to Hobart yacht race"). */
const EVENT_KINDS = new Set(["yacht", "sled", "dog", "road", "bike", "boat", "motor", "horse", "film", "music", "arts", "beer", "food", "jazz", "book", "ultra", "cycle", "sailing", "ski"]);

/** People named by going to events: after them, "at <Name>" is the event, not a town ("festival-goers at Burning Man"). */
const EVENT_GOERS = /(?:goers?|attendees?|revellers?|ravers?)$/;

/**
 * Events the data does not list ("the Super Bowl", "the Monaco Grand Prix", "the Rio Carnival",
 * "festival-goers at Burning Man"): read by their head noun after a capitalised name, they are a situation
 * (a fixed `event` field) and never a home town (Monaco, Man), a pastime (bowling) or a job. Who takes part
 * and where they live are not in the data: the event is declared.
 */
function readUnseenEvents(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const { lexicon } = knowledge();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const lead = tokens[index - 1]?.text ?? "";
    if (claimed[index] || !capitalised(token) || !(lead === "the" || LOCATIVE.has(lead) || lead === "on" || lead === "for")) continue;
    const known = lexicon.matchAt(tokens, index, (position) => !claimed[position]);
    if (known?.entry.kind === "situation" && known.entry.situation.field === "event") continue;
    let end = index + 1;
    while (end < tokens.length && !claimed[end] && (capitalised(tokens[end] as Token) || /^\d+$/.test((tokens[end] as Token).text) || (["to", "de", "of"].includes((tokens[end] as Token).text) && capitalised((tokens[end + 1] ?? token) as Token) && end + 1 < tokens.length))) end++;
    while (end < tokens.length && !claimed[end] && (EVENT_KINDS.has((tokens[end] as Token).text) || EVENT_HEADS.has((tokens[end] as Token).text))) end++;
    const last = tokens[end - 1] as Token;
    const headed = end - index > 1 && (EVENT_HEADS.has(last.text) || /fest$/.test(last.text));
    const goers = lead === "at" && EVENT_GOERS.test(tokens[index - 2]?.text ?? "");
    if (!headed && !goers) {
      index = end - 1;
      continue;
    }
    const start = lead === "the" ? index - 1 : index;
    for (let position = start; position < end; position++) claimed[position] = true;
    const span = spanOf(text, tokens, index, end - index);
    const value = lead === "the" ? `the ${span.text}` : span.text;
    const situation: Situation = { id: `event:${value}`, aliases: [span.text], field: "event", value };
    parts.situations.push({ situation, span });
    parts.unmodelled.push(`${value} (an event the data does not know: who takes part and where they come from)`);
    index = end - 1;
  }
}

/** Verbs of going somewhere: after them, "to X" is where they are going, not where they live. */
const TRAVEL_VERBS = new Set(["walking", "travelling", "traveling", "flying", "driving", "cycling", "heading", "going", "sailing", "marching", "riding", "journeying", "hiking", "trekking", "migrating", "commuting", "returning"]);

/**
 * "Pilgrims walking to Santiago de Compostela", "fans travelling to the World Cup in Qatar": the places
 * after "<verb of going> to" are the journey's goal, not their home (declared, as an endeavour's goal is).
 */
function travelGoals(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const to = tokens.findIndex((token, index) => token.text === "to" && TRAVEL_VERBS.has(tokens[index - 1]?.text ?? ""));
  if (to < 0) return;
  // "returning to work after maternity leave in Seoul": only a place or an event right after "to" is a journey's goal.
  const next = tokens[to + 1]?.text === "the" ? tokens[to + 2] : tokens[to + 1];
  const startsAt = (span: Span) => next !== undefined && (span.start === next.start || span.start === tokens[to + 1]?.start);
  if (!parts.places.some((place) => startsAt(place.span)) && !parts.situations.some(({ situation, span }) => situation.field === "event" && startsAt(span))) return;
  const goal = (tokens[to] as Token).start;
  const goals = parts.places.filter((place) => place.span.start > goal);
  if (goals.length === 0) return;
  parts.places = parts.places.filter((place) => !goals.includes(place));
  claimed[to - 1] = true;
  claimed[to] = true;
  const verb = tokens[to - 1] as Token;
  const lastGoal = goals.at(-1) as PlaceReading;
  parts.unmodelled.push(`${verb.raw} ${text.slice(verb.end, lastGoal.span.end).trim()}`);
}

/** Words for someone's children, whatever their age: "children of immigrants" are the second generation. */
const OFFSPRING_WORDS = new Set(["children", "child", "kids", "sons", "daughters", "descendants"]);

/** Offspring words a generation further down: the grandchildren of migrants are the third generation. */
const GRANDCHILD_WORDS = new Set(["grandchildren", "grandchild", "grandkids", "grandsons", "granddaughters"]);

/** Before "-born", words that say born where they live ("native-born", "locally born"). */
const BORN_HERE_WORDS = new Set(["native", "locally", "home", "homegrown"]);

/**
 * "Children of Vietnamese immigrants in Houston", "British-born children of Pakistani immigrants": the
 * children of migrants, of any age, are the second generation — born where they live, their families'
 * country their heritage — not migrants themselves, nor children aged 5-12. "<X>-born" or "born in <the
 * place they live>" says they were born there.
 */
function secondGeneration(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const residence = new Set(parts.places.flatMap((place) => (place.kind === "area" ? place.area.countries : [place.country.code])));
  tokens.forEach((token, index) => {
    if (token.text !== "born" || claimed[index]) return;
    const before = tokens[index - 1];
    const hyphened = before !== undefined && /^-$/.test(text.slice(before.end, token.start));
    const bornHere = hyphened && (BORN_HERE_WORDS.has(before.text) || residence.has(countryNamed(before.raw)?.code ?? ""));
    const after = tokens[index + 1]?.text === "in" ? tokens[index + 2] : undefined;
    const named = after?.text === "the" ? tokens[index + 3] : after;
    // Only where they live: "born in the United States, living in Paris" names two countries.
    const bornInHome = named !== undefined && residence.size === 1 && (parts.places.some((place) => place.span.start === named.start) || residence.has(countryNamed(named.raw)?.code ?? ""));
    if (!bornHere && !bornInHome) return;
    claimed[index] = true;
    if (bornInHome) claimed[index + 1] = true;
    parts.bornWhereTheyLive = spanOf(text, tokens, bornHere ? index - 1 : index, 2);
    parts.unmodelled = parts.unmodelled.filter((words) => words !== token.raw);
  });
  const migrant = parts.situations.find(({ situation }) => situation.origin && !situation.visitor);
  if (!migrant) return;
  let at = tokens.findIndex((token) => token.start === migrant.span.start) - 1;
  while (at > 0 && parts.origins.some((origin) => (tokens[at] as Token).start >= origin.span.start && (tokens[at] as Token).end <= origin.span.end)) at--;
  const word = tokens[at - 1]?.text ?? "";
  if (tokens[at]?.text !== "of" || (!OFFSPRING_WORDS.has(word) && !GRANDCHILD_WORDS.has(word))) return;
  // "Grandchildren of Italian immigrants": the third generation, born where they live as the second is.
  const second = knowledge().situations.find((situation) => situation.id === (GRANDCHILD_WORDS.has(word) ? "third-generation" : "second-generation"));
  if (!second) return;
  const offspring = tokens[at - 1] as Token;
  const span = spanOf(text, tokens, at - 1, tokens.findIndex((token) => token.end === migrant.span.end) - at + 2);
  parts.situations = parts.situations.map((entry) => (entry === migrant ? { situation: second, span } : entry));
  parts.roles = parts.roles.map((role) => (role.kind === "situation" && role.situation === migrant.situation ? { kind: "situation", situation: second, value: second.value, span } : role));
  parts.origins = parts.origins.map((origin) => ({ ...origin, heritage: true }));
  claimed[at - 1] = true;
  claimed[at] = true;
  // "Children of immigrants" of any age: the child word set no ages of its own.
  if (parts.age && parts.age.span.start === offspring.start) delete parts.age;
}

/** Nouns for the people who live somewhere: "residents of X", "islanders on X" name a place X, never a job. */
const RESIDENT_NOUNS = new Set(["resident", "inhabitant", "people", "islander", "local", "citizen", "native", "villager", "townspeople", "townsfolk", "dweller", "population"]);

/** Particles inside a place's name ("Tristan da Cunha", "Stratford-upon-Avon"). */
const NAME_JOINERS = new Set(["de", "da", "del", "la", "le", "upon"]);

/**
 * "Residents of Lampedusa", "Islanders on Tristan da Cunha": a proper name after a residents' noun and
 * "of"/"on" is where they live. One the gazetteer lacks is kept as written (declared), never read as
 * their occupation; a small town it lists is that town.
 */
function readPlacesOfResidents(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], lowerCasePrompt: boolean): void {
  const { stopWords } = knowledge();
  for (let index = 2; index < tokens.length; index++) {
    let before = index - 1;
    if (tokens[before]?.text === "the") before--;
    if (claimed[index] || !["of", "on"].includes(tokens[before]?.text ?? "") || !RESIDENT_NOUNS.has(tokens[before - 1]?.singular ?? "")) continue;
    const named = (position: number): boolean => !claimed[position] && !stopWords.has((tokens[position] as Token).text) && (capitalised(tokens[position] as Token) || lowerCasePrompt);
    if (!named(index)) continue;
    let end = index + 1;
    while (end < tokens.length && (named(end) || (NAME_JOINERS.has((tokens[end] as Token).text) && end + 1 < tokens.length && named(end + 1)))) end++;
    const span = spanOf(text, tokens, index, end - index);
    for (let position = index; position < end; position++) claimed[position] = true;
    const town = knowledge().townsByName.get(fold(span.text));
    const country = town ? knowledge().gazetteer.byCode.get(town.country) : undefined;
    if (town && country) parts.places.push({ kind: "city", city: town, country, span });
    else parts.unknownPlaces.push(span);
    index = end - 1;
  }
}

/** Terrain words that, as "the highlands of <country>", say the kind of place: its mountains. */
const UPLAND_WORDS = /^(?:the )?(?:highlands?|uplands?|mountains?|hills|high country)$/;

/**
 * "Coffee farmers in the highlands of Ethiopia": a terrain word followed by "of <country>" is that
 * country's terrain, never a same-named area of another country (the Scottish Highlands). Upland
 * words make them mountain people; any other area word is declared.
 */
function terrainOfACountry(parts: PromptParts, tokens: readonly Token[]): void {
  parts.places = parts.places.filter((place) => {
    if (place.kind !== "area") return true;
    const last = tokens.findIndex((token) => token.end === place.span.end);
    if (tokens[last + 1]?.text !== "of") return true;
    const start = tokens[last + 2]?.text === "the" ? last + 3 : last + 2;
    const country = parts.places.find((other) => other.kind === "country" && other.span.start === tokens[start]?.start);
    if (country?.kind !== "country" || place.area.countries.includes(country.country.code)) return true;
    if (UPLAND_WORDS.test(fold(place.span.text))) parts.settlement ??= { value: "mountain", span: place.span, towns: true };
    else parts.unmodelled.push(`${place.span.text} of ${country.span.text}`);
    return false;
  });
}

/** Verbs of taking part right before an event's name ("riding the Tour de France", "competing in the Olympics"): read with it. */
const EVENT_VERBS = new Set(["riding", "racing", "running", "competing", "sailing", "walking", "doing", "making", "performing", "playing", "attending", "visiting", "entering", "entered", "completing", "finishing", "cycling"]);

/** Words for those who take part in an event that name no sport of their own ("riders in the Giro", "competitors in the Dakar Rally"); never fans or spectators. */
const ENTRANT_WORDS = new Set(["rider", "competitor", "entrant", "racer", "contestant", "participant", "finisher", "starter", "skipper"]);

/** The named event of a prompt ("the Tour de France"), with its entry in terms.json `events`. */
function namedEvent(parts: PromptParts) {
  const entry = parts.situations.find(({ situation }) => situation.field === "event");
  const event = entry && knowledge().terms.events.find((candidate) => candidate.value === entry.situation.value);
  return entry && event ? { ...entry, entry, event } : undefined;
}

/**
 * "Indonesian pilgrims on the Hajj", "tourists at Oktoberfest": the visitors of an event held in one city
 * are there, as visitors of a city named are (they come from elsewhere: a people named, else declared).
 * Its entrants ("runners in the Boston Marathon") are not placed by it: see eventEntrants.
 */
function eventVenues(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const named = namedEvent(parts);
  if (!named) return;
  const first = tokens.findIndex((token) => token.start === named.span.start);
  const verb = tokens[first - 1]?.text === "the" || tokens[first - 1]?.text === "in" ? first - 2 : first - 1;
  if (EVENT_VERBS.has(tokens[verb]?.text ?? "")) claimed[verb] = true;
  const venue = named.event.venue;
  if (!venue || !parts.situations.some(({ situation }) => situation.visitor) || parts.places.some((place) => (place.kind !== "country" && place.kind !== "city") || !place.byDemonym)) return;
  const country = knowledge().gazetteer.byCode.get(venue.country);
  const city = country?.cities.find((candidate) => candidate.name === venue.city);
  if (country && city) parts.places.push({ kind: "city", city, country, span: named.span });
}

/**
 * The entrants of a named event: a professional one's ("cyclists in the Tour de France", "sailors in a
 * round-the-world yacht race") race for a living — their job is sport, not an hour or two of it a week;
 * where they live, when no place says, is declared rather than drawn from the event's venue.
 */
function eventEntrants(parts: PromptParts): void {
  eventAudience(parts);
  const named = namedEvent(parts);
  const role = parts.roles[0];
  if (!named || parts.situations.some(({ situation }) => situation.visitor)) return;
  const athlete = knowledge().occupationByName.get("professional athlete");
  const entrant = role?.kind === "participant" || (role?.kind === "as-written" && ENTRANT_WORDS.has(singularWord(fold(role.value.split(" ").at(-1) ?? ""))));
  if (named.event.professional && athlete && entrant && role && parts.roles.length === 1) {
    parts.roles = [{ kind: "occupation", occupation: athlete, value: role.value, span: role.span }];
    if (role.kind === "participant") parts.activities = parts.activities.filter((entry) => entry.activity !== role.activity);
    else parts.unmodelled = parts.unmodelled.filter((words) => words !== role.span.text);
  }
  // "Doctors at the Olympics", "fans at the World Cup": people there who do not take part are of their own ages, not the entrants'.
  const present = parts.roles[0];
  if (present && present.kind !== "participant" && !(present.kind === "occupation" && present.occupation.industry === "sport")) {
    const { min_age: _min, max_age: _max, mean_age: _mean, age_note: _note, ...ageless } = named.situation;
    parts.situations = parts.situations.map((entry) => (entry === named.entry ? { ...entry, situation: ageless } : entry));
  }
  if (parts.places.length === 0 && role && role.kind !== "general") parts.unmodelled.push(`where ${asWrittenPlural(role.span.text)} in ${named.event.value} live`);
}

/** Words that put a pastime's people at work: a service, a workplace's crew, a professional circuit. */
const AT_WORK = /\b(?:navy|navies|naval|army|air\s+force|marines?|coast\s+guard|merchant\s+marine|fleet|professional(?:ly)?|pros?|tour|circuit|league|guiding|guides?|working|employed|paid|crews?)\b/i;
/** Words that keep them at leisure ("amateur sailors", "weekend golfers"). */
const AT_LEISURE = /\b(?:amateur|hobby|hobbyist|recreational|weekend|leisure|casual|for\s+fun|retired|club)\b/i;

/**
 * "Sailors in the navy", "sailors on a cargo ship", "golfers on the PGA Tour": a pastime's people at work are
 * the job's — the occupation of the noun's own name, or for a sport its professional athletes — never pupils
 * who sail. With no word of work the pastime stands.
 */
function participantsAtWork(parts: PromptParts, text: string): void {
  const role = parts.roles[0];
  if (parts.roles.length !== 1 || role?.kind !== "participant" || AT_LEISURE.test(text)) return;
  const named = knowledge().occupations.find((occupation) => fold(occupation.name) === fold(role.value));
  const atWork = parts.workplace !== undefined || parts.industry !== undefined || AT_WORK.test(text);
  // "Climbers guiding on Everest": guiding an activity is its guide's job ("climbing guide"), where the data has one.
  const guiding = /\bguid(?:ing|es?)\b/i.test(text);
  const guide = guiding ? (knowledge().occupationByName.get(`${fold(role.activity.name)} guide`) ?? knowledge().occupationByName.get("tour guide")) : undefined;
  const occupation = named ?? guide ?? (atWork && role.activity.kind === "sport" ? knowledge().occupationByName.get("professional athlete") : undefined);
  // With nothing of work said, the pastime stands ("sailors in Sydney" sail for pleasure: O4's reading of R20-4).
  if (!occupation || !(atWork || guide)) return;
  const value = guide && !named ? `${fold(role.activity.name)} guide` : role.value;
  parts.roles = [{ kind: "occupation", occupation, value, span: role.span }];
  parts.activities = parts.activities.filter((entry) => entry.activity !== role.activity);
}

/** People at an event who watch or celebrate it: no job, and not its entrants. */
const AUDIENCE_WORDS = new Set(["fan", "spectator", "supporter", "reveller", "reveler", "festival-goer", "festivalgoer", "concertgoer", "concert-goer", "attendee", "onlooker", "partygoer", "party-goer", "crowd", "audience"]);

/**
 * "Fans at the Super Bowl", "revellers at the Rio Carnival": the audience of an event is who they are
 * there (a fixed field), never their occupation; their jobs are the everyday ones.
 */
function eventAudience(parts: PromptParts): void {
  const role = parts.roles[0];
  if (!role || role.kind !== "as-written" || parts.roles.length !== 1 || !parts.situations.some(({ situation }) => situation.field === "event")) return;
  const head = role.value.split(" ").at(-1) ?? "";
  if (!AUDIENCE_WORDS.has(singularWord(fold(head)))) return;
  const situation: Situation = { id: `audience:${role.value}`, aliases: [role.span.text], field: "relationship", value: role.value };
  parts.roles = [{ kind: "situation", situation, value: role.value, span: role.span }];
  parts.situations.push({ situation, span: role.span });
  parts.unmodelled = parts.unmodelled.filter((words) => words !== role.span.text);
}

/** Whether the prompt places its people in the present day (terms.json 'present_day_cues', or a year from 1950). */
function presentDay(text: string, year: number | undefined): boolean {
  if (year !== undefined) return year >= PRESENT_DAY_FROM;
  const words = ` ${tokenise(text).map((token) => token.text).join(" ")} `;
  return knowledge().terms.present_day_cues.some((cue) => words.includes(` ${tokenise(cue).map((token) => token.text).join(" ")} `));
}

/** A year from which a role of the past is today's (a prompt's "in 1960" homesteaders are not the Wild West's). */
const PRESENT_DAY_FROM = 1950;

/** Verbs of an endeavour whose object is a goal, not a home ("attempting Everest", "crossing the Sahara"). */
const ENDEAVOUR_VERBS = new Set(["attempting", "summiting", "climbing", "crossing", "rowing", "swimming", "hiking", "trekking", "walking", "conquering", "scaling"]);

/** Words of fishing, in which a three-letter word is a fish before it is a game ("cod"). */
const FISHING_WORDS = /\b(?:fish\w*|trawl\w*|angl(?:er|ers|ing))\b/i;

/** Where one city holds this share of a country's people, the country is that city (Singapore, Monaco). */
const ONE_CITY_SHARE = 0.7;

function oneCityCountry(country: Country): boolean {
  return (country.cities[0]?.population ?? 0) >= ONE_CITY_SHARE * country.populationMillions * 1_000_000;
}

/** The youngest a teenage parent is taken to be: births under 15 are rare (ONS, births by age of mother). */
const YOUNGEST_TEENAGE_PARENT = 15;

/**
 * A parent is a parent for life: the data's ages for parents (20-60) are those of children at home, so a
 * prompt's own ages above them raise the cap ("fathers in their sixties" are 60-69, not all 60, the cap
 * clamping the decade to its floor). "Teenage mothers" are mostly 18-19 — in England and Wales about
 * three in four births to teenage mothers are to women of 18-19 (ONS, births by age of mother;
 * approximate) — and none under 15, not 13-19 spread evenly.
 */
function agesOfParents(parts: PromptParts): void {
  const age = parts.age;
  if (!age) return;
  const teenage = !age.openEnded && age.max <= 19 && /\bteen/i.test(age.span.text);
  const replaced = new Map<Situation, Situation>();
  for (const entry of parts.situations) {
    const situation = entry.situation;
    if (situation.id !== "parent" || replaced.has(situation)) continue;
    const min = situation.min_age ?? age.min;
    const max = situation.max_age ?? age.max;
    if (teenage) {
      replaced.set(situation, { ...situation, id: "teenage-parent", min_age: Math.max(YOUNGEST_TEENAGE_PARENT, age.min), max_age: age.max, mean_age: 18.3, age_note: "teenage parents: about three in four births to teenage mothers are to women of 18-19 (ONS, England and Wales; approximate), and births under 15 are rare" });
    } else if (age.max > max) {
      // Above the cap only: under it, the data's youngest parent (20) still holds unless the prompt says "teenage".
      const { mean_age: _mean, ...rest } = situation;
      replaced.set(situation, { ...rest, max_age: age.max });
    }
  }
  if (replaced.size === 0) return;
  for (const entry of parts.situations) entry.situation = replaced.get(entry.situation) ?? entry.situation;
  parts.roles = parts.roles.map((role) => (role.kind === "situation" && replaced.has(role.situation) ? { ...role, situation: replaced.get(role.situation) as Situation } : role));
  // The teenage parent's own ages say more than "teenage" (13-19): they are the ages.
  if (teenage) {
    const entry = parts.situations.find((candidate) => candidate.situation.id === "teenage-parent") as { situation: Situation; span: Span };
    const start = Math.min(age.span.start, entry.span.start);
    const end = Math.max(age.span.end, entry.span.end);
    entry.span = { start, end, text: parts.text.slice(start, end) };
    delete parts.age;
  }
}

/** Compass adjectives before a country or region that name a part of it (by its listed cities' coordinates). */
const PART_ADJECTIVES: Readonly<Record<string, CompassPart>> = { northern: "north", southern: "south", eastern: "east", western: "west", northeastern: "northeast", northwestern: "northwest", southeastern: "southeast", southwestern: "southwest", central: "central" };
/** Compass nouns in "the north of", "the north-east of", "the centre of". */
const PART_NOUNS: Readonly<Record<string, CompassPart>> = { north: "north", south: "south", east: "east", west: "west", northeast: "northeast", northwest: "northwest", southeast: "southeast", southwest: "southwest", centre: "central", center: "central" };

/**
 * The part of a place the words before it name, claiming them: "northern", "north-eastern" (two
 * tokens: hyphens break words), "north east", "central"; or "the north of", "the north-east of",
 * "the centre of".
 */
function readPartBefore(tokens: readonly Token[], claimed: boolean[], start: number): CompassPart | undefined {
  const word = (index: number): string | undefined => (index >= 0 && !claimed[index] ? tokens[index]?.text : undefined);
  const claim = (from: number): void => {
    for (let index = from; index < start; index++) claimed[index] = true;
  };
  // "north-eastern Brazil", "north eastern Brazil": a north or south before an eastern or western.
  const compound = (first: string | undefined, second: string | undefined): CompassPart | undefined => ((first === "north" || first === "south") && (second === "east" || second === "west") ? (`${first}${second}` as CompassPart) : undefined);
  const adjective = word(start - 1);
  const adjectivePart = adjective ? PART_ADJECTIVES[adjective] : undefined;
  if (adjectivePart) {
    const joined = compound(word(start - 2), adjectivePart);
    claim(joined ? start - 2 : start - 1);
    return joined ?? adjectivePart;
  }
  if (word(start - 1) !== "of") return undefined;
  const noun = word(start - 2);
  const nounPart = noun ? PART_NOUNS[noun] : undefined;
  if (!nounPart) return undefined;
  const joined = compound(word(start - 3), nounPart);
  const first = joined ? start - 3 : start - 2;
  claim(word(first - 1) === "the" ? first - 1 : first);
  return joined ?? nounPart;
}

/** Words after "remote" that make it a way of working ("remote work", "remote staff"). */
const REMOTE_WORK_WORDS = new Set(["work", "working", "worker", "workers", "job", "jobs", "staff", "employee", "employees", "team", "teams", "role", "roles", "contractor", "contractors", "freelancer", "freelancers", "first"]);

/** Nouns that, after "remote", only say where: read with it as a rural place. */
const REMOTE_PLACE_NOUNS = new Set(["area", "areas", "region", "regions", "community", "communities", "part", "parts", "place", "places", "location", "locations", "corner", "corners", "settlement", "settlements", "outpost", "outposts"]);

/** Whether "remote" ends at `end` before a place rather than before who they are or how they work. */
function remoteIsAPlace(tokens: readonly Token[], end: number, nextKind: string | undefined): boolean {
  const next = tokens[end];
  if (!next || !/^[a-z]/i.test(next.text) || REMOTE_WORK_WORDS.has(fold(next.text))) return false;
  // "Remote software engineers", "remote nurses": people who work remotely.
  if (nextKind === "occupation" || nextKind === "situation" || nextKind === "activity-role") return false;
  // "Remote web designers", "remote copywriters": a job the data does not know is still people
  // working remotely when its words end in a doer's plural (not "remote villages", "remote islands").
  for (let index = end; index < Math.min(tokens.length, end + 3); index++) {
    const word = (tokens[index] as Token).text;
    if (REMOTE_RUN_ENDS.has(word)) break;
    if (DOERS.test(word)) return false;
  }
  return true;
}
/** Words that end the run of words after "remote". */
const REMOTE_RUN_ENDS = new Set(["in", "at", "of", "from", "on", "who", "with", "and", "across", "around", "near"]);
/** Plurals of words for people by what they do ("designers", "translators", "illustrators", "physicists", "technicians"). */
const DOERS = /^[a-z]{3,}(?:ers|ors|ists|ians|ants|ents)$/;

/**
 * "Fishermen on Isla Perdida", "dock workers", "lifeguards in Zorblax Bay", "lobstermen in Maine":
 * people whose work is on the sea live on a coast (settlement "coastal"), never in an inland town the
 * world's or the state's mix would otherwise draw (Houlton, 100 miles from the sea). A named country,
 * region or area is kept: for work done from the coast every day (fishing, the docks, the beach), its
 * coastal cities are drawn where it has any; where none of them has one
 * ("fishermen in Mali" fish its rivers and lakes, which the gazetteer does not know), its own places
 * are drawn and the coast is declared as not modelled. A named city is where they live, coast or not;
 * an unknown place stays declared as written. Not in a setting, which places its people itself, nor
 * for a people named by where they come from.
 */
function coastForSeaWork(parts: PromptParts): void {
  const role = parts.roles[0];
  // "Subsistence fishermen in rural Mozambique": rural sea work is done from coastal villages and small towns, not inland ones.
  const rural = parts.settlement?.towns === true && (parts.settlement.value === "rural" || parts.settlement.value === "small town") ? parts.settlement : undefined;
  if (parts.origins.length > 0 || (parts.settlement && !rural) || parts.when?.kind === "setting" || role?.kind !== "occupation") return;
  const { industries, occupations } = knowledge().terms.sea_work;
  // "Workers at a fish cannery": the workplace's industry says the sea as the job's does.
  if (!industries.includes(role.occupation.industry) && !industries.includes(parts.workplace?.industry ?? "") && !occupations.includes(role.occupation.name)) return;
  if (parts.places.some((place) => place.kind === "city" || place.kind === "country" && place.impliedBy)) return;
  // Ocean-going crews are away for months: home is anywhere in the place named ("merchant navy officers from the Philippines").
  const daily = knowledge().terms.sea_work.daily_from_the_coast;
  if (parts.places.length > 0 && !daily.industries.includes(parts.workplace?.industry ?? role.occupation.industry) && !daily.occupations.includes(role.occupation.name)) return;
  // "Fishermen on Lake Victoria": a lake's own towns are its shore, where they live; no sea coast is asked for.
  if (parts.places.length > 0 && parts.places.every((place) => place.kind === "area" && place.area.lake)) return;
  if (parts.places.length > 0 && !parts.places.some(hasCoast)) {
    parts.unmodelled.push(`${role.span.text} (no sea coast in ${parts.places.map((place) => place.span.text).join(", ")})`);
    return;
  }
  // Fishers live in coastal towns, as farmers in rural ones; sailors and lifeguards in coastal cities of any size.
  parts.settlement = { value: "coastal", span: rural?.span ?? role.span, ...(rural || knowledge().ruralIndustries.has(role.occupation.industry) ? { towns: true } : {}) };
}

/** Whether the gazetteer lists a city on the sea coast in a named country, region or area. */
function hasCoast(place: PlaceReading): boolean {
  if (place.kind === "country") return place.country.cities.some((city) => city.coastal);
  if (place.kind === "region") return place.region.cities.some((city) => city.coastal);
  if (place.kind !== "area") return true;
  // An area's own towns or regions say whether it has a coast (the Lake District, Bavaria, the Alps do
  // not, whatever their countries have); only an area of whole countries (Scandinavia) is its countries.
  const { area } = place;
  if ((area.coast?.length ?? 0) > 0) return true;
  const country = (code: string) => knowledge().gazetteer.countries.find((entry) => entry.code === code);
  if (area.places) return Object.entries(area.places).some(([code, names]) => country(code)?.cities.some((city) => city.coastal && names.includes(city.name)));
  if (area.regions) return Object.entries(area.regions).some(([code, names]) => country(code)?.regions.some((region) => names.includes(region.name) && region.cities.some((city) => city.coastal)));
  return area.countries.some((code) => country(code)?.cities.some((city) => city.coastal));
}

/** The endings of fans' and devotees' nouns ("cinephile", "gearhead", "Beatlemaniac", "film buff", "train spotter", "pigeon fancier"). */
const FAN_HEADS = /(?:phile|head|maniac|buff|spotter|fancier|aficionado|devotee|fanatic|freak|nut|obsessive|junkie|lover|enthusiast|admirer|connoisseur)$/;

/** Fan endings that, as words of their own, name a job or a rank ("department heads", "section heads"). */
const WORK_HEADS = new Set(["head"]);

/** The locatives of prompts written in Spanish, Portuguese, German or French ("Enfermeras en Madrid"). */
const FOREIGN_LOCATIVES = new Set(["en", "em", "im", "à"]);

/**
 * "Hobos", "yuppies", "socialites": a plural people-noun, alone, for a way of life or a social type the
 * data lists (terms.json `identity_nouns`, `trait_nouns`) names who they are, not a job. It becomes the
 * persona's `identity` (declared in `unmodelled`: nothing in the data says more of it), and their jobs
 * are the population's everyday mix — no one "works as a hobo". Any other people-noun the data does not
 * know ("bellhops", "mahouts", "gauchos", "cabbies") is their occupation as written: a prompt names its
 * people by their work far more often than by a way of life, and replacing a job with other jobs is the
 * worse error.
 */
function identityOf(tokens: readonly Token[], run: { start: number; end: number }, value: string, span: Span): Situation | undefined {
  const head = tokens[run.end - 1] as Token;
  // "Rastafarians", "Jehovah's Witnesses", "Hare Krishnas": a faith's people are of that religion, never its job.
  const written = fold(span.text);
  const faith = knowledge().terms.faith_nouns.find((entry) => entry.aliases.includes(written) || entry.aliases.includes(head.text));
  if (faith) return { id: `religion:${faith.value}`, aliases: [span.text], field: "religion", value: faith.value, gender_mix_unknown: true };
  // "Film buffs", "train spotters", "pigeon fanciers", "cinephiles", "gearheads", "Beatlemaniacs": a fan's
  // or a devotee's noun, of any thing, is who they are — a pastime's people, no trade.
  // A head on its own is a job's ("department heads", "heads of school"); only fused ("gearhead") a fan's.
  if (head.text !== head.singular && FAN_HEADS.test(head.singular) && !WORK_HEADS.has(head.singular)) return { id: `identity:${fold(value)}`, aliases: [span.text], field: "identity", value, gender_mix_unknown: true };
  // One word only: a phrase's modifier often makes a trade of it ("drag queens" perform for a living).
  // Nor a loanword title of a trade (doulas, sherpas, gurus end in -a, -i, -u), nor a word of a prompt
  // written in another language ("Guardaparques en Chile"): both stay the role as written.
  if (tokens.some((token) => FOREIGN_LOCATIVES.has(token.text)) || /[aiu]$/.test(head.singular)) return undefined;
  // "Optimists", "workaholics", "introverts": a trait of character is who they are, though it ends like an agent noun.
  const trait = knowledge().terms.trait_nouns.includes(head.singular);
  // "Lottery winners", "unvaccinated adults": a status or habit the data lists, of one or more words, is who they are.
  const status = knowledge().terms.trait_nouns.includes(fold(value)) || knowledge().terms.identity_nouns.includes(fold(value));
  if (status) return { id: `identity:${fold(value)}`, aliases: [span.text], field: "identity", value, gender_mix_unknown: true };
  if (run.end - run.start !== 1 || head.text === head.singular || !/^\p{L}[\p{L}-]*$/u.test(head.text)) return undefined;
  // "Wolofs", "Sukumas": a people named like its language (a name no demonym took first) is who they are.
  const language = knowledge().gazetteer.spokenLanguages.get(head.singular);
  if (language) return { id: `ethnicity:${language.name}`, aliases: [span.text], field: "ethnicity", value: language.name, gender_mix_unknown: true };
  if (!(trait || knowledge().terms.identity_nouns.includes(head.singular))) return undefined;
  return { id: `identity:${fold(value)}`, aliases: [span.text], field: "identity", value, gender_mix_unknown: true };
}

/** Words before a place they came from, other than "from" ("trained in India", "born in Lagos"). */
const CAME_FROM_BEFORE = /\b(?:born|raised|trained|educated|qualified|studied|grew\s+up)\s+in\s+(?:the\s+)?$/i;
/** Words between a region they come from and where they live ("from Asia in Europe", "from Africa working in Europe"). */
const FROM_REGION_TO = /^\s*,?\s*(?:(?:who\s+)?(?:now\s+)?(?:are\s+)?(?:living|working|based|settled|employed|studying|live|work|study)\s+)?(?:in|to)\s+(?:the\s+)?$/i;
/** Words between that place and where they live now ("… living in", "… and now work in", ", based in"). */
const LIVES_NOW_BEFORE = /^\s*,?\s*(?:(?:and|but)\s+)?(?:who\s+)?(?:now\s+)?(?:are\s+)?(?:living|working|based|settled|employed|studying|practising|practicing|live|work|study|practise|practice)\s+(?:in|at)\s+(?:the\s+)?$/i;

/** Words before a place they no longer live in, or never did ("moved away from", "who left", "never been to"). */
const LEFT_PLACE = /\b(?:(?:moved|moving|move|migrated|fled|escaped)\s+(?:away\s+)?(?:out\s+)?(?:from|of)|left|leaving|fled|escaped|never\s+(?:been\s+to|visited|lived\s+in)|away\s+from)\s+(?:the\s+)?$/i;
/** Of those, the words of a move away: they lived there before. */
const MOVED_AWAY = /\b(?:moved|moving|move|migrated|fled|escaped|left|leaving|away)\b[^,;]*$/i;

/** Whether "and their" comes right before token `start` ("teachers and their students"). */
function theirAfterAnd(tokens: readonly Token[], start: number): boolean {
  return tokens[start - 1]?.text === "their" && CONJUNCTIONS.has(tokens[start - 2]?.text ?? "");
}

/** A partner's words, with the sex they say (none for "spouse", "partner"). */
const SPOUSE_WORDS = new Map<string, "female" | "male" | undefined>([["wife", "female"], ["husband", "male"], ["widow", "female"], ["widower", "male"], ["spouse", undefined], ["partner", undefined], ["girlfriend", "female"], ["boyfriend", "male"], ["fiancee", "female"], ["fiance", "male"], ["lover", undefined]]);

/** Words for women and men that say they are grown up ("girls" and "boys" do not). */
const ADULT_GENDER_WORDS = new Set(["men", "women", "man", "woman", "ladies", "gentlemen", "lady", "gentleman"]);

/** Numbers in words, and nouns for company, that name how many or who with, never a role ("of five", "six friends"). */
const COUNT_WORDS = new Set(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen", "dozens", "hundred", "hundreds", "several", "many", "few"]);
const COMPANY_NOUNS = new Set(["friend", "cousin", "neighbour", "neighbor", "roommate", "flatmate", "housemate", "classmate", "twin", "triplet", "grandparent", "grandson", "granddaughter", "nephew", "niece", "aunt", "uncle", "in-law"]);

/** Nouns for people that are the same in the singular and the plural ("police in London", "staff at hospitals"). */
const COLLECTIVE_PEOPLE = new Set(["police", "staff", "clergy", "personnel", "crew", "folk", "folks", "youth", "laity", "military", "gentry", "nobility", "royalty", "aristocracy", "faculty", "workforce", "people"]);

/** Whether a leading run names people: a plural, a collective noun, or a word of another language's prompt. */
function namesSomeone(tokens: readonly Token[], run: { start: number; end: number }): boolean {
  const words = tokens.slice(run.start, run.end);
  return words.some((token) => token.text !== token.singular || COLLECTIVE_PEOPLE.has(token.text)) || tokens.some((token) => FOREIGN_LOCATIVES.has(token.text));
}

/** Whether a leading run of words is only numbers and kin or company ("five", "six friends", "grandchildren"). */
function countOrKin(tokens: readonly Token[], run: { start: number; end: number }): boolean {
  const relatives = new Set(knowledge().terms.relatives);
  return tokens.slice(run.start, run.end).every((token) => /^\d+$/.test(token.text) || COUNT_WORDS.has(token.text) || COMPANY_NOUNS.has(token.singular) || relatives.has(token.text) || relatives.has(token.singular));
}

/** The plural of a figurative head noun as prompts write it ("potatoes", "wolves", "butterflies", "owls"). */
function pluralOfHead(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/[^aeiou]o$/.test(noun)) return `${noun}es`;
  if (/[^f]f$/.test(noun)) return `${noun.slice(0, -1)}ves`;
  return `${noun}s`;
}

/**
 * "Night owls", "gym rats", "early birds", "party animals", "couch potatoes": a figurative head noun
 * (terms.json 'figurative_people') with the word before it names people by a habit or temperament.
 * The whole phrase is who they are (an identity, declared: nothing in the data says more of it),
 * read before the phrase table can take its first word for something else ("night" shifts, a "gym").
 * Never a job, and never the bare animal or thing.
 */
function readFigurativePeople(text: string, tokens: readonly Token[], claimed: boolean[], stopWords: ReadonlySet<string>): RoleCandidate | undefined {
  const heads = new Map(knowledge().terms.figurative_people.map((noun) => [pluralOfHead(noun), noun]));
  for (let index = 1; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (ROLE_END.has(token.text)) return undefined;
    const noun = heads.get(fold(token.text));
    const modifier = tokens[index - 1] as Token;
    if (!noun || claimed[index] || claimed[index - 1] || stopWords.has(modifier.text) || !/^\p{L}[\p{L}-]*$/u.test(modifier.text)) continue;
    const value = `${fold(modifier.text)} ${noun}`;
    const span = spanOf(text, tokens, index - 1, 2);
    claimed[index - 1] = true;
    claimed[index] = true;
    const situation: Situation = { id: `identity:${value}`, aliases: [span.text], field: "identity", value, gender_mix_unknown: true };
    return { role: { kind: "situation", situation, value, span }, rank: 5, start: index - 1, end: index + 1 };
  }
  return undefined;
}

/**
 * "Village elders", "tribal elders", "young carers": a role that comes with an age (terms.json
 * 'roles_of_age') is who they are, with that role's ages — never a job ("works as an elder", an elder
 * of 33) and never a paid carer of 19. Their jobs are the everyday mix of those ages (farmers and
 * retirees, pupils). Read before the phrase table, which knows "carers" as a job and "young" as 18-34.
 */
function readRoleOfAge(text: string, tokens: readonly Token[], claimed: boolean[]): RoleCandidate | undefined {
  for (const role of knowledge().terms.roles_of_age) {
    for (const alias of [...role.aliases].sort((a, b) => b.length - a.length)) {
      const words = tokenise(alias).map((token) => token.text);
      const start = tokens.findIndex((_, index) => words.every((word, offset) => tokens[index + offset]?.text === word && !claimed[index + offset]));
      if (start < 0) continue;
      const span = spanOf(text, tokens, start, words.length);
      const value = role.value ?? singularPhrase(fold(span.text));
      const { aliases: _aliases, value: _value, like, isco: _isco, ...ages } = role;
      const base = like ? knowledge().situations.find((entry) => entry.id === like) : undefined;
      const situation: Situation = { ...base, ...ages, aliases: [span.text], value };
      // "Village elders": the village is also where they live, read by the phrase table as a settlement.
      const settlementWords = new Set(knowledge().terms.settlements.flatMap((entry) => entry.aliases.map(fold)));
      for (let offset = 0; offset < words.length; offset++) claimed[start + offset] = offset === words.length - 1 || !settlementWords.has(words[offset] as string);
      return { role: { kind: "situation", situation, value, span }, rank: 1, start, end: start + words.length };
    }
  }
  return undefined;
}

/**
 * "Soviet cosmonauts in the 1960s", "East German teachers": a state that no longer exists (terms.json
 * `historical_states`), named by its adjective or name, places its people in its successor's land (today's
 * borders, declared) — never the world's mix, and "German" after "East" is no language they teach. Read
 * before the phrase table, so its words are claimed.
 */
function readHistoricalState(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  for (let index = 0; index < tokens.length; index++) {
    for (const length of [3, 2, 1]) {
      if (index + length > tokens.length || tokens.slice(index, index + length).some((_, offset) => claimed[index + offset])) continue;
      const phrase = tokens.slice(index, index + length).map((token) => token.text).join(" ");
      const state = knowledge().terms.historical_states.find((entry) => entry.aliases.includes(phrase));
      const country = state ? knowledge().gazetteer.byCode.get(state.countries[0] as string) : undefined;
      if (!state || !country) continue;
      const span = spanOf(text, tokens, index, length);
      for (let position = index; position < index + length; position++) claimed[position] = true;
      parts.places.push({ kind: "country", country, span, byDemonym: false, impliedBy: `${state.value} (${state.years[0]}-${state.years[1]}), drawn as today's ${country.name}`, ...(state.part ? { part: state.part } : {}) });
      parts.qualifiers.push({ qualifier: { id: `state:${state.value}`, aliases: [span.text], field: "state", value: state.value }, span });
      parts.unmodelled.push(`the borders of ${state.value}`);
      return;
    }
  }
}

type People = { value: string; homelands: string[]; span: Span };

/**
 * "Kurds in Berlin", "Berbers in Morocco", "Bedouin in Jordan": a people (terms.json 'peoples') named
 * as the prompt's people, before its first locative, is their ethnicity, written capitalised — never
 * a job; their jobs are the everyday mix. Declared: the data holds only the name and the homelands. Read before the phrase table ("Roma" is also Rome's name).
 */
function readPeople(text: string, tokens: readonly Token[], claimed: boolean[], parts: PromptParts): People | undefined {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (ROLE_END.has(token.text)) return undefined;
    const entry = claimed[index] ? undefined : knowledge().terms.peoples.find((people) => people.aliases.includes(fold(token.text)));
    // "Tamil speakers", "Kurdish-speaking parents": the language they are named by, read elsewhere.
    if (!entry || /^speak/.test(fold(tokens[index + 1]?.text ?? "")) || knowledge().terms.language_roles.includes(fold(tokens[index + 1]?.text ?? ""))) continue;
    claimed[index] = true;
    const span = spanOf(text, tokens, index, 1);
    parts.qualifiers.push({ qualifier: { id: `ethnicity:${entry.value}`, aliases: [span.text], field: "ethnicity", value: entry.value }, span });
    // Their name and homelands are all the data holds of them (names follow the homelands' countries): declared.
    parts.unmodelled.push(span.text);
    return { value: entry.value, homelands: entry.homelands, span };
  }
  return undefined;
}

/**
 * A people living outside its homelands ("Kurds in Berlin", "Tamils in Toronto") is of families from
 * them (a heritage: names and home dishes from there); in a homeland, or where
 * no place is named, they are that place's own people.
 */
function homelandsOfPeople(parts: PromptParts, people: People): void {
  const residence = parts.places.flatMap((place) => (place.kind === "area" ? place.area.countries : [place.country.code]));
  // "Bedouin in the Sinai", "Kurds": no place we know is named; they live in their homelands.
  if (residence.length === 0 && parts.origins.length === 0) {
    for (const code of people.homelands) {
      const country = knowledge().gazetteer.byCode.get(code);
      if (country) parts.places.push({ kind: "country", country, span: people.span, byDemonym: false, impliedBy: `the homelands of the ${people.value} people` });
    }
    return;
  }
  // "Rohingya refugees in Bangladesh", "Kurdish refugees in Iraq": people who fled come from their homelands
  // other than the one they are in now.
  const fled = parts.situations.some(({ situation }) => situation.origin && !situation.visitor);
  if (fled && parts.origins.length === 0) {
    // "Yazidi refugees in Iraq": displaced within their one homeland, they come from it.
    const elsewhere = people.homelands.filter((home) => !residence.includes(home));
    for (const code of elsewhere.length > 0 ? elsewhere : people.homelands) {
      const country = knowledge().gazetteer.byCode.get(code);
      if (country) parts.origins.push({ country, span: people.span });
    }
    return;
  }
  if (residence.some((code) => people.homelands.includes(code)) || parts.origins.length > 0) return;
  for (const code of people.homelands) {
    const country = knowledge().gazetteer.byCode.get(code);
    if (country) parts.origins.push({ country, span: people.span, heritage: true });
  }
}

/** The words for a job that teaches or coaches a sport, after the sport's name ("scuba instructor"). */
const SPORT_TEACHERS = new Set(["instructor", "coach", "teacher", "trainer", "guide"]);

/**
 * "Scuba instructors", "diving instructors": a sport the occupation data names in an alias but the
 * activity data does not know is taught on a sports instructor's generic day; what they teach is
 * declared, not silently dropped.
 */
function declareUnknownSportTaught(parts: PromptParts, text: string): void {
  const role = parts.roles[0];
  if (parts.roles.length !== 1 || role?.kind !== "occupation" || role.teaches || role.occupation.industry !== "sport") return;
  const words = role.span.text.split(/\s+/);
  const head = singularWord(fold(words.at(-1) ?? ""));
  if (words.length < 2 || !SPORT_TEACHERS.has(head)) return;
  const sport = words.slice(0, -1).join(" ");
  if (activityNamed(sport) || activityNamed(`${fold(sport)}ing`) || parts.activities.length > 0) return;
  if (!parts.unmodelled.includes(sport) && text.includes(sport)) parts.unmodelled.push(sport);
}

/**
 * "Volunteer lifeboat crew", "film crew", "gang members", "members of a church choir": a group named
 * for its people is one member of it per persona ("a lifeboat crew member", never "a lifeboat crew");
 * a bare "members" takes the group's words written before it or after "of".
 */
function readGroupMembers(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const groups = new Set(knowledge().terms.group_nouns.map(fold));
  const member = (value: string) => (groups.has(fold(value.split(/\s+/).at(-1) ?? "")) ? `${value} member` : value);
  if (parts.volunteerRole) parts.volunteerRole = { ...parts.volunteerRole, value: member(parts.volunteerRole.value) };
  // The member's group is the situation's value too: the field says "gang member", not "member".
  const memberOf = (role: Extract<RoleReading, { kind: "situation" }>, value: string, span: Span): RoleReading => {
    const situation = { ...role.situation, value };
    parts.situations = parts.situations.map((entry) => (entry.situation === role.situation ? { ...entry, situation } : entry));
    return { ...role, situation, value, span };
  };
  parts.roles = parts.roles.map((role) => {
    if (role.kind === "general" || role.kind === "setting-role") return role;
    if (role.kind === "situation" && role.situation.id === "member" && /^members?$/i.test(role.span.text)) {
      const first = tokens.findIndex((token) => token.start === role.span.start);
      const named = (index: number) => index >= 0 && index < tokens.length && /^\p{L}+(?:['’]\p{L}+)?$/u.test((tokens[index] as Token).text) && !knowledge().stopWords.has((tokens[index] as Token).text) && !ROLE_END.has((tokens[index] as Token).text);
      let start = first;
      while (named(start - 1) && !claimed[start - 1]) start--;
      let after = first + 1;
      if (start === first && tokens[after]?.text === "of") {
        after++;
        while (["a", "an", "the", "their", "our"].includes(tokens[after]?.text ?? "")) after++;
        let end = after;
        while (named(end)) end++;
        if (end > after) return memberOf(role, `${writtenSingular(text, tokens, after, end)} member`, spanOf(text, tokens, first, end - first));
      }
      return start < first ? memberOf(role, `${writtenSingular(text, tokens, start, first)} member`, spanOf(text, tokens, start, first + 1 - start)) : role;
    }
    return { ...role, value: member(role.value) };
  });
}

/** Endings of English adjectives and participles ("independent", "marching", "qualified", "famous"). */
const ENGLISH_ADJECTIVE = /(?:ent|ant|al|ive|ous|ful|less|ic|ed|ing|able|ible|ary|ory|ish|est|er)$/;

/**
 * "Kabuki actors", "Bolshoi dancers": a word the data does not know right before a known job names a
 * kind of it whose gender mix may be its own (kabuki is played by men only), not the job's in
 * general. The job's shares are still used, and the blueprint says they are only the job's.
 */
function unknownKindOfRole(parts: PromptParts, text: string, tokens: readonly Token[], claimed: readonly boolean[], stopWords: ReadonlySet<string>): string | undefined {
  const role = parts.roles[0];
  if (parts.gender || parts.roles.length !== 1 || role?.kind !== "occupation" || role.occupation.female_share <= 0 || role.occupation.female_share >= 1) return undefined;
  const first = tokens.findIndex((token) => token.start === role.span.start);
  let start = first;
  while (start > 0 && !claimed[start - 1] && /^\p{L}+$/u.test((tokens[start - 1] as Token).text) && !stopWords.has((tokens[start - 1] as Token).text)) start--;
  // "Independent bookshop owners", "marching band members": an English adjective describes them; it names no kind of the job.
  // Nor a people named by their language ("Tamil fishermen", "Sámi herders"): they are the job's people, not a kind of the job.
  if (start === first || first < 0 || ENGLISH_ADJECTIVE.test((tokens[first - 1] as Token).text) || knowledge().gazetteer.spokenLanguages.has((tokens[first - 1] as Token).text)) return undefined;
  // As written: the unknown word is often a name ("Bolshoi"), whose capital is kept.
  return text.slice((tokens[start] as Token).start, role.span.end);
}

/** Nouns for people who follow someone ("fans of", "supporters of", "admirers of"): a name after them is a person's. */
const FOLLOWER_NOUNS = new Set(["fan", "supporter", "admirer", "follower", "devotee", "disciple", "reader", "voter", "listener", "viewer", "critic"]);

/** Whether the words at `index` are a place or a people's name ("Black Americans", "White South Africans"). */
function namesAPlaceOrPeople(tokens: readonly Token[], index: number): boolean {
  const kind = knowledge().lexicon.matchAt(tokens, index)?.entry.kind;
  return kind === "city" || kind === "country" || kind === "region" || kind === "area";
}

/** Titles of rank that say the holder's sex ("queens", "dukes", "countesses"): a role, never a place of the name. */
const SEXED_TITLES = new Set(["king", "queen", "prince", "princess", "duke", "duchess", "earl", "count", "countess", "baron", "baroness", "emperor", "empress", "tsar", "tsarina", "sultan", "sultana", "lord", "lady", "abbot", "abbess"]);

/** Words that end like a gendered role word but name no one's gender. */
const NOT_GENDERED_ROLE_WORDS = new Set(["witness", "business", "cypress", "fortress", "mattress", "german", "ottoman", "shaman", "brahman", "ataman", "caiman", "talisman", "doberman"]);

/**
 * "Waitresses", "midwives", "businesswomen", "majorettes", "cowboys": a role word that says the
 * person's gender by its own ending (-ess, -wife, -woman, -trix, -ette, -girl; -boy) fixes it, as
 * "women" would, where the prompt says nothing else about gender — the occupation's shares are of its
 * neutral name. Not -man of a job the data holds: English uses it for everyone in the trade ("fishermen",
 * "freshmen"), and the data's shares count the women among them; a -man role the data lacks ("chairmen",
 * "draftsmen") has no such count, and keeps its word's sex. Only the role's head word counts.
 */
function genderOfRoleWord(parts: PromptParts, text: string, tokens: readonly Token[]): void {
  const role = parts.roles[0];
  if (!role || role.kind === "general" || parts.roles.length > 1) return;
  const inRole = tokens.map((token, index) => ({ token, index })).filter(({ token }) => token.start >= role.span.start && token.end <= role.span.end);
  // The last plural is the head ("chessmen collectors" are collectors).
  const head = inRole.findLast(({ token }) => token.text !== token.singular) ?? inRole.at(-1);
  if (!head) return;
  const word = head.token.singular;
  if (NOT_GENDERED_ROLE_WORDS.has(word)) return;
  const stem = (ending: string) => (word.endsWith(ending) ? word.length - ending.length : -1);
  // "Milkmaids", "chambermaids", "bridesmaids"; a bride, a queen; a king, an emperor (a drag queen or king performs either way).
  // "Landladies", "tea ladies"; "marquess" is a man's title though it ends like a woman's.
  const female = stem("woman") >= 3 || stem("wife") >= 2 || stem("trix") >= 3 || stem("ette") >= 3 || stem("girl") >= 3 || stem("maid") >= 3 || stem("lady") >= 3 || (["bride", "queen", "empress", "maid", "lady", "tsarina", "sultana"].includes(word) && !/\bdrag\b/i.test(role.span.text)) || (stem("ess") >= 3 && word !== "marquess" && (!word.endsWith("ness") || word.endsWith("oness")));
  // A -man word the data lacks ("chairmen", "draftsmen", "cowmen") keeps the sex it names: no data counts its women.
  const male = !female && (stem("boy") >= 3 || (role.kind === "as-written" && stem("man") >= 3) || (["king", "emperor", "bridegroom", "prince", "sultan", "tsar", "czar", "duke", "earl", "baron", "abbot", "marquess"].includes(word) && !/\bdrag\b/i.test(role.span.text)));
  if (female || male) parts.gender = { gender: female ? "female" : "male", span: spanOf(text, tokens, head.index, 1) };
}

/**
 * A setting's own role named with the word before the one read ("mill workers" in Victorian
 * Manchester is the era's mill worker, not an employee of anything): the role becomes the setting's,
 * and the reading of the shorter word as a situation is dropped.
 */
function readSettingRoles(parts: PromptParts, setting: Setting, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const roleNames = new Set(Object.keys(setting.roles).map(fold));
  parts.roles = parts.roles.map((role) => {
    if (role.kind === "general") return role;
    const first = tokens.findIndex((token) => token.start === role.span.start);
    const last = tokens.findIndex((token) => token.end === role.span.end);
    if (first < 0 || last < 0) return role;
    for (let reach = Math.min(2, first); reach >= 1; reach--) {
      const start = first - reach;
      if (tokens.slice(start, first).some((_, offset) => claimed[start + offset])) continue;
      const phrase = fold(singularPhrase([...tokens.slice(start, last + 1)].map((token) => token.text).join(" ")));
      if (!roleNames.has(phrase)) continue;
      for (let index = start; index < first; index++) claimed[index] = true;
      parts.unmodelled = parts.unmodelled.filter((words) => !tokens.slice(start, first).some((token) => fold(words).split(/\s+/).includes(token.text)));
      parts.situations = parts.situations.filter((entry) => entry.span.start !== role.span.start || entry.span.end !== role.span.end);
      return { kind: "setting-role", setting, value: phrase, span: spanOf(text, tokens, start, last + 1 - start) };
    }
    return role;
  });
  // "Viking raiders", "Roman legionaries", "Elf archers": the setting's people named first say the
  // setting; the role is the word after them, one of its roles or a word for one (an archer is the
  // realm's archer of the forest guard, as "Elven archers" are).
  const synonyms = new Set(Object.keys(setting.role_synonyms ?? {}).map(fold));
  parts.roles = parts.roles.map((role) => {
    if (role.kind !== "setting-role" || roleNames.has(role.value)) return role;
    const last = tokens.findIndex((token) => token.end === role.span.end);
    if (last < 0) return role;
    for (let reach = Math.min(2, tokens.length - last - 1); reach >= 1; reach--) {
      const words = tokens.slice(last + 1, last + 1 + reach);
      const phrase = fold(singularPhrase(words.map((token) => token.text).join(" ")));
      if (!roleNames.has(phrase) && !synonyms.has(phrase)) continue;
      for (let index = last + 1; index <= last + reach; index++) claimed[index] = true;
      parts.unmodelled = parts.unmodelled.filter((written) => !words.some((token) => fold(written).split(/\s+/).includes(token.text)));
      return { kind: "setting-role", setting, value: phrase, span: spanOf(text, tokens, last + 1, reach) };
    }
    return role;
  });
}

/**
 * "English tutors", "French teachers": a language named by its demonym right before a role that
 * teaches or translates is the subject, kept in the role's words, not a place they live in.
 */
function readLanguageSubjects(parts: PromptParts, text: string): void {
  const { languages, languageRoles } = knowledge();
  // The demonym may have been read as where they live ("English" → England) or where they come from ("French" → France).
  const readings: Array<{ span: Span; drop: () => void }> = [
    ...parts.places.map((place) => ({ span: place.span, drop: () => (parts.places = parts.places.filter((other) => other !== place)) })),
    ...parts.origins.map((origin) => ({ span: origin.span, drop: () => (parts.origins = parts.origins.filter((other) => other !== origin)) })),
  ];
  for (const { span, drop } of readings) {
    if (!languages.has(fold(span.text))) continue;
    const index = parts.roles.findIndex((role) => role.kind === "occupation" && role.span.start >= span.end && text.slice(span.end, role.span.start).trim() === "" && languageRoles.has(fold(role.span.text).split(/\s+/).pop() ?? ""));
    const role = parts.roles[index];
    if (!role || role.kind !== "occupation") continue;
    drop();
    parts.roles[index] = { ...role, value: `${span.text} ${role.value}`, span: { start: span.start, end: role.span.end, text: text.slice(span.start, role.span.end) } };
  }
}

/**
 * "Viennese waltz dancers", "Swedish massage therapists in London": a people's adjective right before
 * a style's word describes the style, not where they come from: the reading as an origin is dropped
 * and the adjective joins the role's words. Named alone, it still places them.
 */
function readStyleSubjects(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const { stylesAfterDemonyms } = knowledge();
  const styleAfter = (span: Span): Span | undefined => {
    const next = /^[ -](\p{L}+)/u.exec(text.slice(span.end));
    if (!next || !stylesAfterDemonyms.has(fold(next[1] as string))) return undefined;
    const end = span.end + next[0].length;
    // "Basque shepherds" are people: a style's word that is also a job, with no word of a role after it ("German shepherd breeders"), is the role.
    const after = /^[ -](\p{L}+)/u.exec(text.slice(end))?.[1];
    if (knowledge().occupationByName.has(singularWord(fold(next[1] as string))) && (after === undefined || ROLE_END.has(fold(after)) || knowledge().stopWords.has(fold(after)))) return undefined;
    return { start: span.start, end, text: text.slice(span.start, end) };
  };
  // Where the adjective is the only place named, it still says where they are most likely found (Swiss watchmakers in
  // Switzerland); beside another place it is only the style's ("Persian rug dealers in New York" live in New York).
  const adjectival = (place: PlaceReading) => (place.kind === "country" || place.kind === "city" ? place.byDemonym || (ADJECTIVE.test(fold(place.span.text)) && fold(place.span.text) !== fold(place.country.name)) : place.kind === "area" && ADJECTIVE.test(fold(place.span.text)));
  // "Andalusian olive farmers", "Sicilian lemon growers": land work is done where the land is, so a
  // crop's word that begins the job's own words is what they grow there, not a style of the place.
  const { ruralIndustries } = knowledge();
  const growsThere = (style: Span) => parts.roles.some((role) => role.kind === "occupation" && ruralIndustries.has(role.occupation.industry) && role.span.start < style.end && role.span.end > style.end);
  const styledPlaces = new Map(parts.places.flatMap((place) => {
    const style = adjectival(place) ? styleAfter(place.span) : undefined;
    return style && !growsThere(style) ? [[place, style] as const] : [];
  }));
  const styled: Span[] = [...styledPlaces.values()];
  if (styledPlaces.size > 0 && styledPlaces.size < parts.places.length) parts.places = parts.places.filter((place) => !styledPlaces.has(place));
  parts.origins = parts.origins.filter((origin) => {
    const style = styleAfter(origin.span);
    if (style) styled.push(style);
    return !style;
  });
  for (const style of styled) {
    const index = parts.roles.findIndex((role) => role.kind !== "general" && role.span.start > style.start && /^[\p{L} -]*$/u.test(text.slice(style.end, role.span.start)));
    const role = parts.roles[index];
    if (!role || role.kind === "general") continue;
    // "German shepherd breeders": the style's own word was read as the role (a shepherd); the people are
    // the word after it, kept as written (listed as unmodelled) rather than given the wrong job.
    if (role.span.end <= style.end) {
      const after = tokens.findIndex((token) => token.start >= style.end);
      const next = tokens[after];
      if (!next || !/^\p{L}+$/u.test(next.text) || knowledge().stopWords.has(next.text)) continue;
      const written = { start: style.start, end: next.end, text: text.slice(style.start, next.end) };
      parts.roles[index] = { kind: "as-written", value: writtenSingular(text, tokens, tokens.findIndex((token) => token.start >= style.start), after + 1), span: written };
      parts.unmodelled = [...parts.unmodelled.filter((entry) => !written.text.includes(entry)), written.text];
      tokens.forEach((token, position) => {
        if (token.start >= written.start && token.end <= written.end) claimed[position] = true;
      });
      continue;
    }
    const span = { start: style.start, end: role.span.end, text: text.slice(style.start, role.span.end) };
    parts.roles[index] = { ...role, value: `${text.slice(style.start, role.span.start).trim()} ${role.value}`, span };
    parts.unmodelled = parts.unmodelled.filter((written) => !span.text.includes(written));
    // A role kept as written is still not modelled, now with its style's words.
    if (role.kind === "as-written") parts.unmodelled.push(span.text);
    tokens.forEach((token, position) => {
      if (token.start >= span.start && token.end <= span.end) claimed[position] = true;
    });
  }
}

/** Whether an area's word names its people ("Breton", "Bretons", "Andalusian") rather than the area ("Brittany"). */
function namesAPeople(area: Area, written: string): boolean {
  const word = fold(written);
  if (ADJECTIVE.test(word)) return true;
  // "Basque" and "Basques", "Bengali" and "Bengalis": a word the area also lists in the singular or plural names its people.
  if (area.aliases.some((alias) => fold(alias) === `${word}s` || `${fold(alias)}s` === word)) return true;
  const singular = singularPhrase(word);
  return singular !== word && (ADJECTIVE.test(singular) || area.aliases.some((alias) => fold(alias) === singular));
}

/** More countries than a continent's largest region holds: an area this wide is "the world" or a continent, no one people's home. */
const CONTINENTAL = 20;

/** An adjective of a people or place ("English", "Tibetan", "Scottish", "Bavarian"), as opposed to the place's own name. */
const ADJECTIVE = /(?:sh|an|ese|ic|i)$/;
/** A region's adjective: a people's, or a compass region's ("Middle Eastern", "West African"). */
const REGION_ADJECTIVE = /(?:sh|an|ese|ic|i|ern)$/;

/** Kinds of activity done for pleasure, whose name before a trade's word makes the trade a pastime in it. */
const PLAYED_KINDS = new Set(["video game", "board game", "tabletop game", "hobby", "fandom"]);

/**
 * Beginners and amateurs of a trade that is also a pastime ("beginner guitarists over 50", "amateur
 * photographers") do it for pleasure: they take part in the activity, with everyday jobs, rather
 * than earning a living from it.
 */
function readPastimes(parts: PromptParts, text: string): void {
  const levels = new Set(parts.qualifiers.filter((entry) => entry.qualifier.field === "level").map((entry) => entry.qualifier.value));
  const forPleasure = levels.has("beginner") || levels.has("amateur");
  parts.roles = parts.roles.map((role) => {
    // "Warhammer painters": a trade that is also a pastime, named after a game or hobby, is what they do in it.
    const hobby = role.kind === "occupation" && role.occupation.pastime ? parts.activities.find((entry) => PLAYED_KINDS.has(entry.activity.kind) && entry.span.end <= role.span.start && text.slice(entry.span.end, role.span.start).trim() === "") : undefined;
    // The activity in the prompt's words: "flamenco dancers" dance flamenco (never "dancing dancers").
    const hobbyWords = hobby && (hobby.span.start === 0 && /^\p{Ll}/u.test(hobby.activity.name) ? hobby.span.text.charAt(0).toLowerCase() + hobby.span.text.slice(1) : hobby.span.text);
    // "Rap artists", "Techno DJs", "Broadway actors": a taste (a genre, an art) before a trade that is also a
    // pastime is the style of their work — the trade, named as written, not fans who do it for pleasure.
    if (hobby && role.kind === "occupation" && hobby.activity.kind === "fandom" && !forPleasure) {
      parts.activities = parts.activities.filter((entry) => entry !== hobby);
      return { ...role, value: role.value.includes(hobby.span.text) ? role.value : `${hobbyWords} ${role.value}`, span: { start: hobby.span.start, end: role.span.end, text: text.slice(hobby.span.start, role.span.end) } };
    }
    if (hobby && role.kind === "occupation") return { kind: "participant", activity: hobby.activity, value: role.value.includes(hobby.span.text) ? role.value : `${hobbyWords} ${role.value}`, span: { start: hobby.span.start, end: role.span.end, text: text.slice(hobby.span.start, role.span.end) } };
    if ((role.kind === "occupation" && !role.occupation.pastime) || role.kind === "as-written") {
      const subject = parts.activities.find((entry) => entry.span.end <= role.span.start && text.slice(entry.span.end, role.span.start).trim() === "");
      const head = role.value.split(/\s+/).at(-1) ?? role.value;
      // "Volunteer firefighters", "volunteer nurses": an unpaid role on top of a day job of their own,
      // not the career; they take part in volunteering as that role.
      if (subject?.activity.name === "volunteering" && !parts.volunteerRole) {
        parts.volunteerRole = { value: role.value, ...(role.kind === "occupation" ? { occupation: role.occupation } : {}), span: role.span };
        return { kind: "participant", activity: subject.activity, value: `volunteer ${role.value}`, span: { start: subject.span.start, end: role.span.end, text: text.slice(subject.span.start, role.span.end) } };
      }
      // "Tango teachers", "chess coaches", "hiking guides": an activity right before a job that teaches
      // or leads it is the job's subject, the work itself (its studio, students and classes), where the
      // text knows such a working day for it.
      if (subject && teachingGroupFor(head, subject.activity)) {
        const words = text.slice(subject.span.start, subject.span.end);
        // The prompt's own words; a lower-case activity capitalised only as the prompt's first word is lower-cased.
        const written = subject.span.start === 0 && /^\p{Ll}/u.test(subject.activity.name) ? words.charAt(0).toLowerCase() + words.slice(1) : words;
        const span = { start: subject.span.start, end: role.span.end, text: text.slice(subject.span.start, role.span.end) };
        // "Hiking guides": a job the occupation data does not know is modelled by what it leads.
        if (role.kind === "as-written") parts.unmodelled = parts.unmodelled.filter((entry) => !span.text.includes(entry));
        return { ...role, value: `${written} ${role.value}`, span, teaches: subject.activity };
      }
      if (role.kind === "as-written") return role;
      // "Piano tuners", "TikTok teachers": an activity before a job that neither teaches nor leads it
      // (or one the text has no working day for) names what the job is about, which the engine does not
      // model: listed as unmodelled rather than passed off as what was asked.
      if (subject) parts.unmodelled.push(text.slice(subject.span.start, role.span.end));
      // "Yoga teachers", "football coaches": the job's own name holds the activity it teaches.
      const named = subject ? undefined : activityNamed(role.value.slice(0, Math.max(0, role.value.length - head.length)).trim());
      if (named && teachingGroupFor(head, named)) {
        if (!parts.activities.some((entry) => entry.activity === named)) parts.activities.unshift({ activity: named, span: role.span });
        return { ...role, teaches: named };
      }
    }
    // "amateur comedians" with no pastime in the data: the role stays a job, so the word is listed, not silently kept as a level.
    if (levels.has("amateur") && role.kind === "occupation" && !role.occupation.pastime) {
      for (const entry of parts.qualifiers) if (entry.qualifier.field === "level" && entry.qualifier.value === "amateur") parts.unmodelled.push(entry.span.text);
      parts.qualifiers = parts.qualifiers.filter((entry) => !(entry.qualifier.field === "level" && entry.qualifier.value === "amateur"));
      return role;
    }
    if (forPleasure && role.kind === "occupation" && role.occupation.pastime) {
      const activity = knowledge().activities.find((candidate) => candidate.name === role.occupation.pastime);
      if (!activity) return role;
      if (!parts.activities.some((entry) => entry.activity === activity)) parts.activities.unshift({ activity, span: role.span });
      return { kind: "participant", activity, value: role.value, span: role.span };
    }
    // "professional photographers": the trade, not the pastime.
    if (levels.has("professional") && role.kind === "participant") {
      const occupation = knowledge().occupations.find((candidate) => candidate.pastime === role.activity.name);
      if (occupation) return { kind: "occupation", occupation, value: role.value, span: role.span };
    }
    return role;
  });
}

/** The activity a phrase names by its name or an alias ("yoga", "football"), if any. */
function activityNamed(phrase: string): Activity | undefined {
  if (phrase === "") return undefined;
  const folded = fold(phrase);
  return knowledge().activities.find((activity) => fold(activity.name) === folded || activity.aliases.some((alias) => fold(alias) === folded));
}

/**
 * "Vegan bodybuilders": the activity the role names is theirs (ages, gender shares, hours), the
 * others describe them, whatever order the prompt names them in.
 */
function leadWithTheRolesActivity(parts: PromptParts): void {
  const lead = parts.roles[0];
  if (lead?.kind !== "participant") return;
  const index = parts.activities.findIndex((entry) => entry.activity === lead.activity);
  if (index > 0) parts.activities.unshift(...parts.activities.splice(index, 1));
}

/** Whether a part after "of"/"for" belongs to the people the role serves ("teachers of refugees"). */
function servesOthers(tokens: readonly Token[], start: number, afterRole: boolean): boolean {
  return afterRole && ["of", "for"].includes(tokens[start - 1]?.text ?? "");
}

/** The span of a served group: the part and the people noun after it ("dementia patients"). */
function othersSpan(text: string, tokens: readonly Token[], start: number, end: number): Span {
  const next = tokens[end];
  const stretch = next && next.text !== next.singular ? end + 1 : end;
  return spanOf(text, tokens, start, stretch - start);
}

/** Jobs people hold before working age: a school year before one of these is the person's own. */
const LEARNER_AGE = 16;

/**
 * A school or study year right before a working role says what the role's work is or how far into
 * it they are, not their own age or studies: "third-grade teachers" teach third grade (adults, not
 * 8-year-olds), "first-year teachers" are in their first year of teaching ("first-year students"
 * keep their year of study).
 */
function qualifyWorkingRole(parts: PromptParts): void {
  const role = parts.roles[0];
  if (parts.roles.length !== 1 || role?.kind !== "occupation" || role.occupation.min_age < LEARNER_AGE) return;
  const before = (span: Span) => span.end <= role.span.start && role.span.start - span.end <= 1;
  parts.situations = parts.situations.filter(({ situation, span }) => {
    if (situation.field !== "school_year" || !before(span)) return true;
    parts.qualifiers.push({ qualifier: { id: `teaches-${situation.id}`, aliases: [span.text], field: "teaches", value: situation.value }, span });
    return false;
  });
  const studyYear = parts.studyYear;
  if (studyYear && before(studyYear.span)) {
    const years = JOB_YEARS[studyYear.value];
    if (years) parts.qualifiers.push({ qualifier: { id: `job-${studyYear.value}`, aliases: [studyYear.span.text], field: "seniority", value: `${studyYear.value} in the job`, years_min: years[0], years_max: years[1] }, span: studyYear.span });
    delete parts.studyYear;
  }
}

/** Completed years in the job of someone in their first, second, third year of it. */
const JOB_YEARS: Record<string, [number, number]> = { "first year": [0, 0], "second year": [1, 1], "third year": [2, 2] };

/**
 * "Compliance directors", "bush pilots", "property developers": a one-word alias that names its
 * occupation only on its own ("director" is a film director), after words nothing else read, says
 * nothing of the work. The phrase is the role as written and is listed in `unmodelled`, rather than
 * a film director's, an airline pilot's or a software developer's day.
 */
function keepGenericHeadAsWritten(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const role = parts.roles[0];
  // "Sex workers", "gig staff": an unknown word before the generic people of work names a kind of work we do not know.
  const genericWorkers = role?.kind === "situation" && role.situation.id === "employee";
  if (parts.roles.length !== 1 || (role?.kind !== "occupation" && !genericWorkers)) return;
  const head = tokens.findIndex((token) => token.start === role.span.start);
  const headToken = tokens[head];
  if (!headToken || headToken.end !== role.span.end || !(genericWorkers || knowledge().genericAliases.has(headToken.singular))) return;
  const { stopWords, participantNouns } = knowledge();
  const genderWords = genderLexicon();
  const unread = (token: Token) => /^\p{L}/u.test(token.text) && !stopWords.has(token.text) && !CONJUNCTIONS.has(token.text) && !participantNouns.has(token.text) && !genderWords.has(token.text);
  let start = head;
  while (start > 0 && !claimed[start - 1] && unread(tokens[start - 1] as Token)) start--;
  if (start === head) return;
  // "McDonald's workers": an employer's name, not a kind of work — they stay its employees.
  if (genericWorkers && tokens.slice(start, head).some((token) => /['’]s$/u.test(token.raw))) return;
  const span = spanOf(text, tokens, start, head - start + 1);
  parts.roles = [{ kind: "as-written", value: writtenSingular(text, tokens, start, head + 1), span }];
  parts.unmodelled.push(span.text);
  for (let index = start; index < head; index++) claimed[index] = true;
}

/**
 * "Fishing boat captains", "tea plantation managers", "ranch hands": a role the data does not know, or
 * names only in general ("manager", "captain"), right after a workplace of an industry is a job of that
 * industry, named with the workplace's words. Its ages and gender mix are the industry's jobs' in the
 * data (industryStandIn), declared; a known job there ("oil rig cooks") keeps its own, at the workplace.
 */
function readRoleAtIndustryWorkplace(parts: PromptParts, text: string): void {
  const role = parts.roles[0];
  const workplace = parts.workplace;
  if (!workplace || workplace.named || parts.roles.length !== 1 || !role || role.kind === "general") return;
  if (!/^\s+$/.test(text.slice(workplace.span.end, role.span.start))) return;
  const generic = role.kind === "occupation" && !role.value.includes(" ") && knowledge().genericAliases.has(role.value);
  if (role.kind !== "as-written" && !generic) return;
  if (role.kind === "as-written" && role.teaches) return;
  // "Cruise ship passengers", "hospital patients": people there who work none of its jobs.
  if (knowledge().terms.served_at_workplaces.includes(singularWord(role.value.split(" ").at(-1) ?? ""))) return;
  const value = `${fold(workplace.span.text)} ${role.value}`;
  const occupation = industryStandIn(value, workplace.industry, knowledge().occupations);
  if (!occupation) return;
  const span: Span = { start: workplace.span.start, end: role.span.end, text: text.slice(workplace.span.start, role.span.end) };
  if (role.kind === "as-written") parts.unmodelled = parts.unmodelled.filter((words) => words !== role.span.text);
  parts.roles = [{ kind: "occupation", occupation, value, span }];
  parts.unmodelled.push(span.text, `the gender mix of ${asWrittenPlural(span.text)}`);
}

/**
 * "Dwarven miners", "Orcish blacksmiths", "Elven archers" in a fantasy setting: the people's word
 * (terms.json `fantasy_peoples`) is who they are — a `people` field — and the noun after it their
 * role: a job the data knows (miner), a setting's role, or the noun as written; never "a dwarven".
 */
function readFantasyPeople(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  if (parts.when?.kind !== "setting" || parts.when.setting.kind !== "fantasy") return;
  const index = tokens.findIndex((token) => knowledge().terms.fantasy_peoples.some((people) => people.aliases.includes(token.text)));
  const word = tokens[index];
  const people = word ? knowledge().terms.fantasy_peoples.find((entry) => entry.aliases.includes(word.text)) : undefined;
  const next = tokens[index + 1];
  if (!word || !people || !next || ROLE_END.has(next.text) || knowledge().stopWords.has(next.text)) return;
  const span = spanOf(text, tokens, index, 1);
  parts.qualifiers.push({ qualifier: { id: `people:${people.value}`, aliases: [span.text], field: "people", value: people.value }, span });
  claimed[index] = true;
  const role = parts.roles[0];
  // The people's word alone was read as the role ("Dwarven" → "a dwarven"): the noun after it is the role.
  if (parts.roles.length <= 1 && (!role || role.kind === "general" || (role.kind !== "occupation" && role.span.end <= word.end))) {
    const nounSpan = spanOf(text, tokens, index + 1, 1);
    const occupation = knowledge().occupationByName.get(next.singular);
    parts.roles = [occupation ? { kind: "occupation", occupation, value: next.singular, span: nounSpan } : { kind: "as-written", value: next.singular, span: nounSpan }];
    parts.unmodelled = parts.unmodelled.filter((words) => fold(words) !== next.text && fold(words) !== word.text);
    if (!occupation) parts.unmodelled.push(nounSpan.text);
    claimed[index + 1] = true;
  } else parts.unmodelled = parts.unmodelled.filter((words) => fold(words) !== word.text);
}

/** The ages of the young named as a group of their own ("women and girls", "children and adults", "grandparents and grandchildren"). */
const YOUNG_GROUP_AGES: Readonly<Record<string, readonly [number, number]>> = { girl: [6, 17], boy: [6, 17], child: [5, 12], kid: [5, 12], grandchild: [3, 30], grandkid: [3, 30], grandson: [3, 30], granddaughter: [3, 30] };

/**
 * Whether the young word at `index` heads a group joined by "and"/"or" to another group of people at the
 * prompt's head ("Women and girls", "Boys and men"). Not when it follows a group with words of its own, which
 * may be said of both ("Teenage girls and boys" are teenage boys too), nor someone else's ("mothers of boys and girls").
 */
function youngGroupJoined(tokens: readonly Token[], index: number): boolean {
  if (tokens.slice(0, index).some((token) => ROLE_END.has(token.text) || token.text === "of")) return false;
  if (CONJUNCTIONS.has(tokens[index + 1]?.text ?? "")) return true;
  if (!CONJUNCTIONS.has(tokens[index - 1]?.text ?? "")) return false;
  return index - 1 === 1;
}

/** Nouns for girls and boys, and schoolgirls and schoolboys: children, when they are the prompt's people. */
const GIRLS_AND_BOYS = new Set(["girl", "boy", "schoolgirl", "schoolboy", "schoolkid"]);
/** Words before "girls"/"boys" that keep them children ("little girls", "young boys", "teenage girls"); any other word may make adults of them ("working girls", "golden girls", "delivery boys"). */
const CHILD_MARKERS = new Set(["little", "young", "small", "teenage", "teen", "tween", "preteen", "pre", "school", "primary", "secondary", "baby", "adolescent"]);
/** The ages of girls and boys with no other word for them (school ages), and of "little" ones. */
const GIRLS_AND_BOYS_AGES = [6, 17] as const;
const LITTLE_ONES_AGES = [3, 10] as const;
const YOUNG_ONES_AGES = [5, 12] as const;

/**
 * "Schoolgirls who love horses", "Girls who play football in Brazil", "Little girls who love ballet",
 * "Young boys in Kenya": girls and boys named as the prompt's people are children — school ages, or
 * younger when "little"/"young" says so — not adults who are "schoolgirls" by identity. Only when no
 * job or workplace hands were read for them and nothing unread before the word makes adults of them
 * ("working girls", "golden girls", "delivery boys"); ages the prompt states win ("girls aged 14-16").
 */
function readGirlsAndBoys(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  if (parts.roles.some((role) => role.kind === "occupation" || role.kind === "setting-role" || (role.kind === "situation" && !role.situation.id.startsWith("identity:")))) return;
  if (parts.when?.kind === "setting") return;
  const index = tokens.findIndex((token) => GIRLS_AND_BOYS.has(token.singular) && !/['’]s$/.test(token.raw));
  const noun = tokens[index];
  if (!noun || tokens.slice(0, index).some((token) => ROLE_END.has(token.text))) return;
  // "of": someone else's ("mothers of boys").
  if (tokens[index - 1]?.text === "of") return;
  // "Women and girls", "Boys and men": one of two groups, whose ages were joined with the other's.
  if (youngGroupJoined(tokens, index) && parts.age && parts.age.span.start <= noun.start && parts.age.max > GIRLS_AND_BOYS_AGES[1]) return;
  let first = index;
  while (first > 0 && (CHILD_MARKERS.has((tokens[first - 1] as Token).text) || claimed[first - 1])) first--;
  const before = tokens.slice(0, first).filter((token) => !knowledge().stopWords.has(token.text));
  if (before.length > 0) return;
  const markers = tokens.slice(first, index).map((token) => token.text);
  const statedAge = parts.age && !tokens.slice(first, index + 1).some((token) => token.start >= (parts.age as { span: Span }).span.start && token.end <= (parts.age as { span: Span }).span.end);
  if (statedAge || markers.some((word) => ["teenage", "teen", "adolescent"].includes(word))) return;
  const [min, max] = markers.includes("little") || markers.includes("baby") ? LITTLE_ONES_AGES : markers.includes("young") ? YOUNG_ONES_AGES : GIRLS_AND_BOYS_AGES;
  parts.age = { min, max, span: spanOf(text, tokens, first, index - first + 1) };
  // A schoolgirl is no identity of an adult: the word was read as who they are by age.
  const covers = (span: Span) => span.start <= noun.start && span.end >= noun.end;
  parts.roles = parts.roles.filter((role) => !((role.kind === "as-written" || (role.kind === "situation" && role.situation.id.startsWith("identity:"))) && covers(role.span)));
  parts.situations = parts.situations.filter((entry) => !(entry.situation.id.startsWith("identity:") && covers(entry.span)));
  parts.unmodelled = parts.unmodelled.filter((words) => fold(words) !== fold(text.slice(tokens[first]?.start, noun.end)) && fold(words) !== noun.text);
  for (let position = first; position <= index; position++) claimed[position] = true;
}

/** Words that say people work somewhere ("people working in warehouses", "those employed at a mine", "who work at a call centre"). */
const WORKING_AT = new Set(["working", "work", "works", "employed", "job", "jobs"]);
/** Small words between the working word and the workplace: "working in the", "employed at a", "working on an". */
const WORKING_LINK = new Set(["in", "at", "on", "for", "a", "an", "the", "one", "local"]);

/**
 * "People working in warehouses in Ohio", "those who work at call centres": people named by no role,
 * only by working at a workplace, are its employees (its staff's jobs, else its hands, else its
 * industry's jobs), never the country's everyday mix of jobs (no retirees, engineers or gig workers
 * at a call centre). True when that is how they are named.
 */
function readWorkingAtWorkplace(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): boolean {
  const workplace = parts.workplace;
  if (!workplace || workplace.named || parts.roles.some((role) => role.kind !== "general")) return false;
  if (parts.situations.some((entry) => entry.situation.id === "employee")) return false;
  let index = tokens.findIndex((token) => token.start === workplace.span.start) - 1;
  // A place's words may stand between ("working in Polish warehouses", "at Ohio warehouses").
  while (index >= 0 && (WORKING_LINK.has((tokens[index] as Token).text) || parts.places.some((place) => place.span.start <= (tokens[index] as Token).start && place.span.end >= (tokens[index] as Token).end))) index--;
  const verb = tokens[index];
  if (!verb || !WORKING_AT.has(verb.text) || !/^(?:in|at|on|for)$/.test(tokens[index + 1]?.text ?? "")) return false;
  const employee = knowledge().situations.find((entry) => entry.id === "employee");
  if (!employee) return false;
  parts.situations.push({ situation: employee, span: spanOf(text, tokens, index, 1) });
  claimed[index] = true;
  return true;
}

/**
 * "Cannery workers", "workers at a meatpacking plant", "quarry staff": at a workplace of one trade most
 * of the people working there hold one job (terms.json `hands`), not any of its industry's (a baker, a
 * brewer at a cannery).
 */
function readWorkplaceHands(parts: PromptParts, text: string, onlyWorkingThere: boolean): void {
  const workplace = parts.workplace;
  const role = parts.roles[0];
  // "Mill girls", "cannery women", "factory lads": a workplace right before a word for women or men names its hands, of that gender.
  const gender = parts.gender;
  if (workplace && !workplace.named && parts.roles.length === 0 && gender && gender.span.start > workplace.span.end && /^\s+$/.test(text.slice(workplace.span.end, gender.span.start))) {
    const entry = knowledge().terms.workplaces.find((candidate) => candidate.value === workplace.value);
    const occupation = entry?.hands ? knowledge().occupationByName.get(fold(entry.hands)) : undefined;
    if (occupation) {
      parts.roles = [{ kind: "occupation", occupation, value: occupation.name, span: { start: workplace.span.start, end: gender.span.end, text: text.slice(workplace.span.start, gender.span.end) } }];
      return;
    }
  }
  // "Cannery workers", "quarry workers": the job's own words name where it is done.
  if (!workplace && parts.roles.length === 1 && role?.kind === "occupation") {
    const written = fold(role.span.text);
    for (const entry of knowledge().terms.workplaces) {
      const alias = entry.hands === role.occupation.name ? entry.aliases.find((candidate) => written.startsWith(`${fold(candidate)} `)) : undefined;
      if (!alias) continue;
      const span = { start: role.span.start, end: role.span.start + alias.length, text: role.span.text.slice(0, alias.length) };
      parts.workplace = { value: entry.value, industry: entry.industry, span };
      return;
    }
  }
  // "Staff at a fish plant": the people are its employees, whether or not the word was read as their role.
  const employee = parts.situations.find((entry) => entry.situation.id === "employee");
  if (!workplace || workplace.named || !employee || parts.roles.length > 1 || (role && (role.kind !== "situation" || role.situation.id !== "employee"))) return;
  const entry = knowledge().terms.workplaces.find((candidate) => candidate.value === workplace.value && (candidate.hands || candidate.staff));
  // People named only as working there ("people working in call centres") hold its staff's jobs in their shares (composed);
  // named as its workers or staff, they are its hands, where it has one trade ("call centre staff" are its agents).
  if (entry?.staff && onlyWorkingThere) return;
  const hands = entry?.hands;
  const occupation = hands ? knowledge().occupationByName.get(fold(hands)) : undefined;
  if (occupation) parts.roles = [{ kind: "occupation", occupation, value: occupation.name, span: role?.span ?? employee.span }];
}

/** A role's words as a phrase inside a sentence ("Fishing boat captains" → "fishing boat captains"; a name keeps its capital). */
function asWrittenPlural(written: string): string {
  return /^\p{Lu}\p{Ll}/u.test(written) ? written.charAt(0).toLowerCase() + written.slice(1) : written;
}

/**
 * "Medieval Japanese samurai": an era word names the setting of its kind in the country the prompt
 * names. A historical setting that lists its countries, with a named country outside them that one
 * other historical setting covers, gives way to that one (Japan's feudal era, not medieval Europe).
 */
function settingOfNamedCountry(setting: Setting, places: readonly PlaceReading[]): Setting | undefined {
  if (setting.kind !== "historical" || !setting.countries) return undefined;
  const named = places.flatMap((place) => (place.kind === "country" || place.kind === "city" || place.kind === "region" ? [place.country.code] : []));
  const outside = named.filter((code) => !setting.countries?.includes(code));
  if (outside.length === 0 || outside.length !== named.length) return undefined;
  const others = knowledge().settings.filter((other) => other !== setting && other.kind === "historical" && outside.every((code) => other.countries?.includes(code)));
  return others.length === 1 ? others[0] : undefined;
}

/** Who a possessive role's people are to the one who holds it ("fishermen's wives", "miners' widows"). */
const FAMILY_AFTER_POSSESSIVE = new Set(["wife", "husband", "spouse", "partner", "widow", "widower", "child", "kid", "son", "daughter", "parent", "mother", "father", "family"]);

/**
 * "Fishermen's wives", "soldiers' children": the possessive word before a relative is read as the
 * word itself ("fishermen", a role) and remembered as possessive; other possessives are left as
 * written ("McDonald's").
 */
function possessivesOfRelatives(text: string, tokens: Token[]): { tokens: Token[]; possessive: Set<number> } {
  const possessive = new Set<number>();
  const read = tokens.map((token, index) => {
    const next = tokens[index + 1];
    // "Australia's outback", "Scotland's highlands", "New Zealand's farms": a place's possessive is the place.
    const ofPlace = /^(\p{Lu}.+)['’]s$/u.exec(token.raw);
    if (ofPlace && next && namesAPlace(tokens, index, ofPlace[1] as string)) {
      const raw = ofPlace[1] as string;
      return { text: fold(raw), singular: fold(raw), raw, start: token.start, end: token.start + raw.length };
    }
    if (!next || !FAMILY_AFTER_POSSESSIVE.has(next.singular)) return token;
    const apostropheS = /^(.+)['’]s$/iu.exec(token.raw);
    if (apostropheS) {
      possessive.add(index);
      const raw = apostropheS[1] as string;
      const folded = fold(raw);
      return { text: folded, singular: singularWord(folded), raw, start: token.start, end: token.start + raw.length };
    }
    if (/^['’]/u.test(text.slice(token.end)) && token.text.endsWith("s")) possessive.add(index);
    return token;
  });
  return { tokens: read, possessive };
}

/** Words after a first-level region's name that name its kind. */
const REGION_WORDS = new Set(["region", "province", "state", "county", "district", "prefecture", "governorate", "oblast"]);

const PLACE_KINDS = new Set(["country", "area", "region", "city"]);

/** Whether `last` (a token's word without its "'s"), alone or after up to two words before it, is a place's whole name. */
function namesAPlace(tokens: readonly Token[], index: number, last: string): boolean {
  for (let first = index; first >= Math.max(0, index - 2); first--) {
    const words = [...tokens.slice(first, index).map((token) => token.raw), last].join(" ");
    const phrase = tokenise(words);
    const match = knowledge().lexicon.matchAt(phrase, 0);
    if (match && match.length === phrase.length && PLACE_KINDS.has(match.entry.kind)) return true;
  }
  return false;
}

/** Words after a club's name that say it is the club ("Rangers fans", "Arsenal supporters"). */
const CLUB_FOLLOWERS = new Set(["fan", "fans", "supporter", "supporters", "follower", "followers", "player", "players", "season"]);

/**
 * A club's name that is also a common word ("Rangers", "Wolves", "Saints") names the club only as a
 * name: capitalised inside the prompt, or followed by its fans. "Indigenous rangers" are rangers.
 */
function clubReadable(entry: Meaning, tokens: readonly Token[], start: number, length: number): boolean {
  if (entry.kind !== "activity" || !entry.club) return true;
  if (CLUB_FOLLOWERS.has(tokens[start + length]?.text ?? "")) return true;
  const word = tokens[start] as Token;
  if (length !== 1 || !hasOtherReading(word)) return true;
  return start > 0 && capitalised(word);
}

/** Whether a word has a reading besides a club's (an occupation, a situation): "rangers", "saints". */
function hasOtherReading(token: Token): boolean {
  const match = knowledge().lexicon.matchAt([{ ...token, text: token.singular }], 0, () => true, (entry) => !(entry.kind === "activity" && entry.club));
  return match !== undefined;
}

/** Words after a verb that leave it without an object: where, when or how often it is done. */
const VERB_WITHOUT_OBJECT_NEXT = new Set(["in", "on", "at", "near", "around", "across", "every", "each", "during", "with", "regularly", "competitively", "often", "together", "whenever", "when", "while", "after", "before", "outdoors", "indoors"]);

/** A verb of coming to live somewhere, between a migrant situation and a time. */
const ARRIVING = /\b(?:arriv(?:ed|ing)|came|come|coming|moved|moving|fled|emigrated|immigrated|migrated|settled|resettled|relocated)\b/i;
/** The verb alone, as it is left in `unmodelled`. */
const ARRIVING_ALONE = new RegExp(`^${ARRIVING.source}$`, "i");
/** How far back an arrival can be: someone who came 90 years ago is no longer among the living population. */
const OLDEST_ARRIVAL = 90;

/**
 * When the prompt's time is when they arrived, that arrival; a verb of arriving in a country with no
 * migrant word ("nurses who moved to the UK in 2019") adds the immigrant situation it implies.
 */
function readArrival(text: string, parts: PromptParts, year: { year: number; span: Span }): PromptParts["arrival"] {
  let migration = parts.situations.find((entry) => entry.situation.origin && entry.situation.years_range);
  if (!migration) {
    // "Syrians who arrived in Germany in 2015", "nurses who moved to the UK in 2019": a verb of arriving
    // in a country (or a people's noun elsewhere) makes them immigrants, and the time is when they came.
    const verb = ARRIVING.exec(text.slice(0, year.span.start));
    const intoCountry = parts.places.some((place) => place.kind === "country") || parts.origins.length > 0;
    const immigrant = knowledge().situations.find((candidate) => candidate.id === "immigrant");
    if (!verb || !intoCountry || !immigrant) return undefined;
    const start = verb.index;
    migration = { situation: immigrant, span: { start, end: start + verb[0].length, text: verb[0] } };
    parts.situations.push(migration);
  }
  if (year.span.start < migration.span.start) return undefined;
  if (!ARRIVING.test(text.slice(migration.span.start, year.span.start))) return undefined;
  const decade = /0s$/i.test(year.span.text.trim());
  const from = decade ? year.year - 5 : year.year;
  const to = decade ? Math.min(from + 9, PRESENT_YEAR) : from;
  if (from > PRESENT_YEAR || from < PRESENT_YEAR - OLDEST_ARRIVAL) return undefined;
  return { from, to, span: year.span };
}

/** Relatives' words that name anyone's, not only one's own: "caregivers of children in daycare". */
const ANYONES_RELATIVES = new Set(["child", "kid", "baby", "toddler"]);

/** Words between a carer and the relative cared for ("carers of their elderly parents"). */
const CARED_FOR_WORDS = new Set(["of", "for", "their", "a", "an", "elderly", "ageing", "aging", "older", "disabled", "sick", "ill", "young", "adult", "own"]);

/**
 * "Caregivers of parents with dementia", "carers for their children": people who care for their own
 * relatives are family carers (unpaid), not care workers who earn a living on a ward.
 */
function readFamilyCarers(parts: PromptParts, tokens: readonly Token[]): void {
  const role = parts.roles[0];
  if (parts.roles.length !== 1 || role?.kind !== "occupation" || !/^(?:care ?givers?|carers?)$/i.test(role.span.text.trim())) return;
  let index = tokens.findIndex((token) => token.start >= role.span.end);
  if (index < 0 || !["of", "for"].includes(tokens[index]?.text ?? "")) return;
  const first = index;
  while (index < tokens.length && CARED_FOR_WORDS.has((tokens[index] as Token).text)) index++;
  const relative = tokens[index];
  if (!relative || !knowledge().terms.relatives.includes(relative.singular)) return;
  // "children" or "babies" are anyone's: their own only after a possessive ("their children") or with a condition of their own.
  const possessive = tokens.slice(first, index).some((token) => token.text === "their" || token.text === "own");
  const anyones = ANYONES_RELATIVES.has(relative.singular) && !possessive && tokens[index + 1]?.text !== "with";
  if (anyones || (!possessive && ["in", "at"].includes(tokens[index + 1]?.text ?? ""))) return;
  const situation = knowledge().situations.find((candidate) => candidate.id === "caregiver");
  if (!situation) return;
  parts.roles = [{ kind: "situation", situation, value: "family carer", span: role.span }];
  // The relative they care for is family, not the people a job serves.
  parts.others = parts.others.filter((entry) => entry.span.end <= role.span.end);
  if (!parts.situations.some((entry) => entry.situation === situation)) parts.situations.push({ situation, span: role.span });
}

type RoleCandidate = { role: Exclude<RoleReading, { kind: "general" }>; rank: number; start: number; end: number };

/**
 * "smallholder farmers", "grower farmers": two words of one occupation side by side name one job, not
 * a second role left unmodelled — one candidate over both, written as the prompt writes it.
 */
function mergeRepeatedOccupations(text: string, tokens: readonly Token[], candidates: RoleCandidate[]): void {
  for (const first of [...candidates]) {
    if (first.role.kind !== "occupation" || !candidates.includes(first)) continue;
    const same = first.role.occupation;
    // "Private chefs", "private investigators", "general contractors": a job's word in the singular right
    // before another job named in the plural only says what kind of the second it is (a private chef
    // is a chef, no army private): the head noun decides.
    const modifier = !namesPeople(tokens, first.start, first.end);
    const next = candidates.find((other) => other.start === first.end && other.role.kind === "occupation" && (other.role.occupation === same || (modifier && namesPeople(tokens, other.start, other.end))));
    if (!next || next.role.kind !== "occupation") continue;
    const occupation = next.role.occupation;
    const span = spanOf(text, tokens, first.start, next.end - first.start);
    const value = writtenSingular(text, tokens, first.start, next.end);
    candidates.splice(candidates.indexOf(next), 1);
    candidates[candidates.indexOf(first)] = { role: { kind: "occupation", occupation, value, span }, rank: Math.min(first.rank, next.rank), start: first.start, end: next.end };
  }
}

/** Words before "in <industry>" that say they work there ("working in construction", "careers in tech"). */
const WORK_WORDS = new Set(["work", "works", "working", "worked", "employed", "employees", "job", "jobs", "career", "careers", "workers"]);

/**
 * "single fathers working in construction", "women with careers in tech": the industry they work in,
 * by the data's words for industries; the words read are claimed. The working words stay readable
 * as what they are ("workers" is still a role word) only when no industry follows.
 */
function readIndustryWork(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const words = knowledge().industryWords;
  for (let index = 0; index + 2 < tokens.length + 1; index++) {
    if (claimed[index] || !WORK_WORDS.has((tokens[index] as Token).text) || tokens[index + 1]?.text !== "in") continue;
    for (let length = 4; length >= 1; length--) {
      const end = index + 2 + length;
      if (end > tokens.length || tokens.slice(index + 2, end).some((_, offset) => claimed[index + 2 + offset])) continue;
      const phrase = tokens.slice(index + 2, end).map((token) => token.text).join(" ");
      // "in the construction industry", "in the retail sector": the last word only says it is one.
      const bare = phrase.replace(/\s+(?:industry|sector|trade|business)$/, "");
      const industry = words.get(phrase) ?? words.get(bare) ?? words.get(bare.replace(/^the\s+/, ""));
      if (!industry) continue;
      parts.industry ??= { value: industry, span: spanOf(text, tokens, index, end - index) };
      // "construction workers in …" stays a role; "working in" is claimed with its industry.
      const from = (tokens[index] as Token).text === "workers" ? index + 1 : index;
      for (let position = from; position < end; position++) claimed[position] = true;
      return;
    }
  }
}

/** Whether the reading right after a word (at `end`) is a sport or its players: an activity of sport, or a job in sport. */
function playsASport(next: LexiconMatch<Meaning> | undefined, end: number): boolean {
  if (!next || next.start !== end) return false;
  const entry = next.entry;
  if (entry.kind === "occupation") return entry.occupation.industry === "sport";
  return (entry.kind === "activity" || entry.kind === "activity-role") && entry.activity.kind === "sport";
}

/**
 * Who takes part in an activity, by its own word where it has one ("cycling club" members are
 * cyclists, a "hiking club"'s hikers, a "rowing club"'s rowers), else its players ("chess player").
 */
function agentOfActivity(activity: Activity): string {
  // A plural agent noun among its aliases ("cyclists", "rowers"): "soccer" ends like one but names the game.
  const agent = activity.aliases.find((alias) => /^\p{L}+(?:ers|ists)$/u.test(alias));
  return agent ? singularWord(fold(agent)) : `${activity.name} player`;
}

/** Words after which an occupation's word is a verb ("who cook", "that farm"). */
const RELATIVE_WORDS = new Set(["who", "that", "and"]);

/** "cook" → cooking, "knit" → knitting, "bake" → baking: an activity named by the verb's -ing form. */
function activityOfVerb(token: Token) {
  const verb = token.text;
  const forms = [`${verb}ing`, verb.endsWith("e") && !verb.endsWith("ee") ? `${verb.slice(0, -1)}ing` : "", /[^aeiou][aeiou][bdgklmnprt]$/.test(verb) ? `${verb}${verb.slice(-1)}ing` : ""].filter(Boolean);
  for (const form of forms) {
    const match = knowledge().lexicon.matchAt(tokenise(form), 0);
    if (match?.entry.kind === "activity") return match.entry.activity;
  }
  return undefined;
}

/** The relative a condition belongs to, when the words before it name one ("children with", "a parent with"). */
/** "The Amish", "Hasidic Jews": a community the data places lives there when the prompt names no place (not wherever the world's people live). */
function placeCommunitiesAtHome(parts: PromptParts): void {
  if (parts.places.length > 0 || parts.unknownPlaces.length > 0 || parts.when?.kind === "setting" || parts.workplace?.named) return;
  const community = parts.situations.find((entry) => entry.situation.home_countries);
  if (!community) return;
  for (const code of community.situation.home_countries ?? []) {
    const country = knowledge().gazetteer.byCode.get(code);
    if (country) parts.places.push({ kind: "country", country, span: community.span, byDemonym: false, impliedBy: community.situation.home_basis ?? "where the community lives" });
  }
}

/** Children named as the population, and the ages they are read as (school age, before the teens). */
const CHILD_WORDS = new Set(["children", "kids", "child", "kid"]);
/** Words that put a role in the past: "former child soldiers", "ex-child brides". */

/**
 * "Former child soldiers", "former child brides": adults now, who held the role as children. The role
 * is their past, a fixed field, not their occupation (they have the everyday jobs of adults); when they
 * held it (a war's years) is not known, so their ages are any adult's and the blueprint says so.
 */
function roleHeldAsChild(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], childAt: number): void {
  const roleAt = childAt + 1;
  const role = parts.roles.find((candidate): candidate is Extract<RoleReading, { kind: "occupation" }> => candidate.kind === "occupation" && tokens[roleAt] !== undefined && candidate.span.start === (tokens[roleAt] as Token).start);
  const roleToken = tokens[roleAt];
  if (!roleToken || stopWordLike(roleToken.text)) return;
  const roleWords = role ? role.value : roleToken.singular;
  if (role) parts.roles = parts.roles.filter((candidate) => candidate !== role);
  for (let index = childAt - 1; index <= roleAt; index++) claimed[index] = true;
  const span = spanOf(text, tokens, childAt - 1, roleAt - childAt + 2);
  parts.age = { min: ADULT_AGE, max: OLDEST_ADULT_AGE, openEnded: true, span };
  parts.qualifiers.push({ qualifier: { id: "role-held-as-child", aliases: [], field: "past", value: `child ${roleWords}` }, span });
  parts.unmodelled.push(`the years they were child ${roleWords}s`);
}
/**
 * "Cross-border commuters between Tijuana and San Diego": commuters between two places live in the
 * first named and work in the second, not half in each; where they commute to is a field of its own.
 */
function commutersBetween(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  if (!parts.situations.some(({ situation }) => situation.id === "commuter")) return;
  const startsAt = (span: Span) => tokens.findIndex((token) => token.start === span.start);
  const home = parts.places.find((place) => tokens[startsAt(place.span) - 1]?.text === "between");
  if (!home) return;
  const homeAt = startsAt(home.span);
  const homeEnd = tokens.findIndex((token) => token.start >= home.span.end);
  if (tokens[homeEnd]?.text !== "and") return;
  // The second place may be one the gazetteer does not list ("Kehl"): kept as written in the field.
  let named = homeEnd + 1;
  while (named < tokens.length && !claimed[named] && capitalised(tokens[named] as Token)) named++;
  const work = parts.places.find((place) => startsAt(place.span) === homeEnd + 1)?.span ?? parts.unknownPlaces.find((span) => startsAt(span) === homeEnd + 1) ?? (named > homeEnd + 1 ? spanOf(text, tokens, homeEnd + 1, named - homeEnd - 1) : undefined);
  if (!work) return;
  for (let index = homeEnd; index < named; index++) claimed[index] = true;
  parts.places = parts.places.filter((place) => place === home || place.span.start !== work.start);
  parts.unknownPlaces = parts.unknownPlaces.filter((span) => span.start !== work.start);
  parts.unmodelled = parts.unmodelled.filter((words) => words !== work.text);
  parts.qualifiers.push({ qualifier: { id: "commutes-to", aliases: [], field: "commutes_to", value: work.text }, span: work });
  // "Cross-border": the border between the two places is what the field says.
  tokens.forEach((token, index) => {
    if (!claimed[index] && /^(?:cross|border|cross-border)$/.test(token.text) && index < homeAt) {
      claimed[index] = true;
      parts.unmodelled = parts.unmodelled.filter((words) => !/^cross-border$/i.test(words));
    }
  });
}

/**
 * "Grandchildren of Turkish guest workers in Cologne", "Sons of Algerian miners in Lille": a job after
 * "<children/grandchildren/sons/daughters> of" heading the prompt is their parents' (grandparents'),
 * not theirs, and is declared. A people named with it, living where the prompt places them, makes
 * them the second (third) generation, as "children of immigrants" does: born there, of that heritage.
 */
function offspringOfWorkers(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const at = tokens.findIndex((token) => OFFSPRING_WORDS.has(token.text) || GRANDCHILD_WORDS.has(token.text));
  const offspring = tokens[at];
  // Heading the prompt ("Sons of…", "Teenage daughters of…"), and followed by "of".
  if (!offspring || at > 1 || tokens[at + 1]?.text !== "of" || GROWN_WORDS.has(tokens[at - 1]?.text ?? "")) return;
  const parents = parts.roles.filter((role): role is Extract<RoleReading, { kind: "occupation" | "as-written" }> => (role.kind === "occupation" || role.kind === "as-written") && role.span.start > offspring.start);
  if (parents.length === 0) return;
  const grand = GRANDCHILD_WORDS.has(offspring.text);
  parts.roles = parts.roles.filter((role) => !(parents as RoleReading[]).includes(role));
  parts.unmodelled = parts.unmodelled.filter((words) => !parents.some((role) => role.span.text.includes(words)));
  parts.unmodelled.push(`their ${grand ? "grandparents" : "parents"}: ${parents.map((role) => role.span.text).join(", ")}`);
  claimed[at] = true;
  claimed[at + 1] = true;
  if (parts.origins.length === 0 || parts.places.length === 0) return;
  const generation = knowledge().situations.find((situation) => situation.id === (grand ? "third-generation" : "second-generation"));
  if (!generation) return;
  const span = spanOf(text, tokens, at, 2);
  parts.situations.push({ situation: generation, span });
  parts.roles = [{ kind: "situation", situation: generation, value: generation.value, span }];
  parts.origins = parts.origins.map((origin) => ({ ...origin, heritage: true }));
  // "Children of …" of any age: the child word set no ages of its own.
  if (parts.age && parts.age.span.start === offspring.start) delete parts.age;
}

/** Words between a role and its field: "students in physics", "professors of law", "undergraduates studying nursing". */
const DISCIPLINE_LINKS = new Set(["in", "of", "studying", "reading", "majoring"]);

/** The roles that study or research a field ("students", "PhD students", "researchers", "professors"). */
const STUDYING_INDUSTRIES = new Set(["education", "research"]);

/**
 * "Graduate students in marine biology", "PhD students in physics", "researchers in AI": a known field
 * right after a student's or researcher's role and "in"/"of" is what they study or work in (a field of
 * its own), never a place nor words left unread one by one.
 */
function readDisciplines(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const role = parts.roles[0];
  const student = role?.kind === "situation" ? role.situation.id === "student" : role?.kind === "occupation" && /student/.test(role.occupation.name);
  const researcher = role?.kind === "occupation" && STUDYING_INDUSTRIES.has(role.occupation.industry);
  if (!student && !researcher) {
    readStudyingOthers(parts, text, tokens, claimed);
    return;
  }
  if (!role || role.kind === "general") return;
  let after = tokens.findIndex((token) => token.start >= role.span.end);
  // "Undergraduate students in …": the role was read from its first word; its plural noun follows.
  if (after >= 0 && !DISCIPLINE_LINKS.has(tokens[after]?.text ?? "") && tokens[after]?.text !== tokens[after]?.singular) after++;
  if (after < 0 || !DISCIPLINE_LINKS.has(tokens[after]?.text ?? "")) return;
  takeDiscipline(parts, text, tokens, claimed, after, student ? "field_of_study" : "discipline", false);
}

/**
 * The longest known field (up to 4 words) right after the linking word at `link`, as a fixed field;
 * the link and the field's words are claimed. `unclaimedOnly`: the field's words must not have been read
 * as anything else.
 */
function takeDiscipline(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], link: number, field: "field_of_study" | "discipline", unclaimedOnly: boolean): void {
  const disciplines = knowledge().disciplines;
  for (let length = Math.min(4, tokens.length - link - 1); length > 0; length--) {
    const words = tokens.slice(link + 1, link + 1 + length);
    const phrase = words.map((token) => token.text).join(" ");
    if (!disciplines.has(phrase) || (unclaimedOnly && words.some((_, offset) => claimed[link + 1 + offset]))) continue;
    const span = spanOf(text, tokens, link + 1, length);
    // "marine" was read as a role of its own (the marines) and left unmodelled: it is the field's word.
    const fieldWords = new Set(words.map((token) => token.raw));
    parts.unmodelled = parts.unmodelled.filter((unread) => !fieldWords.has(unread));
    parts.qualifiers.push({ qualifier: { id: `discipline:${phrase}`, aliases: [], field, value: span.text }, span });
    for (let index = link; index <= link + length; index++) claimed[index] = true;
    return;
  }
}

/**
 * "Young Somali refugees studying nursing", "mothers studying law part-time": people not named as
 * students who study a known field keep the field (field_of_study) beside whatever else they are. Their
 * ages and jobs stay what the rest of the prompt says (retired engineers studying history are not
 * made 19); an unknown field after "studying" is left to be declared.
 */
function readStudyingOthers(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const at = tokens.findIndex((token, index) => !claimed[index] && token.text === "studying");
  if (at < 0) return;
  if (parts.situations.some(({ situation }) => situation.field === "occupation")) return;
  takeDiscipline(parts, text, tokens, claimed, at, "field_of_study", true);
}

/**
 * "Adult children of alcoholics": the role after "of" is their parents', not theirs. A migrant
 * parent ("of immigrants") is read as their generation elsewhere; any other is declared, since
 * nothing here models a parent's life.
 */
function parentsAreNotThem(parts: PromptParts, text: string, tokens: readonly Token[], childAt: number): void {
  const after = tokens[childAt + 2];
  if (tokens[childAt + 1]?.text !== "of" || !after) return;
  const parents = parts.roles.filter((role): role is Exclude<RoleReading, { kind: "general" } | { kind: "situation" }> => role.kind !== "general" && role.kind !== "situation" && role.span.start >= after.start);
  if (parents.length === 0) return;
  parts.roles = parts.roles.filter((role) => !(parents as RoleReading[]).includes(role));
  parts.unmodelled = parts.unmodelled.filter((words) => !parents.some((role) => role.span.text.includes(words)));
  parts.unmodelled.push(`their parents: ${parents.map((role) => role.span.text).join(", ")}`);
}
const ADULT_AGE = 18;
const OLDEST_ADULT_AGE = 90;
/** A word that cannot be the role after "former child" ("former child of …"). */
function stopWordLike(word: string): boolean {
  return ["of", "and", "or", "in", "at", "from", "who", "with"].includes(word);
}
const CHILD_AGES = [5, 12] as const;
/** Words before "children" that make them grown-up sons and daughters. */
const GROWN_WORDS = new Set(["adult", "grown", "grownup"]);
/** Other words for people that a prompt may begin with ("people with children" are not children). */
const PEOPLE_WORDS = new Set(["people", "persons", "adults", "men", "women", "folks", "individuals", "families"]);

/**
 * "Teenagers with diabetes": a condition named by its plain word for people all younger than its
 * `young_instead` age is the one their age mostly has (type 1, not the adults' type 2; data/conditions.json).
 */
function youngPeoplesConditions(parts: PromptParts): void {
  const age = parts.age;
  if (!age) return;
  const { conditions } = knowledge();
  const instead = (entry: { condition: Condition; span: Span }): Condition | undefined => {
    const rule = entry.condition.young_instead;
    if (!rule || age.max >= rule.below_age || !rule.aliases.includes(fold(entry.span.text))) return undefined;
    return conditions.find((condition) => condition.name === rule.condition);
  };
  parts.conditions = parts.conditions.map((entry) => {
    const young = instead(entry);
    return young ? { ...entry, condition: young } : entry;
  });
  parts.roles = parts.roles.map((role) => {
    const young = role.kind === "condition-holder" ? instead(role) : undefined;
    return young && role.kind === "condition-holder" ? { ...role, condition: young, value: role.value.replace(role.condition.name, young.name) } : role;
  });
}

/** Words for a family whose relatives a prompt names after "of" or "with" ("parents of", "families with"). */
const FAMILY_HEADS = new Set(["parents", "parent", "mothers", "mother", "fathers", "father", "mums", "mum", "moms", "mom", "dads", "dad", "grandparents", "families", "family"]);

/** "parents of autistic children": the relative right after a condition's adjective, when a family owns them. */
function relativeAfterOfFamily(tokens: readonly Token[], start: number, end: number): { relative: string; index: number } | undefined {
  const next = tokens[end];
  if (!next || !new Set(knowledge().terms.relatives).has(next.text)) return undefined;
  const link = tokens[start - 1]?.text;
  if (link !== "of" && link !== "with") return undefined;
  return FAMILY_HEADS.has(tokens[start - 2]?.text ?? "") ? { relative: next.singular === "kid" ? "child" : next.singular, index: end } : undefined;
}

/** Whether the relative right before `start` is someone's ("parents of children aged…", "mothers with kids aged…"), not the people the prompt is about. */
function ownedRelativeBefore(tokens: readonly Token[], start: number, reach = 2): boolean {
  const relatives = new Set(knowledge().terms.relatives);
  for (let index = start - 1; index >= Math.max(0, start - reach); index--) {
    if (!relatives.has((tokens[index] as Token).text)) continue;
    if (index > 0 && ["of", "with", "whose", "their", "his", "her", "has", "have", "having", "raising"].includes((tokens[index - 1] as Token).text)) return true;
    // "caring for a spouse with Parkinson's", "looking after elderly parents with dementia": the
    // relative they care for is theirs, the condition the relative's.
    let before = index - 1;
    while (before > 0 && RELATIVE_DETERMINERS.has((tokens[before] as Token).text)) before--;
    return before > 0 && ["for", "after"].includes((tokens[before] as Token).text) && CARING_VERBS.has((tokens[before - 1] as Token).text);
  }
  return false;
}
/** Words between a caring verb's "for"/"after" and the relative cared for. */
const RELATIVE_DETERMINERS = new Set(["a", "an", "the", "their", "his", "her", "my", "our", "elderly", "ageing", "aging", "older", "old", "ailing", "sick", "disabled", "young"]);
/** Verbs whose "for"/"after" names the relative looked after. */
const CARING_VERBS = new Set(["caring", "care", "cares", "looking", "look", "looks", "carers", "caregivers", "caretakers"]);

function relativeBefore(tokens: readonly Token[], start: number, reach = 3): string | undefined {
  const relatives = new Set(knowledge().terms.relatives);
  for (let index = start - 1; index >= Math.max(0, start - reach); index--) {
    const token = tokens[index] as Token;
    if (relatives.has(token.text)) return token.singular;
    if (!["with", "who", "has", "have", "a", "an", "their", "his", "her"].includes(token.text)) return undefined;
  }
  return undefined;
}

/** The leading words no part claims, up to the first word that ends a role ("kiteboarders" in "kiteboarders in Tarifa"). */
function roleRun(tokens: readonly Token[], claimed: readonly boolean[], stopWords: ReadonlySet<string>, genderWords: ReadonlyMap<string, string>): { start: number; end: number } | undefined {
  let start = -1;
  let end = -1;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    // The role comes before the first word that ends it: "wheelchair users who commute by train" has no role run after "who".
    if (ROLE_END.has(token.text)) break;
    // "women", "dads": gender words say who, not what they do.
    const content = !claimed[index] && !stopWords.has(token.text) && !genderWords.has(token.text) && !/^\d+$/.test(token.text) && !CONJUNCTIONS.has(token.text);
    if (content) {
      if (start < 0) start = index;
      end = index + 1;
    } else if (start >= 0 && !claimed[index]) break;
    else if (start >= 0 && claimed[index]) break;
  }
  if (start < 0) return undefined;
  // "Lonely elderly men": words that name no people, followed by words that do, describe them; they are no role.
  const next = tokens[end];
  if (!namesPeople(tokens, start, end) && next && (claimed[end] || genderWords.has(next.text) || CHILD_WORDS.has(next.text) || namesResidents(next))) return undefined;
  // "Residents of an assisted-living home": after a noun that already named the people, words that name none are no role (left unread, declared).
  if (!namesPeople(tokens, start, end) && tokens.slice(0, start).some(namesResidents)) return undefined;
  return { start, end };
}

/** A noun for people by where they live or stay, or for people at all ("residents", "locals", "inmates", "people"): a word before it describes them ("lifelong residents"). */
function namesResidents(token: Token): boolean {
  return RESIDENT_NOUNS.has(token.singular) || INSTITUTION_RESIDENT_NOUNS.has(token.singular) || PEOPLE_WORDS.has(token.text);
}

function joinedByConjunction(
  tokens: readonly Token[],
  first: { start: number; end: number },
  other: { start: number; end: number },
  all: ReadonlyArray<{ start: number; end: number }>,
): boolean {
  const [left, right] = first.start < other.start ? [first, other] : [other, first];
  const between = tokens.slice(left.end, right.start);
  if (between.length === 0 || between.length > 2) return false;
  const joined = between.every((token) => CONJUNCTIONS.has(token.text) || token.text === "," || token.text === "the");
  return joined || all.some((candidate) => candidate.start >= left.end && candidate.end <= right.start);
}

let genderWords: Map<string, "female" | "male"> | undefined;
function genderLexicon(): Map<string, "female" | "male"> {
  if (!genderWords) {
    genderWords = new Map();
    for (const term of knowledge().terms.gender_terms) for (const alias of term.aliases) if (!alias.includes(" ")) genderWords.set(fold(alias), term.gender);
    for (const situation of knowledge().situations) if (situation.gender) for (const alias of situation.aliases) for (const word of fold(alias).split(/[\s-]+/)) if (/^(?:mothers?|moms?|mums?|fathers?|dads?)$/.test(word)) genderWords.set(word, situation.gender);
  }
  return genderWords;
}

/** A historical setting whose years hold the year, preferring one set where the prompt's places are. */
function settingForYear(year: number, span: Span, places: readonly PlaceReading[]): WhenReading | undefined {
  const named = new Set(places.flatMap((place) => (place.kind === "area" ? place.area.countries : [place.kind === "country" ? place.country.code : place.country.code])));
  const candidates = knowledge().settings.filter((setting) => setting.kind === "historical" && setting.years && setting.years[0] <= year && year <= setting.years[1]);
  // A setting of part of a country (the frontier West) needs a place inside that part.
  const regionsNamed = new Set(places.flatMap((place) => (place.kind === "region" ? [place.region.name] : place.kind === "city" ? [place.city.region ?? ""] : place.kind === "area" ? Object.values(place.area.regions ?? {}).flat() : [])));
  const fitting = candidates.filter((setting) => {
    const countries = new Set([...Object.values(setting.place_countries ?? {}), ...(setting.countries ?? [])]);
    if (setting.year_regions && !setting.year_regions.some((region) => regionsNamed.has(region))) return false;
    return named.size === 0 ? false : [...named].some((code) => countries.has(code));
  });
  const setting = fitting[0];
  return setting ? { kind: "setting", setting, span, year, yearSpan: span } : undefined;
}

const SEX_SHARE = new RegExp(
  String.raw`\b(\d{1,3}(?:\.\d+)?\s*(?:%|percent|per\s+cent)|${Object.keys(SHARE_WORDS).map((word) => word.replace(/ /g, "\\s+")).join("|")})\s+(?:of\s+(?:them|whom)\s+)?(?:(?:are|being)\s+)?(men|women|male|female|males|females)\b`,
  "i",
);

/**
 * A share of one sex the prompt states ("Nurses in Ohio, 30% men", "Doctors in Rome, 70 percent
 * female", "mostly male nurses"), as the share of women; "mostly" and its kin are read as 75–90%.
 */
function statedSexShare(text: string): { femaleShare: number; span: Span } | undefined {
  const match = SEX_SHARE.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const amount = match[1].toLowerCase().replace(/\s+/g, " ");
  const number = /^(\d{1,3}(?:\.\d+)?)/.exec(amount)?.[1];
  const share = number !== undefined ? Number(number) / 100 : SHARE_WORDS[amount];
  if (share === undefined || !(share >= 0 && share <= 1)) return undefined;
  const women = /^(?:women|female|females)$/i.test(match[2]);
  return { femaleShare: women ? share : 1 - share, span: { start: match.index, end: match.index + match[0].length, text: match[0] } };
}
