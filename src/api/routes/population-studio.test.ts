/**
 * The studio's additive routes on the embedded default (offline, no model), through a real server
 * on 127.0.0.1: the history of populations page by page, generating from a given blueprint (checked
 * strictly, reproducible, editable), the balance, and what interviews and panels say without a
 * model (503, nothing accepted, nothing charged).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { checkBlueprint } from "../../engine/blueprint-check.ts";
import { CALLER_BLUEPRINT_LIMITS } from "../../engine/caller-blueprint.ts";
import type { Blueprint } from "../../engine/blueprint.ts";
import type { Persona } from "../../engine/persona.ts";
import { GENERATE_CREDITS_PER_PERSONA } from "../../billing/pricing.ts";
import { createProviders, studioPartsOf } from "../../providers.ts";
import { INTERVIEW_NEEDS_MODEL, PANEL_NEEDS_MODEL } from "./population-studio.ts";

const GENERATE = "/v1/personas/actions/generate";
const POPULATION = "/v1/personas/repositories/Population";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function accountWithKey(name: string, credits = 10_000) {
  const account = await app.context.accounts.create(name, credits);
  const { key } = await app.context.accounts.createKey(account.id, "test");
  return { account, auth: { authorization: `Bearer ${key}` } };
}

async function balanceOf(accountId: string): Promise<number> {
  return (await app.context.accounts.get(accountId))!.balance;
}

/** A finished population of the account `auth` names (the dev account's by default). */
async function generated(body: Record<string, unknown>, auth: Record<string, string> = {}) {
  const started = await app.request("POST", GENERATE, body, auth);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const asOwner: TestApp = { ...app, request: (method, path, payload, headers) => app.request(method, path, payload, { ...auth, ...headers }) };
  const poll = await pollUntilDone(asOwner, `${POPULATION}/by-id/${started.body.id}`);
  expect(poll.status).toBe("succeeded");
  return poll as { id: string; result: { personas: Persona[]; blueprint: Blueprint; marginals?: Array<{ attribute: string; total_variation_distance: number }> } };
}

/** A persona's sampled (categorical and numeric) fields: what the seed decides. */
function structuredFields(blueprint: Blueprint, personas: readonly Persona[]) {
  const sampled = blueprint.fields.filter((field) => field.kind !== "text").map((field) => field.name);
  return personas.map((persona) => Object.fromEntries(sampled.map((name) => [name, persona.fields[name]])));
}

describe("GET /v1/personas/repositories/Population (the history)", () => {
  it("lists the caller's populations newest first, a page at a time, without results, until next_cursor is null", async () => {
    const { auth } = await accountWithKey("historian");
    const ids: string[] = [];
    for (const prompt of ["2 chess players", "3 nurses in Lagos", "a retired teacher", "2 bakers in Porto", "4 League of Legends players"]) {
      const started = await app.request("POST", GENERATE, { prompt, count: 2, seed: 1 }, auth);
      ids.push(started.body.id);
    }
    const newestFirst = [...ids].reverse();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await app.request("GET", `${POPULATION}${query}`, undefined, auth);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) {
        expect(Object.keys(item).sort()).toEqual(["count", "created_at", "error", "grounding", "id", "progress", "prompt", "seed", "status", "updated_at"]);
        expect(item).not.toHaveProperty("result");
      }
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor !== null);

    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);
    const [first] = (await app.request("GET", `${POPULATION}?limit=1`, undefined, auth)).body.items;
    expect(first).toMatchObject({ id: newestFirst[0], prompt: "4 League of Legends players", count: 2, grounding: "off", seed: 1, progress: { total: 2 } });
  });

  it("pages through populations created in the same instant without repeating or skipping any", async () => {
    const { account, auth } = await accountWithKey("same-instant");
    const instant = new Date("2030-01-01T00:00:00.123Z");
    const ids = ["00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b", "00000000-0000-4000-8000-00000000000c", "00000000-0000-4000-8000-00000000000d"];
    await app.context.store.db.transaction(async (tx) => {
      for (const id of ids) {
        await app.context.jobs.insertPopulation(tx, { id, accountId: account.id, prompt: "tied", count: 1, grounding: "off", seed: 0, createdAt: instant, updatedAt: instant });
      }
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; next_cursor: string | null } } = await app.request("GET", `${POPULATION}?limit=3${cursor ? `&cursor=${cursor}` : ""}`, undefined, auth);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual([...ids].reverse());
  });

  it("shows nothing of another account's populations", async () => {
    const { auth } = await accountWithKey("newcomer");
    const page = await app.request("GET", POPULATION, undefined, auth);
    expect(page.body).toEqual({ items: [], next_cursor: null });
  });

  it("refuses a limit out of 1–100 and a cursor it did not make, in the spec's envelope", async () => {
    const tooSmall = await app.request("GET", `${POPULATION}?limit=0`);
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body.error.details).toEqual([{ loc: ["limit"], msg: "Input should be greater than or equal to 1", type: "greater_than_equal" }]);
    const tooBig = await app.request("GET", `${POPULATION}?limit=101`);
    expect(tooBig.body.error.details).toEqual([{ loc: ["limit"], msg: "Input should be less than or equal to 100", type: "less_than_equal" }]);
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const forged of ["not-a-cursor", cursorOf(["9999999999999999999", "00000000-0000-4000-8000-000000000000"]), cursorOf(["1", "-".repeat(36)]), cursorOf({})]) {
      const response = await app.request("GET", `${POPULATION}?cursor=${forged}`);
      expect(response.status, forged).toBe(422);
      expect(response.body.error).toMatchObject({ code: "validation_failed", details: [{ loc: ["cursor"], type: "value_error" }] });
    }
  });
});

