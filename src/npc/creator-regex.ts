/**
 * Creators' regexes (a condition's `regex`, a variable's `extract` rule), run on players' messages.
 *
 * JavaScript's own engine backtracks and cannot be interrupted: `^(a|a)*$` on 33 a's and a "!" holds
 * the whole server for a minute and a half, and no syntactic check catches every such pattern. These
 * patterns therefore run on RE2 (`re2js`, a pure JavaScript port), which matches in time linear in
 * the message whatever the pattern: at most (compiled instructions × characters) steps. The cost of
 * that guarantee is RE2's syntax, which has no lookaround and no backreferences; such patterns are
 * refused at save with the reason, and a stored one is never run.
 *
 * Patterns are written as JavaScript regexes and translated (`(?<name>…)`, `\u00e9`, `[^]` and the
 * like mean what they mean in JavaScript). Flags: `i` (case-insensitive), `m` (multiline), `s` (dot
 * matches newlines) and `u` (accepted; RE2 always reads Unicode). A bare condition string is `i`.
 */
import { RE2JS } from "re2js";
import { MAX_REGEX_INPUT_CHARS, MAX_REGEX_INSTRUCTIONS, MAX_REGEX_PATTERN_CHARS } from "./limits.ts";
import { ownValue } from "./records.ts";
import { leadingText } from "./text.ts";
import type { TurnBudget } from "./turn-budget.ts";

/** Flags a creator's regex may use; `g` and `y` are excluded because they make matching stateful. */
export const ALLOWED_REGEX_FLAGS = /^[imsu]*$/;

const FLAG_BITS: Readonly<Record<string, number>> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

const LINEAR_TIME = "patterns run on RE2, which guarantees time linear in the message";

/** What save needs to know of a pattern that compiles: its size and its groups. */
export interface RegexShape {
  /** `/pattern/flags`, as reasons and explanations show it. */
  readonly label: string;
  /** RE2's program size; a run costs at most this many steps per character. */
  readonly instructions: number;
  /** Capturing groups, numbered from 1. */
  readonly groupCount: number;
  /** Whether a group of this number or name exists (0 is the whole match). */
  hasGroup(group: number | string): boolean;
}

/** A pattern compiled and checked: safe to run on any message. */
export interface CreatorRegex extends RegexShape {
  /** The first match in `text` (no length cap: callers go through `runCreatorRegex`). */
  exec(text: string): RegexMatch | null;
}

export interface RegexMatch {
  /** The matched text. */
  readonly text: string;
  /** Capturing groups of the pattern, numbered from 1. */
  readonly groupCount: number;
  /** A group's text by number or name; undefined when it did not take part in the match. */
  group(group: number | string): string | undefined;
}

export function regexLabel(pattern: string, flags: string): string {
  return `/${pattern}/${flags}`;
}

/**
 * Why RE2 cannot run this JavaScript pattern, found before translation: RE2's own parser would
 * reject a lookbehind with a puzzling message, and the translator would silently read `\k<name>`
 * as the letters "k<name>".
 */
function unsupportedSyntax(pattern: string): string | null {
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === "\\") {
      const next = pattern[index + 1] ?? "";
      if (!inClass && ((next >= "1" && next <= "9") || (next === "k" && pattern[index + 2] === "<"))) {
        return `unsupported regex: backreferences such as \\1 or \\k<name> are not supported: ${LINEAR_TIME} and cannot match text repeated from the message; capture the text into a variable and compare variables instead`;
      }
      index++;
    } else if (inClass) {
      if (character === "]") inClass = false;
    } else if (character === "[") {
      inClass = true;
    } else if (character === "(" && pattern[index + 1] === "?") {
      const kind = pattern[index + 2];
      if (kind === "=" || kind === "!" || (kind === "<" && (pattern[index + 3] === "=" || pattern[index + 3] === "!"))) {
        return `unsupported regex: lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: ${LINEAR_TIME} and has no lookaround; match the text itself, or combine two conditions with "all" and "not"`;
      }
    }
  }
  return null;
}

function flagBits(flags: string): number | string {
  if (!ALLOWED_REGEX_FLAGS.test(flags) || new Set(flags).size !== flags.length) return `invalid regex: flags "${flags}" are not allowed (use each of i, m, s, u at most once)`;
  let bits = 0;
  for (const flag of flags) bits |= FLAG_BITS[flag] ?? 0;
  return bits;
}

/** The group index `group` names (a number is itself), or undefined. */
function groupIndex(namedGroups: Readonly<Record<string, number>>, group: number | string): number | undefined {
  return typeof group === "number" ? group : ownValue(namedGroups, group);
}

/** A shape that holds its group names and nothing of the compiled program. */
function shapeOf(label: string, instructions: number, groupCount: number, namedGroups: Readonly<Record<string, number>>): RegexShape {
  return {
    label,
    instructions,
    groupCount,
    hasGroup(group) {
      const index = groupIndex(namedGroups, group);
      return index !== undefined && Number.isInteger(index) && index >= 0 && index <= groupCount;
    },
  };
}

