/**
 * What goes on the wire and how answers become values or typed errors, against a scripted server
 * that speaks the spec (and, where noted, servers that do not quite).
 */
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, DramatisApiError, DramatisConnectionError, DramatisInvalidResponseError } from "./index.ts";
import { sequence, startScriptedServer, type ScriptedAnswer, type ScriptedServer } from "./__fixtures__/scripted-server.ts";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(answers: ScriptedAnswer[], options: { baseUrlSuffix?: string; headers?: Record<string, string>; requestTimeoutMs?: number } = {}) {
  server = await startScriptedServer(sequence(answers));
  return createClient({ baseUrl: `${server.url}${options.baseUrlSuffix ?? ""}`, token: "ak_test", headers: options.headers, requestTimeoutMs: options.requestTimeoutMs });
}

const accepted: ScriptedAnswer = { json: { id: "b06f6aae-bcf6-4157-b241-7e19c9182a70", status: "pending" } };

describe("requests", () => {
  it("POSTs generate with only the fields given: seed and defaults stay off the wire", async () => {
    const client = await serve([accepted]);

    const handle = await client.populations.generate({ prompt: "10 League of Legends players from around the globe" });

    expect(handle.id).toBe("b06f6aae-bcf6-4157-b241-7e19c9182a70");
    expect(server!.requests[0]).toMatchObject({ method: "POST", path: "/v1/personas/actions/generate", body: { prompt: "10 League of Legends players from around the globe" } });
    expect(server!.requests[0]!.headers).toMatchObject({ authorization: "Bearer ak_test", "content-type": "application/json" });
  });

  it("sends seed, count and grounding when given", async () => {
    const client = await serve([accepted]);

    await client.populations.generate({ prompt: "nurses", count: 3, grounding: "web", seed: 42 });

    expect(server!.requests[0]!.body).toEqual({ prompt: "nurses", count: 3, grounding: "web", seed: 42 });
  });

  it("keeps a base URL's path prefix and drops its trailing slash; sends the client's extra headers", async () => {
    const client = await serve([accepted], { baseUrlSuffix: "/proxy/", headers: { "x-team": "qa" } });

    await client.populations.enhance({ persona: "Sam is a 30-year-old support main." });

    expect(server!.requests[0]).toMatchObject({ path: "/proxy/v1/personas/actions/enhance", body: { persona: "Sam is a 30-year-old support main." } });
    expect(server!.requests[0]!.headers["x-team"]).toBe("qa");
  });

  it("reads the account surface with POST {}", async () => {
    const summary = { total_calls: 2, total_credits: 3.5, per_component: [], daily_series: [], plan: "extra keys are fine" };
    const client = await serve([{ json: summary }, { json: { user_id: "u_1" } }]);

    expect(await client.account.usageSummary()).toEqual(summary);
    expect(await client.account.whoami()).toEqual({ user_id: "u_1" });
    expect(server!.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ["POST", "/v1/credits/projections/usage-summary", {}],
      ["POST", "/v1/turn-taking/actions/whoami", {}],
    ]);
  });

  it("accepts the spec's sparse poll bodies and keeps keys it does not know", async () => {
    const client = await serve([{ json: { id: "e1", status: "failed", error: "provider_error", extra: { from: "another server" } } }]);

    const poll = await client.populations.getEvaluation("e1").poll();

    expect(poll).toEqual({ id: "e1", status: "failed", error: "provider_error", extra: { from: "another server" } });
  });
});

describe("errors", () => {
  it("turns a 422 envelope into DramatisApiError with pydantic details and the request id", async () => {
    const details = [{ loc: ["prompt"], msg: "String should have at least 1 character", type: "string_too_short" }];
    const client = await serve([{ status: 422, json: { error: { code: "validation_failed", message: "request validation failed", details } }, headers: { "x-request-id": "req-9" } }]);

    const error = await client.populations.generate({ prompt: "" }).catch((caught: unknown) => caught);

    expect(DramatisApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 422, code: "validation_failed", message: "request validation failed", details, requestId: "req-9" });
  });

  it("carries trace_id from a 5xx envelope", async () => {
    const client = await serve([{ status: 500, json: { error: { code: "internal_error", message: "boom", trace_id: "t-1" } } }]);

    await expect(client.account.whoami()).rejects.toMatchObject({ status: 500, code: "internal_error", traceId: "t-1", details: [] });
  });

  it("still gives a useful error for a non-JSON body (a proxy's HTML page)", async () => {
    const client = await serve([{ status: 502, text: "<html><body><h1>502 Bad Gateway</h1></body></html>" }]);

    const error = await client.account.whoami().catch((caught: unknown) => caught);

    expect(DramatisApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 502, code: "UPSTREAM_ERROR" });
    expect((error as Error).message).toContain("502 Bad Gateway");
  });

  it("reads FastAPI's own {detail} shape from servers that do not wrap errors", async () => {
    const client = await serve([{ status: 401, json: { detail: "Not authenticated" } }]);

    await expect(client.account.whoami()).rejects.toMatchObject({ status: 401, code: "UNAUTHORIZED", message: "Not authenticated" });
  });

  it("parses Retry-After into milliseconds", async () => {
    const client = await serve([{ status: 429, json: { error: { code: "rate_limited", message: "slow down" } }, headers: { "retry-after": "7" } }]);

    await expect(client.account.whoami()).rejects.toMatchObject({ status: 429, retryAfterMs: 7_000 });
  });

  it("reads the hosted service's 200 null for an unknown id as not_found", async () => {
    const client = await serve([{ json: null }]);

    await expect(client.populations.get("8f2c1a7d-9e2b-4f42-9344-0df65f73e5d1").poll()).rejects.toMatchObject({ code: "not_found" });
  });

  it("rejects a 2xx body that is not JSON with DramatisInvalidResponseError", async () => {
    const client = await serve([{ status: 200, text: "<html>login page</html>" }]);

    const error = await client.populations.generate({ prompt: "x" }).catch((caught: unknown) => caught);

    expect(DramatisInvalidResponseError.isInstance(error)).toBe(true);
  });

  it("throws DramatisConnectionError when nothing listens", async () => {
    const port = await freePort();
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, token: "ak_test" });

    const error = await client.account.whoami().catch((caught: unknown) => caught);

    expect(DramatisConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("gives up on one request after requestTimeoutMs", async () => {
    const client = await serve(["never-answer"], { requestTimeoutMs: 100 });

    const error = await client.account.whoami().catch((caught: unknown) => caught);

    expect(DramatisConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("no answer within 100 ms");
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
