/**
 * Enhance and validate through a real server, with the spec's request bodies copied verbatim.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { SPEC_ENHANCE_REQUEST, specValidateRequest } from "../../../test/fixtures/spec-examples.ts";

const SPEC_ENHANCE = SPEC_ENHANCE_REQUEST;
const SPEC_VALIDATE = specValidateRequest();

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("POST /v1/personas/actions/enhance", () => {
  it("turns the spec's sketch into a full persona that keeps every stated fact", async () => {
    const started = await app.request("POST", "/v1/personas/actions/enhance", SPEC_ENHANCE);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ id: expect.any(String), status: "pending" });
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Enhancement/by-id/${started.body.id}`);
    expect(Object.keys(poll).sort()).toEqual(["created_at", "error", "grounding", "id", "persona", "source", "status", "updated_at"]);
    expect(poll).toMatchObject({ status: "succeeded", source: SPEC_ENHANCE.persona, grounding: "off", error: null });
    const { persona } = poll;
    expect(persona.persona_id).toMatch(/^p/);
    expect(persona.fields.name).toMatch(/^Sam\b/);
    expect(persona.fields).toMatchObject({ age: "30", main_role: "support", main_champion: "Thresh" });
    for (const value of Object.values(persona.fields)) expect(typeof value).toBe("string");
    expect(persona.fields.backstory.length).toBeGreaterThan(40);
    expect(persona.system_prompt).toContain(persona.fields.name);
    expect(persona.markdown).toMatch(/^# Sam/);
  });

  it("422 for an empty or missing persona, with the spec's envelope", async () => {
    const empty = await app.request("POST", "/v1/personas/actions/enhance", { persona: "" });
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({
      error: {
        code: "validation_failed",
        message: "request validation failed",
        details: [{ loc: ["persona"], msg: "String should have at least 1 character", type: "string_too_short" }],
      },
    });
    const missing = await app.request("POST", "/v1/personas/actions/enhance", { grounding: "off" });
    expect(missing.body.error.details).toEqual([{ loc: ["persona"], msg: "Field required", type: "missing" }]);
    const badGrounding = await app.request("POST", "/v1/personas/actions/enhance", { persona: "x", grounding: "deep" });
    expect(badGrounding.body.error.details[0]).toMatchObject({ loc: ["grounding"], type: "literal_error" });
  });
});

describe("POST /v1/personas/actions/validate", () => {
  it("returns the spec's verdict for the spec's example", async () => {
    const started = await app.request("POST", "/v1/personas/actions/validate", SPEC_VALIDATE);
    expect(started.status).toBe(200);
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${started.body.id}`);
    expect(Object.keys(poll).sort()).toEqual(["created_at", "error", "id", "progress", "result", "status", "updated_at"]);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.passed).toBe(true);
    expect(poll.result.scorecards).toHaveLength(1);
    const gates = poll.result.scorecards[0].gates;
    expect(poll.result.scorecards[0].persona_id).toBe("p_01");
    expect(gates).toContainEqual({ name: "schema", passed: true, score: null, detail: "all blueprint fields present" });
    expect(gates).toContainEqual({ name: "hours_nonneg", passed: true, score: null, detail: "hours_per_week=34 >= 0 (0)" });
    // One persona: no batch reports.
    expect(poll.result).not.toHaveProperty("diversity");
    expect(poll.result).not.toHaveProperty("marginals");
  });

  it("fails exactly the broken constraint's gate when a persona breaks it", async () => {
    const broken = specValidateRequest();
    broken.personas[0]!.persona_id = "p_02";
    broken.personas[0]!.fields.hours_per_week = "-3";
    const started = await app.request("POST", "/v1/personas/actions/validate", broken);
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${started.body.id}`);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.passed).toBe(false);
    const failing = poll.result.scorecards[0].gates.filter((gate: { passed: boolean }) => !gate.passed);
    expect(failing).toEqual([{ name: "hours_nonneg", passed: false, score: null, detail: "hours_per_week=-3 >= 0 (0)" }]);
  });

  it("validate(generate(x)) passes for every built-in domain", async () => {
    const prompts = [
      "40 League of Legends players from around the globe",
      "40 software developers",
      "40 registered nurses in the US",
      "40 beekeepers in Portugal",
    ];
    for (const prompt of prompts) {
      const started = await app.request("POST", "/v1/personas/actions/generate", { prompt, count: 40, seed: 3 });
      const population = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`);
      expect(population.status, prompt).toBe("succeeded");
      const { personas, blueprint } = population.result;
      const check = await app.request("POST", "/v1/personas/actions/validate", { personas, blueprint });
      const evaluation = await pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${check.body.id}`);
      const failures = [
        ...evaluation.result.gates.filter((gate: any) => !gate.passed),
        ...evaluation.result.scorecards.flatMap((card: any) => card.gates.filter((gate: any) => !gate.passed).map((gate: any) => ({ ...gate, persona: card.persona_id }))),
      ];
      expect(failures, `${prompt}: ${JSON.stringify(failures.slice(0, 3))}`).toEqual([]);
      expect(evaluation.result.passed).toBe(true);
      expect(evaluation.result.diversity).toBeDefined();
      expect(evaluation.result.marginals.length).toBeGreaterThan(0);
    }
  });

  it("checks structure only without a blueprint, and reports duplicate persona ids", async () => {
    const persona = SPEC_VALIDATE.personas[0]!;
    const started = await app.request("POST", "/v1/personas/actions/validate", { personas: [persona, { ...persona, system_prompt: "" }] });
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${started.body.id}`);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.passed).toBe(false);
    expect(poll.result.scorecards).toHaveLength(2);
    expect(poll.result).not.toHaveProperty("marginals");
    expect(poll.result).toHaveProperty("diversity");
  });

  it("treats a constraint on a missing or non-numeric field as not applicable", async () => {
    const persona = { ...SPEC_VALIDATE.personas[0]!, fields: { ...SPEC_VALIDATE.personas[0]!.fields, hours_per_week: "lots" } };
    const started = await app.request("POST", "/v1/personas/actions/validate", { personas: [persona], blueprint: SPEC_VALIDATE.blueprint });
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${started.body.id}`);
    const gate = poll.result.scorecards[0].gates.find((entry: { name: string }) => entry.name === "hours_nonneg");
    expect(gate.passed).toBe(true);
    expect(gate.detail).toMatch(/not applicable/i);
  });

  it("reports a malformed blueprint's problems instead of failing the evaluation", async () => {
    const persona = SPEC_VALIDATE.personas[0]!;
    for (const blueprint of [{ fields: "oops" }, { constraints: "x" }, { fields: [null] }]) {
      const started = await app.request("POST", "/v1/personas/actions/validate", { personas: [persona], blueprint });
      const poll = await pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${started.body.id}`);
      expect(poll.status, JSON.stringify(blueprint)).toBe("succeeded");
      expect(poll.result.blueprint_issues.length).toBeGreaterThan(0);
    }
  });

  it("422 with a loc pointing at the offending persona", async () => {
    const missing = await app.request("POST", "/v1/personas/actions/validate", {});
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual([{ loc: ["personas"], msg: "Field required", type: "missing" }]);
    const empty = await app.request("POST", "/v1/personas/actions/validate", { personas: [] });
    expect(empty.body.error.details[0]).toMatchObject({ loc: ["personas"], type: "too_short" });
    const persona = SPEC_VALIDATE.personas[0]!;
    const malformed = await app.request("POST", "/v1/personas/actions/validate", {
      personas: [persona, persona, { ...persona, fields: "region=KR" }],
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details[0]).toMatchObject({ loc: ["personas", 2, "fields"], type: "dict_type" });
    const notAnObject = await app.request("POST", "/v1/personas/actions/validate", { personas: [persona], blueprint: "lol" });
    expect(notAnObject.status).toBe(422);
    expect(notAnObject.body.error.details[0].loc).toEqual(["blueprint"]);
  });
});
