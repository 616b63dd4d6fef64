/**
 * Hostile bodies at the HTTP edge: however large, deep or malformed a body is, the answer is a
 * small envelope, and the work done before answering is bounded by the body's size, not by how
 * many of its parts are wrong.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SignJWT } from "jose";
import fc from "fast-check";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { MAX_LISTED_DETAILS } from "../shared/validation-details.ts";
import { MAX_JSON_CONTAINER_ITEMS, MAX_JSON_DEPTH } from "./json-body.ts";
import { CALLER_BLUEPRINT_LIMITS } from "../engine/caller-blueprint.ts";
import { MAX_SCORECARD_GATES } from "../engine/quality/gates.ts";
import { MAX_LOGGED_ERROR_CHARS } from "../store/describe-error.ts";

const JWT_SECRET = "hostile-input-secret-long-enough-for-hs256";
const VALIDATE = "/v1/personas/actions/validate";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ jwtSecret: JWT_SECRET, maxValidatePersonas: 20_000 });
});
afterAll(async () => {
  await app?.close();
});

/** Sends raw text (escapes such as `\ud800` stay as the six characters a hostile client sends). */
async function send(method: string, path: string, text: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${app.devKey}`, "content-type": "application/json", ...headers },
    body: text,
  });
  const raw = await response.text();
  return { status: response.status, bytes: raw.length, body: JSON.parse(raw) };
}

const persona = (extra: Record<string, unknown> = {}) => ({ persona_id: "p1", fields: { age: "30" }, system_prompt: "x", markdown: "x", ...extra });

describe("error amplification (D3)", () => {
  it("lists at most 20 details and counts the rest in one last detail", async () => {
    const response = await send("POST", VALIDATE, JSON.stringify({ personas: Array.from({ length: 100 }, () => 1) }));
    expect(response.status).toBe(422);
    const details = response.body.error.details;
    expect(details).toHaveLength(MAX_LISTED_DETAILS + 1);
    expect(details[0]).toMatchObject({ loc: ["personas", 0], type: "dict_type" });
    expect(details.at(-1)).toEqual({ loc: [], msg: "… and 80 more errors", type: "too_many_errors" });
  });

  it("refuses more personas than a validation may carry before checking any of them (400, like count over the cap)", async () => {
    const response = await send("POST", VALIDATE, `{"personas":[${Array.from({ length: 50_000 }, () => "1").join(",")}]}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: "VALIDATION_ERROR", message: "50000 personas is over the limit of 20000 personas per validation" } });
  });

  it("answers a 2 MB list of a million personas with the personas cap's 400, not the JSON cap of any other list", async () => {
    const response = await send("POST", VALIDATE, `{"personas":[${"1,".repeat(999_999)}1]}`);
    expect(response.status).toBe(400);
    expect(response.bytes).toBeLessThan(1_000);
    expect(response.body).toEqual({ error: { code: "VALIDATION_ERROR", message: "1000000 personas is over the limit of 20000 personas per validation" } });
  });

  it("answers the personas cap before any other problem of the body (an element nested too deep, a list too long)", async () => {
    const deep = `${"[".repeat(MAX_JSON_DEPTH + 5)}${"]".repeat(MAX_JSON_DEPTH + 5)}`;
    const response = await send("POST", VALIDATE, `{"personas":[${deep},${"1,".repeat(30_000)}1]}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe("30002 personas is over the limit of 20000 personas per validation");
  });

  it("answers a 14 MB body in the envelope too (it once answered outside it after 78 s and 2 GB)", async () => {
    const response = await send("POST", VALIDATE, `{"personas":[${"1,".repeat(7_000_000)}1]}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
    expect(response.bytes).toBeLessThan(1_000);
  });

  it("still answers a list over the JSON cap elsewhere in a body with the 422 naming it", async () => {
    const response = await send("POST", VALIDATE, `{"personas":[${JSON.stringify(persona())}],"blueprint":{"order":[${"1,".repeat(MAX_JSON_CONTAINER_ITEMS)}1]}}`);
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ loc: ["blueprint", "order"], msg: `List should have at most ${MAX_JSON_CONTAINER_ITEMS} items after validation`, type: "too_long" }]);
  });

  it("refuses an object with too many members, naming it", async () => {
    const members = Array.from({ length: MAX_JSON_CONTAINER_ITEMS + 1 }, (_, index) => `"f${index}":"v"`).join(",");
    const response = await send("POST", VALIDATE, `{"personas":[{"persona_id":"p","fields":{${members}}}]}`);
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ loc: ["personas", 0, "fields"], msg: `Dictionary should have at most ${MAX_JSON_CONTAINER_ITEMS} items after validation`, type: "too_long" }]);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels before parsing it, on every route`, async () => {
    const deep = `{"personas":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const response = await send("POST", VALIDATE, deep);
    expect(response.status).toBe(422);
    const [detail] = response.body.error.details;
    expect(detail).toMatchObject({ msg: `JSON decode error: nested deeper than ${MAX_JSON_DEPTH} levels`, type: "json_invalid" });
    expect(detail.loc.slice(0, 3)).toEqual(["personas", 0, 0]);
    // An NPC condition 5,000 `not`s deep once overflowed the stack of the save checks (500).
    let condition = '{"keywords":["yes"]}';
    for (let level = 0; level < 5_000; level++) condition = `{"not":${condition}}`;
    const save = await send("POST", "/api/v1/creator/save", `{"name":"T","description":"d","persona_identity_prompt":"p","machines":[{"machine_key":"m","name":"M","states":[],"transitions":[{"when":${condition}}]}]}`);
    expect(save.status).toBe(422);
    expect(save.body.error.details[0].type).toBe("json_invalid");
  });

  it("still reads bodies nested as deep as the bound allows", async () => {
    const nested = `${"[".repeat(MAX_JSON_DEPTH - 2)}${"]".repeat(MAX_JSON_DEPTH - 2)}`;
    const response = await send("POST", VALIDATE, `{"personas":[${JSON.stringify(persona())}],"blueprint":{"deep":${nested}}}`);
    expect(response.status).toBe(200);
  });
});

