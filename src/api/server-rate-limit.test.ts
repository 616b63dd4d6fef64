/**
 * The rate limit counts callers, not header spellings (D7): one bucket per account whichever way
 * its key or token is written, one per client address for anonymous requests and one for invalid
 * credentials, and health checks are never limited.
 *
 * One server for the file; each test is a different caller: its own account, and its own client
 * address on the loopback network (127.0.0.x), so no test spends another's bucket.
 */
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";

const LIMIT = 5;
const JWT_SECRET = "rate-limit-secret-long-enough-for-hs256";
const WHOAMI = "/v1/turn-taking/actions/whoami";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ rateLimitPerMinute: LIMIT, jwtSecret: JWT_SECRET });
});
afterAll(async () => {
  await app?.close();
});

let nextAddress = 10;
/** A client on its own loopback address. */
function newClient() {
  const localAddress = `127.0.0.${nextAddress++}`;
  return (headers: Record<string, string>, path = WHOAMI): Promise<number> =>
    new Promise((resolve, reject) => {
      const method = path === WHOAMI ? "POST" : "GET";
      const outgoing = httpRequest(`${app.url}${path}`, { method, localAddress, headers: { "content-type": "application/json", ...headers } }, (incoming) => {
        incoming.resume();
        incoming.on("end", () => resolve(incoming.statusCode ?? 0));
      });
      outgoing.on("error", reject);
      outgoing.end(method === "POST" ? "{}" : undefined);
    });
}

async function newKey(name: string) {
  const account = await app.context.accounts.create(name, 0);
  return { account, key: (await app.context.accounts.createKey(account.id, "test")).key };
}

describe("one bucket per caller", () => {
  it("shares an account's bucket across every spelling of its key, X-API-Key and its JWTs", async () => {
    const send = newClient();
    const { account, key } = await newKey("rate-spellings");
    for (let call = 0; call < LIMIT; call++) expect(await send({ authorization: `Bearer ${key}` })).toBe(200);
    expect(await send({ authorization: `Bearer ${key}` })).toBe(429);
    for (const authorization of [`bearer ${key}`, `BEARER ${key}`, `Bearer    ${key}`, `Bearer\t${key}`, `Bearer ${key}  `]) {
      expect(await send({ authorization }), JSON.stringify(authorization)).toBe(429);
    }
    // X-API-Key is honoured on the NPC routes; it is the same key, so the same bucket.
    expect(await send({ "x-api-key": key }, "/api/v1/sdk/personas")).toBe(429);
    expect(await send({ authorization: `Bearer ${await app.context.auth.mintJwt(account.id)}` })).toBe(429);
    // Another client address changes nothing: the bucket is the account's.
    expect(await newClient()({ authorization: `Bearer ${key}` })).toBe(429);
  });

  it("gives another account its own bucket", async () => {
    const send = newClient();
    const first = await newKey("rate-first");
    for (let call = 0; call <= LIMIT; call++) await send({ authorization: `Bearer ${first.key}` });
    expect(await send({ authorization: `Bearer ${first.key}` })).toBe(429);
    const second = await newKey("rate-second");
    expect(await send({ authorization: `Bearer ${second.key}` })).toBe(200);
  });

  it("counts invalid credentials per client address: inventing keys never buys a fresh bucket", async () => {
    const send = newClient();
    const statuses: number[] = [];
    for (let call = 0; call < LIMIT + 3; call++) statuses.push(await send({ authorization: `Bearer ak_${randomBytes(24).toString("base64url")}` }));
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429, 429]);
    // A valid key is another caller, unaffected.
    const { key } = await newKey("rate-valid");
    expect(await send({ authorization: `Bearer ${key}` })).toBe(200);
  });

  it("never limits /healthz, even after an anonymous burst", async () => {
    const send = newClient();
    const anonymous: number[] = [];
    for (let call = 0; call < LIMIT + 2; call++) anonymous.push(await send({}, "/api/v1/personas"));
    expect(anonymous.slice(-2)).toEqual([429, 429]);
    for (let call = 0; call < LIMIT * 3; call++) expect(await send({}, "/healthz")).toBe(200);
  });

  it("resolves a request's credential once, for the limit and the route together", async () => {
    const send = newClient();
    const { key } = await newKey("rate-lookups");
    const accounts = app.context.accounts;
    const original = accounts.findByKey.bind(accounts);
    let lookups = 0;
    accounts.findByKey = async (wanted: string) => {
      lookups++;
      return original(wanted);
    };
    try {
      expect(await send({ authorization: `Bearer ${key}` })).toBe(200);
      expect(lookups).toBe(1);
    } finally {
      accounts.findByKey = original;
    }
  });
});

describe("behind a proxy", () => {
  it("takes no X-Forwarded-For on trust by default: a made-up client address buys no fresh bucket", async () => {
    const send = newClient();
    const statuses: number[] = [];
    for (let call = 0; call < LIMIT + 2; call++) statuses.push(await send({ "x-forwarded-for": `203.0.113.${call}` }, "/api/v1/personas"));
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it("counts each client of a trusted proxy apart (DRAMATIS_TRUST_PROXY), so one anonymous client cannot exhaust the others' limit", async () => {
    const proxied = await startTestApp({ rateLimitPerMinute: LIMIT, trustProxy: ["127.0.0.0/8"] });
    try {
      const viaProxy = (client: string) =>
        new Promise<number>((resolve, reject) => {
          const outgoing = httpRequest(`${proxied.url}/api/v1/personas`, { localAddress: "127.0.0.99", headers: { "x-forwarded-for": client } }, (incoming) => {
            incoming.resume();
            incoming.on("end", () => resolve(incoming.statusCode ?? 0));
          });
          outgoing.on("error", reject);
          outgoing.end();
        });
      const greedy: number[] = [];
      for (let call = 0; call < LIMIT + 2; call++) greedy.push(await viaProxy("198.51.100.7"));
      expect(greedy.slice(-2)).toEqual([429, 429]);
      expect(await viaProxy("198.51.100.8")).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
