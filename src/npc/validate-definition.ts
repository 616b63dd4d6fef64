/**
 * Validates a save body: its counts first (on the raw JSON), zod for shape, then the cross-references
 * the engine relies on. Problems come back as pydantic-style details (`{loc, msg, type}`) so the
 * route can put them in the 422 envelope as they are; `loc` points into the body
 * (`["machines", 0, "transitions", 3, "to_state_key"]`) and never starts with "body".
 *
 * Every step is linear in the size of the body and none recurses on it, and collecting stops after
 * `MAX_VALIDATION_ISSUES` problems (the result then says `truncated: true`). With the caps of
 * `limits.ts`, the largest definition save accepts (50 machines of 200 states) still takes a few
 * hundred milliseconds of CPU, so the work comes in slices: `validationSteps` pauses after each
 * machine, and a server runs it between other requests (`validateDefinition` runs it straight
 * through). Pausing is the caller's business; this module stays pure.
 */
import { z } from "zod";
import { issueToDetail, type Loc, type ValidationDetail } from "../shared/validation-details.ts";
import { inspectCondition, type ConditionScope } from "./conditions.ts";
import { inspectCreatorRegex } from "./creator-regex.ts";
import { collectSizeIssues } from "./definition-size.ts";
import { MachineSchema, PersonaCreateSchema, StateSchema, TransitionSchema, type Machine, type MachineLink, type PersonaDefinition, type Variable } from "./definition.ts";
import { IssueCollector } from "./issue-collector.ts";
import {
  MAX_CONDITION_OPERATORS_PER_PERSONA,
  MAX_MACHINES_PER_PERSONA,
  MAX_PHRASE_CHECKS_PER_TURN,
  MAX_REGEX_INSTRUCTIONS_PER_TURN,
  MAX_REGEXES_PER_PERSONA,
  MAX_STATES_PER_MACHINE,
  MAX_TRANSITIONS_PER_MACHINE,
  MAX_VALIDATION_ISSUES,
} from "./limits.ts";
import { linkNeverHoldsReason, machineReach } from "./machine-reach.ts";
import { coerceVariableValue } from "./pattern-extractor.ts";

export type { Loc };
/** A pydantic-style detail (`{loc, msg, type}`), the shape of the 422 envelope's `details`. */
export type ValidationIssue = ValidationDetail;

export type ValidationResult =
  | { ok: true; definition: PersonaDefinition }
  /** `truncated`: there were more problems than the `MAX_VALIDATION_ISSUES` listed; checking stopped there. */
  | { ok: false; issues: ValidationIssue[]; truncated?: true };

// ---------------------------------------------------------------------------------------------
// zod issues → pydantic wording (the shared mapper, plus the cases the save body needs)

function quoteAlternatives(values: readonly unknown[]): string {
  const quoted = values.map((value) => (typeof value === "string" ? `'${value}'` : String(value)));
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** One zod issue in pydantic's words. Exported so other routes can report zod failures the same way. */
export function zodIssueToDetail(issue: z.core.$ZodIssue): ValidationIssue {
  const loc = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
  if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator) {
    // A machine link condition with an unknown `type`: say which tags exist, as pydantic does.
    const discriminator = issue.discriminator;
    const options = (issue as { options?: unknown[] }).options ?? [];
    const tagLoc = loc[loc.length - 1] === discriminator ? loc.slice(0, -1) : loc;
    const input = (issue as { input?: unknown }).input;
    const tag = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
    if (tag === undefined) return { loc: [...tagLoc, discriminator], msg: "Field required", type: "missing" };
    return {
      loc: tagLoc,
      msg: `Input tag '${String(tag)}' found using '${discriminator}' does not match any of the expected tags: ${quoteAlternatives(options)}`,
      type: "union_tag_invalid",
    };
  }
  if (issue.code === "invalid_key" && issue.issues[0] !== undefined) {
    // A record key that fails its schema (an intent name too long): pydantic points at the key as "[key]".
    const detail = issueToDetail(issue.issues[0]);
    return { ...detail, loc: [...loc, "[key]"] };
  }
  // Our custom issues are the condition checker's: pydantic words a ValueError as "Value error, …".
  if (issue.code === "custom") return { loc, msg: `Value error, ${issue.message}`, type: "value_error" };
  return issueToDetail(issue);
}

// ---------------------------------------------------------------------------------------------
// semantic checks

