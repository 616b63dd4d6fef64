/**
 * Trusting an existing identity provider: JWTs verified against its JWKS, served here by a real
 * HTTP server on 127.0.0.1; an unreachable provider is the upstream's failure (502), not the caller's.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { AccountRepository, hashApiKey } from "../store/accounts.ts";
import { apiKeys } from "../store/schema.ts";
import { Authenticator, CREDENTIAL_CACHE_MS } from "./auth.ts";

const ISSUER = "https://id.example.test";
let provider: Server;
let providerUrl = "";
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let status = 200;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  provider = createServer((_request, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  const address = provider.address();
  providerUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));

async function providerToken(subject: string) {
  return new SignJWT({ email: `${subject}@example.test` }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject(subject).setIssuer(ISSUER).setExpirationTime("5m").sign(privateKey);
}

describe("JWTs from an identity provider (JWKS)", () => {
  let providerApp: TestApp;
  let unreachable: TestApp;
  beforeAll(async () => {
    providerApp = await startTestApp({ jwksUrl: providerUrl, jwtIssuer: ISSUER });
    unreachable = await startTestApp({ jwksUrl: "http://127.0.0.1:9/jwks.json", jwtIssuer: ISSUER });
  });
  afterAll(async () => {
    await providerApp?.close();
    await unreachable?.close();
  });

  it("accepts the provider's tokens and gives its user an account of their own", async () => {
    const token = await providerToken("user-1");
    const first = await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` });
    expect(first.status).toBe(200);
    const again = await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${await providerToken("user-1")}` });
    expect(again.body.user_id).toBe(first.body.user_id);
    const other = await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${await providerToken("user-2")}` });
    expect(other.body.user_id).not.toBe(first.body.user_id);
  });

  it("never takes a provider's subject for a local account's id: a provider user whose sub is an account's UUID gets an account of their own", async () => {
    const local = await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${providerApp.devKey}` });
    const lookalike = await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${await providerToken(local.body.user_id)}` });
    expect(lookalike.status).toBe(200);
    expect(lookalike.body.user_id).not.toBe(local.body.user_id);
  });

  it("rejects tokens the provider did not sign, or for another issuer", async () => {
    const { privateKey: stranger } = await generateKeyPair("RS256");
    const forged = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("x").setIssuer(ISSUER).setExpirationTime("5m").sign(stranger);
    expect((await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${forged}` })).status).toBe(401);
    const wrongIssuer = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("x").setIssuer("https://evil.test").setExpirationTime("5m").sign(privateKey);
    expect((await providerApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${wrongIssuer}` })).status).toBe(401);
  });

  it("answers 502 UPSTREAM_ERROR with a trace_id when the provider cannot be reached", async () => {
    const response = await unreachable.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${await providerToken("user-3")}` });
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe("UPSTREAM_ERROR");
    expect(response.body.error.trace_id).toBe(response.headers.get("x-request-id"));
  });
});

/**
 * The server the HS256 tests below share (JWT lifetimes, remembered credentials): each test makes
 * its own keys and tokens, and a server costs ~1 CPU-s to start.
 */
const SECRET = "server-secret-long-enough-for-hs256";
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ jwtSecret: SECRET });
});
afterAll(async () => {
  await app?.close();
});

