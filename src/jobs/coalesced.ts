/**
 * Runs `flush` over the items added while the previous flush ran, one flush at a time: under load
 * the items share statements, with none waiting for a timer (a lone item flushes at once). Items
 * added in the same turn of the event loop (the jobs of one fetch, claimed one after the other;
 * the jobs one shared statement finished, completed one after the other) share the first flush: it
 * starts once that turn's promise callbacks have run (`setImmediate`), not inside the first `add`.
 * Each `add` settles with its own answer from the flush that took it (`flush` answers one per
 * item, in order), or with that flush's error.
 */
export class Coalesced<Item, Answer = void> {
  private waiting: Array<{ item: Item; settle: (outcome: { answer: Answer } | { error: unknown }) => void }> = [];
  private flushing = false;

  constructor(private readonly flush: (items: Item[]) => Promise<Answer[]>) {}

  add(item: Item): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, settle: (outcome) => ("error" in outcome ? reject(outcome.error) : resolve(outcome.answer)) });
      if (this.flushing) return;
      this.flushing = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        const answers = await this.flush(batch.map((entry) => entry.item));
        batch.forEach((entry, position) => entry.settle({ answer: answers[position] as Answer }));
      } catch (error) {
        const failure = error ?? new Error("the batch failed");
        for (const entry of batch) entry.settle({ error: failure });
      }
    }
    this.flushing = false;
  }
}

/**
 * Items added in one turn of the event loop, handed to `run` together once that turn's promise
 * callbacks have run (the jobs one claim statement started). Unlike `Coalesced`, a group never
 * waits for the one before: groups of engine work run side by side on the threads. `run` settles
 * each item on its own (one item's failure is its own), or fails the whole group by throwing.
 */
export class SameTurn<Item, Answer> {
  private waiting: Array<{ item: Item; resolve: (answer: Answer) => void; reject: (error: unknown) => void }> = [];

  constructor(private readonly run: (items: Item[]) => Promise<Array<PromiseSettledResult<Answer>>>) {}

  add(item: Item): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const group = this.waiting;
    this.waiting = [];
    this.run(group.map((entry) => entry.item)).then(
      (outcomes) =>
        group.forEach((entry, position) => {
          const outcome = outcomes[position];
          if (outcome?.status === "fulfilled") entry.resolve(outcome.value);
          else entry.reject(outcome ? outcome.reason : new Error("the group gave no answer for this item"));
        }),
      (error: unknown) => {
        for (const entry of group) entry.reject(error);
      },
    );
  }
}
