/**
 * HTTP details every client meets: headers on every answer, Node's parser errors in the envelope,
 * 405 with `Allow`, the front door, CORS for browsers, compressed answers and 304s for polls.
 */
import { connect } from "node:net";
import { gunzipSync, gzipSync, brotliDecompressSync } from "node:zlib";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { LLM_HEADERS } from "../shared/npc-contract.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ maxCount: 1000 });
});
afterAll(async () => {
  await app?.close();
});

/** Writes raw bytes to the server and returns everything it answers before closing. */
function rawExchange(payload: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(payload));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (received += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = received.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), headers: head.toLowerCase(), body });
    });
  });
}

/** A GET with chosen headers through node:http, which (unlike fetch) does not decompress. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.devKey}`, ...headers } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, bytes: Buffer.concat(chunks) }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("headers on every answer", () => {
  it("sends X-Content-Type-Options: nosniff and an x-request-id on successes, errors and 404s", async () => {
    for (const [method, path] of [
      ["GET", "/healthz"],
      ["GET", "/nowhere"],
      ["POST", "/v1/turn-taking/actions/whoami"],
      ["GET", "/v1/personas/repositories/Population/by-id/not-an-id"],
    ] as const) {
      const response = await app.request(method, path, method === "POST" ? {} : undefined);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-request-id"), path).toMatch(/\S+/);
    }
  });
});

describe("requests Node's parser refuses", () => {
  it("431 in the envelope for a 20 KB header", async () => {
    const answer = await rawExchange(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers).toContain("x-content-type-options: nosniff");
    expect(answer.headers).toMatch(/x-request-id: \S+/);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "headers_too_large", message: "request headers are too large (at most 16 KB in all)" } });
  });

  it("431 with no body for a HEAD request, so the client reads one clean answer", async () => {
    // node:http as a client: bytes after a HEAD answer's headers were "Data after Connection: close".
    const { port } = new URL(app.url);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest({ method: "HEAD", host: "127.0.0.1", port, path: "/healthz", headers: { "x-big": "a".repeat(20_000) } }, (incoming) => {
        incoming.resume();
        incoming.on("end", () => resolve(incoming.statusCode ?? 0));
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
    expect(status).toBe(431);
    const raw = await rawExchange(`HEAD /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(raw.status).toBe(431);
    expect(raw.body).toBe("");
  });

  it("400 in the envelope for a bad request line, a bad chunk, and Content-Length with Transfer-Encoding", async () => {
    const cases = [
      "NOT A REQUEST\r\n\r\n",
      "POST /v1/turn-taking/actions/whoami HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
      "POST /v1/turn-taking/actions/whoami HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ];
    for (const payload of cases) {
      const answer = await rawExchange(payload);
      expect(answer.status, payload).toBe(400);
      const body = JSON.parse(answer.body);
      expect(body.error.code, payload).toBe("VALIDATION_ERROR");
      expect(body.error.message, payload).toMatch(/^malformed HTTP request/);
    }
  });

  it("400 in the envelope for an HTTP/1.1 request without Host (Node's own answer had no body); HTTP/1.0 needs none", async () => {
    const answer = await rawExchange("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(answer.status).toBe(400);
    expect(answer.headers).toContain("x-request-id");
    expect(JSON.parse(answer.body).error).toEqual({ code: "VALIDATION_ERROR", message: "an HTTP/1.1 request needs a Host header" });
    expect((await rawExchange("GET /healthz HTTP/1.0\r\n\r\n")).status).toBe(200);
  });
});

describe("methods and the front door", () => {
  it("answers 405 with Allow for a wrong method on an existing path", async () => {
    const response = await app.request("GET", "/v1/personas/actions/generate");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(response.body.error).toEqual({ code: "method_not_allowed", message: "GET is not allowed on /v1/personas/actions/generate; use POST" });
    const poll = await app.request("DELETE", "/v1/personas/repositories/Population/by-id/00000000-0000-4000-8000-000000000000");
    expect(poll.status).toBe(405);
    expect(poll.headers.get("allow")).toBe("GET, HEAD");
  });

  it("still answers 404 for a path that exists under no method", async () => {
    const response = await app.request("GET", "/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not_found");
  });

  it("answers 404, not 405, when a route of the request's own method finds nothing (a missing documentation asset)", async () => {
    const missing = await app.request("GET", "/docs/static/no-such-file.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("allow")).toBeNull();
    expect(missing.body.error.code).toBe("not_found");
  });

  it("serves the web UI at / and the API documentation at /docs", async () => {
    const root = await fetch(`${app.url}/`, { redirect: "manual" });
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toMatch(/^text\/html/);
    const docs = await fetch(`${app.url}/docs`, { redirect: "follow" });
    expect(docs.status).toBe(200);
    // Like /play and the web UI, the documentation page has a policy and is never framed.
    const policy = docs.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });
});

describe("request bodies sent compressed", () => {
  it("reads a gzip body, and refuses an unknown encoding or a broken stream in the envelope", async () => {
    const body = gzipSync(JSON.stringify({}));
    const ok = await fetch(`${app.url}/v1/turn-taking/actions/whoami`, { method: "POST", headers: { authorization: `Bearer ${app.devKey}`, "content-type": "application/json", "content-encoding": "gzip" }, body });
    expect(ok.status).toBe(200);
    const unknown = await app.request("POST", "/v1/turn-taking/actions/whoami", "{}", { "content-encoding": "snappy" });
    expect(unknown.status).toBe(415);
    expect(unknown.body.error.code).toBe("unsupported_media_type");
    const broken = await app.request("POST", "/v1/turn-taking/actions/whoami", "not gzip at all", { "content-encoding": "gzip" });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual({ code: "VALIDATION_ERROR", message: "the request body could not be decompressed" });
  });
});

describe("polling a big population (D9)", () => {
  let path = "";
  let plain: Buffer;
  beforeAll(async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "400 nurses in Ohio", count: 400, seed: 11 });
    path = `/v1/personas/repositories/Population/by-id/${started.body.id}`;
    await pollUntilDone(app, path, 120_000);
    plain = (await rawGet(path, {})).bytes;
  }, 180_000);

  it("compresses the answer for clients that accept gzip or brotli", async () => {
    expect(plain.length).toBeGreaterThan(1_000_000);
    const gzip = await rawGet(path, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.bytes.length * 5).toBeLessThan(plain.length);
    expect(gunzipSync(gzip.bytes).equals(plain)).toBe(true);
    const brotli = await rawGet(path, { "accept-encoding": "br, gzip" });
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(brotli.bytes).equals(plain)).toBe(true);
  });

  it("answers 304 with no body when the client already has this version", async () => {
    const first = await rawGet(path, {});
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers["cache-control"]).toBe("private, no-cache");
    const again = await rawGet(path, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const stale = await rawGet(path, { "if-none-match": 'W/"something-else"' });
    expect(stale.status).toBe(200);
    expect(stale.bytes.equals(plain)).toBe(true);
  });

  it("answers 304 for a finished population from its remembered final version, reading neither its version nor its result again", async () => {
    const etag = (await rawGet(path, {})).headers.etag as string;
    const version = vi.spyOn(app.context.jobs, "version");
    const whole = vi.spyOn(app.context.jobs, "getPopulation");
    try {
      const again = await rawGet(path, { "if-none-match": etag });
      expect(again.status).toBe(304);
      // A succeeded job's version is final, so the first poll's answer is enough (poll-cache.ts).
      expect(version).not.toHaveBeenCalled();
      expect(whole).not.toHaveBeenCalled();
    } finally {
      version.mockRestore();
      whole.mockRestore();
    }
  });

  it("reads, serialises and compresses a finished population once for many concurrent polls", async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "40 teachers in Leeds", count: 40, seed: 5 });
    const id = started.body.id as string;
    // Waits on the store, not by polling, so that no poll has loaded the finished version yet.
    for (let status = ""; status !== "succeeded"; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await app.context.jobs.version("population", id, app.devAccount.id))?.status ?? "";
    }
    const whole = vi.spyOn(app.context.jobs, "getPopulation");
    try {
      const encodings = ["", "gzip", "br", "gzip, deflate", "br;q=0.5, gzip"];
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, index) => rawGet(`/v1/personas/repositories/Population/by-id/${id}`, { "accept-encoding": encodings[index % encodings.length]! })),
      );
      expect(whole).toHaveBeenCalledTimes(1);
      const identity = answers[0]!.bytes;
      expect(JSON.parse(identity.toString()).result.personas).toHaveLength(40);
      for (const answer of answers) {
        const encoding = answer.headers["content-encoding"];
        const decoded = encoding === "gzip" ? gunzipSync(answer.bytes) : encoding === "br" ? brotliDecompressSync(answer.bytes) : answer.bytes;
        expect(decoded.equals(identity)).toBe(true);
        expect(answer.headers.etag).toBe(answers[0]!.headers.etag);
      }
      expect(answers.map((answer) => answer.headers["content-encoding"] ?? "identity").slice(0, 5)).toEqual(["identity", "gzip", "br", "gzip", "gzip"]);
    } finally {
      whole.mockRestore();
    }
  }, 120_000);

  it("changes the ETag when the job moves on, so a client never keeps a stale poll", async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "3 bakers", count: 3, seed: 1 });
    const small = `/v1/personas/repositories/Population/by-id/${started.body.id}`;
    const pending = await rawGet(small, {});
    await pollUntilDone(app, small);
    const done = await rawGet(small, { "if-none-match": pending.headers.etag as string });
    expect(done.status).toBe(200);
    expect(JSON.parse(done.bytes.toString()).status).toBe("succeeded");
  });

  it("gives another account's id a 404, whatever If-None-Match it sends", async () => {
    const other = await app.context.accounts.create("etag-stranger", 0);
    const { key } = await app.context.accounts.createKey(other.id, "test");
    const mine = await rawGet(path, {});
    const theirs = await rawGet(path, { authorization: `Bearer ${key}`, "if-none-match": mine.headers.etag as string });
    expect(theirs.status).toBe(404);
  });
});

describe("CORS", () => {
  let browserApp: TestApp;
  beforeAll(async () => {
    browserApp = await startTestApp({ corsOrigins: ["https://app.example.test"] });
  });
  afterAll(async () => {
    await browserApp?.close();
  });

  it("answers a preflight from an allowed origin, and lets the browser read the answer and its request id", async () => {
    const preflight = await fetch(`${browserApp.url}/v1/personas/actions/generate`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.test", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, idempotency-key" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    const call = await browserApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { origin: "https://app.example.test" });
    expect(call.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
    expect(call.headers.get("access-control-expose-headers")).toContain("x-request-id");
    // A browser reading the export route in pages needs the next cursor (X-Next-Cursor, Link).
    expect(call.headers.get("access-control-expose-headers")).toContain("x-next-cursor");
    expect(call.headers.get("access-control-expose-headers")).toContain("link");
  });

  it("still answers 404 for an unknown path, and 405 names only real methods (not the preflight route every path has)", async () => {
    const unknown = await browserApp.request("GET", "/nonexistent");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const wrongMethod = await browserApp.request("DELETE", "/v1/personas/actions/generate");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("allows each X-LLM-* header by name in a preflight (a wildcard name matches no header)", async () => {
    const names = Object.values(LLM_HEADERS);
    expect(names).toHaveLength(8);
    const preflight = await fetch(`${browserApp.url}/api/v1/sdk/chat/00000000-0000-4000-8000-000000000000/message`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.test", "access-control-request-method": "POST", "access-control-request-headers": names.join(", ") },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/\s*,\s*/);
    for (const name of names) expect(allowed).toContain(name);
    expect(allowed.some((name) => name.includes("*"))).toBe(false);
  });

  it("gives other origins no CORS headers, and a server without DRAMATIS_CORS_ORIGINS gives none at all", async () => {
    const stranger = await browserApp.request("POST", "/v1/turn-taking/actions/whoami", {}, { origin: "https://evil.example.test" });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    const closed = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { origin: "https://app.example.test" });
    expect(closed.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${app.url}/v1/personas/actions/generate`, { method: "OPTIONS", headers: { origin: "https://app.example.test", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get("allow")).toBe("POST");
  });
});