describe("JWT lifetimes", () => {

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (expiresAt?: number) => {
    const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(app.devAccount.id);
    return (expiresAt === undefined ? jwt : jwt.setExpirationTime(expiresAt)).sign(new TextEncoder().encode(SECRET));
  };
  const whoami = async (token: string) => (await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` })).status;

  it("refuses a token without exp: it would be valid forever", async () => {
    expect(await whoami(await sign())).toBe(401);
    expect(await whoami(await sign(now() + 300))).toBe(200);
  });

  it("allows 30 seconds of clock difference by default, and no more", async () => {
    expect(await whoami(await sign(now() - 10))).toBe(200);
    expect(await whoami(await sign(now() - 120))).toBe(401);
  });

  it("takes its leeway from the configuration (DRAMATIS_JWT_CLOCK_TOLERANCE_SECONDS)", async () => {
    const strict = new Authenticator(app.context.accounts, { jwtSecret: SECRET, signupCredits: 0, clockToleranceSeconds: 0 });
    const lenient = new Authenticator(app.context.accounts, { jwtSecret: SECRET, signupCredits: 0, clockToleranceSeconds: 600 });
    const justExpired = await sign(now() - 10);
    expect(await strict.accountForToken(justExpired)).toBeNull();
    expect((await lenient.accountForToken(await sign(now() - 300)))?.id).toBe(app.devAccount.id);
  });
});

/**
 * Credentials remembered between requests (see auth.ts): a poll or an NPC turn asks the store
 * nothing to know who calls, and what this process revokes or recharges is forgotten at once; what
 * another process changes is seen within CREDENTIAL_CACHE_MS (a clock injected here, no sleeping).
 */
describe("remembered credentials", () => {

  const whoami = async (key: string) => (await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${key}` })).status;
  const newKey = async (name: string) => (await app.context.accounts.createKey(app.devAccount.id, name)).key;
  /** A request as the authenticator sees one: only its headers are read. */
  const requestWith = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as unknown as FastifyRequest;

  it("asks the store for a key once, not on every request", async () => {
    const key = await newKey("polling");
    const lookups = vi.spyOn(app.context.accounts, "findByKey");
    try {
      expect(await whoami(key)).toBe(200);
      expect(await whoami(key)).toBe(200);
      expect(await whoami(key)).toBe(200);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it("refuses a key on its very next request once this process revoked it, through any repository over the store", async () => {
    const key = await newKey("to revoke");
    expect(await whoami(key)).toBe(200);
    // The CLI's and the operator routes' repositories are not the authenticator's own.
    const elsewhere = new AccountRepository(app.context.store.db);
    const [row] = await elsewhere.findKeys(key);
    expect(await elsewhere.revokeKeyById(row!.id)).toBe(true);
    expect(await whoami(key)).toBe(401);
  });

  it("refuses a key revoked by another process at most CREDENTIAL_CACHE_MS later", async () => {
    let now = Date.now();
    const other = new Authenticator(new AccountRepository(app.context.store.db), { signupCredits: 0, now: () => now });
    const key = await newKey("revoked elsewhere");
    expect((await other.identify(requestWith(key)))?.id).toBe(app.devAccount.id);
    // What another process sharing the Postgres does: the row changes, nobody here is told.
    await app.context.store.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.hash, hashApiKey(key)));
    now += CREDENTIAL_CACHE_MS - 1;
    expect((await other.identify(requestWith(key)))?.id).toBe(app.devAccount.id);
    now += 1;
    await expect(other.identify(requestWith(key))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("remembers no refusal: a key created after a failed attempt works on its next request", async () => {
    const key = `ak_${"later".padEnd(40, "x")}`;
    expect(await whoami(key)).toBe(401);
    await app.context.accounts.createKey(app.devAccount.id, "created later", key);
    expect(await whoami(key)).toBe(200);
  });

  it("gives the account as it is after a grant made in this process", async () => {
    const key = await newKey("balance");
    const before = await app.context.auth.identify(requestWith(key));
    await new AccountRepository(app.context.store.db).grant(app.devAccount.id, 7, "test grant");
    const after = await app.context.auth.identify(requestWith(key));
    expect(after!.balance).toBe(before!.balance + 7);
  });

  it("never believes a JWT past its exp, however recently it was resolved", async () => {
    let now = Date.now();
    const strict = new Authenticator(app.context.accounts, { jwtSecret: SECRET, signupCredits: 0, clockToleranceSeconds: 0, now: () => now });
    const expiresAt = Math.floor(now / 1000) + 2;
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(app.devAccount.id).setExpirationTime(expiresAt).sign(new TextEncoder().encode(SECRET));
    expect((await strict.identify(requestWith(token)))?.id).toBe(app.devAccount.id);
    now = expiresAt * 1000 + 1;
    expect(now - Date.now()).toBeLessThan(CREDENTIAL_CACHE_MS);
    await expect(strict.identify(requestWith(token))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
