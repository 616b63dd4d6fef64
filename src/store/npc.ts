/**
 * The rows behind NPC personas and their play: personas (one JSON definition each), machine sessions,
 * chat history and the append-only event list progress is derived from. Every method takes an
 * optional transaction so a service can make one turn (or one reset) a single atomic write.
 */
import { and, asc, count, desc, eq, getTableColumns, max, or, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./database.ts";
import type { Transaction } from "./accounts.ts";
import { npcEvents, npcMessages, npcPersonas, npcPlayerLedgers, npcSessions } from "./schema.ts";

/** A player's ledger as stored, with the version of the events it folds. */
export interface StoredLedger {
  ledger: unknown;
  lastEventId: number;
  eventCount: number;
}

/** What a turn reads of a player: their ledger (null when none is stored) and the sessions that can matter now (per machine, its latest session and its latest unfinished one). */
export interface PlayerRead {
  ledger: StoredLedger | null;
  sessions: NpcSessionRow[];
  /** With no ledger row only (else null): the player's events in order, to fold into one (none for a new player). */
  events: PlayerEvent[] | null;
}

/** One of a player's events as `readPlayer` gives it: what folding them into a ledger needs. */
export interface PlayerEvent {
  id: number;
  payload: unknown;
}

/** Everything one turn writes for one player (see `writeTurn`); states, events and ledger are the engine's JSON. */
export interface TurnWrite {
  personaId: string;
  userSessionId: string;
  /** Sessions the turn opens, with their state after the turn. */
  openSessions: Array<{ id: string; machineKey: string; playerName: string | null; playerGender: string | null; state: unknown; updatedAt: Date }>;
  /** The session in play the turn stepped. */
  updateSession?: { id: string; state: unknown; updatedAt: Date };
  /** Chat lines, in the order they were said. */
  messages: Array<{ sessionId: string; role: string; content: string; stateKeyAtTime: string | null; scoreAtTime: number | null; decision?: string | null; followUpTriggered?: boolean }>;
  /** Events, in the order they happened (at least one), each with the session it belongs to. */
  events: Array<{ sessionId: string; event: { type: string; at: string } }>;
  /** The player's ledger after these events, and how many events it folds. */
  ledger: unknown;
  eventCount: number;
}

/**
 * How a turn's write makes sure nothing changed since its read: `expected`, the ledger's version as
 * read (compare-and-set on the ledger row: a turn of the same player that committed in between, or
 * a reset or a move that removed the row, leaves nothing to set); `absent`, for a player read with
 * no ledger row (their first turn, or the first after a reset): still none, and their events still
 * at that version, checked under the player's lock as resets and moves take it; or `replace`, for a
 * caller that already holds that lock and checked the version itself.
 */
export type TurnGuard = { expected: PlayerVersion } | { absent: PlayerVersion } | "replace";

/** A player's version: the id of their latest event and how many events they have (see `playerVersion`). */
export interface PlayerVersion {
  lastEventId: number;
  eventCount: number;
}

/**
 * What became of a turn's write: `written` (with the id of its last event, the player's new
 * version, and when the sessions it opened were created), `stale` (the player changed since the
 * turn read them: nothing written) or `persona-changed` (the persona row is no longer the version
 * the turn was computed with: nothing written).
 */
export type TurnOutcome = { status: "written"; lastEventId: number; createdAt: Date } | { status: "stale" } | { status: "persona-changed" };

/** A persona row and its version (`xmin || ctid`: see `getPersona`), which a turn's write can check. */
export interface VersionedPersona {
  row: NpcPersonaRow;
  version: string;
}

export type NpcPersonaRow = typeof npcPersonas.$inferSelect;
export type NpcSessionRow = typeof npcSessions.$inferSelect;
export type NpcMessageRow = typeof npcMessages.$inferSelect;
export type NpcEventRow = typeof npcEvents.$inferSelect;
export type Executor = Db | Transaction;

export interface PersonaListFilter {
  /** Every account's public personas are included. */
  includePublic: boolean;
  /** This account's personas are included (public or not, unless `ownerPublishedOnly`). */
  ownerId?: string;
  /** Of `ownerId`'s personas, only the published ones. */
  ownerPublishedOnly?: boolean;
  limit: number;
  offset?: number;
}

/** What moving one player's play data on one persona to another `user_session_id` moved. */
export interface MovedPlayer {
  sessions: number;
  messages: number;
  events: number;
}

/** Turns drizzle's `sql` into text and parameters for the statements sent to the client directly (see `rows`). */
const dialect = new PgDialect();

/** Persona rows kept by `getPersona` (cleared when full). */
const PERSONAS_KEPT = 1000;

/**
 * Turns written in one statement at most (`commitTurn`): about 3 KB of JSON each, so a batch stays
 * well under a megabyte, and a batch that fails is retried turn by turn.
 */
const TURNS_PER_BATCH = 64;

interface PendingTurn {
  write: TurnWrite;
  guard: TurnGuard;
  personaVersion: string | null;
  resolve: (outcome: TurnOutcome) => void;
  reject: (error: unknown) => void;
}

export class NpcRepository {
  /** Persona rows last read, by id, with the row version they were read at (see `getPersona`). */
  private readonly personas = new Map<string, VersionedPersona>();
  /** Turns waiting for the next batch (see `commitTurn`). */
  private pendingTurns: PendingTurn[] = [];
  /** Whether a batch is being written, or one is scheduled. */
  private writingTurns = false;

  constructor(readonly db: Db) {}

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Serialises every write of one player on one persona (two tabs sending at once must not both
   * open a session or both step the same one). Held until the transaction ends; works on PGlite too.
   */
  async lockPlayer(tx: Transaction, personaId: string, userSessionId: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`npc:${personaId}:${userSessionId}`}))`);
  }

  // ---------------------------------------------------------------------------------------------
  // personas

  async insertPersona(executor: Executor, row: typeof npcPersonas.$inferInsert): Promise<NpcPersonaRow> {
    const [inserted] = await executor.insert(npcPersonas).values(row).returning();
    if (!inserted) throw new Error("persona insert returned nothing");
    return inserted;
  }

  async updatePersona(executor: Executor, id: string, changes: Partial<typeof npcPersonas.$inferInsert>): Promise<NpcPersonaRow | null> {
    this.personas.delete(id);
    const [updated] = await executor
      .update(npcPersonas)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(npcPersonas.id, id))
      .returning();
    return updated ?? null;
  }

  /**
   * A persona with its definition. Every chat turn starts here, and a definition is tens of
   * kilobytes of JSON the database would convert and send each time: the definition last read of
   * each persona is kept with the version of the row it came from (`xmin` and `ctid`: every update,
   * by any process, writes a new row version with a transaction id and a place of its own), and the
   * database sends the definition again only when the row changed since.
   */
  async getPersona(id: string, executor: Executor = this.db): Promise<NpcPersonaRow | null> {
    return (await this.getVersionedPersona(id, executor))?.row ?? null;
  }

  /** `getPersona`, with the version of the row read. */
  async getVersionedPersona(id: string, executor: Executor = this.db): Promise<VersionedPersona | null> {
    const cached = this.personas.get(id);
    const version = sql`${npcPersonas}.xmin::text || ${npcPersonas}.ctid::text`;
    const [row] = await this.rows<PersonaJson>(
      executor,
      sql`select id, user_id, name, description, is_public, created_at, updated_at, ${version} as version,
            case when ${version} = ${cached?.version ?? ""} then null else definition end as fresh
          from ${npcPersonas} where id = ${id}`,
    );
    if (!row) {
      this.personas.delete(id);
      return null;
    }
    const persona = { id: row.id, userId: row.user_id, name: row.name, description: row.description, isPublic: row.is_public, createdAt: dateOf(row.created_at), updatedAt: dateOf(row.updated_at) };
    const read = { row: { ...persona, definition: row.fresh === null && cached ? cached.row.definition : row.fresh }, version: row.version };
    if (this.personas.size >= PERSONAS_KEPT) this.personas.clear();
    this.personas.set(id, read);
    return read;
  }

  /**
   * The persona row this process last read, with no statement: possibly out of date (another
   * process may have changed it since), so only for a caller whose write checks the version
   * (`commitTurn` with `personaVersion`).
   */
  lastReadPersona(id: string): VersionedPersona | undefined {
    return this.personas.get(id);
  }

  /**
   * The rows of a statement. Outside a transaction it goes to the driver's client as it is: drizzle's
   * PGlite driver hands PGlite a set of type parsers with every query, which PGlite copies each time
   * (measured: half the CPU of a short statement), and the statements sent this way run on every
   * chat turn. Both clients (PGlite, node-postgres' pool) answer `{ rows }` with json parsed.
   */
  private async rows<T>(executor: Executor, statement: SQL): Promise<T[]> {
    const client = executor === this.db ? (this.db as unknown as { $client?: { query?: unknown } }).$client : undefined;
    if (client && typeof client.query === "function") {
      const query = dialect.sqlToQuery(statement);
      return ((await (client.query as (text: string, params: unknown[]) => Promise<{ rows: T[] }>)(query.sql, query.params)) as { rows: T[] }).rows;
    }
    return rowsOf<T>(await executor.execute(statement));
  }

  /** Locks the persona row for an update in this transaction. */
  async lockPersona(tx: Transaction, id: string): Promise<NpcPersonaRow | null> {
    const [row] = await tx.select().from(npcPersonas).where(eq(npcPersonas.id, id)).for("update");
    return row ?? null;
  }

  async findPersonaByName(userId: string, name: string): Promise<NpcPersonaRow | null> {
    const [row] = await this.db
      .select()
      .from(npcPersonas)
      .where(and(eq(npcPersonas.userId, userId), eq(npcPersonas.name, name)))
      .orderBy(asc(npcPersonas.createdAt))
      .limit(1);
    return row ?? null;
  }

  /** Newest first (ties by id, so pages never overlap or skip). */
  async listPersonas(filter: PersonaListFilter): Promise<NpcPersonaRow[]> {
    const where = personaListClause(filter);
    if (!where) return [];
    return this.db
      .select()
      .from(npcPersonas)
      .where(where)
      .orderBy(desc(npcPersonas.createdAt), desc(npcPersonas.id))
      .limit(filter.limit)
      .offset(filter.offset ?? 0);
  }

  /** How many personas the filter matches over all pages. */
  async countPersonas(filter: Omit<PersonaListFilter, "limit" | "offset">): Promise<number> {
    const where = personaListClause(filter);
    if (!where) return 0;
    const [row] = await this.db.select({ value: count() }).from(npcPersonas).where(where);
    return row?.value ?? 0;
  }

  /** Sessions, messages and events go with it (foreign keys cascade), in the same statement. */
  async deletePersona(executor: Executor, id: string): Promise<boolean> {
    this.personas.delete(id);
    const rows = await executor.delete(npcPersonas).where(eq(npcPersonas.id, id)).returning({ id: npcPersonas.id });
    return rows.length > 0;
  }

  // ---------------------------------------------------------------------------------------------
  // sessions

  async insertSession(executor: Executor, row: typeof npcSessions.$inferInsert): Promise<NpcSessionRow> {
    const [inserted] = await executor.insert(npcSessions).values(row).returning();
    if (!inserted) throw new Error("session insert returned nothing");
    return inserted;
  }

  async updateSessionState(executor: Executor, id: string, state: unknown): Promise<void> {
    await executor.update(npcSessions).set({ state, updatedAt: new Date() }).where(eq(npcSessions.id, id));
  }

  /**
   * A player's ledger and the sessions that can matter (`PlayerRead`) in one call of `npc_read_player` (migrations 0006,
   * 0009): one round trip, one snapshot (the sessions are those of the ledger's version), and a plan
   * made once per connection. A player with no ledger row comes with their events (a new player's:
   * none), so their first turn reads nothing more.
   */
  async readPlayer(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<PlayerRead> {
    const [row] = await this.rows<{ player: PlayerJson }>(executor, sql`select npc_read_player(${personaId}, ${userSessionId}) as player`);
    const player = row?.player;
    const ledger = player?.ledger ?? null;
    return {
      ledger: ledger && { ledger: ledger.ledger, lastEventId: Number(ledger.last_event_id), eventCount: ledger.event_count },
      sessions: (player?.sessions ?? []).map(sessionFromJson),
      events: ledger ? null : await this.eventsOf(player, personaId, userSessionId, executor),
    };
  }

  /** The events `npc_read_player` answered, or, from a database whose function predates them (0009), read apart. */
  private async eventsOf(player: PlayerJson | undefined, personaId: string, userSessionId: string, executor: Executor): Promise<PlayerEvent[]> {
    // bigint ids come back as JSON numbers: event ids stay far below 2^53.
    if (player?.events) return player.events.map((event) => ({ id: Number(event.id), payload: event.payload }));
    return (await this.playerEvents(personaId, userSessionId, executor)).map((row) => ({ id: row.id, payload: row.payload }));
  }

  /**
   * One turn's writes in one statement, atomic without a transaction (`npc_write_turns`, migration
   * 0008): the ledger row first (see `TurnGuard`), then — only if the guard held — the opened and
   * stepped sessions, the chat lines and the events, their ids in the order they happened. Answers
   * whether the turn was written. For a caller inside a transaction; other callers use `commitTurn`.
   */
  async writeTurn(executor: Executor, write: TurnWrite, guard: TurnGuard): Promise<boolean> {
    const [outcome] = await this.writeTurns(executor, [{ write, guard, personaVersion: null }]);
    return outcome?.status === "written";
  }

  /**
   * A turn's writes (as `writeTurn`), checked against the persona's version too when one is given,
   * and written together with the other turns committed meanwhile (group commit): a turn asked for
   * while no batch is being written waits for the rest of this turn of the event loop, so the turns
   * of requests that arrived together share a statement; while a batch is being written, the next
   * gathers. A batch the database refuses is written again turn by turn, so one turn's error is
   * that turn's alone.
   */
  commitTurn(write: TurnWrite, guard: TurnGuard, personaVersion: string | null = null): Promise<TurnOutcome> {
    return new Promise((resolve, reject) => {
      this.pendingTurns.push({ write, guard, personaVersion, resolve, reject });
      if (!this.writingTurns) {
        this.writingTurns = true;
        setImmediate(() => void this.writePendingTurns());
      }
    });
  }

  private async writePendingTurns(): Promise<void> {
    while (this.pendingTurns.length > 0) {
      const batch = this.pendingTurns.slice(0, TURNS_PER_BATCH);
      this.pendingTurns = this.pendingTurns.slice(batch.length);
      try {
        const outcomes = await this.writeTurns(this.db, batch);
        batch.forEach((pending, index) => pending.resolve(outcomes[index] as TurnOutcome));
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else {
          for (const pending of batch) {
            await this.writeTurns(this.db, [pending]).then(([outcome]) => pending.resolve(outcome as TurnOutcome), pending.reject);
          }
        }
      }
      // The requests that arrived while this batch was written compute their turns before the next.
      if (this.pendingTurns.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.writingTurns = false;
  }

  /**
   * Writes the turns in one statement; answers their outcomes in the order given. They are sent in
   * the order of their players (a player's own turns keeping theirs), so that two processes' batches
   * take the rows they lock in the same order and cannot deadlock on each other.
   */
  private async writeTurns(executor: Executor, given: ReadonlyArray<Pick<PendingTurn, "write" | "guard" | "personaVersion">>): Promise<TurnOutcome[]> {
    const order = given.map((_turn, index) => index).sort((left, right) => comparePlayers(given[left]!.write, given[right]!.write) || left - right);
    const turns = order.map((index) => given[index]!);
    const items = turns.map(({ write, guard, personaVersion }) => {
      const { ledger: _ledger, ...turn } = write;
      if (turn.events.length === 0) throw new Error("a turn writes at least one event");
      return { turn, guard: guardJson(guard), personaVersion };
    });
    const ledgers = `[${turns.map(({ write }) => JSON.stringify(write.ledger)).join(",")}]`;
    const [row] = await this.rows<{ outcomes: Array<{ status: TurnOutcome["status"]; lastEventId?: number | string; createdAt?: string }> }>(
      executor,
      sql`select npc_write_turns(${JSON.stringify(items)}::jsonb, ${ledgers}::json) as outcomes`,
    );
    const outcomes = (row?.outcomes ?? []).map((outcome) =>
      outcome.status === "written" ? { status: "written", lastEventId: Number(outcome.lastEventId), createdAt: new Date(outcome.createdAt as string) } : { status: outcome.status },
    ) as TurnOutcome[];
    const inGivenOrder: TurnOutcome[] = new Array(given.length);
    order.forEach((index, position) => (inGivenOrder[index] = outcomes[position] as TurnOutcome));
    return inGivenOrder;
  }

  /** Every session of a player on a persona, oldest first. */
  async playerSessions(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<NpcSessionRow[]> {
    return executor
      .select()
      .from(npcSessions)
      .where(and(eq(npcSessions.personaId, personaId), eq(npcSessions.userSessionId, userSessionId)))
      .orderBy(asc(npcSessions.createdAt));
  }

  // ---------------------------------------------------------------------------------------------
  // history and events

  async insertMessages(executor: Executor, rows: Array<typeof npcMessages.$inferInsert>): Promise<void> {
    if (rows.length > 0) await executor.insert(npcMessages).values(rows);
  }

  async sessionMessages(sessionId: string): Promise<NpcMessageRow[]> {
    return this.db.select().from(npcMessages).where(eq(npcMessages.sessionId, sessionId)).orderBy(asc(npcMessages.seq));
  }

  /** The latest `limit` chat lines of a session, oldest first (what a model is shown of the conversation). */
  async recentMessages(sessionId: string, limit: number, executor: Executor = this.db): Promise<NpcMessageRow[]> {
    if (limit <= 0) return [];
    const rows = await executor.select().from(npcMessages).where(eq(npcMessages.sessionId, sessionId)).orderBy(desc(npcMessages.seq)).limit(limit);
    return rows.reverse();
  }

  async appendEvents(executor: Executor, rows: Array<typeof npcEvents.$inferInsert>): Promise<void> {
    if (rows.length > 0) await executor.insert(npcEvents).values(rows);
  }

  // ---------------------------------------------------------------------------------------------
  // ledgers (see `npcPlayerLedgers`)

  async playerLedger(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<StoredLedger | null> {
    const [row] = await executor
      .select({ ledger: npcPlayerLedgers.ledger, lastEventId: npcPlayerLedgers.lastEventId, eventCount: npcPlayerLedgers.eventCount })
      .from(npcPlayerLedgers)
      .where(and(eq(npcPlayerLedgers.personaId, personaId), eq(npcPlayerLedgers.userSessionId, userSessionId)));
    return row ?? null;
  }

  /**
   * Forgets a player's ledger before their events change other than by a turn (rebuilt on their
   * next turn). Removed first, so a turn writing at the same time (compare-and-set on this row, see
   * `writeTurn`) either commits before and is removed with the rest, or finds no row and retries.
   */
  private async dropLedger(executor: Executor, personaId: string, userSessionId: string): Promise<void> {
    await executor.delete(npcPlayerLedgers).where(and(eq(npcPlayerLedgers.personaId, personaId), eq(npcPlayerLedgers.userSessionId, userSessionId)));
  }

  /** A player's events on a persona, in the order they happened. */
  async playerEvents(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<NpcEventRow[]> {
    return executor
      .select()
      .from(npcEvents)
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, userSessionId)))
      .orderBy(asc(npcEvents.id));
  }

  /**
   * The version of a player's play on a persona that a turn computed outside any transaction checks
   * before it commits: the id of the latest event and the number of events. Every write appends
   * events (ids only grow) or deletes some (a reset of one machine may leave the latest in place, but
   * the count drops), so an unchanged version means nothing was written. Read from the player's
   * ledger row when there is one (kept with the events), else counted from the events.
   */
  async playerVersion(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<string> {
    const stored = await this.playerLedger(personaId, userSessionId, executor);
    if (stored) return playerVersionOf(stored.lastEventId, stored.eventCount);
    return this.countedVersion(personaId, userSessionId, executor);
  }

  private async countedVersion(personaId: string, userSessionId: string, executor: Executor): Promise<string> {
    const [row] = await executor
      .select({ id: max(npcEvents.id), events: count() })
      .from(npcEvents)
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, userSessionId)));
    return playerVersionOf(row?.id ?? 0, row?.events ?? 0);
  }

  /**
   * Removes one machine's sessions (their messages cascade) and events for one player on one
   * persona; the player's other machines keep theirs. Answers the removed sessions' ids, oldest first.
   */
  async deletePlayerMachine(executor: Executor, personaId: string, userSessionId: string, machineKey: string): Promise<{ sessionIds: string[]; events: number }> {
    await this.dropLedger(executor, personaId, userSessionId);
    const events = await executor
      .delete(npcEvents)
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, userSessionId), sql`${npcEvents.payload}->>'machine_key' = ${machineKey}`))
      .returning({ id: npcEvents.id });
    const sessions = await executor
      .delete(npcSessions)
      .where(and(eq(npcSessions.personaId, personaId), eq(npcSessions.userSessionId, userSessionId), eq(npcSessions.machineKey, machineKey)))
      .returning({ id: npcSessions.id, createdAt: npcSessions.createdAt });
    sessions.sort((left, right) => left.createdAt.getTime() - right.createdAt.getTime());
    return { sessionIds: sessions.map((session) => session.id), events: events.length };
  }

  /** The personas of `ownerId` on which this player has played (a session or an event), oldest first. */
  async personasPlayedBy(ownerId: string, userSessionId: string, personaId?: string, executor: Executor = this.db): Promise<string[]> {
    const owned = and(eq(npcPersonas.userId, ownerId), personaId === undefined ? undefined : eq(npcPersonas.id, personaId));
    const played = or(
      sql`exists (select 1 from ${npcSessions} where ${npcSessions.personaId} = ${npcPersonas.id} and ${npcSessions.userSessionId} = ${userSessionId})`,
      sql`exists (select 1 from ${npcEvents} where ${npcEvents.personaId} = ${npcPersonas.id} and ${npcEvents.userSessionId} = ${userSessionId})`,
    );
    const rows = await executor.select({ id: npcPersonas.id }).from(npcPersonas).where(and(owned, played)).orderBy(asc(npcPersonas.createdAt), asc(npcPersonas.id));
    return rows.map((row) => row.id);
  }

  /** Whether this player has any session or event on the persona. */
  async hasPlayed(executor: Executor, personaId: string, userSessionId: string): Promise<boolean> {
    const [session] = await executor
      .select({ id: npcSessions.id })
      .from(npcSessions)
      .where(and(eq(npcSessions.personaId, personaId), eq(npcSessions.userSessionId, userSessionId)))
      .limit(1);
    if (session) return true;
    const [event] = await executor
      .select({ id: npcEvents.id })
      .from(npcEvents)
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, userSessionId)))
      .limit(1);
    return event !== undefined;
  }

  /** Hands one player's sessions, chat lines and events on a persona to another `user_session_id`. */
  async movePlayer(executor: Executor, personaId: string, from: string, to: string): Promise<MovedPlayer> {
    // The ledger folds exactly the events that move; a ledger `to` had without events is stale.
    await this.dropLedger(executor, personaId, to);
    await executor
      .update(npcPlayerLedgers)
      .set({ userSessionId: to })
      .where(and(eq(npcPlayerLedgers.personaId, personaId), eq(npcPlayerLedgers.userSessionId, from)));
    const sessions = await executor
      .update(npcSessions)
      .set({ userSessionId: to })
      .where(and(eq(npcSessions.personaId, personaId), eq(npcSessions.userSessionId, from)))
      .returning({ id: npcSessions.id });
    const messages = await executor
      .update(npcMessages)
      .set({ userSessionId: to })
      .where(and(eq(npcMessages.personaId, personaId), eq(npcMessages.userSessionId, from)))
      .returning({ id: npcMessages.id });
    const events = await executor
      .update(npcEvents)
      .set({ userSessionId: to })
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, from)))
      .returning({ id: npcEvents.id });
    return { sessions: sessions.length, messages: messages.length, events: events.length };
  }

  /** Removes one player's sessions (their messages cascade) and events on one persona. */
  async deletePlayer(executor: Executor, personaId: string, userSessionId: string): Promise<{ sessions: number; events: number }> {
    await this.dropLedger(executor, personaId, userSessionId);
    const events = await executor
      .delete(npcEvents)
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, userSessionId)))
      .returning({ id: npcEvents.id });
    const sessions = await executor
      .delete(npcSessions)
      .where(and(eq(npcSessions.personaId, personaId), eq(npcSessions.userSessionId, userSessionId)))
      .returning({ id: npcSessions.id });
    return { sessions: sessions.length, events: events.length };
  }

  /** Row counts of a persona's play data (for tests and operators). */
  async playCounts(personaId: string): Promise<{ sessions: number; messages: number; events: number }> {
    const [sessions] = await this.db.select({ value: count() }).from(npcSessions).where(eq(npcSessions.personaId, personaId));
    const [messages] = await this.db.select({ value: count() }).from(npcMessages).where(eq(npcMessages.personaId, personaId));
    const [events] = await this.db.select({ value: count() }).from(npcEvents).where(eq(npcEvents.personaId, personaId));
    return { sessions: sessions?.value ?? 0, messages: messages?.value ?? 0, events: events?.value ?? 0 };
  }
}

/** A session row as `json_agg` spells it. */
/** `npc_read_player`'s answer (migrations 0006, 0009). */
interface PlayerJson {
  ledger: { ledger: unknown; last_event_id: number | string; event_count: number } | null;
  sessions: SessionJson[];
  events?: Array<{ id: number | string; payload: unknown }> | null;
}

interface SessionJson {
  id: string;
  persona_id: string;
  machine_key: string;
  user_session_id: string;
  player_name: string | null;
  player_gender: string | null;
  state: unknown;
  created_at: string;
  updated_at: string;
}

function sessionFromJson(row: SessionJson): NpcSessionRow {
  return {
    id: row.id,
    personaId: row.persona_id,
    machineKey: row.machine_key,
    userSessionId: row.user_session_id,
    playerName: row.player_name,
    playerGender: row.player_gender,
    state: row.state,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** A persona row as the database spells it, with its version and its definition unless unchanged (see `getPersona`). */
interface PersonaJson {
  id: string;
  user_id: string;
  name: string;
  description: string;
  is_public: boolean;
  created_at: Date | string;
  updated_at: Date | string;
  version: string;
  fresh: unknown;
}

function dateOf(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The rows of a raw statement's result (PGlite and node-postgres both answer `{ rows }`). */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Orders turns by persona, then player (see `writeTurns`). */
function comparePlayers(left: TurnWrite, right: TurnWrite): number {
  const persona = left.personaId < right.personaId ? -1 : left.personaId > right.personaId ? 1 : 0;
  return persona || (left.userSessionId < right.userSessionId ? -1 : left.userSessionId > right.userSessionId ? 1 : 0);
}

/** A guard as `npc_write_turns` reads it (see `TurnGuard`). */
function guardJson(guard: TurnGuard): { kind: "ledger" | "absent" | "replace"; lastEventId?: number; eventCount?: number } {
  if (guard === "replace") return { kind: "replace" };
  return "expected" in guard ? { kind: "ledger", ...guard.expected } : { kind: "absent", ...guard.absent };
}

/** A player's version from the latest event id and the number of events (see `playerVersion`). */
export function playerVersionOf(lastEventId: number, events: number): string {
  return `${lastEventId}:${events}`;
}

function personaListClause(filter: Omit<PersonaListFilter, "limit" | "offset">): SQL | undefined {
  const clauses: SQL[] = [];
  if (filter.includePublic) clauses.push(eq(npcPersonas.isPublic, true));
  if (filter.ownerId) {
    const owned = eq(npcPersonas.userId, filter.ownerId);
    clauses.push(filter.ownerPublishedOnly ? (and(owned, eq(npcPersonas.isPublic, true)) as SQL) : owned);
  }
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : or(...clauses);
}
