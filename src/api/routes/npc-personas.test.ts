/** The Personas API of spec 004 against a real server: shapes, saving, validation, ownership, deletion. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { NpcRepository } from "../../store/npc.ts";
import { playLink } from "./npc-personas.ts";
import { SaveQueueFullError } from "../../services/npc/save-admission.ts";
import { MAX_SAVE_BODY_BYTES } from "../../npc/limits.ts";
import { ANONYMOUS, exampleBody, machineIds, otherAccount, seededPersonaId, sendAll } from "../../../test/helpers/npc.ts";

let app: TestApp;
let other: Awaited<ReturnType<typeof otherAccount>>;

beforeAll(async () => {
  app = await startTestApp({ jwtSecret: "npc-personas-test-secret-0123456789" }, { seedExamples: true });
  other = await otherAccount(app);
});
afterAll(async () => app?.close());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const UUID = /^[0-9a-f-]{36}$/;

/** A small valid persona: one entry machine that a "yes" accepts, and a follow-up it unlocks. */
function smallPersona(overrides: Record<string, unknown> = {}): any {
  return {
    name: "Ferryman Oro",
    description: "Rows travellers across the grey river",
    persona_identity_prompt: "You are Oro, a ferryman of few words.",
    machines: [
      {
        machine_key: "crossing",
        name: "The crossing",
        states: [
          { state_key: "ask", is_initial_state: true, lines: ["A coin for the crossing?"] },
          { state_key: "paid", is_terminal_state: true, lines: ["Sit still."] },
        ],
        transitions: [
          { from_state_key: "ask", to_state_key: "paid", decision_type: "pass", score_delta: 10, when: { keywords: ["yes", "coin"] } },
          { from_state_key: "ask", to_state_key: "ask", decision_type: "redirect", priority: 9 },
        ],
      },
      {
        machine_key: "far_shore",
        name: "The far shore",
        states: [
          { state_key: "land", is_initial_state: true, lines: ["Off you go."] },
          { state_key: "gone", is_terminal_state: true, lines: ["Farewell."] },
        ],
        transitions: [{ from_state_key: "land", to_state_key: "gone", decision_type: "pass" }],
      },
    ],
    machine_links: [{ source_machine_key: "crossing", target_machine_key: "far_shore", condition: { type: "outcome", value: "ACCEPT" } }],
    ...overrides,
  };
}

async function save(body: unknown, personaId?: string, headers?: Record<string, string>) {
  return app.request("POST", `/api/v1/creator/save${personaId ? `?persona_id=${personaId}` : ""}`, body, headers);
}

