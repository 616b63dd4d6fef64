/**
 * What the marginals and fidelity reports read of a population, as counts: per root categorical
 * field, how often each value occurs (as the marginals name it); per categorical or numeric field,
 * its personas grouped by their parents' values (cells in order of first appearance) with the
 * counts of its values in each cell (in order of first appearance there), its numbers and the
 * values that are no number. Both reports are computed from these counts alone (marginals.ts,
 * fidelity.ts), so counts made by each shard and merged in shard order (`merge`) give the same
 * reports, to the byte, as counting the whole population at once: every order the reports depend on
 * is an order of first appearance, which merging in order keeps, and a cell's numbers are summed
 * in sorted order.
 */
import type { BlueprintInput, FieldInput } from "../blueprint-check.ts";
import { numericValue } from "../constraints.ts";
import { nullPrototypeRecord, ownValue } from "./own-fields.ts";

/** Stands for personas that lack the field, so their share still counts. */
export const MISSING_CATEGORY = "(missing)";

/** The personas whose parents have these values, and the field's values among them. */
export interface CountedCell {
  /** The parents' values, joined: the cell's key. */
  key: string;
  when: Record<string, string>;
  members: number;
  /** A categorical field's values (`(missing)` for none) by first appearance, and how often each. */
  values: Map<string, number>;
  /** A numeric field's numbers and how often each, and how many values were no number. */
  numbers: Map<number, number>;
  unreadable: number;
}

/** The state of `StructuredCounts` as JSON can hold it (a digest's part: report-digest.ts). */
export interface CountsState {
  personas: number;
  /** Per root categorical field, its values and counts in order of first appearance. */
  marginals: [string, number][][];
  /** Per counted field (categorical or numeric, in the blueprint's order): its cells as [parents' values, members, [value, count]…, unreadable]. */
  cells: [string[], number, [string | number, number][], number][][];
}

export class StructuredCounts {
  personas = 0;
  /** The root categorical fields (no parents, declared categories), in order: the marginals'. */
  readonly roots: FieldInput[];
  /** Their values' counts, each as `String(value)` or `(missing)`. */
  readonly marginals: Map<string, number>[];
  /** The categorical and numeric fields, in order. */
  readonly fields: FieldInput[];
  /** Their cells, by key. */
  readonly cells: Map<string, CountedCell>[];

  /** `only`: what one report reads, when the counts are made for it alone (else both reports'). */
  constructor(blueprint: BlueprintInput, only?: "marginals" | "fidelity") {
    this.roots = only === "fidelity" ? [] : rootCategoricalFields(blueprint);
    this.marginals = this.roots.map(() => new Map());
    this.fields = only === "marginals" ? [] : (blueprint.fields ?? []).filter((field) => field.kind === "categorical" || field.kind === "numeric");
    this.cells = this.fields.map(() => new Map());
  }

  /** The counts of these personas. */
  static of(blueprint: BlueprintInput, personas: readonly { fields: Readonly<Record<string, string>> }[], only?: "marginals" | "fidelity"): StructuredCounts {
    const counts = new StructuredCounts(blueprint, only);
    counts.add(personas);
    return counts;
  }