function semanticIssue(loc: Loc, message: string): ValidationIssue {
  return { loc, msg: `Value error, ${message}`, type: "value_error" };
}

/** Reports every repeat of a key after its first use. */
function collectDuplicates<T>(items: readonly T[], keyOf: (item: T) => string, locOf: (index: number) => Loc, what: string, collector: IssueCollector): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) collector.add(semanticIssue(locOf(index), `duplicate ${what} "${key}"`));
    seen.add(key);
  });
}

/** What one turn may spend on a message: regex instructions and phrase look-ups (see `limits.ts`). */
interface TurnWork {
  regexInstructions: number;
  phraseChecks: number;
}

function addWork(total: TurnWork, more: TurnWork): TurnWork {
  return { regexInstructions: total.regexInstructions + more.regexInstructions, phraseChecks: total.phraseChecks + more.phraseChecks };
}

/** Why `work` is more than one turn may do, or null. */
function overWork(work: TurnWork, where: string): string | null {
  if (work.regexInstructions > MAX_REGEX_INSTRUCTIONS_PER_TURN) {
    return `${where} compile to ${work.regexInstructions} instructions in all; one turn may run at most ${MAX_REGEX_INSTRUCTIONS_PER_TURN} (shorten or merge patterns, or spread the transitions over more states)`;
  }
  if (work.phraseChecks > MAX_PHRASE_CHECKS_PER_TURN) {
    return `${where} hold ${work.phraseChecks} phrases in all; one turn may look up at most ${MAX_PHRASE_CHECKS_PER_TURN}`;
  }
  return null;
}

/**
 * Checks conditions and variables where they stand in the body, returning what each costs a turn,
 * and keeps the persona-wide totals (operators, regexes), reported at the element that passes them.
 */
class ElementChecker {
  private operators = 0;
  private regexes = 0;

  constructor(
    private readonly collector: IssueCollector,
    private readonly intentPhrases: ReadonlyMap<string, number>,
  ) {}

  condition(condition: unknown, scope: ConditionScope, loc: Loc): TurnWork {
    const { problems, cost } = inspectCondition(condition, scope);
    for (const problem of problems) this.collector.add(semanticIssue([...loc, ...problem.path], problem.message));
    const before = this.operators;
    this.operators += cost.operators;
    if (before <= MAX_CONDITION_OPERATORS_PER_PERSONA && this.operators > MAX_CONDITION_OPERATORS_PER_PERSONA) {
      this.collector.add(
        semanticIssue(loc, `the conditions of a persona have at most ${MAX_CONDITION_OPERATORS_PER_PERSONA} operators in all; this one brings the total to ${this.operators}`),
      );
    }
    this.countRegexes(cost.regexes, loc);
    let phraseChecks = cost.phraseChecks;
    for (const intent of cost.intents) phraseChecks += this.intentPhrases.get(intent) ?? 0;
    return { regexInstructions: cost.regexInstructions, phraseChecks };
  }

  /** Checks variables and returns what extracting them costs a turn. */
  variables(variables: readonly Variable[], base: Loc): TurnWork {
    const collector = this.collector;
    collectDuplicates(variables, (variable) => variable.key, (index) => [...base, index, "key"], "variable key", collector);
    let work: TurnWork = { regexInstructions: 0, phraseChecks: 0 };
    variables.forEach((variable, index) => {
      if (collector.full) return;
      const here = [...base, index];
      if (variable.type === "enum" && (!variable.values || variable.values.length === 0)) {
        collector.add(semanticIssue([...here, "values"], `enum variable "${variable.key}" needs a non-empty "values" list`));
      }
      variable.extract.forEach((rule, ruleIndex) => {
        const ruleLoc = [...here, "extract", ruleIndex];
        if ("regex" in rule) {
          const regex = inspectCreatorRegex(rule.regex, rule.flags ?? "i");
          if (typeof regex === "string") {
            collector.add(semanticIssue([...ruleLoc, "regex"], regex));
            return;
          }
          this.countRegexes(1, [...ruleLoc, "regex"]);
          work = addWork(work, { regexInstructions: regex.instructions, phraseChecks: 0 });
          if (typeof rule.group === "number" && !regex.hasGroup(rule.group)) {
            collector.add(semanticIssue([...ruleLoc, "group"], `group ${rule.group} does not exist: the pattern has ${regex.groupCount} group(s)`));
          }
          if (typeof rule.group === "string" && !regex.hasGroup(rule.group)) {
            collector.add(semanticIssue([...ruleLoc, "group"], `the pattern has no group named "${rule.group}"`));
          }
        } else {
          for (const [value, phrases] of Object.entries(rule.keywords)) {
            work = addWork(work, { regexInstructions: 0, phraseChecks: phrases.length });
            if (coerceVariableValue(variable, value) === undefined) {
              collector.add(semanticIssue([...ruleLoc, "keywords", value], `"${value}" is not a valid ${variable.type} value for "${variable.key}"`));
            }
          }
        }
      });
    });
    return work;
  }

