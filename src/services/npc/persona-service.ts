/**
 * NPC personas: save (create or update, atomically), read, list, publish, delete, and who may do
 * what. Visibility rules, decided once here:
 * - a public persona is readable and playable by anyone, signed in or not;
 * - a private persona is visible only to its owner; to anyone else it answers 404, exactly like a
 *   missing one, so its existence never leaks;
 * - changing a persona (save with `persona_id`, publish, delete, migrating its players' progress) is
 *   for its owner: another account gets 403 on a public persona (it can see it exists) and 404 on a
 *   private one.
 *
 * Save reads Foil-style bodies and `/full` answers first (`npc/foil-body.ts`), so an author who
 * follows Foil Engine's docs alone, or edits a `/full` answer, gets their persona saved; problems
 * keep the `loc` of the body as sent. A save answers, beside the persona, what offline play cannot
 * decide sensibly (`warnings`, from `npc/offline-warnings.ts`); warnings never refuse a save.
 *
 * A save within the caps can still be large (50 machines of 200 states: ~0.9 MB in, ~3 MB stored),
 * and checking it costs hundreds of milliseconds of CPU. So a heavy body is checked in a worker
 * thread (`SaveChecks`, `save-check.ts`), or, with no threads, on this one in slices with a turn of
 * the event loop between them; and heavy saves take turns (`SaveAdmission`): a few at once, a few
 * more waiting, the rest refused with a time to retry.
 */
import { randomUUID } from "node:crypto";
import type { Account } from "../../store/accounts.ts";
import type { NpcPersonaRow, NpcRepository, PersonaListFilter } from "../../store/npc.ts";
import type { PersonaDefinition } from "../../npc/index.ts";
import { readFoilBody } from "../../npc/foil-body.ts";
import { offlinePlayWarnings, type OfflinePlayWarning } from "../../npc/offline-warnings.ts";
import type { PersonaDetail, PersonaSummary, SdkPersona } from "../../shared/npc-contract.ts";
import { ServiceError } from "../errors.ts";
import type { IdempotencyRequest } from "../jobs-service.ts";
import { IdempotencyRepository, isDuplicateKey } from "../../store/idempotency.ts";
import { earlierResult, keyEntry, type KeyEntry } from "./idempotent-request.ts";
import { asPlayable, withIds, type StoredDefinition } from "./stored-definition.ts";
import { SaveAdmission, type SaveAdmissionLimits } from "./save-admission.ts";
import type { PlayedPersona } from "./played-persona.ts";
import { saveCheckSteps, type SaveCheck } from "./save-check.ts";
import { EnginePool, sharedEnginePool } from "../../workers/engine-pool.ts";
import type { CheckSaveInput } from "../../workers/npc-tasks.ts";

/**
 * A save whose machines hold more states and transitions than this in all is heavy: it takes its
 * turn in `SaveAdmission`. Hand-written personas hold a few dozen (the seeded examples ~40) and are
 * never held up by someone else's large save; a flood of saves just under the line costs at most
 * 1/40 of a save at the caps each.
 */
export const HEAVY_SAVE_ELEMENTS = 500;
/**
 * One heavy save at a time: its work is CPU on this thread (and, on PGlite, the store's too), so two
 * at once would only interleave their long steps back to back. Eight more wait (at the caps, about
 * as many seconds of work); the next is told to come back in 5 s.
 */
export const DEFAULT_SAVE_LIMITS: SaveAdmissionLimits = { atOnce: 1, waiting: 8, retryAfterSeconds: 5 };

/** Lets the event loop turn: timers, I/O and other requests run before the next slice of work. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Where save bodies are checked: a heavy one (more than `HEAVY_SAVE_ELEMENTS`) in a worker thread
 * of its own pool, a light one on the calling thread. The line is the admission's: below it a check
 * costs a few milliseconds (2.4 ms of CPU at 520 elements), about what sending the body to a thread
 * and its answer back costs in latency, so the thread buys nothing there.
 *
 * A pool of its own, one thread: in an embedded server the shared pool is busy writing shards, and a
 * save queued behind a 100k job's shards would wait seconds for nothing. One thread is enough:
 * heavy saves run one at a time (`DEFAULT_SAVE_LIMITS`). It is started by the first heavy save and
 * then stays (see `EnginePool`); with `DRAMATIS_ENGINE_THREADS=0` every check runs here, in slices.
 */
export class SaveChecks {
  private pool: EnginePool | null = null;

