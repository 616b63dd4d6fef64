/**
 * How many heavy saves run at once. A save at the caps costs hundreds of milliseconds of CPU and
 * tens of megabytes while it is checked and stored; ten of them at once would make each take ten
 * times as long and hold ten times the memory. Past `atOnce`, a heavy save waits its turn (first
 * come, first served); past `waiting` more, it is refused at once with a hint of when to retry,
 * rather than piling up behind the others.
 */

/** A heavy save refused because `waiting` saves already wait; the route answers 503 with `Retry-After`. */
export class SaveQueueFullError extends Error {
  constructor(
    /** When to try again, in seconds: roughly what the saves ahead need. */
    readonly retryAfterSeconds: number,
  ) {
    super(`the server is busy checking other large persona definitions; retry in ${retryAfterSeconds} s`);
    this.name = "SaveQueueFullError";
  }

  static isInstance(error: unknown): error is SaveQueueFullError {
    return error instanceof SaveQueueFullError;
  }
}

export interface SaveAdmissionLimits {
  /** Heavy saves checked and stored at the same time. */
  atOnce: number;
  /** Heavy saves that may wait for a turn; one more is refused. */
  waiting: number;
  /** The retry hint given when refusing, in seconds. */
  retryAfterSeconds: number;
}

export class SaveAdmission {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limits: SaveAdmissionLimits) {}

  /** Runs `work` in its turn; throws `SaveQueueFullError` when the waiting room is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.atOnce) this.running++;
    else {
      if (this.queue.length >= this.limits.waiting) throw new SaveQueueFullError(this.limits.retryAfterSeconds);
      // The slot is handed over by the save that finishes (`running` stays as it is).
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Saves running and waiting (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }
}
