/**
 * Offline variable extraction: each variable's `extract` rules, in order, on the raw player message.
 * The first rule giving a value that coerces to the variable's type wins; invalid values are dropped.
 */
import type { Variable } from "./definition.ts";
import type { ExtractedValue, ExtractionInput, Extractor } from "./ports.ts";
import { compileSafeRegex, execCapped, firstMatchingPhrase, foldText } from "./text.ts";
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

/** The first valid value the variable's rules find in `message`, with the rule that found it. */
export function extractVariable(variable: Variable, message: string): ExtractedValue | null {
  for (const rule of variable.extract) {
    if ("regex" in rule) {
      // An invalid or unsafe pattern (stored before save rejected them) is skipped, never run.
      const compiled = compileSafeRegex(rule.regex, rule.flags ?? "i");
      if (typeof compiled === "string") continue;
      const match = execCapped(compiled, message);
      if (!match) continue;
      const raw = typeof rule.group === "string" ? match.groups?.[rule.group] : match[rule.group ?? (match.length > 1 ? 1 : 0)];
      const value = coerceVariableValue(variable, raw);
      if (value !== undefined) return { key: variable.key, value, reason: `regex /${rule.regex}/ matched ${JSON.stringify(match[0])}` };
    } else {
      for (const [candidate, phrases] of Object.entries(rule.keywords)) {
        const phrase = firstMatchingPhrase(message, phrases);
        const value = phrase === null ? undefined : coerceVariableValue(variable, candidate);
        if (value !== undefined) return { key: variable.key, value, reason: `message mentions ${JSON.stringify(phrase)}` };
      }
    }
  }
  return null;
}

export class PatternExtractor implements Extractor {
  readonly name = "pattern";

  extract(input: ExtractionInput): ExtractedValue[] {
    return input.variables.flatMap((variable) => extractVariable(variable, input.message) ?? []);
  }
}
