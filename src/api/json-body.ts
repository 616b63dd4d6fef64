/**
 * Reading a JSON request body without letting its shape cost more than its size.
 *
 * `JSON.parse` builds whatever it is given: a body nested 100,000 levels deep overflows every
 * recursive walk after it, and a 14 MB array of 7 million elements becomes 7 million validation
 * issues (2 GB, 78 s). So before parsing, one linear pass over the text measures nesting depth and
 * the length of every array and object, and refuses a body over either bound with a 422 that
 * names the offending place. Only then is the text parsed.
 */
import type { Loc, ValidationDetail } from "../shared/validation-details.ts";
import { ApiError } from "./errors.ts";

/**
 * Deepest nesting of arrays and objects accepted. Generous for every body we define (an NPC
 * condition tree allowed by the save checks nests about 70 levels at most) and shallow enough that
 * nothing downstream can run out of stack.
 */
export const MAX_JSON_DEPTH = 128;
/**
 * Most elements of one array, or members of one object. Above every documented cap of a list we
 * accept; a list whose length a route caps itself (validate's `personas`) is counted apart, so that
 * its cap answers with its own message whatever the list's length (see `countedList`).
 */
export const MAX_JSON_CONTAINER_ITEMS = 100_000;

export interface JsonShapeLimits {
  maxDepth: number;
  maxContainerItems: number;
  /**
   * A list directly under the body's root object whose length a route caps itself, with its own
   * answer (`personas` of validate: 400 over `DRAMATIS_MAX_VALIDATE_PERSONAS`). It is counted to its
   * end in the same pass, whatever its length (the bound on other lists does not apply to it), and
   * over its cap it is refused by `refuse(count)` before any other problem of the body is reported.
   */
  countedList?: CountedList;
}

export interface CountedList {
  key: string;
  max: number;
  refuse: (count: number) => Error;
}

const DEFAULT_LIMITS: JsonShapeLimits = { maxDepth: MAX_JSON_DEPTH, maxContainerItems: MAX_JSON_CONTAINER_ITEMS };

/**
 * An empty body reads as `{}` (the missing fields are then named); a body over the shape limits is
 * a 422 naming where (or the counted list's own refusal); text that is not JSON is a 422
 * `json_invalid`, or whatever `notJson` makes of it.
 */
export function parseJsonBody(text: string, notJson?: (parseError: Error) => Error, limits: JsonShapeLimits = DEFAULT_LIMITS): unknown {
  if (text.trim() === "") return {};
  const problem = jsonShapeProblem(text, limits);
  if (problem?.kind === "count") throw limits.countedList!.refuse(problem.count);
  if (problem) throw ApiError.validation([problem.detail]);
  try {
    return JSON.parse(text);
  } catch (error) {
    if (notJson) throw notJson(error as Error);
    throw ApiError.validation([{ loc: [], msg: `JSON decode error: ${(error as Error).message}`, type: "json_invalid" }]);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

interface Container {
  isArray: boolean;
  /** Elements (or members) started so far. */
  items: number;
  /** Elements (or members) allowed. */
  cap: number;
  /** True from the first token of an element (or member) until the comma after it. */
  inItem: boolean;
  /** Where the current member's key is in the text (quotes included), for objects. */
  keyStart: number;
  keyEnd: number;
}

export type JsonShapeProblem = { kind: "shape"; detail: ValidationDetail } | { kind: "count"; count: number };

/**
 * The first place where `text` nests deeper or holds a longer container than allowed, or null (or,
 * first of all, the counted list over its cap). Malformed JSON is left for `JSON.parse` to report;
 * this pass only has to be safe on it, and linear: every character is looked at once, nothing
 * recurses, and past the allowed depth only a number is kept.
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits = DEFAULT_LIMITS): JsonShapeProblem | null {
  const stack: Container[] = [];
  const counted = limits.countedList;
  let countedContainer: Container | undefined;
  let first: JsonShapeProblem | null = null;
  /** Levels opened beyond `maxDepth` (not kept on the stack). */
  let excess = 0;
  const found = (problem: JsonShapeProblem) => {
    first ??= problem;
  };
  /** Counts the element or member that starts at [start, end] in the innermost container; false when that one is over its bound. */
  const startItem = (start: number, end: number): boolean => {
    const top = stack.at(-1);
    if (!top || top.inItem || excess > 0) return true;
    top.inItem = true;
    top.items++;
    if (!top.isArray) (top.keyStart = start), (top.keyEnd = end);
    return top.items <= top.cap;
  };
  const tooLong = (): JsonShapeProblem => {
    const top = stack.at(-1)!;
    const what = top.isArray ? "List" : "Dictionary";
    return { kind: "shape", detail: { loc: locOf(text, stack.slice(0, -1)), msg: `${what} should have at most ${top.cap} items after validation`, type: "too_long" } };
  };
  const open = (isArray: boolean) => {
    if (excess > 0 || stack.length >= limits.maxDepth) {
      if (excess === 0) found({ kind: "shape", detail: { loc: locOf(text, stack), msg: `JSON decode error: nested deeper than ${limits.maxDepth} levels`, type: "json_invalid" } });
      excess++;
      return;
    }
    const root = stack.length === 1 && !stack[0]!.isArray ? stack[0]! : undefined;
    const isCounted = counted !== undefined && isArray && root !== undefined && keyText(text, root) === counted.key;
    const container: Container = { isArray, items: 0, cap: isCounted ? Number.POSITIVE_INFINITY : limits.maxContainerItems, inItem: false, keyStart: -1, keyEnd: -1 };
    if (isCounted) countedContainer = container;
    stack.push(container);
  };
  for (let index = 0; index < text.length; index++) {
    // Only the counted list can still change the answer once a problem is found.
    if (first && !counted) return first;
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const start = index;
      for (index++; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === BACKSLASH) index++;
        else if (inner === QUOTE) break;
      }
      if (!startItem(start, index)) found(tooLong());
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (!startItem(index, index)) found(tooLong());
      open(code === OPEN_ARRAY);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      if (excess > 0) excess--;
      else stack.pop();
    } else if (code === COMMA) {
      const top = stack.at(-1);
      if (top && excess === 0) top.inItem = false;
    } else if (!isJsonWhitespaceOrColon(code)) {
      if (!startItem(index, index)) found(tooLong());
    }
  }
  if (counted && countedContainer && countedContainer.items > counted.max) return { kind: "count", count: countedContainer.items };
  return first;
}

function isJsonWhitespaceOrColon(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x3a;
}

/** The path through `containers`, outermost first: the current element's index or member's key in each. */
function locOf(text: string, containers: readonly Container[]): Loc {
  return containers.map((container) => (container.isArray ? container.items - 1 : keyText(text, container)));
}

function keyText(text: string, container: Container): string {
  try {
    const key: unknown = JSON.parse(text.slice(container.keyStart, container.keyEnd + 1));
    return typeof key === "string" ? key : "";
  } catch {
    return "";
  }
}
