/**
 * The SDK against the real Dramatis server (embedded Postgres in memory, offline engine, loopback):
 * the three actions end to end, the account surface, and request errors as the spec words them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { specValidateRequest } from "../../test/fixtures/spec-examples.ts";
import { createClient, DramatisApiError, type DramatisClient, type Progress, type ValidateInput } from "./index.ts";

/** Spec 003's request example, verbatim. */
const SPEC_VALIDATE_EXAMPLE: ValidateInput = specValidateRequest();

let app: TestApp;
let client: DramatisClient;

beforeAll(async () => {
  app = await startTestApp();
  client = createClient({ baseUrl: app.url, token: app.devKey, pollIntervalMs: 25, timeoutMs: 60_000 });
});

afterAll(async () => {
  await app?.close();
});

describe("against the Dramatis server", () => {
  it("generates a population and reports progress up to count personas", async () => {
    const seen: Progress[] = [];
    const handle = await client.populations.generate({ prompt: "10 League of Legends players from around the globe", count: 10, seed: 7 });

    const poll = await handle.wait({ onProgress: (progress) => seen.push(progress) });

    expect(poll.status).toBe("succeeded");
    expect(poll.result?.personas).toHaveLength(10);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ produced: 10, total: 10 });
    // Resuming by id sees the same finished population.
    expect((await client.populations.get(handle.id).poll()).result?.personas).toEqual(poll.result?.personas);
  });

  it("enhances the spec's sketch into a persona", async () => {
    const handle = await client.populations.enhance({ persona: "Sam is a 30-year-old support main. Friendly. Plays Thresh.", grounding: "off" });

    const persona = await handle.result();

    expect(persona.fields.age).toBe("30");
    expect(persona.system_prompt).not.toBe("");
    expect(persona.markdown).not.toBe("");
  });

  it("validates the spec's own example and it passes", async () => {
    const handle = await client.populations.validate(SPEC_VALIDATE_EXAMPLE);

    const report = await handle.result();

    expect(report.passed).toBe(true);
    expect(report.scorecards.map((scorecard) => scorecard.persona_id)).toEqual(["p_01"]);
  });

  it("reads the account surface", async () => {
    expect(await client.account.whoami()).toEqual({ user_id: app.devAccount.id });
    const summary = await client.account.usageSummary();
    expect(summary.daily_series).toHaveLength(7);
    expect(summary.total_calls).toBeGreaterThanOrEqual(0);
  });

  it("rejects a bad token with DramatisApiError UNAUTHORIZED and the request id", async () => {
    const stranger = createClient({ baseUrl: app.url, token: "ak_not_a_real_key" });

    const error = await stranger.populations.generate({ prompt: "anyone" }).catch((caught: unknown) => caught);

    expect(DramatisApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, code: "UNAUTHORIZED", message: "Authentication failed." });
    expect((error as DramatisApiError).requestId).toBeTruthy();
  });

  it("rejects an empty prompt with 422 and pydantic details", async () => {
    const error = await client.populations.generate({ prompt: "" }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      status: 422,
      code: "validation_failed",
      details: [{ loc: ["prompt"], msg: "String should have at least 1 character", type: "string_too_short" }],
    });
  });

  it("answers an id it does not know with not_found", async () => {
    await expect(client.populations.get("00000000-0000-4000-8000-000000000000").wait()).rejects.toMatchObject({ status: 404, code: "not_found" });
  });

  it("cancels a wait with an AbortSignal", async () => {
    const handle = await client.populations.generate({ prompt: "5 nurses in Lagos", count: 5, seed: 1 });
    const controller = new AbortController();
    const reason = new Error("no longer needed");

    // Aborted while the first poll is in flight, so the outcome does not depend on how fast the job runs.
    const waiting = handle.wait({ signal: controller.signal });
    controller.abort(reason);

    await expect(waiting).rejects.toBe(reason);
    // The job itself is untouched: it still finishes and can be resumed by id.
    expect((await client.populations.get(handle.id).wait()).status).toBe("succeeded");
  });
});
