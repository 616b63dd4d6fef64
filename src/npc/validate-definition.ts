/**
 * Validates a save body: zod for shape, then the cross-references the engine relies on. Problems come
 * back as pydantic-style details (`{loc, msg, type}`) so the route can put them in the 422 envelope
 * as they are; `loc` points into the body (`["machines", 0, "transitions", 3, "to_state_key"]`) and
 * never starts with "body".
 */
import type { z } from "zod";
import { issueToDetail, type Loc, type ValidationDetail } from "../shared/validation-details.ts";
import { compileRegex, regexHazard } from "./text.ts";
import { conditionProblems, type ConditionScope } from "./conditions.ts";
import { PersonaCreateSchema, type Machine, type PersonaDefinition, type Variable } from "./definition.ts";
import { linkNeverHoldsReason, machineReach } from "./machine-reach.ts";
import { coerceVariableValue } from "./pattern-extractor.ts";

export type { Loc };
/** A pydantic-style detail (`{loc, msg, type}`), the shape of the 422 envelope's `details`. */
export type ValidationIssue = ValidationDetail;

export type ValidationResult = { ok: true; definition: PersonaDefinition } | { ok: false; issues: ValidationIssue[] };

// ---------------------------------------------------------------------------------------------
// zod issues → pydantic wording (the shared mapper, plus the two cases the save body needs)

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
function duplicateIssues<T>(items: readonly T[], keyOf: (item: T) => string, locOf: (index: number) => Loc, what: string): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) issues.push(semanticIssue(locOf(index), `duplicate ${what} "${key}"`));
    seen.add(key);
  });
  return issues;
}

function variableIssues(variables: readonly Variable[], base: Loc): ValidationIssue[] {
  const issues = duplicateIssues(variables, (variable) => variable.key, (index) => [...base, index, "key"], "variable key");
  variables.forEach((variable, index) => {
    const here = [...base, index];
    if (variable.type === "enum" && (!variable.values || variable.values.length === 0)) {
      issues.push(semanticIssue([...here, "values"], `enum variable "${variable.key}" needs a non-empty "values" list`));
    }
    variable.extract.forEach((rule, ruleIndex) => {
      const ruleLoc = [...here, "extract", ruleIndex];
      if ("regex" in rule) {
        const compiled = compileRegex(rule.regex, rule.flags ?? "i");
        if (typeof compiled === "string") {
          issues.push(semanticIssue([...ruleLoc, "regex"], `invalid regex: ${compiled}`));
          return;
        }
        const hazard = regexHazard(rule.regex);
        if (hazard !== null) {
          issues.push(semanticIssue([...ruleLoc, "regex"], `unsafe regex: ${hazard}`));
          return;
        }
        // A pattern joined with an empty alternative always matches "", which reveals its groups.
        const probe = new RegExp(`${rule.regex}|`, compiled.flags).exec("") as RegExpExecArray;
        if (typeof rule.group === "number" && rule.group > probe.length - 1) {
          issues.push(semanticIssue([...ruleLoc, "group"], `group ${rule.group} does not exist: the pattern has ${probe.length - 1} group(s)`));
        }
        if (typeof rule.group === "string" && !(probe.groups && rule.group in probe.groups)) {
          issues.push(semanticIssue([...ruleLoc, "group"], `the pattern has no group named "${rule.group}"`));
        }
      } else {
        for (const value of Object.keys(rule.keywords)) {
          if (coerceVariableValue(variable, value) === undefined) {
            issues.push(semanticIssue([...ruleLoc, "keywords", value], `"${value}" is not a valid ${variable.type} value for "${variable.key}"`));
          }
        }
      }
    });
  });
  return issues;
}