  private countRegexes(count: number, loc: Loc): void {
    const before = this.regexes;
    this.regexes += count;
    if (before <= MAX_REGEXES_PER_PERSONA && this.regexes > MAX_REGEXES_PER_PERSONA) {
      this.collector.add(semanticIssue(loc, `a persona has at most ${MAX_REGEXES_PER_PERSONA} regexes in all (conditions and extraction rules); this brings the total to ${this.regexes}`));
    }
  }
}

interface DefinitionContext {
  definition: PersonaDefinition;
  scopeBase: ConditionScope;
  elements: ElementChecker;
  /** What extracting the persona-level variables costs every turn of every machine. */
  personaWork: TurnWork;
  /** Whether that alone is over a turn's budget (reported once, at the persona's variables). */
  personaWorkReported: boolean;
  collector: IssueCollector;
}

function collectMachineIssues(machine: Machine, machineIndex: number, context: DefinitionContext): void {
  const { definition, collector } = context;
  const base: Loc = ["machines", machineIndex];
  collectDuplicates(machine.states, (state) => state.state_key, (index) => [...base, "states", index, "state_key"], "state_key", collector);

  const initial = machine.states.map((state, index) => ({ state, index })).filter(({ state }) => state.is_initial_state);
  if (initial.length === 0) collector.add(semanticIssue([...base, "states"], `machine "${machine.machine_key}" needs exactly one initial state, found none`));
  for (const extra of initial.slice(1)) {
    collector.add(semanticIssue([...base, "states", extra.index, "is_initial_state"], `machine "${machine.machine_key}" needs exactly one initial state, found ${initial.length}`));
  }
  if (!machine.states.some((state) => state.is_terminal_state)) {
    collector.add(semanticIssue([...base, "states"], `machine "${machine.machine_key}" needs at least one terminal state`));
  }
  machine.states.forEach((state, index) => {
    if (state.outcome && !state.is_terminal_state) collector.add(semanticIssue([...base, "states", index, "outcome"], `only a terminal state can set an outcome`));
  });

  const states = new Map(machine.states.map((state) => [state.state_key, state]));
  const scope: ConditionScope = {
    ...context.scopeBase,
    variables: new Set([...(context.scopeBase.variables ?? []), ...definition.variables.map((variable) => variable.key), ...machine.variables.map((variable) => variable.key)]),
    states: new Set(states.keys()),
  };

  // What one turn in each state may cost: the conditions of the transitions out of it.
  const stateWork = new Map<string, TurnWork>();
  machine.transitions.forEach((transition, index) => {
    if (collector.full) return;
    const here = [...base, "transitions", index];
    const from = states.get(transition.from_state_key);
    const to = states.get(transition.to_state_key);
    if (!from) collector.add(semanticIssue([...here, "from_state_key"], `unknown state "${transition.from_state_key}" in machine "${machine.machine_key}"`));
    else if (from.is_terminal_state) collector.add(semanticIssue([...here, "from_state_key"], `"${from.state_key}" is a terminal state: no transition may leave it`));
    if (!to) collector.add(semanticIssue([...here, "to_state_key"], `unknown state "${transition.to_state_key}" in machine "${machine.machine_key}"`));

    const type = transition.decision_type;
    if (type === "redirect" && transition.to_state_key !== transition.from_state_key) {
      collector.add(semanticIssue([...here, "to_state_key"], `a redirect stays in its state: to_state_key must be "${transition.from_state_key}"`));
    }
    if (to && type === "kick_out" && !to.is_terminal_state) {
      collector.add(semanticIssue([...here, "to_state_key"], `a kick_out ends the machine: "${to.state_key}" must be a terminal state`));
    }
    if (to && type === "reject" && machine.scoring_mode === "pass_fail" && !to.is_terminal_state) {
      collector.add(semanticIssue([...here, "to_state_key"], `in pass_fail mode a reject ends the machine: "${to.state_key}" must be a terminal state`));
    }
    if ((type === "reject" || type === "kick_out") && transition.score_delta > 0) {
      collector.add(semanticIssue([...here, "score_delta"], `a ${type} is a penalty: score_delta must not be positive`));
    }
    if (transition.when !== undefined) {
      const work = context.elements.condition(transition.when, scope, [...here, "when"]);
      stateWork.set(transition.from_state_key, addWork(stateWork.get(transition.from_state_key) ?? { regexInstructions: 0, phraseChecks: 0 }, work));
    }
  });

  const extractionWork = addWork(context.personaWork, context.elements.variables(machine.variables, [...base, "variables"]));
  const extractionProblem = context.personaWorkReported ? null : overWork(extractionWork, `the extraction rules of machine "${machine.machine_key}" and of the persona-level variables`);
  if (extractionProblem !== null) collector.add(semanticIssue([...base, "variables"], extractionProblem));
  else if (!context.personaWorkReported) {
    const reported = new Set<string>();
    machine.states.forEach((state, index) => {
      const work = stateWork.get(state.state_key);
      if (work === undefined || reported.has(state.state_key)) return;
      reported.add(state.state_key);
      const problem = overWork(addWork(work, extractionWork), `the regexes and phrases one turn in state "${state.state_key}" may test (its transitions' conditions and the extraction rules)`);
      if (problem !== null) collector.add(semanticIssue([...base, "states", index], problem));
    });
  }
  collectDuplicates(machine.output_variables, (variable) => variable.key, (index) => [...base, "output_variables", index, "key"], "output variable key", collector);
}

