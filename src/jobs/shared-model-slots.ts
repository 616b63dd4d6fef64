/**
 * A counting semaphore of `slots` shared by every process on one Postgres server, for the calls of
 * one model: slot i is the session-level advisory lock `(MODEL_SLOT_NAMESPACE, hashtext(name#i))`
 * held on a connection of this process's own. Taking a slot is one statement that tries the free
 * ones in turn; a process that dies (SIGKILL, OOM) closes its connection and the server frees its
 * slots at once, so nothing leaks and nothing has to expire.
 *
 * When every slot is taken, `acquire` tries again after `RETRY_MS` or as soon as this process frees
 * one of its own. If the connection is lost its slots are gone with it: the calls holding them run
 * on (briefly over the limit) and new calls wait for a new connection.
 */
import pg from "pg";
import type { Logger } from "../observability/logger.ts";
import { describeError } from "../store/describe-error.ts";

/** "MSLT" in ASCII: a key space of its own, next to the job locks' "JOBS". */
export const MODEL_SLOT_NAMESPACE = 0x4d534c54;
/** How often a waiting call looks again for a slot another process may have freed. */
const RETRY_MS = 100;

// Advisory locks are re-entrant within a session, so the slots this process already holds are
// excluded here: trying one of them again would "succeed" and admit a call over the limit. The
// OFFSET 0 fence keeps that filter before the lock attempt, and LIMIT 1 stops at the first lock won.
const TAKE_SLOT_SQL = `
  SELECT slot FROM (
    SELECT slot FROM generate_series(0, $2::int - 1) AS slot WHERE slot <> ALL($3::int[]) ORDER BY (slot + $4::int) % $2::int OFFSET 0
  ) AS free
  WHERE pg_try_advisory_lock(${MODEL_SLOT_NAMESPACE}, hashtext($1 || '#' || slot))
  LIMIT 1`;
const FREE_SLOT_SQL = `SELECT pg_advisory_unlock(${MODEL_SLOT_NAMESPACE}, hashtext($1 || '#' || $2::int))`;

export interface SharedModelSlotsOptions {
  connectionString: string;
  /** The model (or setup) the slots are for: processes configured alike share them. */
  name: string;
  slots: number;
  log: Logger;
}

export class SharedModelSlots {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly held = new Set<number>();
  /** One statement at a time on the connection, in order. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly waiters = new Set<() => void>();
  private turn = 0;
  private closed = false;

  constructor(private readonly options: SharedModelSlotsOptions) {
    if (!Number.isInteger(options.slots) || options.slots < 1) throw new Error(`shared model slots must be a whole number of at least 1 (got ${options.slots})`);
  }

  get heldHere(): number {
    return this.held.size;
  }

  /** Waits for a free slot among all processes'; answers its release (call it once). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.closed) throw new Error("the shared model slots are closed");
      const slot = this.held.size < this.options.slots ? await this.tryTake() : null;
      if (slot !== null) return this.releaser(slot);
      await this.pause(signal);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    const client = this.client;
    this.client = null;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }

  private async tryTake(): Promise<number | null> {
    const client = await this.connection();
    // Successive calls start their search at different slots, so they rarely race for one lock.
    const start = this.turn++ % this.options.slots;
    const rows = await this.serially(() => client.query(TAKE_SLOT_SQL, [this.options.name, this.options.slots, [...this.held], start]));
    const slot = rows.rows[0]?.slot as number | undefined;
    if (slot === undefined || this.client !== client) return null;
    this.held.add(slot);
    return slot;
  }

  private releaser(slot: number): () => void {
    const client = this.client;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (!this.held.delete(slot) || !client || this.client !== client) return;
      void this.serially(() => client.query(FREE_SLOT_SQL, [this.options.name, slot]))
        .catch((error: Error) => this.options.log.warn({ error: describeError(error) }, "freeing a model slot failed (it is freed with the connection)"))
        .finally(() => {
          for (const wake of this.waiters) wake();
        });
    };
  }

  private pause(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, RETRY_MS);
      this.waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  private serially<T>(statement: () => Promise<T>): Promise<T> {
    const run = this.tail.then(statement, statement);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    const lose = (error: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.held.clear();
      if (!this.closed) this.options.log.warn({ error: describeError(error) }, "model slot connection lost: its slots are freed; taking new ones on a new connection");
    };
    client.on("error", lose);
    client.on("end", () => lose(new Error("the connection ended")));
    await client.connect();
    this.client = client;
    return client;
  }
}