function machineIssues(machine: Machine, machineIndex: number, definition: PersonaDefinition, scopeBase: ConditionScope): ValidationIssue[] {
  const base: Loc = ["machines", machineIndex];
  const issues: ValidationIssue[] = [];
  issues.push(...duplicateIssues(machine.states, (state) => state.state_key, (index) => [...base, "states", index, "state_key"], "state_key"));

  const initial = machine.states.map((state, index) => ({ state, index })).filter(({ state }) => state.is_initial_state);
  if (initial.length === 0) issues.push(semanticIssue([...base, "states"], `machine "${machine.machine_key}" needs exactly one initial state, found none`));
  for (const extra of initial.slice(1)) {
    issues.push(semanticIssue([...base, "states", extra.index, "is_initial_state"], `machine "${machine.machine_key}" needs exactly one initial state, found ${initial.length}`));
  }
  if (!machine.states.some((state) => state.is_terminal_state)) {
    issues.push(semanticIssue([...base, "states"], `machine "${machine.machine_key}" needs at least one terminal state`));
  }
  machine.states.forEach((state, index) => {
    if (state.outcome && !state.is_terminal_state) {
      issues.push(semanticIssue([...base, "states", index, "outcome"], `only a terminal state can set an outcome`));
    }
  });

  const states = new Map(machine.states.map((state) => [state.state_key, state]));
  const machineVariables = [...definition.variables, ...machine.variables].map((variable) => variable.key);
  const scope: ConditionScope = {
    ...scopeBase,
    variables: new Set([...(scopeBase.variables ?? []), ...machineVariables]),
    states: new Set(states.keys()),
  };

  machine.transitions.forEach((transition, index) => {
    const here = [...base, "transitions", index];
    const from = states.get(transition.from_state_key);
    const to = states.get(transition.to_state_key);
    if (!from) issues.push(semanticIssue([...here, "from_state_key"], `unknown state "${transition.from_state_key}" in machine "${machine.machine_key}"`));
    else if (from.is_terminal_state) issues.push(semanticIssue([...here, "from_state_key"], `"${from.state_key}" is a terminal state: no transition may leave it`));
    if (!to) issues.push(semanticIssue([...here, "to_state_key"], `unknown state "${transition.to_state_key}" in machine "${machine.machine_key}"`));

    const type = transition.decision_type;
    if (type === "redirect" && transition.to_state_key !== transition.from_state_key) {
      issues.push(semanticIssue([...here, "to_state_key"], `a redirect stays in its state: to_state_key must be "${transition.from_state_key}"`));
    }
    if (to && type === "kick_out" && !to.is_terminal_state) {
      issues.push(semanticIssue([...here, "to_state_key"], `a kick_out ends the machine: "${to.state_key}" must be a terminal state`));
    }
    if (to && type === "reject" && machine.scoring_mode === "pass_fail" && !to.is_terminal_state) {
      issues.push(semanticIssue([...here, "to_state_key"], `in pass_fail mode a reject ends the machine: "${to.state_key}" must be a terminal state`));
    }
    if ((type === "reject" || type === "kick_out") && transition.score_delta > 0) {
      issues.push(semanticIssue([...here, "score_delta"], `a ${type} is a penalty: score_delta must not be positive`));
    }
    if (transition.when !== undefined) {
      for (const problem of conditionProblems(transition.when, scope)) issues.push(semanticIssue([...here, "when", ...problem.path], problem.message));
    }
  });

  issues.push(...variableIssues(machine.variables, [...base, "variables"]));
  issues.push(...duplicateIssues(machine.output_variables, (variable) => variable.key, (index) => [...base, "output_variables", index, "key"], "output variable key"));
  return issues;
}

/**
 * Machines no chain of links that can hold reaches from an entry machine (entry: `is_entry`, or no
 * incoming link). `canHold[i]` says whether `machine_links[i]`'s condition can ever hold.
 */