/** The machine links indexed by source and by target, keeping each link's place in the body. */
function linksByEnd(links: readonly MachineLink[], keys: ReadonlySet<string>) {
  const bySource = new Map<string, Array<{ link: MachineLink; index: number }>>();
  const byTarget = new Map<string, Array<{ link: MachineLink; index: number }>>();
  const add = (index: Map<string, Array<{ link: MachineLink; index: number }>>, key: string, entry: { link: MachineLink; index: number }) => {
    const entries = index.get(key);
    if (entries) entries.push(entry);
    else index.set(key, [entry]);
  };
  links.forEach((link, index) => {
    if (!keys.has(link.source_machine_key) || !keys.has(link.target_machine_key)) return;
    add(bySource, link.source_machine_key, { link, index });
    add(byTarget, link.target_machine_key, { link, index });
  });
  return { bySource, byTarget };
}

/**
 * Machines no chain of links that can hold reaches from an entry machine (entry: `is_entry`, or no
 * incoming link). `canHold[i]` says whether `machine_links[i]`'s condition can ever hold.
 */
function collectUnreachableMachines(definition: PersonaDefinition, canHold: readonly boolean[], collector: IssueCollector): void {
  const keys = new Set(definition.machines.map((machine) => machine.machine_key));
  const { bySource, byTarget } = linksByEnd(definition.machine_links, keys);
  const reached = new Set(definition.machines.filter((machine) => machine.is_entry || !byTarget.has(machine.machine_key)).map((machine) => machine.machine_key));
  const frontier = [...reached];
  while (frontier.length > 0) {
    const source = frontier.pop() as string;
    for (const { link, index } of bySource.get(source) ?? []) {
      if (canHold[index] && !reached.has(link.target_machine_key)) {
        reached.add(link.target_machine_key);
        frontier.push(link.target_machine_key);
      }
    }
  }
  definition.machines.forEach((machine, index) => {
    if (reached.has(machine.machine_key) || collector.full) return;
    const incoming = byTarget.get(machine.machine_key) ?? [];
    // A link from a reached source is here only because its condition can never hold.
    const neverHolding = incoming.filter(({ link }) => reached.has(link.source_machine_key));
    const unreachedSources = [...new Set(incoming.filter(({ link }) => !reached.has(link.source_machine_key)).map(({ link }) => link.source_machine_key))];
    const reasons: string[] = [];
    if (neverHolding.length > 0) {
      reasons.push(
        `the condition of its link${neverHolding.length > 1 ? "s" : ""} from ${neverHolding.map(({ link, index: linkIndex }) => `"${link.source_machine_key}" (machine_links[${linkIndex}])`).join(", ")} can never hold`,
      );
    }
    if (unreachedSources.length > 0) {
      reasons.push(`${neverHolding.length > 0 ? "its other links come" : "its links come"} only from ${unreachedSources.map((source) => `"${source}"`).join(", ")}, which no entry machine reaches`);
    }
    collector.add(
      semanticIssue(
        ["machines", index, "machine_key"],
        `machine "${machine.machine_key}" can never be unlocked: ${reasons.join("; ")} (mark it is_entry or add a link that can hold from a reachable machine)`,
      ),
    );
  });
}

