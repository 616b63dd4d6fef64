/**
 * Turns zod issues into the pydantic-style `details` the spec's error envelope carries
 * (`{loc, msg, type}` with pydantic's own wording), so clients written against the hosted API
 * can match on `type` and show `msg` as they already do.
 */
import type { z } from "zod";

export type Loc = Array<string | number>;

export interface ValidationDetail {
  loc: Loc;
  msg: string;
  type: string;
}

const TYPE_NAMES: Record<string, { type: string; msg: string }> = {
  string: { type: "string_type", msg: "Input should be a valid string" },
  number: { type: "float_type", msg: "Input should be a valid number" },
  int: { type: "int_type", msg: "Input should be a valid integer" },
  boolean: { type: "bool_type", msg: "Input should be a valid boolean" },
  array: { type: "list_type", msg: "Input should be a valid list" },
  object: { type: "dict_type", msg: "Input should be a valid dictionary" },
  record: { type: "dict_type", msg: "Input should be a valid dictionary" },
};

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((value) => (typeof value === "string" ? `'${value}'` : String(value)));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** One zod issue → one pydantic-style detail. Parse with `{ reportInput: true }` to tell "missing" apart. */
export function issueToDetail(issue: z.core.$ZodIssue): ValidationDetail {
  const loc = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)) as Loc;
  switch (issue.code) {
    case "invalid_type": {
      if ("input" in issue && issue.input === undefined) return { loc, msg: "Field required", type: "missing" };
      if (issue.expected === "int" && typeof issue.input === "number" && Number.isFinite(issue.input)) {
        return { loc, msg: "Input should be a valid integer, got a number with a fractional part", type: "int_from_float" };
      }
      if (issue.expected === "object" && loc.length === 0) {
        return { loc, msg: "Input should be a valid dictionary or object to extract fields from", type: "model_attributes_type" };
      }
      const known = TYPE_NAMES[issue.expected];
      return { loc, msg: known?.msg ?? `Input should be a valid ${issue.expected}`, type: known?.type ?? `${issue.expected}_type` };
    }
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") {
        return { loc, msg: `String should have at least ${plural(minimum, "character")}`, type: "string_too_short" };
      }
      if (issue.origin === "array" || issue.origin === "set") {
        const actual = Array.isArray((issue as { input?: unknown }).input) ? ((issue as { input: unknown[] }).input.length) : 0;
        return { loc, msg: `List should have at least ${plural(minimum, "item")} after validation, not ${actual}`, type: "too_short" };
      }
      return issue.inclusive
        ? { loc, msg: `Input should be greater than or equal to ${minimum}`, type: "greater_than_equal" }
        : { loc, msg: `Input should be greater than ${minimum}`, type: "greater_than" };
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") {
        return { loc, msg: `String should have at most ${plural(maximum, "character")}`, type: "string_too_long" };
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return { loc, msg: `List should have at most ${plural(maximum, "item")} after validation`, type: "too_long" };
      }
      return issue.inclusive
        ? { loc, msg: `Input should be less than or equal to ${maximum}`, type: "less_than_equal" }
        : { loc, msg: `Input should be less than ${maximum}`, type: "less_than" };
    }
    case "invalid_value":
      return { loc, msg: `Input should be ${quoteList(issue.values)}`, type: "literal_error" };
    case "invalid_format":
      return { loc, msg: `String should match ${issue.format}`, type: "string_pattern_mismatch" };
    case "unrecognized_keys":
      return { loc, msg: `Extra inputs are not permitted: ${issue.keys.join(", ")}`, type: "extra_forbidden" };
    case "invalid_union":
      return { loc, msg: "Input does not match any allowed form", type: "union_error" };
    case "custom": {
      // Our own checks name the pydantic error type they stand for, and carry its wording.
      const params = (issue as { params?: { pydantic?: string } }).params;
      return { loc, msg: issue.message, type: params?.pydantic ?? "value_error" };
    }
    default:
      return { loc, msg: issue.message, type: "value_error" };
  }
}

/**
 * At most this many details are listed in one error; the rest are counted in one last detail of
 * type `too_many_errors` (`{"loc": [], "msg": "… and 99,980 more errors", …}`), so an answer stays
 * small however many elements of a body are wrong (a 2 MB body once got a 90 MB answer).
 */
export const MAX_LISTED_DETAILS = 20;
export const TOO_MANY_ERRORS = "too_many_errors";

function moreErrors(count: number): ValidationDetail {
  return { loc: [], msg: `… and ${count.toLocaleString("en-US")} more error${count === 1 ? "" : "s"}`, type: TOO_MANY_ERRORS };
}

/**
 * The first `MAX_LISTED_DETAILS` details, then one counting the others. `total` is how many there
 * were when the caller stopped collecting early. Capping twice changes nothing.
 */
export function capDetails(details: readonly ValidationDetail[], total = details.length): ValidationDetail[] {
  const alreadyCapped = details.length === MAX_LISTED_DETAILS + 1 && details[MAX_LISTED_DETAILS]?.type === TOO_MANY_ERRORS;
  if (alreadyCapped || (details.length <= MAX_LISTED_DETAILS && total <= details.length)) return [...details];
  const listed = details.slice(0, MAX_LISTED_DETAILS);
  return [...listed, moreErrors(Math.max(total, details.length) - listed.length)];
}

/** Only the listed issues are worded; the others are counted. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): ValidationDetail[] {
  return capDetails(issues.slice(0, MAX_LISTED_DETAILS).map(issueToDetail), issues.length);
}