describe("GET /api/v1/personas", () => {
  it("lists public personas newest first with the spec's keys (curl ?public_only=true&limit=10), no auth needed", async () => {
    const { status, body } = await app.request("GET", "/api/v1/personas?public_only=true&limit=10", undefined, ANONYMOUS);
    expect(status).toBe(200);
    expect(body.map((persona: any) => persona.name)).toEqual(["Merchant Kael", "Guard Captain Sera"]);
    expect(body[0]).toEqual({ id: expect.stringMatching(UUID), name: "Merchant Kael", description: "A shrewd trader in the Hollow Market", is_public: true, created_at: expect.stringMatching(ISO) });
    expect(body[1].description).toBe("Gate commander who decides who enters the city");
  });

  it("honours limit, and my_personas lists the caller's own, private ones included (401 without auth)", async () => {
    const created = await save(smallPersona({ name: "Listed privately" }), undefined, other.headers);
    expect(created.status).toBe(200);
    expect((await app.request("GET", "/api/v1/personas?limit=1")).body).toHaveLength(1);
    const mine = await app.request("GET", "/api/v1/personas?my_personas=true", undefined, other.headers);
    expect(mine.body.map((persona: any) => persona.name)).toContain("Listed privately");
    expect(mine.body.every((persona: any) => persona.name !== "Merchant Kael")).toBe(true);
    const publicOnes = await app.request("GET", "/api/v1/personas", undefined, other.headers);
    expect(publicOnes.body.map((persona: any) => persona.name)).not.toContain("Listed privately");
    const anonymous = await app.request("GET", "/api/v1/personas?my_personas=true", undefined, ANONYMOUS);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("UNAUTHORIZED");
  });

  it("reads public_only and my_personas as pydantic reads booleans: True, False, yes, no, on, off, 1, 0, any case", async () => {
    const created = await save(smallPersona({ name: "Listed for booleans" }), undefined, other.headers);
    expect(created.status).toBe(200);
    const names = async (query: string) => {
      const { status, body } = await app.request("GET", `/api/v1/personas?${query}&limit=100`, undefined, other.headers);
      expect(status, `${query}: ${JSON.stringify(body)}`).toBe(200);
      return (body as Array<{ name: string }>).map((persona) => persona.name);
    };
    for (const yes of ["True", "TRUE", "yes", "On", "1", "t", "Y"]) expect(await names(`my_personas=${yes}`), yes).not.toContain("Merchant Kael");
    for (const no of ["False", "no", "OFF", "0", "f", "N"]) expect(await names(`my_personas=${no}&public_only=${no}`), no).toContain("Listed for booleans");
    expect(await names("public_only=True")).not.toContain("Listed for booleans");
  });

  it("my_personas=true&public_only=true: both filters apply (the caller's published personas only)", async () => {
    const account = await otherAccount(app, "both-filters");
    expect((await save(smallPersona({ name: "Both: draft" }), undefined, account.headers)).status).toBe(200);
    expect((await save(smallPersona({ name: "Both: published", is_public: true }), undefined, account.headers)).status).toBe(200);
    const names = async (query: string) => (await app.request("GET", `/api/v1/personas?${query}`, undefined, account.headers)).body.map((persona: any) => persona.name).sort();
    expect(await names("my_personas=true&public_only=true")).toEqual(["Both: published"]);
    expect(await names("my_personas=true")).toEqual(["Both: draft", "Both: published"]);
    expect(await names("my_personas=true&public_only=false")).toEqual(["Both: draft", "Both: published"]);
  });

  it("limit=abc is pydantic's int_parsing, worded as pydantic words it", async () => {
    for (const limit of ["abc", ""]) {
      const { body } = await app.request("GET", `/api/v1/personas?limit=${limit}`);
      expect(body.error.details).toEqual([{ loc: ["limit"], msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing" }]);
    }
  });

  it.each([
    ["limit=101", ["limit"], "less_than_equal"],
    ["limit=0", ["limit"], "greater_than_equal"],
    ["limit=ten", ["limit"], "int_parsing"],
    ["limit=", ["limit"], "int_parsing"],
    ["limit=2.5", ["limit"], "int_parsing"],
    ["public_only=maybe", ["public_only"], "bool_parsing"],
    ["my_personas=truthy", ["my_personas"], "bool_parsing"],
  ])("?%s is a 422 at %j", async (query, loc, type) => {
    const { status, body } = await app.request("GET", `/api/v1/personas?${query}`);
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: "validation_failed", message: "request validation failed" });
    expect(body.error.details[0]).toMatchObject({ loc, type });
  });
});

describe("GET /api/v1/personas/{id} and /full", () => {
  it("answers the spec's persona shape, with perplexity_description only when it is set", async () => {
    const id = await seededPersonaId(app, "Merchant Kael");
    const { status, body } = await app.request("GET", `/api/v1/personas/${id}`, undefined, ANONYMOUS);
    expect(status).toBe(200);
    const specKeys = ["created_at", "description", "id", "is_public", "name", "persona_identity_prompt", "updated_at", "user_id"];
    expect(Object.keys(body).sort()).toEqual([...specKeys, "perplexity_description"].sort());
    const plain = (await save(smallPersona())).body;
    expect(Object.keys((await app.request("GET", `/api/v1/personas/${plain.id}`)).body).sort()).toEqual(specKeys);
    expect(body).toMatchObject({ id, name: "Merchant Kael", is_public: true, user_id: app.devAccount.id });
    expect(body.persona_identity_prompt).toMatch(/^You are Kael/);
  });

  it("/full carries persona, machines with states and transitions (each with an id), variables and machine_links", async () => {
    const id = await seededPersonaId(app, "Merchant Kael");
    const { body } = await app.request("GET", `/api/v1/personas/${id}/full`, undefined, ANONYMOUS);
    expect(body.persona).toMatchObject({ id, name: "Merchant Kael" });
    expect(body.machines.map((machine: any) => machine.machine_key)).toEqual(["haggle", "rare_goods", "second_chance"]);
    for (const machine of body.machines) {
      expect(machine.id).toMatch(UUID);
      for (const state of machine.states) expect(state.id).toMatch(UUID);
      for (const transition of machine.transitions) expect(transition.id).toMatch(UUID);
    }
    expect(Array.isArray(body.variables)).toBe(true);
    expect(body.machine_links[0]).toMatchObject({ source_machine_key: "haggle", target_machine_key: "rare_goods", auto_advance: true, source_machine_id: body.machines[0].id });
  });

  it("a malformed id is 400 invalid id; an unknown one 404; another account's private persona 404 too", async () => {
    const malformed = await app.request("GET", "/api/v1/personas/abc123");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toEqual({ code: "VALIDATION_ERROR", message: "invalid id" });
    expect((await app.request("GET", "/api/v1/personas/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const created = await save(smallPersona({ name: "Private to other" }), undefined, other.headers);
    for (const headers of [{}, ANONYMOUS]) {
      const { status, body } = await app.request("GET", `/api/v1/personas/${created.body.id}/full`, undefined, headers);
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect((await app.request("GET", `/api/v1/personas/${created.body.id}`, undefined, other.headers)).status).toBe(200);
  });
});

describe("POST /api/v1/creator/save", () => {
  it("creates a private persona and answers it with persona_id, the persona's fields and the definition with ids", async () => {
    const { status, body } = await save(smallPersona());
    expect(status).toBe(200);
    expect(body).toMatchObject({ persona_id: body.id, name: "Ferryman Oro", is_public: false, user_id: app.devAccount.id, persona_identity_prompt: "You are Oro, a ferryman of few words." });
    expect(body.machines[0]).toMatchObject({ id: expect.stringMatching(UUID), machine_key: "crossing", scoring_mode: "scoring" });
    expect(body.machine_links[0]).toMatchObject({ source_machine_id: body.machines[0].id, target_machine_id: body.machines[1].id });
  });

  it("accepts a Bearer JWT as well as an API key", async () => {
    const token = await app.context.auth.mintJwt(other.id);
    const created = await save(smallPersona({ name: "Made with a JWT" }), undefined, { authorization: `Bearer ${token}` });
    expect(created.status).toBe(200);
    expect(created.body.user_id).toBe(other.id);
    const published = await app.request("POST", `/api/v1/creator/publish?persona_id=${created.body.id}`, undefined, { authorization: `Bearer ${token}` });
    expect(published.status).toBe(200);
    expect((await app.request("GET", `/api/v1/personas/${created.body.id}`, undefined, { authorization: "Bearer not.a.jwt" })).status).toBe(401);
  });

  it("needs authentication to create", async () => {
    const { status, body } = await save(smallPersona(), undefined, ANONYMOUS);
    expect(status).toBe(401);
    expect(body.error.code).toBe("UNAUTHORIZED");
  });

  it("keeps machine, state and transition ids across an update while their keys are unchanged", async () => {
    const first = (await save(smallPersona())).body;
    const edited = smallPersona({ description: "Rows travellers, for a price" });
    edited.machines[0].name = "The crossing, renamed";
    edited.machines.push({
      machine_key: "toll",
      name: "The toll",
      states: [
        { state_key: "ask", is_initial_state: true },
        { state_key: "done", is_terminal_state: true },
      ],
      transitions: [{ from_state_key: "ask", to_state_key: "done", decision_type: "pass" }],
    });
    const second = await save(edited, first.id);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.id);
    expect(second.body.description).toBe("Rows travellers, for a price");
    expect(second.body.machines[0].id).toBe(first.machines[0].id);
    expect(second.body.machines[0].states.map((state: any) => state.id)).toEqual(first.machines[0].states.map((state: any) => state.id));
    expect(second.body.machines[0].transitions.map((transition: any) => transition.id)).toEqual(first.machines[0].transitions.map((transition: any) => transition.id));
    expect(second.body.machines[1].id).toBe(first.machines[1].id);
    expect(second.body.machines[2].id).not.toBe(first.machines[0].id);
    expect(second.body.created_at).toBe(first.created_at);
  });

  const invalid: Array<[string, (body: any) => void, Array<string | number>, string]> = [
    ["a transition to an unknown state", (body) => (body.machines[0].transitions[1].to_state_key = "nowhere"), ["machines", 0, "transitions", 1, "to_state_key"], "unknown state"],
    ["a transition from an unknown state", (body) => (body.machines[0].transitions[0].from_state_key = "limbo"), ["machines", 0, "transitions", 0, "from_state_key"], "unknown state"],
    ["no initial state", (body) => (body.machines[0].states[0].is_initial_state = false), ["machines", 0, "states"], "exactly one initial state"],
    ["two initial states", (body) => (body.machines[1].states[1].is_initial_state = true), ["machines", 1, "states", 1, "is_initial_state"], "exactly one initial state"],
    ["no terminal state", (body) => (body.machines[1].states[1].is_terminal_state = false), ["machines", 1, "states"], "at least one terminal state"],
    ["a link to an unknown machine", (body) => (body.machine_links[0].target_machine_key = "ghost"), ["machine_links", 0, "target_machine_key"], "unknown machine"],
    ["a link from an unknown machine", (body) => (body.machine_links[0].source_machine_key = "ghost"), ["machine_links", 0, "source_machine_key"], "unknown machine"],
    [
      "a machine no link can unlock",
      (body) => body.machine_links.push({ source_machine_key: "far_shore", target_machine_key: "crossing", condition: { type: "always" } }),
      ["machines", 0, "machine_key"],
      "can never be unlocked",
    ],
    ["a duplicate machine_key", (body) => (body.machines[1].machine_key = "crossing"), ["machines", 1, "machine_key"], "duplicate machine_key"],
    ["a duplicate state_key", (body) => (body.machines[0].states[1].state_key = "ask"), ["machines", 0, "states", 1, "state_key"], "duplicate state_key"],
    ["a condition with an unknown operator", (body) => (body.machines[0].transitions[0].when = { sounds_like: "yes" }), ["machines", 0, "transitions", 0, "when"], ""],
    ["a condition on an undeclared variable", (body) => (body.machines[0].transitions[0].when = { gte: [{ var: "vars.coins" }, 1] }), ["machines", 0, "transitions", 0, "when"], "coins"],
    ["a missing name", (body) => delete body.name, ["name"], "Field required"],
  ];

  it.each(invalid)("rejects %s with 422 and a loc into the body", async (_what, spoil, loc, words) => {
    const body = smallPersona();
    spoil(body);
    const response = await save(body);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.message).toBe("request validation failed");
    const detail = response.body.error.details.find((candidate: any) => JSON.stringify(candidate.loc.slice(0, loc.length)) === JSON.stringify(loc));
    expect(detail, JSON.stringify(response.body.error.details)).toBeDefined();
    expect(detail.msg).toContain(words);
    expect(typeof detail.type).toBe("string");
  });

  it("refuses a body over the save route's 1 MB limit unread (413), whatever the server-wide limit", async () => {
    const huge = smallPersona({ description: "x".repeat(MAX_SAVE_BODY_BYTES) });
    const { status, body } = await save(huge);
    expect(status).toBe(413);
    expect(body.error).toEqual({ code: "payload_too_large", message: `request body is too large: at most ${MAX_SAVE_BODY_BYTES} bytes on this route` });
  });

  it("answers 503 with Retry-After in the envelope when too many large saves already wait their turn", async () => {
    const personas = app.context.npc.personas;
    const spy = vi.spyOn(personas, "save").mockRejectedValueOnce(new SaveQueueFullError(5));
    try {
      const { status, body, headers } = await save(smallPersona());
      expect(status).toBe(503);
      expect(headers.get("retry-after")).toBe("5");
      expect(body.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/retry in 5 s/) });
    } finally {
      spy.mockRestore();
    }
  });

  it("with an Idempotency-Key, a retried save answers the persona it saved and saves nothing again (also when sent at once); another body with the key is a 422", async () => {
    const key = { "idempotency-key": "save-once" };
    const body = smallPersona({ name: "Keyed Oro" });
    const responses = await Promise.all([save(body, undefined, key), save(body, undefined, key), save(body, undefined, key)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(new Set(responses.map((response) => response.body.persona_id)).size).toBe(1);
    expect(responses[1]!.body).toEqual(responses[0]!.body);
    const mine = (await app.request("GET", "/api/v1/personas?my_personas=true&limit=100")).body;
    expect(mine.filter((persona: { name: string }) => persona.name === "Keyed Oro")).toHaveLength(1);

    const reused = await save(smallPersona({ name: "Another" }), undefined, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.details[0]).toMatchObject({ loc: ["header", "idempotency-key"], type: "idempotency_key_reused" });
    // The key covers which persona is saved: the same body as an update is another request.
    expect((await save(body, responses[0]!.body.persona_id, key)).status).toBe(422);
  });

  it("with an Idempotency-Key, a retried update writes nothing again", async () => {
    const created = (await save(smallPersona({ name: "Update Oro" }))).body;
    const key = { "idempotency-key": "update-once" };
    const update = smallPersona({ name: "Updated Oro" });
    const first = await save(update, created.persona_id, key);
    const again = await save(update, created.persona_id, key);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.updated_at).toBe(first.body.updated_at);
  });

  it("with an Idempotency-Key, publish answers the same play link again; the key on another persona is a 422", async () => {
    const [one, two] = [(await save(smallPersona({ name: "Pub One" }))).body.persona_id, (await save(smallPersona({ name: "Pub Two" }))).body.persona_id];
    const key = { "idempotency-key": "publish-once" };
    const first = await app.request("POST", `/api/v1/creator/publish?persona_id=${one}`, undefined, key);
    const again = await app.request("POST", `/api/v1/creator/publish?persona_id=${one}`, undefined, key);
    expect(first).toMatchObject({ status: 200, body: { persona_id: one } });
    expect(again.body).toEqual(first.body);
    expect((await app.request("POST", `/api/v1/creator/publish?persona_id=${two}`, undefined, key)).status).toBe(422);
  });

  it("a rejected update leaves the old definition intact", async () => {
    const first = (await save(smallPersona())).body;
    const broken = smallPersona({ name: "Broken Oro" });
    broken.machines[0].transitions[0].to_state_key = "nowhere";
    expect((await save(broken, first.id)).status).toBe(422);
    const after = await app.request("GET", `/api/v1/personas/${first.id}/full`);
    expect(after.body.persona.name).toBe("Ferryman Oro");
    expect(after.body.persona.updated_at).toBe(first.updated_at);
    expect(after.body.machines).toEqual(first.machines);
  });
});

describe("Foil-style saves", () => {
  /** Written from Foil Engine's docs alone: no machine_key, no machine name, no state keys, ids like `abc123`, no `when`. */
  function foilDocsPersona(): any {
    return {
      name: "Ferryman Oskar",
      description: "Rows travellers across the grey river",
      persona_identity_prompt: "You are Oskar, an old ferryman who wants his fare.",
      machines: [
        {
          id: "abc123",
          name: "The Fare",
          scoring_mode: "scoring",
          states: [
            { id: "st1", label: "Asking", prompt_instruction: "Ask the traveller for one silver coin.", is_initial_state: true },
            { id: "st2", label: "Paid", prompt_instruction: "Thank them and push off.", is_terminal_state: true },
            { id: "st3", label: "Refused", prompt_instruction: "Refuse to row them.", is_terminal_state: true, outcome: "REJECT" },
          ],
          transitions: [
            { from_state_id: "st1", to_state_id: "st2", decision_type: "pass", score_delta: 10 },
            { from_state_id: "st1", to_state_id: "st3", decision_type: "reject", score_delta: -5 },
          ],
        },
        {
          id: "def456",
          states: [{ label: "Far shore", is_initial_state: true }, { label: "Gone", is_terminal_state: true }],
          transitions: [{ from_state_key: "Far shore", to_state_key: "Gone", decision_type: "pass" }],
        },
      ],
      machine_links: [{ source_machine_id: "abc123", target_machine_id: "def456", condition: { type: "outcome", value: "ACCEPT" } }],
    };
  }

  it("saves a body written from Foil's docs alone: keys derived from names and labels, any string ids followed", async () => {
    const { status, body } = await save(foilDocsPersona());
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.machines.map((machine: any) => [machine.machine_key, machine.name])).toEqual([
      ["the_fare", "The Fare"],
      ["scenario_2", "Scenario 2"],
    ]);
    expect(body.machines[0].states.map((state: any) => state.state_key)).toEqual(["asking", "paid", "refused"]);
    expect(body.machines[0].transitions.map((transition: any) => `${transition.from_state_key}→${transition.to_state_key}`)).toEqual(["asking→paid", "asking→refused"]);
    expect(body.machine_links[0]).toMatchObject({ source_machine_key: "the_fare", target_machine_key: "scenario_2", source_machine_id: body.machines[0].id });
    for (const machine of body.machines) expect(machine.id).toMatch(UUID);
  });

  it("answers warnings about what offline play cannot decide (never refusing the save)", async () => {
    const { body } = await save(foilDocsPersona());
    expect(body.warnings.map((warning: any) => [warning.type, warning.loc])).toContainEqual(["offline_heuristic_judge", ["machines", 0, "transitions"]]);
    for (const warning of body.warnings) expect(warning).toEqual({ loc: expect.any(Array), msg: expect.any(String), type: expect.stringMatching(/^offline_/) });
    expect((await save({ ...exampleBody("merchant-kael"), name: "Warned of nothing" })).body.warnings).toEqual([]);
  });

  it("keeps the author's locs for problems: a state id that does not exist, a missing field of a /full persona", async () => {
    const broken = foilDocsPersona();
    broken.machines[0].transitions[1].to_state_id = "st9";
    const { status, body } = await save(broken);
    expect(status).toBe(422);
    expect(body.error.details).toEqual([{ loc: ["machines", 0, "transitions", 1, "to_state_id"], msg: 'Value error, unknown state "st9" in machine "the_fare"', type: "value_error" }]);
    const id = await seededPersonaId(app, "Merchant Kael");
    const full = (await app.request("GET", `/api/v1/personas/${id}/full`)).body;
    delete full.persona.persona_identity_prompt;
    const missing = await save(full);
    expect(missing.body.error.details).toEqual([{ loc: ["persona", "persona_identity_prompt"], msg: "Field required", type: "missing" }]);
  });

  it("a /full answer sent back to creator/save as it is changes nothing (docs/npc.md)", async () => {
    const created = (await save(smallPersona({ name: "Round Trip", perplexity_description: "A ferryman who likes round trips", intents: { yes: ["aye"] } }))).body;
    const before = (await app.request("GET", `/api/v1/personas/${created.id}/full`)).body;
    const saved = await save(before, created.id);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const after = (await app.request("GET", `/api/v1/personas/${created.id}/full`)).body;
    const { updated_at: _before, ...personaBefore } = before.persona;
    const { updated_at: _after, ...personaAfter } = after.persona;
    expect(personaAfter).toEqual(personaBefore);
    expect({ ...after, persona: null }).toEqual({ ...before, persona: null });

    // The seeded examples, public ones included, round-trip as well (visibility kept).
    const kael = await seededPersonaId(app, "Merchant Kael");
    const kaelFull = (await app.request("GET", `/api/v1/personas/${kael}/full`)).body;
    expect((await save(kaelFull, kael)).status).toBe(200);
    const kaelAfter = (await app.request("GET", `/api/v1/personas/${kael}/full`)).body;
    expect({ ...kaelAfter, persona: kaelAfter.persona.is_public }).toEqual({ ...kaelFull, persona: true });
  });
});

describe("ownership", () => {
  it("another account gets 403 changing a public persona and 404 on a private one", async () => {
    const publicId = await seededPersonaId(app, "Guard Captain Sera");
    const privateId = (await save(smallPersona())).body.id;
    const attempts = (id: string) => [
      () => save(smallPersona(), id, other.headers),
      () => app.request("POST", `/api/v1/creator/publish?persona_id=${id}`, undefined, other.headers),
      () => app.request("DELETE", `/api/v1/personas/${id}`, undefined, other.headers),
    ];
    for (const attempt of attempts(publicId)) {
      const { status, body } = await attempt();
      expect(status).toBe(403);
      expect(body.error.code).toBe("forbidden");
    }
    for (const attempt of attempts(privateId)) expect((await attempt()).status).toBe(404);
    expect((await app.request("GET", `/api/v1/personas/${publicId}`)).body.name).toBe("Guard Captain Sera");
    expect((await app.request("GET", `/api/v1/personas/${privateId}`)).body.name).toBe("Ferryman Oro");
  });

  it("delete and publish need authentication", async () => {
    const id = (await save(smallPersona())).body.id;
    expect((await app.request("DELETE", `/api/v1/personas/${id}`, undefined, ANONYMOUS)).status).toBe(401);
    expect((await app.request("POST", `/api/v1/creator/publish?persona_id=${id}`, undefined, ANONYMOUS)).status).toBe(401);
  });
});

describe("POST /api/v1/creator/publish", () => {
  it("makes the persona public and answers a play link on our own host (curl example)", async () => {
    const id = (await save(smallPersona())).body.id;
    const { status, body } = await app.request("POST", `/api/v1/creator/publish?persona_id=${id}`);
    expect(status).toBe(200);
    expect(body).toEqual({ play_link: `${app.url}/play/${id}`, persona_id: id });
    expect((await app.request("GET", `/api/v1/personas/${id}`, undefined, ANONYMOUS)).body.is_public).toBe(true);
  });

  it("uses DRAMATIS_PUBLIC_URL for the link when it is set", () => {
    const request = { protocol: "http", host: "127.0.0.1:9999" } as Parameters<typeof playLink>[1];
    expect(playLink("https://npc.example.org/", request, "abc")).toBe("https://npc.example.org/play/abc");
    expect(playLink(undefined, request, "abc")).toBe("http://127.0.0.1:9999/play/abc");
  });

  it("needs a persona_id (422) that is well formed (400)", async () => {
    const missing = await app.request("POST", "/api/v1/creator/publish");
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0]).toMatchObject({ loc: ["persona_id"], type: "missing" });
    expect((await app.request("POST", "/api/v1/creator/publish?persona_id=nope")).status).toBe(400);
  });
});

