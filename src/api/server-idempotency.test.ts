/**
 * `Idempotency-Key` on the three POST actions, with Stripe's semantics: a retry of the same request
 * gets the same job and pays once, even when the first answer was lost; a key reused for another
 * request is refused; concurrent duplicates make exactly one job; keys expire after 24 hours.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { buildServer } from "./server.ts";
import { JobsService } from "../services/jobs-service.ts";
import { IDEMPOTENCY_WINDOW_MS, IdempotencyRepository } from "../store/idempotency.ts";
import { GENERATE_CREDITS_PER_PERSONA } from "../billing/pricing.ts";

const GENERATE = "/v1/personas/actions/generate";
const SPEC_BODY = { prompt: "3 bakers in Lyon", count: 3, seed: 5 };
const COST = 3 * GENERATE_CREDITS_PER_PERSONA.off;

let app: TestApp;
let server: FastifyInstance;
let url = "";
/** The idempotency store's clock, moved forward to expire keys. */
let clock = Date.now();

beforeAll(async () => {
  app = await startTestApp();
  // The app's own JobsService with the idempotency store, as app.ts wires it.
  const idempotency = new IdempotencyRepository(app.context.store.db, () => new Date(clock));
  const jobsService = new JobsService(app.context.accounts, app.context.jobs, app.queue, idempotency);
  server = await buildServer({ ...app.context, jobsService });
  url = await server.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

async function payer(name: string, credits: number) {
  const account = await app.context.accounts.create(name, credits);
  const { key } = await app.context.accounts.createKey(account.id, "test");
  const charges = async () => (await app.context.accounts.ledger(account.id)).filter((entry) => entry.kind === "charge");
  const balance = async () => (await app.context.accounts.get(account.id))!.balance;
  return { account, auth: { authorization: `Bearer ${key}` }, charges, balance };
}

describe("Idempotency-Key", () => {
  it("answers a retry with the same job, charged once, whatever the key order and spacing of the body", async () => {
    const { auth, charges, balance } = await payer("idem-retry", 100);
    const headers = { ...auth, "idempotency-key": "order-1" };
    const first = await post(GENERATE, SPEC_BODY, headers);
    expect(first.status).toBe(200);
    const retry = await post(GENERATE, `{ "seed": 5, "count": 3,   "prompt": "3 bakers in Lyon" }`, headers);
    expect(retry).toEqual(first);
    expect(await charges()).toHaveLength(1);
    expect(await balance()).toBe(100 - COST);
  });

  it("makes a new job for a new key, and keeps keys apart between accounts", async () => {
    const alice = await payer("idem-alice", 100);
    const bob = await payer("idem-bob", 100);
    const first = await post(GENERATE, SPEC_BODY, { ...alice.auth, "idempotency-key": "shared-name" });
    const otherKey = await post(GENERATE, SPEC_BODY, { ...alice.auth, "idempotency-key": "another" });
    const otherAccount = await post(GENERATE, SPEC_BODY, { ...bob.auth, "idempotency-key": "shared-name" });
    expect(new Set([first.body.id, otherKey.body.id, otherAccount.body.id]).size).toBe(3);
  });

  it("refuses the same key with another body, or on another action (422), and charges nothing", async () => {
    const { auth, charges } = await payer("idem-reuse", 100);
    const headers = { ...auth, "idempotency-key": "reused" };
    await post(GENERATE, SPEC_BODY, headers);
    const otherBody = await post(GENERATE, { ...SPEC_BODY, count: 4 }, headers);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe("validation_failed");
    expect(otherBody.body.error.details).toEqual([
      { loc: ["header", "idempotency-key"], msg: "This Idempotency-Key was already used with a different request (generate); use a new key for a new request", type: "idempotency_key_reused" },
    ]);
    const otherAction = await post("/v1/personas/actions/enhance", { persona: "Sam, 30, plays support." }, headers);
    expect(otherAction.status).toBe(422);
    expect(otherAction.body.error.details[0].type).toBe("idempotency_key_reused");
    expect(await charges()).toHaveLength(1);
  });

  it("makes exactly one job of 20 concurrent identical requests, with a balance for many or for only one", async () => {
    for (const credits of [100 * COST, COST]) {
      const { account, auth, charges, balance } = await payer(`idem-race-${credits}`, credits);
      const headers = { ...auth, "idempotency-key": "race-1" };
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(GENERATE, SPEC_BODY, headers)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(await charges()).toHaveLength(1);
      expect(await balance()).toBe(credits - COST);
      expect(await app.context.jobs.getPopulation(answers[0]!.body.id, account.id)).not.toBeNull();
    }
  });

  it("answers the retry of a request whose answer was lost with the job it made, charged once", async () => {
    const { auth, charges, balance } = await payer("idem-lost", 100);
    const body = JSON.stringify({ persona: "Ana is a 41-year-old ferry captain in Lisbon." });
    // The client sends, then its connection dies before the answer arrives.
    const { port } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.end(
          `POST /v1/personas/actions/enhance HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth.authorization}\r\nIdempotency-Key: lost-1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
        socket.destroy();
        resolve();
      });
      socket.on("error", reject);
    });
    // The server committed it all the same.
    for (let attempt = 0; (await charges()).length === 0; attempt++) {
      if (attempt > 200) throw new Error("the lost request was never committed");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [charge] = await charges();
    const retry = await post("/v1/personas/actions/enhance", body, { ...auth, "idempotency-key": "lost-1" });
    expect(retry).toEqual({ status: 200, body: { id: charge!.jobId, status: "pending" } });
    expect(await charges()).toHaveLength(1);
    expect(await balance()).toBe(100 + charge!.delta);
  });

  it("records nothing for a refused request: after a 402 and a top-up, the same key starts the job", async () => {
    const { account, auth, charges } = await payer("idem-topup", 0);
    const headers = { ...auth, "idempotency-key": "after-topup" };
    expect((await post(GENERATE, SPEC_BODY, headers)).status).toBe(402);
    await app.context.accounts.grant(account.id, COST);
    const paid = await post(GENERATE, SPEC_BODY, headers);
    expect(paid.status).toBe(200);
    expect((await post(GENERATE, SPEC_BODY, headers)).body.id).toBe(paid.body.id);
    expect(await charges()).toHaveLength(1);
  });

  it("forgets a key after 24 hours: the same request then makes a new job", async () => {
    const { auth, charges } = await payer("idem-expiry", 100);
    const headers = { ...auth, "idempotency-key": "daily-report" };
    const first = await post(GENERATE, SPEC_BODY, headers);
    clock += IDEMPOTENCY_WINDOW_MS - 60_000;
    expect((await post(GENERATE, SPEC_BODY, headers)).body.id).toBe(first.body.id);
    clock += 120_000;
    const later = await post(GENERATE, SPEC_BODY, headers);
    expect(later.status).toBe(200);
    expect(later.body.id).not.toBe(first.body.id);
    expect(await charges()).toHaveLength(2);
  });

  it("refuses an empty key or one over 255 characters (422 naming the header)", async () => {
    const { auth, charges } = await payer("idem-length", 100);
    const long = await post(GENERATE, SPEC_BODY, { ...auth, "idempotency-key": "k".repeat(256) });
    expect(long.status).toBe(422);
    expect(long.body.error.details).toEqual([{ loc: ["header", "idempotency-key"], msg: "String should have at most 255 characters", type: "string_too_long" }]);
    const empty = await post(GENERATE, SPEC_BODY, { ...auth, "idempotency-key": " " });
    expect(empty.body.error.details[0].type).toBe("string_too_short");
    expect((await post(GENERATE, SPEC_BODY, { ...auth, "idempotency-key": "k".repeat(255) })).status).toBe(200);
    expect(await charges()).toHaveLength(1);
  });
});

describe("the idempotency store", () => {
  it("lets the primary key decide when a duplicate looked before the first committed: rolled back, uncharged, answered with the winner", async () => {
    const { account, charges, balance } = await payer("idem-late", 100);
    /** Both requests looked the key up before either committed: the lookup saw nothing, twice. */
    class RacedRepository extends IdempotencyRepository {
      private blindLookups = 2;
      override async find(accountId: string, key: string) {
        return this.blindLookups-- > 0 ? null : super.find(accountId, key);
      }
    }
    const service = new JobsService(app.context.accounts, app.context.jobs, app.queue, new RacedRepository(app.context.store.db));
    const request = { prompt: "3 bakers", count: 3, grounding: "off" as const, seed: 1 };
    const first = await service.acceptGenerate(account.id, request, { key: "raced", body: SPEC_BODY });
    const second = await service.acceptGenerate(account.id, request, { key: "raced", body: SPEC_BODY });
    expect(second).toBe(first);
    expect(await charges()).toHaveLength(1);
    expect(await balance()).toBe(100 - COST);
  });

  it("sweeps expired keys from the table", async () => {
    const { account } = await payer("idem-sweep", 0);
    let now = Date.now();
    const store = new IdempotencyRepository(app.context.store.db, () => new Date(now));
    await app.context.store.db.transaction((tx) => store.record(tx, { accountId: account.id, key: "old", action: "generate", requestHash: "h", jobId: "00000000-0000-4000-8000-000000000001" }));
    expect(await store.find(account.id, "old")).not.toBeNull();
    now += IDEMPOTENCY_WINDOW_MS + 1;
    expect(await store.find(account.id, "old")).toBeNull();
    expect(await store.sweepExpired()).toBeGreaterThanOrEqual(1);
  });
});