/** A slice of validation: the generator pauses (yields) between slices, one machine's worth of work each. */
type Slices<T = void> = Generator<void, T, void>;

function* collectDefinitionIssues(definition: PersonaDefinition, collector: IssueCollector): Slices {
  const machineKeys = new Set(definition.machines.map((machine) => machine.machine_key));
  const outputKeys = definition.machines.flatMap((machine) => machine.output_variables.map((variable) => variable.key));
  const intents = Object.entries(definition.intents ?? {});
  const scopeBase: ConditionScope = {
    intents: new Set(intents.map(([name]) => name)),
    machines: machineKeys,
    variables: new Set([...definition.variables.map((variable) => variable.key), ...outputKeys]),
  };
  const elements = new ElementChecker(collector, new Map(intents.map(([name, phrases]) => [name, phrases.length])));

  collectDuplicates(definition.machines, (machine) => machine.machine_key, (index) => ["machines", index, "machine_key"], "machine_key", collector);
  for (const [name, phrases] of intents) {
    if (phrases.length === 0) collector.add(semanticIssue(["intents", name], `intent "${name}" needs at least one phrase`));
  }
  const personaWork = elements.variables(definition.variables, ["variables"]);
  const personaProblem = overWork(personaWork, "the extraction rules of the persona-level variables (run in every turn of every machine)");
  if (personaProblem !== null) collector.add(semanticIssue(["variables"], personaProblem));

  const context: DefinitionContext = { definition, scopeBase, elements, personaWork, personaWorkReported: personaProblem !== null, collector };
  for (const [index, machine] of definition.machines.entries()) {
    if (collector.full) return;
    collectMachineIssues(machine, index, context);
    yield;
  }
  if (collector.full) return;

  const reaches = new Map<string, ReturnType<typeof machineReach>>();
  for (const machine of definition.machines) {
    reaches.set(machine.machine_key, machineReach(machine));
    yield;
  }
  const canHold = definition.machine_links.map((link, index) => {
    const reach = reaches.get(link.source_machine_key);
    // A malformed source (reported above) is given the benefit of the doubt.
    const never = reach ? linkNeverHoldsReason(link.source_machine_key, link.condition, reach) : null;
    if (never !== null) collector.add(semanticIssue(["machine_links", index, "condition"], `this link can never hold: ${never}`));
    return never === null;
  });

  definition.machine_links.forEach((link, index) => {
    if (collector.full) return;
    const here: Loc = ["machine_links", index];
    if (!machineKeys.has(link.source_machine_key)) collector.add(semanticIssue([...here, "source_machine_key"], `unknown machine "${link.source_machine_key}"`));
    if (!machineKeys.has(link.target_machine_key)) collector.add(semanticIssue([...here, "target_machine_key"], `unknown machine "${link.target_machine_key}"`));
    if (link.condition.type === "when") elements.condition(link.condition.when, scopeBase, [...here, "condition", "when"]);
  });

  collectUnreachableMachines(definition, canHold, collector);
}

/** The semantic problems of a definition that has the right shape (at most `MAX_VALIDATION_ISSUES`). */
export function definitionIssues(definition: PersonaDefinition): ValidationIssue[] {
  const collector = new IssueCollector();
  runToEnd(collectDefinitionIssues(definition, collector));
  return collector.issues;
}

/** Runs every slice at once. */
function runToEnd<T>(slices: Slices<T>): T {
  for (;;) {
    const next = slices.next();
    if (next.done) return next.value;
  }
}

function failure(collector: IssueCollector): ValidationResult {
  return collector.truncated ? { ok: false, issues: collector.issues, truncated: true } : { ok: false, issues: collector.issues };
}

