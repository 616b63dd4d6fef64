/**
 * The counts of a save body, checked on the raw JSON before zod parses it. A body over the caps of
 * `limits.ts` (sixteen thousand states, fifty thousand machines) is refused here with one detail
 * per list that is too long, without parsing, checking or reporting its elements one by one.
 */
import type { Loc } from "../shared/validation-details.ts";
import {
  MAX_EXTRACTION_RULES_PER_VARIABLE,
  MAX_INTENTS,
  MAX_LINES_PER_STATE,
  MAX_MACHINE_LINKS,
  MAX_MACHINES_PER_PERSONA,
  MAX_OUTPUT_VARIABLES_PER_MACHINE,
  MAX_PHRASES_PER_LIST,
  MAX_STATES_PER_MACHINE,
  MAX_TRANSITIONS_PER_MACHINE,
  MAX_VALUES_PER_VARIABLE,
  MAX_VARIABLES,
} from "./limits.ts";
import type { IssueCollector } from "./issue-collector.ts";

type Raw = Record<string, unknown>;

function isRaw(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(record: Raw, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

class SizeCheck {
  constructor(private readonly collector: IssueCollector) {}

  /** `value` when it is a list within `max` items (empty when it is not a list); reports it when it is longer. */
  items(value: unknown, loc: Loc, max: number, what: string): unknown[] {
    if (!Array.isArray(value)) return [];
    if (value.length <= max) return value;
    this.collector.add({ loc, msg: `List should have at most ${max} items after validation, not ${value.length}: at most ${max} ${what}`, type: "too_long" });
    return [];
  }

  list(record: Raw, key: string, loc: Loc, max: number, what: string): unknown[] {
    return this.items(own(record, key), [...loc, key], max, what);
  }

  /** The entries of the object at `record[key]` when within `max` keys; reports it otherwise. */
  entries(record: Raw, key: string, loc: Loc, max: number, what: string, named: string): Array<[string, unknown]> {
    const value = own(record, key);
    if (!isRaw(value)) return [];
    const keys = Object.keys(value);
    if (keys.length > max) {
      this.collector.add({ loc: [...loc, key], msg: `Dictionary should have at most ${max} items after validation, not ${keys.length}: at most ${max} ${what}`, type: "too_long" });
      return [];
    }
    return keys.map((name) => [name, value[name]]);
  }

  variables(record: Raw, key: string, loc: Loc, what: string): void {
    this.list(record, key, loc, MAX_VARIABLES, what).forEach((variable, index) => {
      if (!isRaw(variable) || this.collector.full) return;
      const here = [...loc, key, index];
      this.list(variable, "values", here, MAX_VALUES_PER_VARIABLE, "values per enum variable");
      this.list(variable, "extract", here, MAX_EXTRACTION_RULES_PER_VARIABLE, "extraction rules per variable").forEach((rule, ruleIndex) => {
        if (!isRaw(rule)) return;
        const ruleLoc = [...here, "extract", ruleIndex];
        for (const [value, phrases] of this.entries(rule, "keywords", ruleLoc, MAX_VALUES_PER_VARIABLE, "values per keyword rule", "a keyword value")) {
          this.items(phrases, [...ruleLoc, "keywords", value], MAX_PHRASES_PER_LIST, "phrases per value");
        }
      });
    });
  }

  machine(machine: unknown, loc: Loc): void {
    if (!isRaw(machine)) return;
    this.list(machine, "states", loc, MAX_STATES_PER_MACHINE, "states per machine").forEach((state, index) => {
      if (isRaw(state)) this.list(state, "lines", [...loc, "states", index], MAX_LINES_PER_STATE, "lines per state");
    });
    this.list(machine, "transitions", loc, MAX_TRANSITIONS_PER_MACHINE, "transitions per machine");
    this.variables(machine, "variables", loc, "variables per machine");
    this.list(machine, "output_variables", loc, MAX_OUTPUT_VARIABLES_PER_MACHINE, "output variables per machine");
  }
}

/** Reports every list or object of the raw body that is over its cap (see `limits.ts`). */
export function collectSizeIssues(input: unknown, collector: IssueCollector): void {
  if (!isRaw(input)) return;
  const check = new SizeCheck(collector);
  check.list(input, "machines", [], MAX_MACHINES_PER_PERSONA, "machines per persona").forEach((machine, index) => {
    if (!collector.full) check.machine(machine, ["machines", index]);
  });
  check.list(input, "machine_links", [], MAX_MACHINE_LINKS, "machine links per persona");
  check.variables(input, "variables", [], "persona-level variables");
  for (const [name, phrases] of check.entries(input, "intents", [], MAX_INTENTS, "intents per persona", "an intent")) {
    check.items(phrases, ["intents", name], MAX_PHRASES_PER_LIST, "phrases per intent");
  }
}