function creatorRegexOf(pattern: string, flags: string, compiled: RE2JS): CreatorRegex {
  const namedGroups = compiled.namedGroups();
  const shape = shapeOf(regexLabel(pattern, flags), compiled.programSize(), compiled.groupCount(), namedGroups);
  return {
    ...shape,
    exec(text) {
      const match = compiled.exec(text);
      if (match === null) return null;
      return {
        text: match[0] ?? "",
        groupCount: shape.groupCount,
        group(group) {
          const index = groupIndex(namedGroups, group);
          return index === undefined ? undefined : (match[index] ?? undefined);
        },
      };
    },
  };
}

/** The RE2 program of a creator's pattern, or why it cannot run (see `compileCreatorRegex`). */
function compileProgram(pattern: string, flags: string): RE2JS | string {
  const bits = flagBits(flags);
  if (typeof bits === "string") return bits;
  if (pattern.length > MAX_REGEX_PATTERN_CHARS) return `regex too large: the pattern is ${pattern.length} characters long; at most ${MAX_REGEX_PATTERN_CHARS} are allowed`;
  const unsupported = unsupportedSyntax(pattern);
  if (unsupported !== null) return unsupported;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `invalid regex: ${message.replace(/^error parsing regexp: /, "")}`;
  }
  const instructions = compiled.programSize();
  if (instructions > MAX_REGEX_INSTRUCTIONS) {
    return `regex too large: the pattern compiles to ${instructions} instructions; at most ${MAX_REGEX_INSTRUCTIONS} are allowed (a repetition count such as {100} multiplies the size of what it repeats)`;
  }
  return compiled;
}

/**
 * Compiles a creator's pattern, or says why it cannot run: invalid flags, too long, syntax RE2 has
 * not (lookaround, backreferences), a syntax error, or a compiled program over
 * `MAX_REGEX_INSTRUCTIONS`. The reason starts with what kind of problem it is ("invalid regex: …",
 * "unsupported regex: …", "regex too large: …").
 */
export function compileCreatorRegex(pattern: string, flags: string): CreatorRegex | string {
  const key = `${flags}/${pattern}`;
  let regex = programs.get(key);
  if (regex === undefined) {
    const program = compileProgram(pattern, flags);
    regex = typeof program === "string" ? program : creatorRegexOf(pattern, flags, program);
    if (programs.size >= PROGRAMS_KEPT) programs.clear();
    programs.set(key, regex);
  }
  return regex;
}

/**
 * Programs kept for play: every turn runs the same few patterns of its machine, and compiling them
 * again was a tenth of an offline turn's time. What a kept program holds besides itself is RE2JS's
 * pool of matching machines, which grows only with matches running at the same time — never here,
 * matching is synchronous — so the memory stays bounded by `PROGRAMS_KEPT` programs.
 */
const programs = new Map<string, CreatorRegex | string>();
const PROGRAMS_KEPT = 256;

/**
 * Save's verdicts on patterns, kept so that checking a body compiles each pattern once (zod's pass
 * and the semantic pass both ask) and saving the same persona again compiles nothing. Only the
 * verdict is kept, never a compiled program: those grow matching caches as they run.
 */
const shapes = new Map<string, RegexShape | string>();
const SHAPES_KEPT = 1000;

/** `compileCreatorRegex`'s verdict without a runnable program: the shape of a pattern, or why it cannot run. */
export function inspectCreatorRegex(pattern: string, flags: string): RegexShape | string {
  const key = `${flags}/${pattern}`;
  let shape = shapes.get(key);
  if (shape === undefined) {
    const program = compileProgram(pattern, flags);
    shape = typeof program === "string" ? program : shapeOf(regexLabel(pattern, flags), program.programSize(), program.groupCount(), program.namedGroups());
    if (shapes.size >= SHAPES_KEPT) shapes.clear();
    shapes.set(key, shape);
  }
  return shape;
}

/** At most `MAX_REGEX_INPUT_CHARS` of `text`, never ending inside a surrogate pair. */
export function regexInput(text: string): string {
  return leadingText(text, MAX_REGEX_INPUT_CHARS);
}

export type RegexRun = { ran: true; match: RegexMatch | null } | { ran: false; reason: string };

/**
 * Runs a creator's pattern on the first `MAX_REGEX_INPUT_CHARS` of `text`, if it can run and the
 * turn's budget covers it (instructions × characters). A pattern that is not run is recorded in the
 * budget as skipped, with its reason.
 */
export function runCreatorRegex(pattern: string, flags: string, text: string, budget: TurnBudget): RegexRun {
  const regex = compileCreatorRegex(pattern, flags);
  const skip = (reason: string): RegexRun => {
    budget.skip("regex", `${regexLabel(pattern, flags)}: ${reason}`);
    return { ran: false, reason };
  };
  if (typeof regex === "string") return skip(regex);
  const input = regexInput(text);
  if (!budget.spendRegexWork(regex.instructions * Math.max(1, input.length))) {
    return skip("this turn's regex work is spent (a definition saved before the per-state regex limit can ask for more)");
  }
  return { ran: true, match: regex.exec(input) };
}