describe("validate's blueprint (D3 through the blueprint)", () => {
  const onePersona = [{ persona_id: "p", fields: { a: "1" }, system_prompt: "s", markdown: "m" }];

  it("refuses a blueprint of 100,000-entry lists before accepting the job, naming each list over its cap", async () => {
    // The reviewer's body: once 100,002 blueprint issues in a 73 MB poll.
    const parents = `[${Array(100_000).fill(1).join(",")}]`;
    const fields = Array.from({ length: 10 }, (_, index) => `{"name":"f${index}","kind":"categorical","parents":${parents}}`).join(",");
    const response = await send("POST", VALIDATE, `{"personas":${JSON.stringify(onePersona)},"blueprint":{"fields":[${fields}]}}`);
    expect(response.status).toBe(422);
    expect(response.bytes).toBeLessThan(5_000);
    expect(response.body.error.details[0]).toEqual({
      loc: ["blueprint", "fields", 0, "parents"],
      msg: `List should have at most ${CALLER_BLUEPRINT_LIMITS.parents} items after validation, not 100,000: at most ${CALLER_BLUEPRINT_LIMITS.parents} parents per field`,
      type: "too_long",
    });
  });

  it("refuses a valid blueprint with more fields than the cap (10,000 fields × 50 personas once made an 11.5 MB result)", async () => {
    const fields = Array.from({ length: 10_000 }, (_, index) => ({ name: `f${index}`, kind: "text" }));
    const personas = Array.from({ length: 50 }, (_, index) => ({ ...onePersona[0], persona_id: `p${index}` }));
    const response = await send("POST", VALIDATE, JSON.stringify({ personas, blueprint: { fields } }));
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([
      { loc: ["blueprint", "fields"], msg: `List should have at most ${CALLER_BLUEPRINT_LIMITS.fields} items after validation, not 10,000: at most ${CALLER_BLUEPRINT_LIMITS.fields} fields per blueprint`, type: "too_long" },
    ]);
  });

  it("refuses names and expressions over their length, and more entries in all than a blueprint may hold", async () => {
    const longName = await send("POST", VALIDATE, JSON.stringify({ personas: onePersona, blueprint: { fields: [{ name: "n".repeat(5_000), kind: "text" }] } }));
    expect(longName.status).toBe(422);
    expect(longName.body.error.details).toEqual([{ loc: ["blueprint", "fields", 0, "name"], msg: `String should have at most ${CALLER_BLUEPRINT_LIMITS.nameChars} characters`, type: "string_too_long" }]);
    const wide = Array.from({ length: 30 }, (_, field) => ({
      name: `f${field}`,
      kind: "categorical",
      categorical: { weights: Object.fromEntries(Array.from({ length: 1_000 }, (_, category) => [`c${category}`, 1])) },
    }));
    const tooMany = await send("POST", VALIDATE, JSON.stringify({ personas: onePersona, blueprint: { fields: wide } }));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.details).toHaveLength(1);
    expect(tooMany.body.error.details[0].msg).toContain(`at most ${CALLER_BLUEPRINT_LIMITS.entries.toLocaleString("en-US")} entries in a blueprint in all`);
  });

  it("refuses personas × constraints over the scorecard budget with a 400, like too many personas", async () => {
    const constraints = Array.from({ length: 50 }, (_, index) => ({ name: `c${index}`, lhs: "a", op: ">=", rhs: "0" }));
    const personas = Array.from({ length: 3_000 }, (_, index) => ({ ...onePersona[0], persona_id: `p${index}` }));
    const response = await send("POST", VALIDATE, JSON.stringify({ personas, blueprint: { constraints } }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
    expect(response.body.error.message).toContain(`over the limit of ${MAX_SCORECARD_GATES.toLocaleString("en-US")}`);
  });

  it("accepts a blueprint at every cap", async () => {
    const fields = [
      { name: "rank", kind: "categorical", categorical: { weights: Object.fromEntries(Array.from({ length: CALLER_BLUEPRINT_LIMITS.categories }, (_, index) => [`r${index}`, 1])) } },
      ...Array.from({ length: CALLER_BLUEPRINT_LIMITS.fields - 1 }, (_, index) => ({ name: `f${index}`, kind: "text" })),
    ];
    const response = await send("POST", VALIDATE, JSON.stringify({ personas: onePersona, blueprint: { fields } }));
    expect(response.status).toBe(200);
  });
});

describe("errors are logged bounded", () => {
  it("a 500 whose error carries megabytes (a failed query's parameters) is logged in one short line", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const spy = vi.spyOn(app.context.accounts, "billingEntriesSince").mockRejectedValueOnce(new Error(`Failed query: update … params: ${"x".repeat(5_000_000)}`));
    try {
      const response = await app.request("POST", "/v1/credits/projections/usage-summary", {});
      expect(response.status).toBe(500);
      const logged = errors.mock.calls.map((call) => call.join(" "));
      expect(logged.length).toBeGreaterThan(0);
      for (const line of logged) expect(line.length).toBeLessThan(MAX_LOGGED_ERROR_CHARS + 300);
      expect(logged.join("\n")).toContain("Failed query: update");
    } finally {
      spy.mockRestore();
      errors.mockRestore();
    }
  });
});

