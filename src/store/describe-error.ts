/**
 * An error as one log line of bounded length. A failed query's error carries the query and every
 * parameter in its message (Drizzle's "Failed query: … params: …"), so an error while storing a big
 * result once printed a single 516 MB line; whoever logs an error (the workers, the queue, the
 * reconciler, the API's error handler) logs it through here.
 */

/** Characters of an error logged by default: the message's start and end, the cause included. */
export const MAX_LOGGED_ERROR_CHARS = 2_000;

/**
 * The error's message (or its stack, with `stack: true`) and its cause's message, cut in the middle
 * to `maxChars` when longer: the start says what failed, the end usually why (the cause).
 */
export function describeError(error: unknown, maxChars = MAX_LOGGED_ERROR_CHARS, { stack = false } = {}): string {
  const text = errorText(error, stack);
  const cause = error instanceof Error && error.cause !== undefined ? errorText(error.cause, false) : "";
  return elide(cause && !text.includes(cause) ? `${text} [cause: ${cause}]` : text, maxChars);
}

function errorText(error: unknown, stack: boolean): string {
  if (error instanceof Error) return (stack ? error.stack : undefined) ?? error.message;
  try {
    return typeof error === "string" ? error : String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/** `text` cut to `maxChars`, keeping its start and its end, and saying how long it was. */
export function elide(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = ` … [cut from ${text.length.toLocaleString("en-US")} characters] … `;
  const kept = Math.max(0, maxChars - marker.length);
  const head = Math.ceil(kept * 0.75);
  return `${text.slice(0, head)}${marker}${text.slice(text.length - (kept - head))}`;
}
