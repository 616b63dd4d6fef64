/**
 * NPC work a worker thread runs (`engine-thread.mjs` registers these beside the engine's tasks):
 * checking a large persona save off the HTTP thread (`services/npc/save-check.ts`). The body goes in
 * and the check comes out as JSON text: cheaper for the HTTP thread than structured cloning the
 * object graph (at the caps, 2.5 ms to stringify the body against ~9–17 ms to clone it).
 *
 * A refused body is an answer, not a thrown error (`{ ok: false, issues }`), so the 422's details
 * cross the thread whole; only a failure of the check itself throws.
 */
import { checkAtOnce } from "../services/npc/save-check.ts";

export interface CheckSaveInput {
  bodyJson: string;
  /** Give the definition fresh ids (a new persona; an update reuses the stored ones, read under its lock). */
  assignIds: boolean;
}

export const NPC_TASKS = {
  /** The `SaveCheck` of the body, as JSON text. */
  checkNpcSave(input: CheckSaveInput): string {
    return JSON.stringify(checkAtOnce(JSON.parse(input.bodyJson), input.assignIds));
  },
};
