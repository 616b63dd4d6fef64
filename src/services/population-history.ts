/**
 * An account's populations, newest first, a page at a time: what the studio's history shows. The
 * cursor is opaque to clients; inside it is the position of the page's last row (its exact creation
 * time and id), so pages neither repeat nor skip rows when new populations arrive meanwhile.
 */
import type { JobRepository, PopulationPosition, PopulationSummaryRow } from "../store/jobs.ts";
import { ServiceError } from "./errors.ts";

export interface PopulationPage {
  rows: PopulationSummaryRow[];
  nextCursor: string | null;
}

/** Microseconds since 1970, up to the year 2286: always a valid bigint and timestamp. */
const MICROSECONDS = /^\d{1,16}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listPopulations(jobs: JobRepository, accountId: string, page: { limit: number; cursor?: string | undefined }): Promise<PopulationPage> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  // One more than asked tells whether another page follows, without counting.
  const rows = await jobs.listPopulations(accountId, page.limit + 1, after);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return { rows: shown, nextCursor: rows.length > page.limit && last ? encodeCursor(last.position) : null };
}

export function encodeCursor(position: PopulationPosition): string {
  return Buffer.from(JSON.stringify([position.createdAtMicros, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): PopulationPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [createdAtMicros, id] = decoded;
    // Checked as strictly as the database will read them: a cursor must never become a 500.
    if (typeof createdAtMicros === "string" && MICROSECONDS.test(createdAtMicros) && typeof id === "string" && UUID.test(id)) return { createdAtMicros, id };
  }
  throw ServiceError.invalidInput([{ loc: ["cursor"], msg: "Invalid cursor: pass the next_cursor of the previous page as it is", type: "value_error" }]);
}
