/**
 * Keys the caller names are data, whatever they are called (issue 12, D10): `__proto__`,
 * `constructor`, `toString` … are persona fields, blueprint categories and NPC intents like any
 * other, as they are dict keys in the pydantic API we are drop-in for. Each is validated, stored,
 * returned and reported, and `Object.prototype` is never touched.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});
afterEach(() => {
  expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

/** Sends raw JSON text, so `"__proto__"` arrives as the key a client writes. */
async function send(method: string, path: string, text: string) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${app.devKey}`, "content-type": "application/json" },
    body: text,
  });
  const raw = await response.text();
  return { status: response.status, raw, body: JSON.parse(raw) };
}

/** Runs a validation and answers its finished poll. */
async function evaluate(text: string) {
  const accepted = await send("POST", "/v1/personas/actions/validate", text);
  expect(accepted.status).toBe(200);
  return pollUntilDone(app, `/v1/personas/repositories/Evaluation/by-id/${accepted.body.id}`);
}

describe("prototype names as ordinary keys", () => {
  it("validate: a persona field named __proto__ is a field the gates see, not a missing one", async () => {
    const blueprint = '{"domain":"d","fields":[{"name":"__proto__","kind":"categorical","categorical":{"weights":{"a":1,"b":1}}},{"name":"constructor","kind":"categorical","categorical":{"weights":{"x":1}}}]}';
    const personas = (protoValue: string) =>
      `[{"persona_id":"p1","fields":{"__proto__":"${protoValue}","constructor":"x","toString":"t"},"system_prompt":"You are p1.","markdown":"# p1"}]`;
    const present = await evaluate(`{"personas":${personas("a")},"blueprint":${blueprint}}`);
    expect(present.result.scorecards[0].gates[0]).toEqual({ name: "schema", passed: true, score: null, detail: "all blueprint fields present" });
    const outside = await evaluate(`{"personas":${personas("zzz")},"blueprint":${blueprint}}`);
    expect(outside.result.scorecards[0].gates[0]).toEqual({ name: "schema", passed: false, score: null, detail: "'__proto__' is 'zzz', not one of a, b" });
  });

  it("validate: a bad value under __proto__ is a 422 naming it, like under any key", async () => {
    const response = await send("POST", "/v1/personas/actions/validate", '{"personas":[{"persona_id":"p","fields":{"__proto__":3},"system_prompt":"x","markdown":"x"}]}');
    expect(response.status).toBe(422);
    expect(response.body.error.details[0]).toMatchObject({ loc: ["personas", 0, "fields", "__proto__"], type: "string_type" });
  });

  it("generate: a caller blueprint's category __proto__ is sampled, stored and reported", async () => {
    const blueprint = '{"domain":"d","order":["role"],"fields":[{"name":"role","kind":"categorical","description":"r","categorical":{"weights":{"__proto__":0.5,"constructor":0.5}}}]}';
    const accepted = await send("POST", "/v1/personas/actions/generate", `{"prompt":"nurses","count":8,"seed":7,"blueprint":${blueprint}}`);
    expect(accepted.status).toBe(200);
    const done = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${accepted.body.id}`);
    expect(done.status).toBe("succeeded");
    const roles = (done.result.personas as { fields: Record<string, string> }[]).map((persona) => persona.fields["role"]);
    expect(roles).toContain("__proto__");
    expect(new Set(roles)).toEqual(new Set(["__proto__", "constructor"]));
    const marginal = (done.result.marginals as { attribute: string; cells: { key: string; requested: number }[] }[]).find((entry) => entry.attribute === "role");
    expect(marginal?.cells.map((cell) => cell.key).sort()).toEqual(["__proto__", "constructor"]);
    expect(marginal?.cells.find((cell) => cell.key === "__proto__")?.requested).toBeCloseTo(0.5);
  });

  it("a query parameter named __proto__ is an unknown parameter like any other", async () => {
    const response = await app.request("GET", "/api/v1/personas?__proto__=1");
    expect(response.status).toBe(200);
  });

  it("generate: a caller blueprint's field named __proto__ is refused by name (a field named toString is ordinary)", async () => {
    const blueprint = '{"domain":"d","order":["__proto__","toString"],"fields":[{"name":"__proto__","kind":"categorical","description":"r","categorical":{"weights":{"a":1}}},{"name":"toString","kind":"categorical","description":"t","categorical":{"weights":{"x":1}}}]}';
    const refused = await send("POST", "/v1/personas/actions/generate", `{"prompt":"nurses","count":2,"seed":7,"blueprint":${blueprint}}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].loc).toEqual(["blueprint", "fields", 0, "name"]);
    expect(refused.body.error.details[0].msg).toContain("__proto__");
    const ordinary = '{"domain":"d","order":["toString"],"fields":[{"name":"toString","kind":"categorical","description":"t","categorical":{"weights":{"x":1}}}]}';
    const accepted = await send("POST", "/v1/personas/actions/generate", `{"prompt":"nurses","count":2,"seed":7,"blueprint":${ordinary}}`);
    expect(accepted.status).toBe(200);
    const done = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${accepted.body.id}`);
    expect(done.result.personas[0].fields).toEqual({ toString: "x" });
  });


  for (const name of ["constructor", "toString", "hasOwnProperty", "valueOf"]) {
    it(`an NPC: an intent and a keyword value named ${name}, and a variable constructor, are saved, returned and played`, () => playNpcNamed(name));
  }

  it("an NPC: an intent and a keyword value named __proto__ are saved, returned and played", () => playNpcNamed("__proto__"));
});

