/**
 * Wake-ups between processes sharing a Postgres server: a process that queues a job (or hands one
 * back) sends `NOTIFY dramatis_jobs, '<kind>'`, and every process that works jobs LISTENs on a
 * connection of its own and fetches at once instead of at its next poll. pg-boss 10 has no such
 * signal of its own (its `notifyWorker` only reaches workers of the same process).
 *
 * A wake-up is only a hint: a lost notification (the listening connection died, the process was
 * starting) costs one poll interval, never a job, because polling stays underneath. The embedded
 * database has one process, which wakes its own loops directly.
 */
import pg from "pg";
import { describeError } from "../store/describe-error.ts";
import type { Logger } from "../observability/logger.ts";

export const WAKE_UP_CHANNEL = "dramatis_jobs";
/** After the listening connection is lost, how long before it is opened again. */
const RECONNECT_MS = 2_000;

export class QueueWakeUps {
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly connectionString: string,
    private readonly log: Logger,
    private readonly onWake: (kind: string) => void,
  ) {}

  /** Starts listening; a first connection that fails is retried in the background, not fatal. */
  static async listen(connectionString: string, log: Logger, onWake: (kind: string) => void): Promise<QueueWakeUps> {
    const wakeUps = new QueueWakeUps(connectionString, log, onWake);
    await wakeUps.connect();
    return wakeUps;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    let lost = false;
    const lose = (error: Error) => {
      if (lost || this.client !== client) return;
      lost = true;
      this.client = null;
      if (this.closed) return;
      this.log.warn({ error: describeError(error) }, "wake-up connection lost: polling until it is back");
      this.scheduleReconnect();
    };
    client.on("error", lose);
    client.on("end", () => lose(new Error("the connection ended")));
    client.on("notification", (message) => {
      if (message.channel === WAKE_UP_CHANNEL && message.payload) this.onWake(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${WAKE_UP_CHANNEL}`);
    } catch (error) {
      lose(error as Error);
      await client.end().catch(() => undefined);
    }
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}
