/** Staff mixes of kinds of workplace the terms data gives none of its own (data/staff.json). */
import { z } from "zod";
import { checkedAtTestTime } from "./checked.ts";
import file from "../data/staff.json" with { type: "json" };

const StaffSchema = z.object({ staff: z.record(z.string().min(1), z.number().positive()), basis: z.string().min(1) });
const RuralSchema = z.object({ by_country: z.record(z.string().length(2), z.number().min(0).max(1)), rural_factor: z.number().positive(), most: z.number().min(0).max(1), least: z.number().min(0).max(1), jobs: z.record(z.string().min(1), z.number().positive()) });
const FileSchema = z.object({ sources: z.array(z.string().min(1)).min(1), workplaces: z.record(z.string().min(1), StaffSchema), rural_land_work: RuralSchema });

/** The data file and its schema: checked at test time (data-files.test.ts), taken as its type at run time. */
export const STAFF_FILE = [FileSchema, file] as const;

export type WorkplaceStaff = z.infer<typeof StaffSchema>;

/** By the workplace's value in terms.json ("a gym"): its jobs and their shares, with the basis. */
export function loadWorkplaceStaff(): Readonly<Record<string, WorkplaceStaff>> {
  return checkedAtTestTime(FileSchema, file).workplaces;
}

export type RuralLandWork = z.infer<typeof RuralSchema>;

/** The share of land work in a country's countryside, and its jobs (data/staff.json `rural_land_work_about`). */
export function loadRuralLandWork(): RuralLandWork {
  return checkedAtTestTime(FileSchema, file).rural_land_work;
}
