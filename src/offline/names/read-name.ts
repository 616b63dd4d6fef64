/**
 * Reading a written name: which of its words is the family name, in which culture, and the sex its given
 * name points at. Korean, Chinese, Japanese, Vietnamese and Hungarian names are written family name first
 * at home ("Kim Min-jun", "Nguyen Van An", "Nagy László") and often given name first abroad ("Min-ji Kim"):
 * both orders are tried against each culture's family and given lists (accents, hyphens and spaces inside
 * the given name ignored: "Minjun" is "Min-jun"). A given name the lists lack takes its sex from the
 * culture's sex-marking endings or middle names (data/names.json), or none.
 */
import { fold } from "../knowledge/words.ts";
import { namingCulture, sexMarks, type Cohort, type Sex } from "./cultures.ts";

export interface ReadName {
  given: string;
  family: string;
  /** The naming culture whose lists hold the family name (and the given name, when they do). */
  culture: string;
  /** Written family name first, as written. */
  familyFirst: boolean;
  /** The sex the given name points at, when it points at one. */
  sex?: Sex;
}

/** The cultures that write the family name first at home, most populous first (a name both hold reads as the first's). */
const FAMILY_FIRST_CULTURES = ["zh_romanised", "ja_romanised", "vi", "ko_romanised", "zh_taiwan", "hu"] as const;
const COHORTS: readonly Cohort[] = ["before_1925", "before_1965", "1965_1989", "from_1990"];

interface CultureIndex {
  families: Set<string>;
  /** Folded given name without separators → the sexes whose lists hold it. */
  given: Map<string, Set<Sex>>;
}

/** A name's letters only, for comparing: accents folded, hyphens and spaces dropped ("Min-jun" = "minjun"). */
const key = (text: string) => fold(text).replace(/[\s\-'’.]/g, "");

/** Family names English-speaking countries share (Lee, Kim, Young): with such a name, only a given name the lists hold or a hyphenated one ("Min-ji") says the culture ("Anna Lee" says none). */
let englishFamilies: Set<string> | undefined;
const sharedWithEnglish = (family: string) => (englishFamilies ??= new Set(namingCulture("en_US").family("female").map(key))).has(key(family));

let indexes: Map<string, CultureIndex> | undefined;
function cultureIndexes(): Map<string, CultureIndex> {
  if (!indexes) {
    indexes = new Map();
    for (const name of FAMILY_FIRST_CULTURES) {
      const culture = namingCulture(name);
      const given = new Map<string, Set<Sex>>();
      for (const sex of ["female", "male"] as const) for (const cohort of COHORTS) for (const written of culture.given(sex, cohort)) given.set(key(written), (given.get(key(written)) ?? new Set<Sex>()).add(sex));
      indexes.set(name, { families: new Set([...culture.family("female"), ...culture.family("male")].map(key)), given });
    }
  }
  return indexes;
}

/** The sex a given name of the culture points at: its lists (when one sex's only), a sex-marking middle name, else its ending. */
function sexOf(culture: string, given: readonly string[], index: CultureIndex): { sex?: Sex; known: boolean } {
  const listed = index.given.get(key(given.join("")));
  if (listed) return listed.size === 1 ? { sex: [...listed][0] as Sex, known: true } : { known: true };
  const { endings, middles } = sexMarks();
  const marks = middles[culture];
  if (marks && given.length > 1) {
    const middle = fold(given[0] as string);
    for (const sex of ["female", "male"] as const) if (marks[sex].some((word) => fold(word) === middle)) return { sex, known: true };
  }
  const byEnding = endings[culture];
  if (!byEnding) return { known: false };
  // The longest ending that fits decides ("Kazuko": -ko, a woman's, over -o, a man's).
  const written = key(given.join(""));
  let best: { sex: Sex; length: number } | undefined;
  for (const sex of ["female", "male"] as const) for (const ending of byEnding[sex]) if (written.endsWith(ending) && written.length > ending.length && (!best || ending.length > best.length)) best = { sex, length: ending.length };
  return best ? { sex: best.sex, known: false } : { known: false };
}

/** A given name the lists lack counts as the culture's by its ending only beside a family name English lists lack, or when hyphenated as Korean and Taiwanese names are. */
const shapedLike = (given: readonly string[], family: string) => given.some((word) => word.includes("-")) || !sharedWithEnglish(family);

/**
 * A name of two or three words read as a family-first culture's name, either order; undefined when no
 * such culture holds its family name beside a given name it knows or whose sex its endings tell.
 * ("Kim Min-jun" → Min-jun Kim, male; "Nguyen Van An" → family Nguyen, given Van An, male; "Min-ji Kim" →
 * given first, female; "John Smith" → undefined.)
 */
export function readPersonName(words: readonly string[]): ReadName | undefined {
  if (words.length < 2 || words.length > 3) return undefined;
  const readings: Array<ReadName & { known: boolean }> = [];
  for (const [culture, index] of cultureIndexes()) {
    const first = words[0] as string;
    const last = words.at(-1) as string;
    if (index.families.has(key(first))) {
      const given = words.slice(1);
      const { sex, known } = sexOf(culture, given, index);
      if (known || (sex && shapedLike(given, first))) readings.push({ given: given.join(" "), family: first, culture, familyFirst: true, known, ...(sex ? { sex } : {}) });
    }
    if (index.families.has(key(last))) {
      const given = words.slice(0, -1);
      const { sex, known } = sexOf(culture, given, index);
      if (known || (sex && shapedLike(given, last))) readings.push({ given: given.join(" "), family: last, culture, familyFirst: false, known, ...(sex ? { sex } : {}) });
    }
  }
  // A given name the lists hold beats one read by its ending; then the culture's order (family first at home).
  const chosen = readings.find((reading) => reading.known && reading.familyFirst) ?? readings.find((reading) => reading.known) ?? readings.find((reading) => reading.familyFirst) ?? readings[0];
  if (!chosen) return undefined;
  const { known: _known, ...name } = chosen;
  return name;
}