/** Saves an NPC whose intent and keyword value are called `name`, reads it back and plays it to its end. */
async function playNpcNamed(name: string) {
  const definition = JSON.stringify({
    name: `Keeper of ${name}`,
    description: "Tests names",
    persona_identity_prompt: "You test names.",
    intents: { user_name: ["bonjour"] },
    machines: [
      {
        machine_key: "m",
        name: "M",
        states: [
          { state_key: "start", is_initial_state: true, lines: ["Name?"] },
          { state_key: "end", is_terminal_state: true, lines: ["Done, {{vars.constructor}} ({{vars.mood}})."] },
        ],
        transitions: [{ from_state_key: "start", to_state_key: "end", decision_type: "pass", when: { intent: "user_name" } }],
        variables: [
          { key: "constructor", type: "string", extract: [{ regex: "i am (\\w+)" }] },
          { key: "mood", type: "string", extract: [{ keywords: { user_name: ["cheerful"] } }] },
        ],
      },
    ],
  }).replaceAll('"user_name"', JSON.stringify(name));
  const saved = await send("POST", "/api/v1/creator/save", definition);
  expect(saved.status, saved.raw).toBe(200);
  const full = await app.request("GET", `/api/v1/personas/${saved.body.persona_id}/full`);
  expect(full.status).toBe(200);
  expect(Object.keys(full.body.intents)).toEqual([name]);
  expect(full.body.intents[name]).toEqual(["bonjour"]);
  expect(Object.keys(full.body.machines[0].variables[1].extract[0].keywords)).toEqual([name]);
  const persona = saved.body.persona_id as string;
  const machineId = full.body.machines[0].id as string;
  const player = `player-${name}`;
  const opened = await app.request("POST", `/api/v1/chat/${persona}/init-session?machine_id=${machineId}`, { user_session_id: player });
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  const turn = await app.request("POST", `/api/v1/chat/${persona}/message?machine_id=${machineId}`, { message: "bonjour, I am Ada, cheerful", user_session_id: player });
  expect(turn.status, JSON.stringify(turn.body)).toBe(200);
  expect(turn.body).toMatchObject({ decision: "pass", outcome: "ACCEPT", message: `Done, Ada (${name}).` });
}