/**
 * The save body and a machine with their long lists left unparsed: those are parsed one element at a
 * time (see `parseDefinition`).
 */
const PersonaShellSchema = PersonaCreateSchema.extend({ machines: z.array(z.unknown()).min(1).max(MAX_MACHINES_PER_PERSONA) });
const MachineShellSchema = MachineSchema.extend({
  states: z.array(z.unknown()).min(1).max(MAX_STATES_PER_MACHINE),
  transitions: z.array(z.unknown()).max(MAX_TRANSITIONS_PER_MACHINE).default([]),
});

function collectZodIssues(issues: readonly z.core.$ZodIssue[], collector: IssueCollector, base: Loc): void {
  // Map only what is kept: one more than fits tells the collector that some were left out.
  for (const issue of issues.slice(0, MAX_VALIDATION_ISSUES + 1)) {
    const detail = zodIssueToDetail(issue);
    collector.add({ ...detail, loc: [...base, ...detail.loc] });
  }
}

/** Parses each element of a list with `schema`, until the collector is full; null when any failed. */
function parseEach<T>(items: readonly unknown[], schema: z.ZodType<T>, base: Loc, collector: IssueCollector): T[] | null {
  const parsed: T[] = [];
  let failed = false;
  for (const [index, item] of items.entries()) {
    if (collector.full) return null;
    const result = schema.safeParse(item, { reportInput: true });
    if (result.success) parsed.push(result.data);
    else {
      failed = true;
      collectZodIssues(result.error.issues, collector, [...base, index]);
    }
  }
  return failed ? null : parsed;
}

/** `input[key]` when `input` is an object that has it as a list of its own, else an empty list. */
function ownList(input: unknown, key: string): unknown[] {
  if (typeof input !== "object" || input === null || !Object.hasOwn(input, key)) return [];
  const value = (input as Record<string, unknown>)[key];
  return Array.isArray(value) ? value : [];
}

function parseMachine(input: unknown, base: Loc, collector: IssueCollector): Machine | null {
  const shell = MachineShellSchema.safeParse(input, { reportInput: true });
  if (!shell.success) collectZodIssues(shell.error.issues, collector, base);
  const states = parseEach(shell.success ? shell.data.states : ownList(input, "states"), StateSchema, [...base, "states"], collector);
  const transitions = parseEach(shell.success ? shell.data.transitions : ownList(input, "transitions"), TransitionSchema, [...base, "transitions"], collector);
  return shell.success && states && transitions ? { ...shell.data, states, transitions } : null;
}

/**
 * The body parsed by zod, or null with its problems collected. Machines, states and transitions are
 * parsed one at a time and parsing stops once the collector is full, so a body of thousands of
 * broken transitions costs what it takes to find a hundred problems, not all of them.
 */
function* parseDefinition(input: unknown, collector: IssueCollector): Slices<PersonaDefinition | null> {
  const shell = PersonaShellSchema.safeParse(input, { reportInput: true });
  if (!shell.success) collectZodIssues(shell.error.issues, collector, []);
  // The machines' own problems are reported too when the rest of the body has some.
  const rawMachines = shell.success ? shell.data.machines : ownList(input, "machines");
  const machines: Machine[] = [];
  for (const [index, raw] of rawMachines.entries()) {
    if (collector.full) return null;
    const machine = parseMachine(raw, ["machines", index], collector);
    if (machine) machines.push(machine);
    yield;
  }
  return shell.success && collector.issues.length === 0 ? { ...shell.data, machines } : null;
}

/**
 * Parses and checks a save body in slices: each `next()` does about one machine's work (a few
 * milliseconds at the caps) and the last returns the result. A server awaits a turn of its event
 * loop between slices, so other requests are answered while a large body is checked.
 */
export function* validationSteps(input: unknown): Slices<ValidationResult> {
  const collector = new IssueCollector();
  collectSizeIssues(input, collector);
  if (collector.issues.length > 0) return failure(collector);
  yield;
  const definition = yield* parseDefinition(input, collector);
  if (definition === null) return failure(collector);
  yield* collectDefinitionIssues(definition, collector);
  return collector.issues.length > 0 ? failure(collector) : { ok: true, definition };
}

/** Parses and checks a save body at once. On success the definition has every default filled in. */
export function validateDefinition(input: unknown): ValidationResult {
  return runToEnd(validationSteps(input));
}