  /** `makePool`: the threads heavy checks run in (tests give a held one); null: always on this thread. */
  constructor(private readonly makePool: (() => EnginePool) | null = defaultSavePool) {}

  async check(body: unknown, assignIds: boolean): Promise<SaveCheck> {
    if (this.makePool && saveElements(body) > HEAVY_SAVE_ELEMENTS) {
      const pool = (this.pool ??= this.makePool());
      if (pool.size > 0) return this.checkInThread(pool, { bodyJson: JSON.stringify(body), assignIds });
    }
    return checkInSlices(body, assignIds);
  }

  private async checkInThread(pool: EnginePool, input: CheckSaveInput): Promise<SaveCheck> {
    // The pool's task list is typed from the engine's modules; the NPC task is registered by
    // `engine-thread.mjs` beside them.
    const run = pool.run.bind(pool) as unknown as (task: "checkNpcSave", input: CheckSaveInput) => Promise<string>;
    return JSON.parse(await run("checkNpcSave", input)) as SaveCheck;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

function defaultSavePool(): EnginePool {
  return sharedEnginePool().size === 0 ? new EnginePool(0) : new EnginePool(1);
}

/** The check on this thread, one machine's work per turn of the event loop. */
async function checkInSlices(body: unknown, assignIds: boolean): Promise<SaveCheck> {
  const steps = saveCheckSteps(body, assignIds);
  let step = steps.next();
  while (!step.done) {
    await nextTurn();
    step = steps.next();
  }
  await nextTurn();
  return step.value;
}

/** States and transitions in a save body as sent (uncounted when not lists: the validator says why). */
export function saveElements(body: unknown): number {
  const machines = typeof body === "object" && body !== null ? (body as { machines?: unknown }).machines : undefined;
  if (!Array.isArray(machines)) return 0;
  let elements = 0;
  for (const machine of machines) {
    if (typeof machine !== "object" || machine === null) continue;
    const { states, transitions } = machine as { states?: unknown; transitions?: unknown };
    if (Array.isArray(states)) elements += states.length;
    if (Array.isArray(transitions)) elements += transitions.length;
  }
  return elements;
}

export type Caller = Account | null;
export type { PersonaDetail, PersonaSummary };

export function storedDefinitionOf(row: NpcPersonaRow): StoredDefinition {
  return row.definition as StoredDefinition;
}

export function personaSummary(row: NpcPersonaRow): PersonaSummary {
  return { id: row.id, name: row.name, description: row.description, is_public: row.isPublic, created_at: row.createdAt.toISOString() };
}

/** Foil's SDK `Persona`: the summary and when it last changed (a game's cache key). */
export function sdkPersona(row: NpcPersonaRow): SdkPersona {
  return { ...personaSummary(row), updated_at: row.updatedAt.toISOString() };
}

export function personaDetail(row: NpcPersonaRow): PersonaDetail {
  const definition = storedDefinitionOf(row);
  const detail: PersonaDetail = {
    id: row.id,
    name: row.name,
    description: row.description,
    persona_identity_prompt: definition.persona_identity_prompt,
    is_public: row.isPublic,
    user_id: row.userId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
  if (definition.perplexity_description) detail.perplexity_description = definition.perplexity_description;
  return detail;
}

/** The definition as `/full` and `save` show it: machines with their ids, links with their machines' ids. */
export function definitionView(row: NpcPersonaRow) {
  const definition = storedDefinitionOf(row);
  const idOf = (key: string) => definition.machines.find((machine) => machine.machine_key === key)?.id ?? null;
  return {
    machines: definition.machines,
    variables: definition.variables,
    machine_links: definition.machine_links.map((link) => ({
      ...link,
      source_machine_id: idOf(link.source_machine_key),
      target_machine_id: idOf(link.target_machine_key),
    })),
    ...(definition.intents ? { intents: definition.intents } : {}),
  };
}

export function personaFull(row: NpcPersonaRow) {
  return { persona: personaDetail(row), ...definitionView(row) };
}

/** What offline play of the stored persona cannot decide sensibly (the play page shows these too). */
export function playWarnings(row: NpcPersonaRow): OfflinePlayWarning[] {
  return offlinePlayWarnings(asPlayable(storedDefinitionOf(row)));
}

/** A saved persona and what its author should know about playing it offline. */
export interface SavedPersona {
  row: NpcPersonaRow;
  warnings: OfflinePlayWarning[];
}

/** What `POST /creator/save` answers: the persona's fields, `persona_id`, the stored definition with ids, and `warnings`. */
export function saveResponse(saved: SavedPersona) {
  return { persona_id: saved.row.id, ...personaDetail(saved.row), ...definitionView(saved.row), warnings: saved.warnings };
}

function isOwner(row: NpcPersonaRow, caller: Caller): boolean {
  return caller !== null && row.userId === caller.id;
}

/** Whether `caller` may read and play the persona (see the header). */
function mayRead(row: NpcPersonaRow, caller: Caller): boolean {
  return row.isPublic || isOwner(row, caller);
}

/** The persona if `caller` owns it: 404 when they cannot see it, 403 when they can but do not own it. */
export function ownedPersona(row: NpcPersonaRow | null, caller: Account): NpcPersonaRow {
  if (!row || (!row.isPublic && row.userId !== caller.id)) throw ServiceError.notFound("persona");
  if (row.userId !== caller.id) throw ServiceError.forbidden("only the persona's owner can change it");
  return row;
}

export interface PersonaPage {
  personas: SdkPersona[];
  /** Personas over all pages. */
  total: number;
}

export class PersonaService {
  private readonly heavySaves: SaveAdmission;
  /** Keys of saves and publishes, in the same table as the job actions' keys (one key space per account). */
  private readonly keys: IdempotencyRepository;

  constructor(
    private readonly npc: NpcRepository,
    saveLimits: SaveAdmissionLimits = DEFAULT_SAVE_LIMITS,
    private readonly checks = new SaveChecks(),
  ) {
    this.heavySaves = new SaveAdmission(saveLimits);
    this.keys = new IdempotencyRepository(npc.db);
  }

  /** The persona if the caller may read (and play) it; 404 otherwise. */
  async visible(personaId: string, caller: Caller): Promise<NpcPersonaRow> {
    const row = await this.npc.getPersona(personaId);
    if (!row || !mayRead(row, caller)) throw ServiceError.notFound("persona");
    return row;
  }

  /**
   * `visible`, for a turn: the row this process read last, with no statement, when the caller may
   * see it — the turn's write checks that the row is still that version, and reads it again (with
   * this check) when not (`PlayService`); else the row read now.
   */
  async playable(personaId: string, caller: Caller): Promise<PlayedPersona> {
    const remembered = this.npc.lastReadPersona(personaId);
    if (remembered && mayRead(remembered.row, caller)) return { ...remembered, remembered: true, reload: () => this.playableNow(personaId, caller) };
    return this.playableNow(personaId, caller);
  }

  private async playableNow(personaId: string, caller: Caller): Promise<PlayedPersona> {
    const read = await this.npc.getVersionedPersona(personaId);
    if (!read || !mayRead(read.row, caller)) throw ServiceError.notFound("persona");
    return { ...read, remembered: false, reload: () => this.playableNow(personaId, caller) };
  }

  /**
   * `GET /api/v1/personas`. Without `my_personas`: public personas, plus the caller's own unless
   * `public_only` (true when not given). With `my_personas`: the caller's own, and only the published
   * ones when `public_only=true` is given: both filters apply (an absent `public_only` does not hide
   * the caller's drafts from their own list).
   */
  async list(caller: Caller, options: { publicOnly: boolean | undefined; myPersonas: boolean; limit: number }): Promise<PersonaSummary[]> {
    if (options.myPersonas && !caller) throw ServiceError.unauthenticated();
    const filter: PersonaListFilter = options.myPersonas
      ? { includePublic: false, ownerId: caller?.id, ownerPublishedOnly: options.publicOnly === true, limit: options.limit }
      : { includePublic: true, ownerId: options.publicOnly === false ? caller?.id : undefined, limit: options.limit };
    return (await this.npc.listPersonas(filter)).map(personaSummary);
  }

  /** The SDK's list (Foil: "published personas owned by your API key"), newest first, one page. */
  async listPublishedBy(caller: Account, page: { limit: number; offset: number }): Promise<PersonaPage> {
    const filter = { includePublic: false, ownerId: caller.id, ownerPublishedOnly: true };
    const [rows, total] = await Promise.all([this.npc.listPersonas({ ...filter, ...page }), this.npc.countPersonas(filter)]);
    return { personas: rows.map(sdkPersona), total };
  }

  /**
   * Creates (no `personaId`) or replaces a persona's definition. The whole body is validated first
   * and written in one statement, so a rejected update leaves the old definition as it was. A heavy
   * body waits its turn, or is refused with `SaveQueueFullError` when too many already wait.
   *
   * With an `Idempotency-Key` (`idempotent.body` holds the body and the `persona_id` asked for), a
   * retry answers with the persona the first request saved, as it is now, and saves nothing again.
   */
  async save(caller: Account, body: unknown, personaId?: string, idempotent?: IdempotencyRequest): Promise<SavedPersona> {
    const entry = idempotent ? keyEntry(caller.id, "creator-save", idempotent) : undefined;
    if (entry) {
      const earlier = await this.savedBefore(entry, body);
      if (earlier) return earlier;
    }
    const work = () => this.store(caller, body, personaId, entry);
    try {
      return saveElements(body) > HEAVY_SAVE_ELEMENTS ? await this.heavySaves.run(work) : await work();
    } catch (error) {
      // A concurrent request with the same key saved first (ours rolled back): its persona is the answer.
      const winner = entry && isDuplicateKey(error) ? await this.savedBefore(entry, body) : undefined;
      if (winner) return winner;
      throw error;
    }
  }

  /** The persona an earlier request with this key saved, with its warnings as that request got them. */
  private async savedBefore(entry: KeyEntry, body: unknown): Promise<SavedPersona | undefined> {
    const personaId = await earlierResult(this.keys, entry);
    if (personaId === undefined) return undefined;
    const row = await this.npc.getPersona(personaId);
    // Deleted since (or taken over): nothing to answer with, as for any missing persona.
    if (!row || row.userId !== entry.accountId) throw ServiceError.notFound("persona");
    const reading = readFoilBody(body);
    return { row, warnings: playWarnings(row).map((warning) => ({ ...warning, loc: reading.originalLoc(warning.loc) })) };
  }

  private async store(caller: Account, body: unknown, personaId: string | undefined, entry: KeyEntry | undefined): Promise<SavedPersona> {
    const check = await this.checks.check(body, personaId === undefined);
    if (!check.ok) throw ServiceError.invalidInput(check.issues);
    const { definition, warnings } = check;
    if (personaId === undefined) {
      const values = {
        id: randomUUID(),
        userId: caller.id,
        name: definition.name,
        description: definition.description,
        isPublic: definition.is_public ?? false,
        definition: check.ids ? check.definition : withIds(check.definition),
      };
      // With a key, the key and the persona commit together: of concurrent duplicates, one saves.
      const row = entry
        ? await this.npc.transaction(async (tx) => {
            await this.keys.record(tx, { ...entry, jobId: values.id });
            return this.npc.insertPersona(tx, values);
          })
        : await this.npc.insertPersona(this.npc.db, values);
      return { row, warnings };
    }
    const row = await this.npc.transaction(async (tx) => {
      const current = ownedPersona(await this.npc.lockPersona(tx, personaId), caller);
      if (entry) await this.keys.record(tx, { ...entry, jobId: current.id });
      const updated = await this.npc.updatePersona(tx, current.id, {
        name: definition.name,
        description: definition.description,
        isPublic: definition.is_public ?? current.isPublic,
        // Ids come from the stored definition, read under its lock (the check gave none: `assignIds` false).
        definition: check.ids ? check.definition : withIds(check.definition, storedDefinitionOf(current)),
      });
      if (!updated) throw ServiceError.notFound("persona");
      return updated;
    });
    return { row, warnings };
  }

  /** Publishes; with an `Idempotency-Key`, a retry answers with the persona the first one published. */
  async publish(caller: Account, personaId: string, idempotent?: IdempotencyRequest): Promise<NpcPersonaRow> {
    const entry = idempotent ? keyEntry(caller.id, "creator-publish", idempotent) : undefined;
    const earlier = entry ? await earlierResult(this.keys, entry) : undefined;
    if (earlier !== undefined) return ownedPersona(await this.npc.getPersona(earlier), caller);
    try {
      return await this.npc.transaction(async (tx) => {
        const row = ownedPersona(await this.npc.lockPersona(tx, personaId), caller);
        if (entry) await this.keys.record(tx, { ...entry, jobId: row.id });
        return (await this.npc.updatePersona(tx, row.id, { isPublic: true })) ?? row;
      });
    } catch (error) {
      const winner = entry && isDuplicateKey(error) ? await earlierResult(this.keys, entry) : undefined;
      if (winner !== undefined) return ownedPersona(await this.npc.getPersona(winner), caller);
      throw error;
    }
  }

  /** The persona and everything played on it (sessions, history, events) go in one transaction. */
  async delete(caller: Account, personaId: string): Promise<void> {
    await this.npc.transaction(async (tx) => {
      const row = ownedPersona(await this.npc.lockPersona(tx, personaId), caller);
      await this.npc.deletePersona(tx, row.id);
    });
  }
}
