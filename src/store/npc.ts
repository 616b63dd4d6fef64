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
  /** Public personas are included. */
  includePublic: boolean;
  /** This account's personas are included (public or not). */
  ownerId?: string;
  limit: number;
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

  /** Newest first. */
  async listPersonas(filter: PersonaListFilter): Promise<NpcPersonaRow[]> {
    const clauses: SQL[] = [];
    if (filter.includePublic) clauses.push(eq(npcPersonas.isPublic, true));
    if (filter.ownerId) clauses.push(eq(npcPersonas.userId, filter.ownerId));
    if (clauses.length === 0) return [];
    return this.db
      .select()
      .from(npcPersonas)
      .where(clauses.length === 1 ? clauses[0] : or(...clauses))
      .orderBy(desc(npcPersonas.createdAt), desc(npcPersonas.id))
      .limit(filter.limit);
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
   * The id of a player's latest event on a persona (0 with none): the version a turn computed
   * outside any transaction checks before it commits. Every write of a player's play appends events
   * (or, on reset, deletes them) and ids only grow, so an unchanged id means nothing was written.
   */
  async lastEventId(personaId: string, userSessionId: string, executor: Executor = this.db): Promise<number> {
    const [row] = await executor
      .select({ id: max(npcEvents.id) })
      .from(npcEvents)
      .where(and(eq(npcEvents.personaId, personaId), eq(npcEvents.userSessionId, userSessionId)));
    return row?.id ?? 0;
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
