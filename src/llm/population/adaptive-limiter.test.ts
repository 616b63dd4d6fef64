import { describe, expect, it } from "vitest";
import { AdaptiveConcurrencyLimiter, type LimiterTicket } from "./adaptive-limiter.ts";

async function acquireAll(limiter: AdaptiveConcurrencyLimiter, count: number): Promise<LimiterTicket[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire()));
}

describe("AdaptiveConcurrencyLimiter", () => {
  it("admits up to its limit and queues the rest until a slot is released", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ initial: 2 });
    const [first] = await acquireAll(limiter, 2);
    let thirdAdmitted = false;
    const third = limiter.acquire().then((ticket) => {
      thirdAdmitted = true;
      return ticket;
    });
    await Promise.resolve();
    expect(limiter.inFlight).toBe(2);
    expect(thirdAdmitted).toBe(false);
    first?.release("failed");
    (await third).release("answered");
    expect(thirdAdmitted).toBe(true);
  });

  it("starts slow: until the first 429, each answered call adds one (the limit doubles every round)", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ initial: 4, maximum: 16 });
    for (const ticket of await acquireAll(limiter, 4)) ticket.release("answered");
    expect(limiter.limit).toBe(8);
    for (const ticket of await acquireAll(limiter, 8)) ticket.release("answered");
    expect(limiter.limit).toBe(16);
    // The first 429 ends the slow start: halved, then about one more per round.
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.limit).toBe(8);
    for (const ticket of await acquireAll(limiter, 8)) ticket.release("answered");
    expect(limiter.limit).toBe(8);
  });

  it("halves on a 429 and grows back by about one per round of answered calls (AIMD)", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ initial: 8, maximum: 16 });
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.limit).toBe(4);
    for (const ticket of await acquireAll(limiter, 4)) ticket.release("answered");
    expect(limiter.limit).toBe(4);
    for (let round = 0; round < 4; round++) for (const ticket of await acquireAll(limiter, limiter.limit)) ticket.release("answered");
    expect(limiter.limit).toBeGreaterThanOrEqual(7);
    expect(limiter.limit).toBeLessThanOrEqual(9);
  });

  it("halves once for a burst of 429s from calls that were in flight together", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ initial: 8 });
    const burst = await acquireAll(limiter, 8);
    for (const ticket of burst) ticket.release("rate-limited");
    expect(limiter.limit).toBe(4);
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.limit).toBe(2);
  });

  it("never goes below its minimum nor above its maximum", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ initial: 2, minimum: 1, maximum: 3 });
    for (let index = 0; index < 5; index++) (await limiter.acquire()).release("rate-limited");
    expect(limiter.limit).toBe(1);
    for (let index = 0; index < 50; index++) (await limiter.acquire()).release("answered");
    expect(limiter.limit).toBe(3);
  });

  it("a waiting caller whose job is cancelled leaves the queue", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ initial: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error("job cancelled"));
    await expect(waiting).rejects.toThrow("job cancelled");
    held.release("answered");
    (await limiter.acquire()).release("answered");
    expect(limiter.inFlight).toBe(0);
  });
});
