/**
 * Offline variable extraction: each variable's `extract` rules, in order, on the raw player message.
 * The first rule giving a value that coerces to the variable's type wins; invalid values are dropped.
 * Regexes run on RE2 in linear time (`creator-regex.ts`) and every test draws on the turn's budget.
 */
import { runCreatorRegex } from "./creator-regex.ts";
import type { Variable } from "./definition.ts";
import type { ExtractedValue, ExtractionInput, Extractor } from "./ports.ts";
import { clipText, foldText, mentions } from "./text.ts";
import { TurnBudget } from "./turn-budget.ts";
import type { VariableValue } from "./values.ts";

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "off"]);

/**
 * A raw value coerced to the variable's type, or undefined when it does not fit. Numbers accept
 * thousands separators and a leading currency sign ("1,200", "$30"); enum values match their declared
 * spelling case- and accent-insensitively and come back in that spelling.
 */
export function coerceVariableValue(variable: Pick<Variable, "type" | "values">, raw: unknown): VariableValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  switch (variable.type) {
    case "number": {
      if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
      const text = String(raw).trim().replace(/^[$€£¥]/, "").replace(/(\d),(?=\d{3}\b)/g, "$1");
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
    }
    case "string": {
      const text = String(raw).trim();
      return text === "" ? undefined : text;
    }
    case "enum": {
      const folded = foldText(String(raw).trim());
      return (variable.values ?? []).find((value) => foldText(value) === folded);
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const folded = foldText(String(raw).trim());
      if (TRUE_WORDS.has(folded)) return true;
      if (FALSE_WORDS.has(folded)) return false;
      return undefined;
    }
  }
}

/**
 * The first valid value the variable's rules find in `message`, with the rule that found it. A regex
 * RE2 cannot run (stored before save refused it) or that the turn's budget no longer covers is
 * skipped, and the next rule is tried; the budget records what was skipped.
 */
export function extractVariable(variable: Variable, message: string, budget: TurnBudget = new TurnBudget()): ExtractedValue | null {
  for (const rule of variable.extract) {
    if ("regex" in rule) {
      const run = runCreatorRegex(rule.regex, rule.flags ?? "i", message, budget);
      if (!run.ran || run.match === null) continue;
      const match = run.match;
      // Without a group named, the first group when the pattern has one, else the whole match.
      const raw = match.group(rule.group ?? (match.groupCount > 0 ? 1 : 0));
      const value = coerceVariableValue(variable, raw);
      if (value !== undefined) return { key: variable.key, value, reason: `regex /${rule.regex}/ matched ${JSON.stringify(clipText(match.text, 80))}` };
    } else {
      for (const [candidate, phrases] of Object.entries(rule.keywords)) {
        const phrase = firstMentioned(phrases, message, budget);
        const value = phrase === null ? undefined : coerceVariableValue(variable, candidate);
        if (value !== undefined) return { key: variable.key, value, reason: `message mentions ${JSON.stringify(phrase)}` };
      }
    }
  }
  return null;
}

/** The first phrase of `phrases` the message mentions, each look-up drawn from the budget; null when none (or the budget ran out). */
function firstMentioned(phrases: readonly string[], message: string, budget: TurnBudget): string | null {
  const read = budget.read(message);
  for (const phrase of phrases) {
    if (!budget.spendPhraseCheck()) {
      budget.skip("phrases", `keyword extraction ${JSON.stringify(phrases[0])}…: this turn's phrase look-ups are spent`);
      return null;
    }
    if (mentions(read, phrase)) return phrase;
  }
  return null;
}

/** Every variable's value found in `message` by its rules, in the order of `variables`. */
export function extractVariables(variables: readonly Variable[], message: string, budget: TurnBudget): ExtractedValue[] {
  return variables.flatMap((variable) => extractVariable(variable, message, budget) ?? []);
}

export class PatternExtractor implements Extractor {
  readonly name = "pattern";

  extract(input: ExtractionInput): ExtractedValue[] {
    return extractVariables(input.variables, input.message, new TurnBudget());
  }
}