describe("POST /v1/personas/actions/generate with a blueprint", () => {
  let original: Awaited<ReturnType<typeof generated>>;
  beforeAll(async () => {
    original = await generated({ prompt: "25 nurses in rural Ohio", count: 25, seed: 1234 });
  });

  it("samples the given blueprint with the same seed into the same structured fields", async () => {
    const again = await generated({ prompt: "25 nurses in rural Ohio", count: 25, seed: 1234, blueprint: original.result.blueprint });
    expect(again.result.blueprint.fields).toEqual(original.result.blueprint.fields);
    expect(structuredFields(again.result.blueprint, again.result.personas)).toEqual(structuredFields(original.result.blueprint, original.result.personas));
  });

  it("re-samples an edited weight into a population that follows it", async () => {
    const blueprint: Blueprint = structuredClone(original.result.blueprint);
    const field = blueprint.fields.find((candidate) => candidate.kind === "categorical" && candidate.parents.length === 0 && Object.keys(candidate.categorical?.weights ?? {}).length > 1);
    expect(field, "a root categorical with several categories").toBeDefined();
    const [kept, ...dropped] = Object.keys(field!.categorical!.weights);
    field!.categorical!.weights = Object.fromEntries([[kept, 1], ...dropped.map((category) => [category, 0])]);

    const edited = await generated({ prompt: "25 nurses in rural Ohio", count: 25, seed: 1234, blueprint });

    expect(edited.result.personas.every((persona) => persona.fields[field!.name] === kept)).toBe(true);
    expect(original.result.personas.some((persona) => persona.fields[field!.name] !== kept)).toBe(true);
    expect(edited.result.marginals?.find((marginal) => marginal.attribute === field!.name)?.total_variation_distance).toBe(0);
  });

  it("refuses a blueprint the checker refuses, with the checker's messages under `blueprint`, and charges nothing", async () => {
    const { account, auth } = await accountWithKey("editor", 100);
    const blueprint = structuredClone(original.result.blueprint) as Blueprint;
    const [first, second] = blueprint.fields.filter((field) => field.kind === "categorical");
    first!.parents = [second!.name];
    second!.parents = [first!.name];
    const expected = checkBlueprint(blueprint).map((issue) => ({ loc: ["blueprint", ...issue.path], msg: issue.message, type: "invalid_blueprint" }));
    expect(expected.length).toBeGreaterThan(0);

    const response = await app.request("POST", GENERATE, { prompt: "nurses", count: 5, blueprint }, auth);

    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({ code: "validation_failed", message: "request validation failed", details: expected });
    expect(await balanceOf(account.id)).toBe(100);
  });

  it("refuses a blueprint that is not one (no fields) with pydantic details under `blueprint`", async () => {
    const response = await app.request("POST", GENERATE, { prompt: "nurses", blueprint: { domain: "nurse", fields: "many" } });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ loc: ["blueprint", "fields"], msg: "Input should be a valid list", type: "list_type" }]);
  });

  it("refuses a blueprint over the size caps of every caller's blueprint before reading it in full", async () => {
    const blueprint = structuredClone(original.result.blueprint) as Blueprint;
    const field = blueprint.fields.find((candidate) => candidate.kind === "categorical")!;
    field.categorical = { weights: Object.fromEntries(Array.from({ length: CALLER_BLUEPRINT_LIMITS.categories + 1 }, (_, index) => [`c${index}`, 1])) };

    const response = await app.request("POST", GENERATE, { prompt: "nurses", blueprint });

    expect(response.status).toBe(422);
    const index = blueprint.fields.indexOf(field);
    expect(response.body.error.details).toEqual([expect.objectContaining({ loc: ["blueprint", "fields", index, "categorical", "weights"], type: "too_long" })]);
  });

  it("prices a given blueprint at the `off` rate whatever the grounding: nothing is designed or searched", async () => {
    const { account, auth } = await accountWithKey("resampler", 100);
    const started = await app.request("POST", GENERATE, { prompt: "25 nurses in rural Ohio", count: 5, grounding: "research", blueprint: original.result.blueprint }, auth);
    expect(started.status).toBe(200);
    expect(await balanceOf(account.id)).toBe(100 - 5 * GENERATE_CREDITS_PER_PERSONA.off);
  });
});

