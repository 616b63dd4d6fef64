/**
 * The one check every piece of caller text passes before any route sees it: body strings and
 * object keys, query values and route params. Postgres `text` cannot hold NUL and `jsonb` refuses
 * lone UTF-16 surrogates (`"\ud800"` is valid JSON but not valid Unicode), so such text would
 * otherwise fail deep inside a query as a 500. Here it is a 422 naming the field.
 *
 * An object key `__proto__` passes like any other: in the pydantic API we are drop-in for it is an
 * ordinary dict key. `JSON.parse` keeps it as an own key, and every record of caller-named keys is
 * parsed by `userRecord` (src/engine/user-record.ts), which keeps it too.
 */
import type { Loc, ValidationDetail } from "../shared/validation-details.ts";

const NUL = "\u0000";

/** Why `text` cannot be stored, worded as pydantic words it, or null when it is fine. */
export function textProblem(text: string): Omit<ValidationDetail, "loc"> | null {
  if (text.includes(NUL)) return { msg: "String should not contain NUL (\\u0000) characters", type: "string_pattern_mismatch" };
  if (!isWellFormed(text)) return { msg: "Input should be a valid string, unable to parse raw data as a unicode string", type: "string_unicode" };
  return null;
}

/** Node 20 has `String.prototype.isWellFormed`; the lib types we compile against do not yet. */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

interface Pending {
  value: unknown;
  /** Index of the containing array or object in `containers`, -1 for the root. */
  parent: number;
  key: string | number | null;
}

/**
 * The first bad string or key in `value`, with its path under `prefix`. Iterative (an explicit
 * stack), so a body nested as deep as the parser allows cannot overflow the call stack, and a path
 * is only built for the one place reported.
 */
export function findTextProblem(value: unknown, prefix: Loc = []): ValidationDetail | null {
  // The common case, a body of a few plain values, makes no stack and no closure at all.
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { loc: [...prefix], ...problem } : null;
  }
  if (value === null || typeof value !== "object") return null;
  const containers: Pending[] = [];
  const stack: Pending[] = [{ value, parent: -1, key: null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const current = entry.value;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem) return report(prefix, containers, entry, problem);
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    const self = containers.push(entry) - 1;
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        const child: unknown = current[index];
        if (typeof child === "string" || (child !== null && typeof child === "object")) stack.push({ value: child, parent: self, key: index });
      }
      continue;
    }
    const keys = Object.keys(current);
    for (const key of keys) {
      const problem = textProblem(key);
      if (problem) return report(prefix, containers, entry, problem, key);
    }
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      const child = (current as Record<string, unknown>)[key];
      if (typeof child === "string" || (child !== null && typeof child === "object")) stack.push({ value: child, parent: self, key });
    }
  }
  return null;
}

/** The problem at `entry` (or at its key `key`), located from the root. */
function report(prefix: Loc, containers: readonly Pending[], entry: Pending, problem: Omit<ValidationDetail, "loc">, key?: string): ValidationDetail {
  return { loc: [...prefix, ...pathTo(containers, entry), ...(key === undefined ? [] : [key])], ...problem };
}

/** The keys from the root down to `entry`. */
function pathTo(containers: readonly Pending[], entry: Pending): Loc {
  const path: Loc = [];
  for (let at: Pending | undefined = entry; at && at.key !== null; at = at.parent >= 0 ? containers[at.parent] : undefined) path.push(at.key);
  return path.reverse();
}
