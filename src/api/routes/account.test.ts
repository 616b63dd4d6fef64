/**
 * Accounts, credits and isolation, through a real server: 402 before anything starts, refunds for
 * failed jobs, no overspending under concurrency, another account's ids look missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { createProviders } from "../../providers.ts";
import { GENERATE_CREDITS_PER_PERSONA } from "../../billing/pricing.ts";

const JWT_SECRET = "test-secret-that-is-long-enough-for-hs256";

async function accountWithKey(app: TestApp, name: string, credits: number) {
  const account = await app.context.accounts.create(name, credits);
  const { key } = await app.context.accounts.createKey(account.id, "test");
  return { account, key, auth: { authorization: `Bearer ${key}` } };
}

async function balanceOf(app: TestApp, accountId: string) {
  return (await app.context.accounts.get(accountId))!.balance;
}

/**
 * One server for credits, isolation and the documentation: every test makes accounts of its own,
 * so none sees another's balance or jobs. Failing providers and rate limits need servers of their own.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ jwtSecret: JWT_SECRET });
});
afterAll(async () => {
  await app?.close();
});

describe("credits", () => {
  it("charges the documented price when a job is accepted", async () => {
    const { account, auth } = await accountWithKey(app, "payer", 100);
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "5 chess players", count: 5, grounding: "web" }, auth);
    expect(started.status).toBe(200);
    expect(await balanceOf(app, account.id)).toBe(100 - 5 * GENERATE_CREDITS_PER_PERSONA.web);
  });

  it("402 PAYMENT_REQUIRED before anything starts, and nothing is charged", async () => {
    const { account, auth } = await accountWithKey(app, "poor", 3);
    const response = await app.request("POST", "/v1/personas/actions/generate", { prompt: "5 chess players", count: 5 }, auth);
    expect(response.status).toBe(402);
    expect(response.body).toEqual({ error: { code: "PAYMENT_REQUIRED", message: "insufficient credits" } });
    expect(await balanceOf(app, account.id)).toBe(3);
    const ledger = await app.context.accounts.ledger(account.id);
    expect(ledger.filter((entry) => entry.kind === "charge")).toEqual([]);
  });

  it("never overspends a balance under concurrent requests", async () => {
    const { account, auth } = await accountWithKey(app, "racer", 10);
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => app.request("POST", "/v1/personas/actions/validate", { personas: [{ persona_id: "p1", fields: {}, system_prompt: "x", markdown: "x" }] }, auth)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 402)).toHaveLength(15);
    expect(await balanceOf(app, account.id)).toBe(0);
  });

  it("summarises usage over 30 days with a zero-filled 7-day series", async () => {
    const { auth } = await accountWithKey(app, "summary", 1000);
    await app.request("POST", "/v1/personas/actions/generate", { prompt: "2 chess players", count: 2 }, auth);
    await app.request("POST", "/v1/personas/actions/enhance", { persona: "A grumpy baker" }, auth);
    const response = await app.request("POST", "/v1/credits/projections/usage-summary", {}, auth);
    expect(response.status).toBe(200);
    expect(response.body.total_calls).toBe(2);
    expect(response.body.total_credits).toBe(4);
    expect(response.body.per_component).toEqual(
      expect.arrayContaining([
        { component: "generate", calls: 1, credits: 2 },
        { component: "enhance", calls: 1, credits: 2 },
        { component: "validate", calls: 0, credits: 0 },
      ]),
    );
    expect(response.body.daily_series).toHaveLength(7);
    expect(response.body.daily_series.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), requests: 2 });
  });

  it("whoami names the account", async () => {
    const { account, auth } = await accountWithKey(app, "me", 0);
    const response = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, auth);
    expect(response.body).toEqual({ user_id: account.id });
  });
});

describe("a job that fails is refunded", () => {
  let failing: TestApp;
  beforeAll(async () => {
    const offline = createProviders("offline");
    const failingModeller = {
      name: "failing",
      async design(): Promise<never> {
        throw new Error("the model provider answered 503");
      },
    };
    failing = await startTestApp({}, { providers: { ...offline, modeller: failingModeller } });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it("fails with a stable category after its retries and gives the credits back once", async () => {
    const app = failing;
    const { account, auth } = await accountWithKey(app, "unlucky", 50);
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "4 chess players", count: 4 }, auth);
    expect(await balanceOf(app, account.id)).toBe(46);
    const deadline = Date.now() + 30_000;
    let poll;
    do {
      poll = (await app.request("GET", `/v1/personas/repositories/Population/by-id/${started.body.id}`, undefined, auth)).body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (poll.status !== "failed" && Date.now() < deadline);
    expect(poll).toMatchObject({ status: "failed", error: "provider_error", result: null });
    expect(await balanceOf(app, account.id)).toBe(50);
    const refunds = (await app.context.accounts.ledger(account.id)).filter((entry) => entry.kind === "refund");
    expect(refunds).toHaveLength(1);
  });
});

describe("isolation and authentication", () => {
  it("answers 404 for another account's job, exactly like a missing one", async () => {
    const alice = await accountWithKey(app, "alice", 100);
    const bob = await accountWithKey(app, "bob", 100);
    for (const [action, repository, body] of [
      ["generate", "Population", { prompt: "2 chess players", count: 2 }],
      ["enhance", "Enhancement", { persona: "A shy librarian" }],
      ["validate", "Evaluation", { personas: [{ persona_id: "p1", fields: {}, system_prompt: "x", markdown: "x" }] }],
    ] as const) {
      const started = await app.request("POST", `/v1/personas/actions/${action}`, body, alice.auth);
      const own = await app.request("GET", `/v1/personas/repositories/${repository}/by-id/${started.body.id}`, undefined, alice.auth);
      expect(own.status).toBe(200);
      const other = await app.request("GET", `/v1/personas/repositories/${repository}/by-id/${started.body.id}`, undefined, bob.auth);
      const missing = await app.request("GET", `/v1/personas/repositories/${repository}/by-id/00000000-0000-4000-8000-000000000000`, undefined, bob.auth);
      expect(other.status).toBe(404);
      expect(other.body).toEqual(missing.body);
    }
  });

  it("accepts HS256 JWTs signed with the server secret, and rejects others", async () => {
    const { account } = await accountWithKey(app, "jwt-user", 10);
    const token = await app.context.auth.mintJwt(account.id);
    const ok = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` });
    expect(ok.body).toEqual({ user_id: account.id });
    const forged = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(account.id).sign(new TextEncoder().encode("wrong-secret-wrong-secret-wrong"));
    const rejected = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${forged}` });
    expect(rejected.status).toBe(401);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(account.id).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(JWT_SECRET));
    expect((await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${expired}` })).status).toBe(401);
  });

  it("gives an identity provider's user an account of their own on first sight", async () => {
    const token = await new SignJWT({ email: "ada@example.org" }).setProtectedHeader({ alg: "HS256" }).setSubject("idp-user-42").setIssuer("https://id.example.org").setExpirationTime("5m").sign(new TextEncoder().encode(JWT_SECRET));
    const first = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` });
    const second = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` });
    expect(first.status).toBe(200);
    expect(second.body.user_id).toBe(first.body.user_id);
  });

  it("puts an x-request-id on every response, errors included, and a trace_id on 5xx", async () => {
    for (const [method, path] of [
      ["GET", "/healthz"],
      ["GET", "/nowhere"],
      ["POST", "/v1/turn-taking/actions/whoami"],
    ] as const) {
      const response = await app.request(method, path, method === "POST" ? {} : undefined, { authorization: "" });
      expect(response.headers.get("x-request-id"), path).toMatch(/\S+/);
    }
  });

  it("revoked keys stop working", async () => {
    const { key, auth } = await accountWithKey(app, "revoked", 10);
    expect((await app.request("POST", "/v1/turn-taking/actions/whoami", {}, auth)).status).toBe(200);
    expect(await app.context.accounts.revokeKey(key.slice(0, 10))).toBe(1);
    expect((await app.request("POST", "/v1/turn-taking/actions/whoami", {}, auth)).status).toBe(401);
  });
});

describe("rate limits", () => {
  let rateLimited: TestApp;
  beforeAll(async () => {
    rateLimited = await startTestApp({ rateLimitPerMinute: 5 });
  });
  afterAll(async () => {
    await rateLimited?.close();
  });

  it("answers 429 in the envelope with Retry-After once a key has used its minute, and counts keys apart", async () => {
    const app = rateLimited;
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const response = await app.request("POST", "/v1/turn-taking/actions/whoami", {});
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(limited!.body.error.code).toBe("rate_limited");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited!.headers.get("x-request-id")).toBeTruthy();
    const other = await accountWithKey(app, "fresh", 0);
    expect((await app.request("POST", "/v1/turn-taking/actions/whoami", {}, other.auth)).status).toBe(200);
  });
});

describe("API documentation", () => {
  it("serves an OpenAPI document built from the request schemas, and a page to browse it", async () => {
    const response = await fetch(`${app.url}/openapi.json`);
    const document = (await response.json()) as any;
    expect(document.openapi).toBe("3.0.3");
    for (const path of ["/v1/personas/actions/generate", "/v1/personas/repositories/Population/by-id/{id}", "/v1/personas/actions/enhance", "/v1/personas/actions/validate", "/api/v1/creator/save", "/api/v1/chat/{id}/message"]) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    const generate = document.components.schemas.GenerateRequest;
    expect(generate.required).toEqual(["prompt"]);
    expect(generate.properties.grounding.enum).toEqual(["off", "web", "research"]);
    expect(generate.properties.count.minimum).toBe(1);
    const page = await fetch(`${app.url}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  });
});
