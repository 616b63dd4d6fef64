/**
 * How many calls one model may have in flight, adapting to the provider as TCP does: a slow start
 * (each answered call raises the limit by 1, so it doubles every round of calls) until the first 429,
 * then AIMD (each answered call raises it by 1/limit, about +1 per round; each 429 halves it). Without
 * the slow start, a population's first rounds of batches would run at the initial limit while the
 * provider has room for more (bench:llm). One limiter per model, shared by the modeller, writer and
 * enhancer using it, so a population's batches and a concurrent enhancement back off together.
 *
 * A burst of 429s from calls that were all in flight before the first one landed halves the limit
 * once, not once per call: only a call started after the latest decrease can decrease it again.
 *
 * Across processes: each process adapts on its own, so N worker processes could have N times the
 * limit in flight. With `shared` slots (a Postgres semaphore when workers share a database, see
 * `jobs/shared-model-slots.ts`), a call admitted here also waits for one of the slots all processes
 * share before it starts, so the total never exceeds them, whatever the number of workers.
 */

export interface AdaptiveLimiterOptions {
  /** Calls in flight at the start (default 4). */
  initial?: number;
  /** Never more than this many (default 16). */
  maximum?: number;
  /** Never fewer (default 1). */
  minimum?: number;
  /** Slots shared with other processes; default: the process-wide ones (`shareModelSlots`), if any. */
  shared?: SharedSlots;
}

/** A counting semaphore other processes take from too; `acquire` answers the slot's release. */
export interface SharedSlots {
  acquire(signal?: AbortSignal): Promise<() => void>;
}

let processSharedSlots: SharedSlots | undefined;

/**
 * Makes every limiter created from now on in this process also take a shared slot per call. The
 * composition root (app.ts) calls it before the providers build their limiters, which sit several
 * layers down; `undefined` turns it off again.
 */
export function shareModelSlots(slots: SharedSlots | undefined): void {
  processSharedSlots = slots;
}

export type CallOutcome = "answered" | "rate-limited" | "failed";

/** A slot held for one call; release it exactly once with how the call went. */
export interface LimiterTicket {
  release(outcome: CallOutcome): void;
}

export class AdaptiveConcurrencyLimiter {
  private allowance: number;
  private readonly maximum: number;
  private readonly minimum: number;
  private active = 0;
  private epoch = 0;
  /** True until the provider first rate-limits us. */
  private slowStart = true;
  private readonly waiting: Array<{ admit: () => void }> = [];
  private readonly shared: SharedSlots | undefined;

  constructor(options: AdaptiveLimiterOptions = {}) {
    this.shared = options.shared ?? processSharedSlots;
    this.minimum = Math.max(1, Math.floor(options.minimum ?? 1));
    this.maximum = Math.max(this.minimum, Math.floor(options.maximum ?? 16));
    this.allowance = Math.min(this.maximum, Math.max(this.minimum, options.initial ?? 4));
  }

  /** Calls allowed in flight now. */
  get limit(): number {
    return Math.floor(this.allowance);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Waits for a slot, here and then among the shared ones (rejects if `signal` aborts first). */
  async acquire(signal?: AbortSignal): Promise<LimiterTicket> {
    const local = await this.acquireLocal(signal);
    if (!this.shared) return local;
    let releaseShared: () => void;
    try {
      releaseShared = await this.shared.acquire(signal);
    } catch (error) {
      // Never started: "failed" leaves the allowance as it was.
      local.release("failed");
      throw error;
    }
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        releaseShared();
        local.release(outcome);
      },
    };
  }

  private acquireLocal(signal?: AbortSignal): Promise<LimiterTicket> {
    signal?.throwIfAborted();
    if (this.active < this.limit && this.waiting.length === 0) return Promise.resolve(this.admit());
    return new Promise<LimiterTicket>((resolve, reject) => {
      const entry = {
        admit: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.admit());
        },
      };
      const onAbort = () => {
        const position = this.waiting.indexOf(entry);
        if (position >= 0) this.waiting.splice(position, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private admit(): LimiterTicket {
    this.active += 1;
    const startedIn = this.epoch;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.active -= 1;
        if (outcome === "answered") this.allowance = Math.min(this.maximum, this.allowance + (this.slowStart ? 1 : 1 / this.allowance));
        else if (outcome === "rate-limited") {
          this.slowStart = false;
          if (startedIn === this.epoch) {
            this.allowance = Math.max(this.minimum, this.allowance / 2);
            this.epoch += 1;
          }
        }
        this.pump();
      },
    };
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.active < this.limit) this.waiting.shift()?.admit();
  }
}
