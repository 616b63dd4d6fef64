/**
 * The model's concurrency limit across processes on one Postgres server: never more calls in
 * flight than slots, whatever the number of processes and however much each one's own adaptive
 * limiter would allow; a freed slot goes to a waiting process; a dead process's slots come back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdaptiveConcurrencyLimiter } from "../llm/population/adaptive-limiter.ts";
import { quietLogger } from "../observability/logger.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";
import { SharedModelSlots } from "./shared-model-slots.ts";

const binaries = findPostgresBinaries();
describe.skipIf(!binaries)("shared model slots on a Postgres server", () => {
  let server: PostgresServer;
  let databaseUrl: string;
  const opened: SharedModelSlots[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    databaseUrl = await server.createDatabase("model_slots");
  });
  afterAll(async () => {
    for (const slots of opened) await slots.close();
    server?.stop();
  });

  /** What one process opens; each has a connection of its own, as separate processes do. */
  function processSlots(name: string, slots: number): SharedModelSlots {
    const shared = new SharedModelSlots({ connectionString: databaseUrl, name, slots, log: quietLogger });
    opened.push(shared);
    return shared;
  }

  it("keeps the calls of three processes, each allowed 8 by its own limiter, to 3 in flight together", async () => {
    const limiters = [1, 2, 3].map(() => new AdaptiveConcurrencyLimiter({ initial: 8, maximum: 8, shared: processSlots("model-a", 3) }));
    let inFlight = 0;
    let most = 0;
    const call = async (limiter: AdaptiveConcurrencyLimiter) => {
      const ticket = await limiter.acquire();
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      ticket.release("answered");
    };
    await Promise.all(limiters.flatMap((limiter) => Array.from({ length: 12 }, () => call(limiter))));
    expect(most).toBeLessThanOrEqual(3);
  }, 60_000);

  it("hands a slot freed by one process to a call waiting in another, and counts other models apart", async () => {
    const first = processSlots("model-b", 1);
    const second = processSlots("model-b", 1);
    const release = await first.acquire();
    let taken = false;
    const waiting = second.acquire().then((releaseSecond) => {
      taken = true;
      return releaseSecond;
    });
    // Another model's slots are its own: taken at once while model-b's only slot is busy.
    (await processSlots("model-c", 1).acquire())();
    expect(taken).toBe(false);
    release();
    (await waiting)();
    expect(taken).toBe(true);
  }, 60_000);

  it("gives back the slots of a process whose connection died, without any release", async () => {
    const dying = processSlots("model-d", 2);
    await dying.acquire();
    await dying.acquire();
    const survivor = processSlots("model-d", 2);
    const waiting = survivor.acquire();
    await dying.close();
    (await waiting)();
  }, 60_000);

  it("stops waiting when the call is aborted", async () => {
    const busy = processSlots("model-e", 1);
    await busy.acquire();
    const controller = new AbortController();
    const waiting = processSlots("model-e", 1).acquire(controller.signal);
    controller.abort(new Error("job stopped"));
    await expect(waiting).rejects.toThrow("job stopped");
  }, 60_000);
});