describe("DELETE /api/v1/personas/{id}", () => {
  it("removes the persona with its sessions, chat history and events", async () => {
    const created = (await save({ ...smallPersona(), is_public: true })).body;
    await sendAll(app, created.id, "player-1", null, ["hello?", "yes, a coin"]);
    const repository = new NpcRepository(app.context.store.db);
    expect(await repository.playCounts(created.id)).toMatchObject({ sessions: 1, messages: 5 });
    const { status, body } = await app.request("DELETE", `/api/v1/personas/${created.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({ persona_id: created.id, deleted: true });
    expect(await repository.playCounts(created.id)).toEqual({ sessions: 0, messages: 0, events: 0 });
    expect((await app.request("GET", `/api/v1/personas/${created.id}`)).status).toBe(404);
    expect((await app.request("GET", `/api/v1/personas/${created.id}/progress?user_session_id=player-1`)).status).toBe(404);
  });
});

describe("seeding", () => {
  it("ships both examples once: seeding again changes nothing", async () => {
    const { seedExampleNpcs } = await import("../../services/npc/seed-examples.ts");
    const before = await machineIds(app, await seededPersonaId(app, "Merchant Kael"));
    const again = await seedExampleNpcs(app.context.store.db, app.devAccount.id);
    expect(again).toEqual({ created: [], updated: [], unchanged: ["Guard Captain Sera", "Merchant Kael"] });
    expect(await machineIds(app, await seededPersonaId(app, "Merchant Kael"))).toEqual(before);
    expect(exampleBody("merchant-kael").name).toBe("Merchant Kael");
  });
});