describe("invalid text anywhere (D6)", () => {
  it("a lone surrogate in a body string is a 422 naming the field", async () => {
    const response = await send("POST", "/v1/personas/actions/generate", '{"prompt":"bakers \\ud800 in Lyon"}');
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([
      { loc: ["prompt"], msg: "Input should be a valid string, unable to parse raw data as a unicode string", type: "string_unicode" },
    ]);
  });

  it("a lone surrogate or NUL in an object key is named by its path", async () => {
    const surrogateKey = await send("POST", VALIDATE, '{"personas":[{"persona_id":"p","fields":{"age\\udfff":"3"},"system_prompt":"x","markdown":"x"}]}');
    expect(surrogateKey.status).toBe(422);
    expect(surrogateKey.body.error.details[0]).toMatchObject({ loc: ["personas", 0, "fields", "age\udfff"], type: "string_unicode" });
    const nulKey = await send("POST", VALIDATE, '{"personas":[{"persona_id":"p","fields":{"a\\u0000":"3"}}]}');
    expect(nulKey.body.error.details[0]).toMatchObject({ loc: ["personas", 0, "fields", "a\u0000"], type: "string_pattern_mismatch" });
  });

  it("finds bad text at the bottom of a deep body (the check walks iteratively, at any depth)", async () => {
    const depth = MAX_JSON_DEPTH - 3;
    const response = await send("POST", VALIDATE, `{"personas":[${JSON.stringify(persona())}],"blueprint":{"x":${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}}}`);
    expect(response.status).toBe(422);
    expect(response.body.error.details[0].loc).toEqual(["blueprint", "x", ...Array.from({ length: depth }, () => 0)]);
  });

  it("the NPC save that answered 500 on a lone surrogate in a name answers 422", async () => {
    const response = await send(
      "POST",
      "/api/v1/creator/save",
      '{"name":"\\ud800","description":"d","persona_identity_prompt":"p","machines":[{"machine_key":"m","name":"M","states":[{"state_key":"a","is_initial_state":true},{"state_key":"z","is_terminal_state":true}],"transitions":[{"from_state_key":"a","to_state_key":"z","decision_type":"pass"}]}]}',
    );
    expect(response.status).toBe(422);
    expect(response.body.error.details[0]).toMatchObject({ loc: ["name"], type: "string_unicode" });
  });

  it("a key named __proto__ is an ordinary key, never a prototype: kept where a record holds it, 200 where it is unknown", async () => {
    const field = await send("POST", VALIDATE, '{"personas":[{"persona_id":"p","fields":{"__proto__":"3","age":"4"},"system_prompt":"x","markdown":"x"}]}');
    expect(field.status).toBe(200);
    const query = await app.request("GET", "/api/v1/personas?__proto__=1");
    expect(query.status).toBe(200);
    const ordinary = await send("POST", VALIDATE, '{"personas":[{"persona_id":"p","fields":{"constructor":"3","toString":"4"},"system_prompt":"x","markdown":"x"}]}');
    expect(ordinary.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });


  it("NUL in a query value or a route param is a 422 naming it", async () => {
    const query = await app.request("GET", "/api/v1/personas/00000000-0000-4000-8000-000000000000/progress?user_session_id=a%00b");
    expect(query.status).toBe(422);
    expect(query.body.error.details[0]).toMatchObject({ loc: ["user_session_id"], type: "string_pattern_mismatch" });
    const param = await app.request("GET", "/v1/personas/repositories/Population/by-id/%00");
    expect(param.status).toBe(422);
    expect(param.body.error.details[0]).toMatchObject({ loc: ["id"], type: "string_pattern_mismatch" });
  });

  it("a JWT whose subject or issuer holds NUL or a lone surrogate is refused (401), never a database error", async () => {
    const secret = new TextEncoder().encode(JWT_SECRET);
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    for (const claims of [{ sub: "a\u0000b" }, { sub: "a\ud800b" }, { sub: "user", iss: "https://id\u0000.example" }, { sub: "-".repeat(36) }]) {
      const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(claims.sub).setIssuer(claims.iss ?? "https://id.example").setExpirationTime(inAnHour).sign(secret);
      const response = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` });
      expect(response.status, JSON.stringify(claims)).toBe(claims.sub === "-".repeat(36) ? 200 : 401);
    }
  });

  it("a JWT whose claims are not strings is refused (sub, iss) or ignored (email, name), never a 500", async () => {
    const secret = new TextEncoder().encode(JWT_SECRET);
    const notText = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }));
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime("5m").sign(secret);
    const whoami = async (token: string) => (await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` })).status;
    await fc.assert(
      fc.asyncProperty(notText, fc.constantFrom("sub", "iss", "email", "name"), async (value, claim) => {
        const status = await whoami(await sign({ sub: "fuzzed-user", [claim]: value }));
        // Who the caller is cannot be read from a subject or issuer that is not text; a display name is optional.
        expect(status, `${claim}: ${JSON.stringify(value)}`).toBe(claim === "sub" || claim === "iss" ? 401 : 200);
      }),
      { numRuns: 60 },
    );
    // The reviewer's tokens, each once a 500 (`text.includes is not a function`).
    for (const claims of [{ sub: 12345 }, { sub: { a: 1 } }, { sub: ["a"] }, { sub: true }, { sub: "u", iss: 123 }, { sub: "u", iss: { a: 1 } }]) {
      expect(await whoami(await sign(claims)), JSON.stringify(claims)).toBe(401);
    }
  });

  it("a JWT display name with NUL falls back to the subject instead of failing", async () => {
    const token = await new SignJWT({ email: "ada\u0000@example.org" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("ada")
      .setIssuer("https://id.example")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(JWT_SECRET));
    const response = await app.request("POST", "/v1/turn-taking/actions/whoami", {}, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const account = await app.context.accounts.get(response.body.user_id);
    expect(account?.name).toBe("ada");
  });
});
