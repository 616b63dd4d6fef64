/**
 * Hostile bodies at the HTTP edge: however large, deep or malformed a body is, the answer is a
 * small envelope, and the work done before answering is bounded by the body's size, not by how
 * many of its parts are wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { MAX_LISTED_DETAILS } from "../shared/validation-details.ts";
import { MAX_JSON_CONTAINER_ITEMS, MAX_JSON_DEPTH } from "./json-body.ts";

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

  it("answers a 2 MB list of a million bad elements with a small envelope naming the list", async () => {
    const response = await send("POST", VALIDATE, `{"personas":[${"1,".repeat(999_999)}1]}`);
    expect(response.status).toBe(422);
    expect(response.bytes).toBeLessThan(1_000);
    expect(response.body.error).toEqual({
      code: "validation_failed",
      message: "request validation failed",
      details: [{ loc: ["personas"], msg: `List should have at most ${MAX_JSON_CONTAINER_ITEMS} items after validation`, type: "too_long" }],
    });
  });

  it("answers a 14 MB body in the envelope too (it once answered outside it after 78 s and 2 GB)", async () => {
    const response = await send("POST", VALIDATE, `{"personas":[${"1,".repeat(7_000_000)}1]}`);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.bytes).toBeLessThan(1_000);
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
