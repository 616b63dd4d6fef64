/**
 * Keeps a persona's prose from naming what its fields contradict before a sentence is written: a
 * phrase that names a declared category of a categorical field ("quartermaster", "night", a city)
 * is usable only by personas whose value of that field is that category. An able seaman does not
 * dream of being elected quartermaster in the text while the crew-role field says otherwise.
 * (The writer still checks the finished text with the engine's consistency gate.)
 */
import type { Blueprint } from "../../engine/blueprint.ts";
import { subList, type PhraseList } from "./grammar.ts";

/** Phrases that presume a partner at home ("a partner of many decades", "dinner with her husband"). */
const PARTNER = /(?<![\p{L}])(?:partner|spouse|husband|wife|married)(?![\p{L}])/iu;

/** People whose fields say there is no partner at home: they live alone, raise children alone, are widowed or single. */
function hasNoPartner(values: Readonly<Record<string, string>>): boolean {
  return /^(?:lives alone|single parent)$/.test(values.household ?? "") || /^(?:widowed|divorced|single|separated)$/.test(values.marital_status ?? "");
}

/** Category words shorter than this are not looked for: "A", "NA" and the like are everywhere. */
const SHORTEST_CATEGORY = 3;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class CategoryGuard {
  private readonly categories: Array<{ field: string; category: string; pattern: RegExp }> = [];
  /** Per list: for each phrase, the [field, category] pairs it names. */
  private readonly mentions = new WeakMap<PhraseList, Array<Array<[string, string]>>>();
  private readonly narrowed = new WeakMap<PhraseList, Map<string, PhraseList>>();

  constructor(blueprint: Blueprint) {
    for (const field of blueprint.fields) {
      if (field.kind !== "categorical") continue;
      const declared = new Set([...Object.keys(field.categorical?.weights ?? {}), ...field.conditionals.flatMap((conditional) => Object.keys(conditional.categorical?.weights ?? {}))]);
      // A field with one category cannot be contradicted.
      if (declared.size < 2) continue;
      for (const category of declared) {
        if (category.length < SHORTEST_CATEGORY || /^\d/.test(category)) continue;
        this.categories.push({ field: field.name, category, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(category)}(?![\\p{L}\\p{N}])`, "iu") });
      }
    }
  }

  private mentionsOf(list: PhraseList): Array<Array<[string, string]>> {
    let found = this.mentions.get(list);
    if (!found) {
      found = list.sources.map((source) => this.categories.filter((entry) => entry.pattern.test(source)).map((entry): [string, string] => [entry.field, entry.category]));
      this.mentions.set(list, found);
    }
    return found;
  }

  /** The list without the phrases naming a category other than the persona's own (or a partner they do not have); undefined when none is left. */
  filter(list: PhraseList, values: Readonly<Record<string, string>>): PhraseList | undefined {
    const alone = hasNoPartner(values);
    if (this.categories.length === 0 && !alone) return list;
    const mentions = this.mentionsOf(list);
    const kept: number[] = [];
    mentions.forEach((named, position) => {
      if (alone && PARTNER.test(list.sources[position] ?? "")) return;
      if (named.every(([field, category]) => values[field] === category)) kept.push(position);
    });
    if (kept.length === list.items.length) return list;
    if (kept.length === 0) return undefined;
    const key = kept.join(",");
    let cache = this.narrowed.get(list);
    if (!cache) this.narrowed.set(list, (cache = new Map()));
    let narrowed = cache.get(key);
    if (!narrowed) cache.set(key, (narrowed = subList(list, kept)));
    return narrowed;
  }
}
