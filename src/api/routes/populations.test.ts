/**
 * The Populations API's generate flow, driven through a real server on 127.0.0.1 exactly as the
 * spec's curl example does it, and every way a request can be rejected.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { SPEC_GENERATE_REQUEST } from "../../../test/fixtures/spec-examples.ts";
import { loadConfig } from "../../config.ts";

const SPEC_REQUEST = SPEC_GENERATE_REQUEST;

// One server for the file: no test changes its settings, and each reads only its own jobs.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ maxCount: 2000 });
});
afterAll(async () => {
  await app?.close();
});

describe("POST /v1/personas/actions/generate", () => {
  it("accepts the spec's example with 200 pending, then polls to succeeded with 10 personas that match the blueprint", async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", SPEC_REQUEST);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "pending" });
    expect(started.headers.get("x-request-id")).toBeTruthy();

    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`);
    expect(poll.status).toBe("succeeded");
    expect(Object.keys(poll).sort()).toEqual(
      ["count", "created_at", "error", "grounding", "id", "progress", "prompt", "result", "status", "updated_at"].sort(),
    );
    expect(poll.error).toBeNull();
    expect(poll.progress).toEqual({ phase: "complete", produced: 10, total: 10 });

    const { personas, blueprint, diversity, marginals } = poll.result;
    expect(personas).toHaveLength(10);
    expect(blueprint.domain).toBe("lol_player");
    const declared = blueprint.fields.map((field: { name: string }) => field.name).sort();
    for (const persona of personas) {
      expect(Object.keys(persona.fields).sort()).toEqual(declared);
      for (const value of Object.values(persona.fields)) expect(typeof value).toBe("string");
      expect(persona.system_prompt.length).toBeGreaterThan(50);
      expect(persona.markdown).toMatch(/^# /);
    }
    expect(new Set(personas.map((persona: { fields: { name: string } }) => persona.fields.name)).size).toBe(10);
    expect(diversity).toMatchObject({ duplicate_pairs: expect.any(Number), mean_pairwise_similarity: expect.any(Number) });
    const rootCategoricals = blueprint.fields.filter((field: any) => field.kind === "categorical" && field.parents.length === 0);
    expect(marginals.map((marginal: { attribute: string }) => marginal.attribute).sort()).toEqual(
      rootCategoricals.map((field: { name: string }) => field.name).sort(),
    );
    // Offline there is no search provider: the blueprint must say so instead of pretending.
    expect(blueprint.sources.join(" ")).toMatch(/no search provider|built-in/i);
  });

  it("gives byte-identical results for the same request and seed", async () => {
    const body = { prompt: "25 nurses in rural Ohio", count: 25, seed: 1234 };
    const first = await app.request("POST", "/v1/personas/actions/generate", body);
    const second = await app.request("POST", "/v1/personas/actions/generate", body);
    const [a, b] = await Promise.all([
      pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${first.body.id}`),
      pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${second.body.id}`),
    ]);
    expect(a.status).toBe("succeeded");
    expect(JSON.stringify(a.result)).toBe(JSON.stringify(b.result));
  });

  it("omits diversity and marginals for a single persona", async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "a retired teacher" });
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`);
    expect(poll.count).toBe(1);
    expect(poll.result.personas).toHaveLength(1);
    expect(poll.result).not.toHaveProperty("diversity");
    expect(poll.result).not.toHaveProperty("marginals");
  });

  // A population of one shard (up to 1,000 personas, offline) is one job that stores everything at
  // once (4be2f93): its progress goes from nothing to done. One of two shards moves it on the way.
  it("reports progress that moves while the shards of a population are written", async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "1001 League of Legends players", count: 1001, seed: 7 });
    const seen = new Set<string>();
    for (;;) {
      const { body } = await app.request("GET", `/v1/personas/repositories/Population/by-id/${started.body.id}`);
      seen.add(`${body.status}:${body.progress.produced}`);
      if (body.status === "succeeded" || body.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seen.has("succeeded:1001")).toBe(true);
    const running = [...seen].filter((entry) => entry.startsWith("running:"));
    expect(running.length).toBeGreaterThan(1);
  });

  describe("rejects bad requests with the spec's envelope", () => {
    const post = (body: unknown, headers?: Record<string, string>) => app.request("POST", "/v1/personas/actions/generate", body, headers);

    it("401 UNAUTHORIZED without a token or with a wrong one", async () => {
      for (const authorization of ["", "Bearer ak_notarealkeyatallnotarealkey", "Bearer nonsense", "Basic abc"]) {
        const response = await post(SPEC_REQUEST, { authorization });
        expect(response.status).toBe(401);
        expect(response.body).toEqual({ error: { code: "UNAUTHORIZED", message: "Authentication failed." } });
      }
    });

    it("422 for an empty or missing prompt, with pydantic details", async () => {
      expect((await post({ prompt: "", count: 2 })).body).toEqual({
        error: {
          code: "validation_failed",
          message: "request validation failed",
          details: [{ loc: ["prompt"], msg: "String should have at least 1 character", type: "string_too_short" }],
        },
      });
      const missing = await post({ count: 2 });
      expect(missing.status).toBe(422);
      expect(missing.body.error.details).toEqual([{ loc: ["prompt"], msg: "Field required", type: "missing" }]);
      expect((await post({ prompt: "   " })).body.error.details[0].type).toBe("string_too_short");
      expect((await post({ prompt: 42 })).body.error.details[0]).toMatchObject({ loc: ["prompt"], type: "string_type" });
    });

    it("422 for a count below 1 or not an integer", async () => {
      const zero = await post({ prompt: "x", count: 0 });
      expect(zero.status).toBe(422);
      expect(zero.body.error.details).toEqual([{ loc: ["count"], msg: "Input should be greater than or equal to 1", type: "greater_than_equal" }]);
      const fraction = await post({ prompt: "x", count: 2.5 });
      expect(fraction.status).toBe(422);
      expect(fraction.body.error.details[0]).toMatchObject({ loc: ["count"], type: "int_from_float" });
      for (const count of ["ten", true, null, [3]]) {
        const response = await post({ prompt: "x", count });
        expect(response.status).toBe(422);
        expect(response.body.error.details[0].loc).toEqual(["count"]);
      }
    });

    it("caps a population at 100,000 personas unless DRAMATIS_MAX_COUNT says otherwise, up to a million and more", () => {
      expect(loadConfig({}).maxCount).toBe(100_000);
      expect(loadConfig({ DRAMATIS_MAX_COUNT: "1000000" }).maxCount).toBe(1_000_000);
      expect(loadConfig({ DRAMATIS_MAX_COUNT: "5000000" }).maxCount).toBe(5_000_000);
    });

    it("400 VALIDATION_ERROR for a count over the cap", async () => {
      const response = await post({ prompt: "x", count: 2001 });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_ERROR");
      expect(response.body.error.message).toMatch(/2000/);
    });

    it("422 literal_error for an unknown grounding", async () => {
      const response = await post({ prompt: "x", grounding: "deep" });
      expect(response.status).toBe(422);
      expect(response.body.error.details).toEqual([
        { loc: ["grounding"], msg: "Input should be 'off', 'web' or 'research'", type: "literal_error" },
      ]);
    });

    it("a clear 4xx in the envelope for malformed JSON, never a 500", async () => {
      const response = await post('{"prompt": "x", ');
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("validation_failed");
      expect(response.body.error.details[0].type).toBe("json_invalid");
      const notAnObject = await post("[1,2]");
      expect(notAnObject.status).toBe(422);
      expect(notAnObject.body.error.details[0]).toMatchObject({ loc: [], type: "model_attributes_type" });
    });

    it("ignores unknown fields, as the hosted service does", async () => {
      const response = await post({ prompt: "3 chess players", count: 3, style: "noir" });
      expect(response.status).toBe(200);
    });

    it("400 invalid id for a malformed id, 404 for an unknown one", async () => {
      const malformed = await app.request("GET", "/v1/personas/repositories/Population/by-id/not-an-id");
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({ error: { code: "VALIDATION_ERROR", message: "invalid id" } });
      const unknown = await app.request("GET", "/v1/personas/repositories/Population/by-id/00000000-0000-4000-8000-000000000000");
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("not_found");
    });
  });
});

describe("edge inputs found in review", () => {
  it("422 naming the field for a NUL character anywhere in a body or query, never a 500", async () => {
    const generate = await app.request("POST", "/v1/personas/actions/generate", { prompt: "a \u0000 b" });
    expect(generate.status).toBe(422);
    expect(generate.body.error.details[0]).toMatchObject({ loc: ["prompt"], type: "string_pattern_mismatch" });
    const validate = await app.request("POST", "/v1/personas/actions/validate", {
      personas: [{ persona_id: "p1", fields: { "bad\u0000key": "x" }, system_prompt: "x", markdown: "x" }],
    });
    expect(validate.body.error.details[0].loc).toEqual(["personas", 0, "fields", "bad\u0000key"]);
    const query = await app.request("GET", "/api/v1/personas?public_only=tr%00ue");
    expect(query.status).toBe(422);
  });

  it("treats a trailing slash as the same route", async () => {
    expect((await app.request("POST", "/v1/turn-taking/actions/whoami/", {})).status).toBe(200);
  });

  it("answers a malformed URL with the envelope and a request id", async () => {
    const response = await app.request("GET", "/v1/personas/repositories/Population/by-id/%ZZ");
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: "VALIDATION_ERROR", message: "malformed URL" } });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("treats a huge count as over the cap (400), and words integer errors as pydantic does", async () => {
    for (const count of [1e20, "99999999999999999999999"]) {
      const response = await app.request("POST", "/v1/personas/actions/generate", { prompt: "x", count });
      expect(response.status, String(count)).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_ERROR");
    }
    const text = await app.request("POST", "/v1/personas/actions/generate", { prompt: "x", count: "abc" });
    expect(text.body.error.details).toEqual([{ loc: ["count"], msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing" }]);
    for (const count of [null, true]) {
      const response = await app.request("POST", "/v1/personas/actions/generate", { prompt: "x", count });
      expect(response.body.error.details).toEqual([{ loc: ["count"], msg: "Input should be a valid integer", type: "int_type" }]);
    }
    const seed = await app.request("POST", "/v1/personas/actions/generate", { prompt: "x", seed: 2 ** 40 });
    expect(seed.body.error.details[0]).toMatchObject({ loc: ["seed"], type: "less_than_equal" });
  });
});

describe("what a poll reads from the store", () => {
  const pollPath = (id: string) => `/v1/personas/repositories/Population/by-id/${id}`;

  it("reads nothing for a population that succeeded: its version is final, remembered for its owner", async () => {
    const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "5 beekeepers in Slovenia", count: 5, seed: 7 });
    const finished = await pollUntilDone(app, pollPath(body.id));
    expect(finished.status).toBe("succeeded");
    const versionReads = vi.spyOn(app.context.jobs, "version");
    const rowReads = vi.spyOn(app.context.jobs, "getPopulation");
    try {
      const first = await app.request("GET", pollPath(body.id));
      const second = await app.request("GET", pollPath(body.id));
      expect(second.body).toEqual(first.body);
      expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
      const revalidated = await app.request("GET", pollPath(body.id), undefined, { "if-none-match": first.headers.get("etag")! });
      expect(revalidated.status).toBe(304);
      expect(versionReads).not.toHaveBeenCalled();
      expect(rowReads).not.toHaveBeenCalled();
    } finally {
      versionReads.mockRestore();
      rowReads.mockRestore();
    }
  });

  it("still answers 404 to another account polling a finished population it remembers", async () => {
    const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "3 ferry captains", count: 3, seed: 8 });
    await pollUntilDone(app, pollPath(body.id));
    const stranger = (await app.context.accounts.createKey((await app.context.accounts.create("stranger")).id)).key;
    const answer = await app.request("GET", pollPath(body.id), undefined, { authorization: `Bearer ${stranger}` });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("not_found");
  });

  it("reads the version of an unfinished population on every poll, so progress is never stale", async () => {
    // An API process with no workers: what it accepts stays pending.
    const apiOnly = await startTestApp({}, { workers: false });
    try {
      const { body } = await apiOnly.request("POST", "/v1/personas/actions/generate", { prompt: "4 glassblowers", count: 4 });
      const versionReads = vi.spyOn(apiOnly.context.jobs, "version");
      const first = await apiOnly.request("GET", pollPath(body.id));
      const second = await apiOnly.request("GET", pollPath(body.id));
      expect([first.body.status, second.body.status]).toEqual(["pending", "pending"]);
      expect(versionReads).toHaveBeenCalledTimes(2);
    } finally {
      await apiOnly.close();
    }
  });
});
