/**
 * How a gate's `detail` names what it found without growing with the input: a few items, then a
 * count of the others; a caller's value quoted up to a length; and no detail longer than
 * `MAX_DETAIL_CHARS`. A scorecard once listed each of 10,000 missing fields for each of 50 personas
 * (an 11.5 MB result from a 0.31 MB request).
 */

/** Problems (or names) one detail lists before counting the rest. */
export const MAX_LISTED_PROBLEMS = 5;
/** Names (categories, fields) one detail lists before counting the rest. */
export const MAX_LISTED_NAMES = 10;
/** Characters of a caller's value quoted in a detail. */
export const MAX_QUOTED_CHARS = 60;
/** Characters of one gate's detail, whatever it says. */
export const MAX_DETAIL_CHARS = 300;

function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** `text` up to `max` characters, with `…` when cut (never in the middle of a surrogate pair). */
export function clip(text: string, max = MAX_DETAIL_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** A caller's value in quotes, cut to `MAX_QUOTED_CHARS`. */
export function quote(value: string): string {
  return `'${clip(value, MAX_QUOTED_CHARS)}'`;
}

/** `a, b, c … and 9,987 more` (or all of them, when there are few). */
export function listNames(names: readonly string[], separator = ", "): string {
  const listed = names.slice(0, MAX_LISTED_NAMES).map((name) => clip(name, MAX_QUOTED_CHARS));
  const more = names.length - listed.length;
  return more > 0 ? `${listed.join(separator)} … and ${formatCount(more)} more` : listed.join(separator);
}

/**
 * Problems of one gate: the first `MAX_LISTED_PROBLEMS` are worded (each made only when it will be
 * shown), the others counted.
 */
export class ProblemList {
  private readonly listed: string[] = [];
  count = 0;

  /** Records a problem; `describe` runs only for a problem that will be listed. */
  add(describe: () => string): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(describe());
  }

  get empty(): boolean {
    return this.count === 0;
  }

  toString(): string {
    const more = this.count - this.listed.length;
    return clip(more > 0 ? `${this.listed.join("; ")}; … and ${formatCount(more)} more` : this.listed.join("; "));
  }
}