  /** Counts the next personas. */
  add(personas: readonly { fields: Readonly<Record<string, string>> }[]): void {
    this.personas += personas.length;
    this.roots.forEach((field, position) => {
      const counts = this.marginals[position] as Map<string, number>;
      for (const persona of personas) {
        const value = Object.hasOwn(persona.fields, field.name) ? String(persona.fields[field.name]) : MISSING_CATEGORY;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    });
    this.fields.forEach((field, position) => {
      const parents = field.parents ?? [];
      const cells = this.cells[position] as Map<string, CountedCell>;
      const onlyParent = parents.length === 1 ? (parents[0] as string) : undefined;
      for (const persona of personas) {
        // The cell's key as `cellOf` joins it, found without an array (and a joined string) per
        // persona and field: most fields have one parent or none. `String` is what `join` makes of a value.
        const key = parents.length === 0 ? "" : onlyParent !== undefined ? String(ownValue(persona.fields, onlyParent) ?? MISSING_CATEGORY) : undefined;
        const cell = (key !== undefined ? cells.get(key) : undefined) ?? this.cellOf(cells, parents, parents.map((parent) => ownValue(persona.fields, parent) ?? MISSING_CATEGORY));
        cell.members++;
        const value = ownValue(persona.fields, field.name);
        if (field.kind === "categorical") {
          const named = typeof value === "string" ? value : MISSING_CATEGORY;
          cell.values.set(named, (cell.values.get(named) ?? 0) + 1);
          continue;
        }
        const number = numericValue(value);
        if (number === undefined) cell.unreadable++;
        else cell.numbers.set(number, (cell.numbers.get(number) ?? 0) + 1);
      }
    });
  }

  private cellOf(cells: Map<string, CountedCell>, parents: readonly string[], values: readonly string[]): CountedCell {
    const key = values.join("\u241f");
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { key, when: nullPrototypeRecord(parents.map((parent, position) => [parent, values[position] as string])), members: 0, values: new Map(), numbers: new Map(), unreadable: 0 }));
    return cell;
  }

  /** A cell's numbers, sorted, each as often as it occurs. */
  static numbersOf(cell: CountedCell): number[] {
    const numbers: number[] = [];
    for (const number of [...cell.numbers.keys()].sort((a, b) => a - b)) for (let times = cell.numbers.get(number) as number; times > 0; times--) numbers.push(number);
    return numbers;
  }

  state(): CountsState {
    return {
      personas: this.personas,
      marginals: this.marginals.map((counts) => [...counts]),
      cells: this.fields.map((field, position) => [...(this.cells[position] as Map<string, CountedCell>).values()].map((cell) => [(field.parents ?? []).map((parent) => cell.when[parent] as string), cell.members, field.kind === "categorical" ? [...cell.values] : [...cell.numbers], cell.unreadable])),
    };
  }

  /** Whether `state` counted this blueprint's fields: as many of each, their parents' values and their values of the kinds they count. */
  fits(state: CountsState): boolean {
    if (state.marginals.length !== this.roots.length || state.cells.length !== this.fields.length) return false;
    return this.fields.every((field, position) => {
      const parents = (field.parents ?? []).length;
      const kind = field.kind === "categorical" ? "string" : "number";
      return (state.cells[position] as CountsState["cells"][number]).every(([values, , counted]) => values.length === parents && counted.every(([value]) => typeof value === kind));
    });
  }

  /** Adds the counts of the next personas (a shard's `state()`). */
  merge(state: CountsState): void {
    if (!this.fits(state)) throw new Error("counts of another blueprint's fields");
    this.personas += state.personas;
    state.marginals.forEach((entries, position) => {
      const counts = this.marginals[position] as Map<string, number>;
      for (const [value, count] of entries) counts.set(value, (counts.get(value) ?? 0) + count);
    });
    state.cells.forEach((entries, position) => {
      const field = this.fields[position] as FieldInput;
      const parents = field.parents ?? [];
      for (const [values, members, counted, unreadable] of entries) {
        const cell = this.cellOf(this.cells[position] as Map<string, CountedCell>, parents, values);
        cell.members += members;
        cell.unreadable += unreadable;
        const tally = field.kind === "categorical" ? cell.values : cell.numbers;
        for (const [value, count] of counted) (tally as Map<string | number, number>).set(value, ((tally as Map<string | number, number>).get(value) ?? 0) + count);
      }
    });
  }
}

export function rootCategoricalFields(blueprint: BlueprintInput): BlueprintInput["fields"] {
  return (blueprint.fields ?? []).filter(
    (field) => field.kind === "categorical" && (field.parents ?? []).length === 0 && field.categorical !== undefined,
  );
}
