/**
 * The rows behind NPC personas and their play: personas (one JSON definition each), machine sessions,
 * chat history and the append-only event list progress is derived from. Every method takes an
 * optional transaction so a service can make one turn (or one reset) a single atomic write.
 */
import { and, asc, count, desc, eq, max, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./database.ts";
import type { Transaction } from "./accounts.ts";
import { npcEvents, npcMessages, npcPersonas, npcSessions } from "./schema.ts";

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

export class NpcRepository {
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
    const [updated] = await executor
      .update(npcPersonas)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(npcPersonas.id, id))
      .returning();
    return updated ?? null;
  }

  async getPersona(id: string, executor: Executor = this.db): Promise<NpcPersonaRow | null> {
    const [row] = await executor.select().from(npcPersonas).where(eq(npcPersonas.id, id));
    return row ?? null;
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

  async appendEvents(executor: Executor, rows: Array<typeof npcEvents.$inferInsert>): Promise<void> {
    if (rows.length > 0) await executor.insert(npcEvents).values(rows);
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
   * the count drops), so an unchanged version means nothing was written.
   */
  async playerVersion(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<string> {
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
