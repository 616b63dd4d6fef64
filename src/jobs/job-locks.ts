/**
 * Which jobs are being worked on right now, as the Postgres server itself knows it.
 *
 * Each worker process keeps one dedicated connection and holds a session-level advisory lock on
 * every job it runs, taken when it starts the job and released when it ends it. When a process
 * dies (SIGKILL, OOM, a lost machine) its connection closes and the server drops its locks at
 * once; nothing has to expire. So a job that pg-boss calls `active` but whose lock anyone can take
 * has nobody working on it, and `reconcile.ts` hands it back to the queue.
 *
 * The locks use the two-key form `(JOB_LOCK_NAMESPACE, hashtext(job id))`, a key space that never
 * meets the one-key locks used elsewhere (the migration lock). Two job ids with the same 32-bit
 * hash only make one wait for the other's end: a delay, never a double run.
 */
import type { DedicatedConnection, Store } from "../store/database.ts";
import { describeError } from "../store/describe-error.ts";
import { Coalesced } from "./coalesced.ts";

/** "JOBS" in ASCII: the first key of every job lock. */
export const JOB_LOCK_NAMESPACE = 0x4a4f4253;

export class JobLocks {
  private readonly held = new Set<string>();
  private lostBecause: Error | null = null;
  /**
   * The connection's queries, one after another: claims come in batches now, and overlapping
   * queries on one client are deprecated by pg (and removed in pg 9).
   */
  private lastQuery: Promise<unknown> = Promise.resolve();

  private constructor(private readonly connection: DedicatedConnection) {
    connection.onLost((error) => {
      this.lostBecause = error;
      this.held.clear();
    });
  }

  /** A fresh connection for locks, or null when the store has no such thing (embedded PGlite). */
  static async open(store: Store): Promise<JobLocks | null> {
    if (!store.openDedicatedConnection) return null;
    return new JobLocks(await store.openDedicatedConnection());
  }

  /** False once the connection is gone: every lock it held is gone with it. */
  get alive(): boolean {
    return this.lostBecause === null;
  }

  onLost(listener: (error: Error) => void): void {
    this.connection.onLost(listener);
  }

  /**
   * Locks asked for (and released) while the connection runs a statement share the next one: a
   * worker claiming a batch of small jobs pays one round trip for their locks, not one each.
   */
  private readonly holding = new Coalesced<string, boolean>(async (ids) => {
    const { rows } = await this.query(`SELECT pg_try_advisory_lock($1, hashtext(id)) AS locked FROM unnest($2::text[]) WITH ORDINALITY AS asked(id, position) ORDER BY position`, [JOB_LOCK_NAMESPACE, ids]);
    return ids.map((_, position) => rows[position]?.locked === true);
  });
  private readonly releasing = new Coalesced<string>(async (ids) => {
    await this.query(`SELECT pg_advisory_unlock($1, hashtext(id)) FROM unnest($2::text[]) AS released(id)`, [JOB_LOCK_NAMESPACE, ids]);
    return ids.map(() => undefined);
  });

  /** Takes the job's lock if nobody holds it; never waits. */
  async tryHold(id: string): Promise<boolean> {
    const locked = await this.holding.add(id);
    if (locked) this.held.add(id);
    return locked;
  }

  holds(id: string): boolean {
    return this.alive && this.held.has(id);
  }

  async release(id: string): Promise<void> {
    if (!this.held.delete(id) || !this.alive) return;
    await this.releasing.add(id).catch((error: Error) => {
      // The connection is failing: its locks die with it, which is the release we wanted.
      console.error(`[jobs] releasing the lock of ${id}: ${describeError(error)}`);
    });
  }

  private query(text: string, values: unknown[]): ReturnType<DedicatedConnection["query"]> {
    const next = this.lastQuery.then(() => this.connection.query(text, values));
    this.lastQuery = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.held.clear();
    await this.connection.close();
  }
}
