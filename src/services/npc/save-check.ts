/**
 * A save body checked: read as Foil writes it, validated, what offline play cannot decide in it,
 * and (for a new persona) its ids — every problem and warning pointing into the body as sent. The
 * same steps run on the HTTP thread in slices (`checkInline`) or whole in a worker thread
 * (`checkInThread`, via `npc-tasks.ts`); both give the same answer.
 *
 * Why a thread for big bodies: at the caps (25 machines × 200 states × 300 transitions, ~0.8 MB) the
 * check costs 60–300 ms of CPU, and even sliced a machine at a time each slice held the event loop
 * long enough for /healthz to wait 110–310 ms (1.1 s with eight such saves). In a thread the HTTP
 * thread only pays for turning the body into JSON text and the answer back (~10 % of the check).
 */
import type { PersonaDefinition } from "../../npc/index.ts";
import { readFoilBody } from "../../npc/foil-body.ts";
import { machineWarnings, type OfflinePlayWarning } from "../../npc/offline-warnings.ts";
import { validationSteps, type ValidationIssue } from "../../npc/validate-definition.ts";
import { withIds, type StoredDefinition } from "./stored-definition.ts";

export type SaveCheck =
  | { ok: true; ids: false; definition: PersonaDefinition; warnings: OfflinePlayWarning[] }
  /** With fresh ids, when they were asked for (a new persona): sent back once, not also without. */
  | { ok: true; ids: true; definition: StoredDefinition; warnings: OfflinePlayWarning[] }
  /** `issues`: the 422's details, `loc` in the body as sent. */
  | { ok: false; issues: ValidationIssue[] };

/** Each `next()` does about one machine's work; the last returns the check. */
export function* saveCheckSteps(body: unknown, assignIds: boolean): Generator<void, SaveCheck, void> {
  const reading = readFoilBody(body);
  const result = yield* validationSteps(reading.body);
  if (!result.ok) return { ok: false, issues: result.issues.map((issue) => ({ ...issue, loc: reading.originalLoc(issue.loc) })) };
  const warnings: OfflinePlayWarning[] = [];
  for (const [index, machine] of result.definition.machines.entries()) {
    yield;
    for (const warning of machineWarnings(machine, index)) warnings.push({ ...warning, loc: reading.originalLoc(warning.loc) });
  }
  if (!assignIds) return { ok: true, ids: false, definition: result.definition, warnings };
  // Giving out ids is a slice of its own (a UUID and a key per state and transition).
  yield;
  return { ok: true, ids: true, definition: withIds(result.definition), warnings };
}

/** The whole check at once (a worker thread has nothing else to do meanwhile). */
export function checkAtOnce(body: unknown, assignIds: boolean): SaveCheck {
  const steps = saveCheckSteps(body, assignIds);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