function unreachableMachineIssues(definition: PersonaDefinition, canHold: readonly boolean[]): ValidationIssue[] {
  const keys = new Set(definition.machines.map((machine) => machine.machine_key));
  const links = definition.machine_links
    .map((link, index) => ({ link, index }))
    .filter(({ link }) => keys.has(link.source_machine_key) && keys.has(link.target_machine_key));
  const hasIncoming = new Set(links.map(({ link }) => link.target_machine_key));
  const reached = new Set(definition.machines.filter((machine) => machine.is_entry || !hasIncoming.has(machine.machine_key)).map((machine) => machine.machine_key));
  const frontier = [...reached];
  while (frontier.length > 0) {
    const source = frontier.pop() as string;
    for (const { link, index } of links) {
      if (link.source_machine_key === source && canHold[index] && !reached.has(link.target_machine_key)) {
        reached.add(link.target_machine_key);
        frontier.push(link.target_machine_key);
      }
    }
  }
  const issues: ValidationIssue[] = [];
  definition.machines.forEach((machine, index) => {
    if (reached.has(machine.machine_key)) return;
    const incoming = links.filter(({ link }) => link.target_machine_key === machine.machine_key);
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
    issues.push(
      semanticIssue(
        ["machines", index, "machine_key"],
        `machine "${machine.machine_key}" can never be unlocked: ${reasons.join("; ")} (mark it is_entry or add a link that can hold from a reachable machine)`,
      ),
    );
  });
  return issues;
}

/** All semantic problems of a definition that has the right shape. */
export function definitionIssues(definition: PersonaDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const machineKeys = new Set(definition.machines.map((machine) => machine.machine_key));
  const outputKeys = definition.machines.flatMap((machine) => machine.output_variables.map((variable) => variable.key));
  const scopeBase: ConditionScope = {
    intents: new Set(Object.keys(definition.intents ?? {})),
    machines: machineKeys,
    variables: new Set([...definition.variables.map((variable) => variable.key), ...outputKeys]),
  };

  issues.push(...duplicateIssues(definition.machines, (machine) => machine.machine_key, (index) => ["machines", index, "machine_key"], "machine_key"));
  definition.machines.forEach((machine, index) => issues.push(...machineIssues(machine, index, definition, scopeBase)));
  issues.push(...variableIssues(definition.variables, ["variables"]));

  for (const [name, phrases] of Object.entries(definition.intents ?? {})) {
    if (phrases.length === 0) issues.push(semanticIssue(["intents", name], `intent "${name}" needs at least one phrase`));
  }

  const reaches = new Map(definition.machines.map((machine) => [machine.machine_key, machineReach(machine)]));
  const canHold = definition.machine_links.map((link, index) => {
    const reach = reaches.get(link.source_machine_key);
    // A malformed source (reported above) is given the benefit of the doubt.
    const never = reach ? linkNeverHoldsReason(link.source_machine_key, link.condition, reach) : null;
    if (never !== null) issues.push(semanticIssue(["machine_links", index, "condition"], `this link can never hold: ${never}`));
    return never === null;
  });

  definition.machine_links.forEach((link, index) => {
    const here: Loc = ["machine_links", index];
    if (!machineKeys.has(link.source_machine_key)) issues.push(semanticIssue([...here, "source_machine_key"], `unknown machine "${link.source_machine_key}"`));
    if (!machineKeys.has(link.target_machine_key)) issues.push(semanticIssue([...here, "target_machine_key"], `unknown machine "${link.target_machine_key}"`));
    if (link.condition.type === "when") {
      for (const problem of conditionProblems(link.condition.when, scopeBase)) {
        issues.push(semanticIssue([...here, "condition", "when", ...problem.path], problem.message));
      }
    }
  });

  issues.push(...unreachableMachineIssues(definition, canHold));
  return issues;
}

/** Parses and checks a save body. On success the definition has every default filled in. */
export function validateDefinition(input: unknown): ValidationResult {
  const parsed = PersonaCreateSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(zodIssueToDetail) };
  const issues = definitionIssues(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, definition: parsed.data };
}