describe("POST /v1/credits/projections/balance", () => {
  it("answers the caller's account and its credits now", async () => {
    const { account, auth } = await accountWithKey("counter", 50);
    expect((await app.request("POST", "/v1/credits/projections/balance", {}, auth)).body).toEqual({ account_id: account.id, balance: 50 });
    await app.request("POST", GENERATE, { prompt: "3 chess players", count: 3 }, auth);
    expect((await app.request("POST", "/v1/credits/projections/balance", {}, auth)).body).toEqual({ account_id: account.id, balance: 47 });
  });

  it("needs credentials", async () => {
    const response = await app.request("POST", "/v1/credits/projections/balance", {}, { authorization: "Bearer ak_not_a_real_key_at_all" });
    expect(response.status).toBe(401);
  });
});

describe("interviews and panels without a model", () => {
  it("answer 503 unavailable, saying what to set, accept nothing and charge nothing", async () => {
    const { account, auth } = await accountWithKey("curious", 100);
    const population = await generated({ prompt: "3 chess players", count: 3 }, auth);
    const before = await app.context.accounts.ledger(account.id);

    const interview = await app.request("POST", "/v1/personas/actions/interview", { population_id: population.id, persona_id: "p0001", messages: [{ role: "user", content: "Hi!" }] }, auth);
    const panel = await app.request("POST", "/v1/personas/actions/ask-panel", { population_id: population.id, question: "Tea or coffee?", choices: ["tea", "coffee"] }, auth);

    expect(interview.status).toBe(503);
    expect(interview.body).toEqual({ error: { code: "unavailable", message: INTERVIEW_NEEDS_MODEL, trace_id: expect.any(String) } });
    expect(INTERVIEW_NEEDS_MODEL).toBe("interviews need a language model: set DRAMATIS_MODEL");
    expect(panel.status).toBe(503);
    expect(panel.body.error).toMatchObject({ code: "unavailable", message: PANEL_NEEDS_MODEL });
    expect(await app.context.accounts.ledger(account.id)).toEqual(before);
    expect(await balanceOf(account.id)).toBe(97);
  });

  it("come from no part of the offline providers", () => {
    const offline = createProviders("offline");
    expect([offline.interviewer, offline.panel, studioPartsOf(offline)]).toEqual([undefined, undefined, undefined]);
  });

  it("a panel survey id that does not exist is 404; a malformed one is 400", async () => {
    expect((await app.request("GET", "/v1/personas/repositories/PanelSurvey/by-id/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await app.request("GET", "/v1/personas/repositories/PanelSurvey/by-id/nope")).body.error).toEqual({ code: "VALIDATION_ERROR", message: "invalid id" });
  });
});

describe("the documentation", () => {
  it("lists the studio's routes and their schemas in /openapi.json", async () => {
    const { body: document } = await app.request("GET", "/openapi.json");
    for (const path of [
      "/v1/personas/repositories/Population",
      "/v1/personas/actions/interview",
      "/v1/personas/actions/ask-panel",
      "/v1/personas/repositories/PanelSurvey/by-id/{id}",
      "/v1/credits/projections/balance",
    ]) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    expect(document.paths["/v1/personas/repositories/Population"].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(["limit", "cursor"]);
    expect(Object.keys(document.components.schemas.GenerateRequest.properties)).toContain("blueprint");
    expect(Object.keys(document.components.schemas.PanelSurveyPoll.properties)).toEqual(expect.arrayContaining(["question", "choices", "result", "progress"]));
    expect(document.paths["/v1/personas/actions/interview"].post.responses["503"]).toBeDefined();
  });
});
