/**
 * Our own shipped data files as their schemas' types. Each file's schema is checked at test time
 * (data-files.test.ts: the file parses, and parsing drops nothing but notes for readers and changes
 * no value), so the run time takes the file as it is: parsing it at every process start cost the
 * 100k bench and every worker a tenth of a second or more for a check that only an edit can fail.
 */
import type { z } from "zod";

/** A shipped data file as its schema's type (the schema checked by the tests, not here). */
export function checkedAtTestTime<T extends z.ZodTypeAny>(_schema: T, file: unknown): z.infer<T> {
  return file as z.infer<T>;
}
