/**
 * `POST /api/v1/auth/migrate-progress` (Foil: "migrates anonymous play progress to the authenticated
 * user's account"): a player's sessions, chat and events move from one `user_session_id` to another.
 *
 * Rules, chosen so that nothing is ever lost:
 * - Only personas the caller owns are touched (the ids a game gives its players are its own to
 *   re-key; another account's players are not). With `persona_id`, only that persona, which the
 *   caller must own (404 when they cannot see it, 403 when they can but do not own it).
 * - The target defaults to the caller's account id, Foil's "the authenticated user".
 * - Conflict: a persona on which the target already has play data is never merged (two histories of
 *   one machine cannot be interleaved meaningfully). `on_conflict: "fail"` (the default) answers 409
 *   naming those personas and moves nothing; `"skip"` moves the others and leaves the conflicting
 *   ones where they are, listed in `skipped`.
 * - Atomic: one transaction, holding both players' locks on every persona involved (taken in one
 *   order, so two migrations cannot deadlock), so a turn in flight either lands before the move and
 *   moves with it, or sees a changed version and is computed again.
 */
import type { Account } from "../../store/accounts.ts";
import type { NpcRepository } from "../../store/npc.ts";
import type { MigrateConflictRule, MigrateProgressResult } from "../../shared/npc-contract.ts";
import { ServiceError } from "../errors.ts";
import { ownedPersona } from "./persona-service.ts";

export interface MigrateProgressRequest {
  oldSessionId: string;
  newSessionId?: string;
  personaId?: string;
  onConflict: MigrateConflictRule;
}

export async function migrateProgress(npc: NpcRepository, caller: Account, request: MigrateProgressRequest): Promise<MigrateProgressResult> {
  const from = request.oldSessionId;
  const to = request.newSessionId ?? caller.id;
  if (from === to) {
    throw ServiceError.invalidInput([{ loc: ["new_session_id"], msg: "Value error, new_session_id must differ from old_session_id", type: "value_error" }]);
  }
  if (request.personaId !== undefined) ownedPersona(await npc.getPersona(request.personaId), caller);

  return npc.transaction(async (tx) => {
    const personaIds = await npc.personasPlayedBy(caller.id, from, request.personaId, tx);
    const locks = personaIds.flatMap((personaId) => [from, to].map((player) => ({ personaId, player, order: `${personaId}:${player}` })));
    locks.sort((left, right) => (left.order < right.order ? -1 : left.order > right.order ? 1 : 0));
    for (const lock of locks) await npc.lockPlayer(tx, lock.personaId, lock.player);

    const conflicting: string[] = [];
    for (const personaId of personaIds) if (await npc.hasPlayed(tx, personaId, to)) conflicting.push(personaId);
    if (conflicting.length > 0 && request.onConflict === "fail") {
      throw ServiceError.conflict(
        `user_session_id "${to}" already has progress on persona${conflicting.length === 1 ? "" : "s"} ${conflicting.join(", ")}: nothing was moved. ` +
          'Reset it there first, or send "on_conflict": "skip" to move the rest',
      );
    }
    const result: MigrateProgressResult = { old_session_id: from, new_session_id: to, migrated: [], skipped: [] };
    for (const personaId of personaIds) {
      if (conflicting.includes(personaId)) {
        result.skipped.push({ persona_id: personaId, reason: `user_session_id "${to}" already has progress on this persona` });
        continue;
      }
      result.migrated.push({ persona_id: personaId, ...(await npc.movePlayer(tx, personaId, from, to)) });
    }
    return result;
  });
}
