/**
 * Hostile probes of a running server (issue 12's classes, with inputs of our own):
 *   PROBE_BASE=http://127.0.0.1:8787 PROBE_KEY=ak_… npx tsx test/fuzz/hostile-probe.ts
 * Prints one line per probe; lines starting with `!!` are findings. Exits 1 when there are any.
 */
import { auth, findingCount, send, sendRaw, verdict } from "./probe-lib.ts";

const json = (value: unknown) => JSON.stringify(value);
const bad = ["\ud800", "a\u0000b", "\udfff\ud800"];
const badRaw = ['"\\ud800"', '"a\\u0000b"'];

async function main(): Promise<void> {
  const list = JSON.parse((await send("GET", "/api/v1/personas?limit=5", undefined, auth())).body) as any;
  const persona = (list.personas ?? list.items ?? list)[0] as any;
  const personaId: string = persona.id ?? persona.persona_id;
  const full = JSON.parse((await send("GET", `/api/v1/personas/${personaId}/full`, undefined, auth())).body) as any;
  const machineId: string = full.machines[0].id;

  // Invalid Unicode and NUL in every place a text can come from.
  for (const raw of badRaw) {
    verdict(`generate prompt ${raw}`, await send("POST", "/v1/personas/actions/generate", `{"prompt":${raw},"count":1}`, auth()));
    verdict(`generate key ${raw}`, await send("POST", "/v1/personas/actions/generate", `{"prompt":"x",${raw}:1}`, auth()));
    verdict(`enhance ${raw}`, await send("POST", "/v1/personas/actions/enhance", `{"persona":${raw}}`, auth()));
    verdict(`chat message ${raw}`, await send("POST", `/api/v1/chat/${personaId}/message`, `{"user_session_id":"u1","machine_id":"${machineId}","message":${raw}}`, auth()));
    verdict(`chat user_session_id ${raw}`, await send("POST", `/api/v1/chat/${personaId}/message`, `{"user_session_id":${raw},"message":"hi"}`, auth()));
  }
  for (const encoded of ["%ED%A0%80", "%00", "%C0%80", "%FF", "%E2%82"]) {
    verdict(`query user_session_id ${encoded}`, await send("GET", `/api/v1/personas/${personaId}/progress?user_session_id=${encoded}`, undefined, auth()));
    verdict(`query limit ${encoded}`, await send("GET", `/api/v1/personas?limit=${encoded}`, undefined, auth()));
    verdict(`path id ${encoded}`, await send("GET", `/api/v1/personas/${encoded}`, undefined, auth()));
    verdict(`path poll id ${encoded}`, await send("GET", `/v1/personas/repositories/Population/by-id/${encoded}`, undefined, auth()));
    verdict(`sdk path ${encoded}`, await send("GET", `/api/v1/sdk/chat/${encoded}/session?user_session_id=u`, undefined, auth()));
    verdict(`query key ${encoded}`, await send("GET", `/api/v1/personas?${encoded}=1`, undefined, auth()));
  }
  verdict("query array user_session_id", await send("GET", `/api/v1/personas/${personaId}/progress?user_session_id=a&user_session_id=b`, undefined, auth()));
  verdict("query limit twice", await send("GET", `/api/v1/personas?limit=1&limit=2`, undefined, auth()));
  verdict("query bracket key", await send("GET", `/api/v1/personas?limit[a]=1&__proto__=1&constructor=2`, undefined, auth()));

  // Headers: bytes beyond ASCII, an idempotency key of odd bytes.
  for (const value of ["caf\u00e9", "a b", "x".repeat(256), "\u00ff\u00fe", "a\tb"]) {
    verdict(`idempotency-key ${json(value.slice(0, 12))}`, await send("POST", "/v1/personas/actions/enhance", json({ persona: "a nurse" }), { ...auth(), "idempotency-key": value }));
  }
  for (const header of ["x-llm-api-key", "x-llm-model"]) {
    verdict(`${header} latin1`, await send("POST", `/api/v1/chat/${personaId}/message`, json({ user_session_id: "u-h", message: "hello" }), { ...auth(), [header]: "caf\u00e9\u00ff" }));
  }

  // Prototype keys as JSON keys and names.
  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
    verdict(`generate body ${name}`, await send("POST", "/v1/personas/actions/generate", `{"${name}":{"prompt":"x"},"prompt":"a nurse","count":1}`, auth()));
    verdict(`validate field ${name}`, await send("POST", "/v1/personas/actions/validate", json({ personas: [{ persona_id: "p1", fields: { [name]: "1", age: "3" }, system_prompt: "s", markdown: "m" }], blueprint: { domain: "d", order: [name], fields: [{ name, kind: "categorical", description: "x", categorical: { weights: { [name]: 1 } } }], constraints: [{ name, lhs: name, op: ">=", rhs: 0 }] } }).replace('"fields":{', `"fields":{"__proto__":"x",`), auth()));
  }
  verdict("usage-summary __proto__", await send("POST", "/v1/credits/projections/usage-summary", '{"__proto__":{"x":1}}', auth()));

  // Query strings over their caps: details are bounded.
  const many = Array.from({ length: 200 }, (_, index) => `limit=${index}x`).join("&");
  verdict("200 bad limits", await send("GET", `/api/v1/personas?${many}`, undefined, auth()));
  verdict("huge query", await send("GET", `/api/v1/personas?q=${"a".repeat(15_000)}`, undefined, auth()));

  // Content types and encodings.
  verdict("utf-16 body", await send("POST", "/v1/personas/actions/enhance", Buffer.from(json({ persona: "a nurse" }), "utf16le"), { ...auth(), "content-type": "application/json; charset=utf-16" }));
  verdict("BOM body", await send("POST", "/v1/personas/actions/enhance", `\ufeff${json({ persona: "a nurse" })}`, auth()));
  verdict("text/plain json", await send("POST", "/v1/personas/actions/enhance", json({ persona: "a nurse" }), { ...auth(), "content-type": "text/plain" }));
  verdict("no content-type", await send("POST", "/v1/personas/actions/enhance", json({ persona: "a nurse" }), { ...auth(), "content-type": "" }));
  verdict("json null body", await send("POST", "/v1/personas/actions/generate", "null", auth()));
  verdict("json number body", await send("POST", "/v1/personas/actions/generate", "12", auth()));
  verdict("json string body", await send("POST", "/api/v1/creator/save", '"x"', auth()));
  verdict("save array body", await send("POST", "/api/v1/creator/save", "[]", auth()));
  verdict("publish null", await send("POST", "/api/v1/creator/publish", "null", auth()));
  verdict("message null", await send("POST", `/api/v1/chat/${personaId}/message`, "null", auth()));
  verdict("init null", await send("POST", `/api/v1/chat/${personaId}/init-session`, "null", auth()));

  // Raw protocol oddities.
  console.log("raw absolute-form:", (await sendRaw(`GET http://evil/healthz HTTP/1.1\r\nHost: x\r\n\r\n`)).split("\r\n")[0]);
  console.log("raw asterisk:", (await sendRaw(`OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).split("\r\n\r\n")[1]?.slice(0, 200));
  console.log("raw bad method:", (await sendRaw(`FOO /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).slice(0, 300));
  console.log("raw PROPFIND:", (await sendRaw(`PROPFIND /v1/personas/actions/generate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).slice(0, 400));
  console.log("raw no host http1.1:", (await sendRaw(`GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n`)).slice(0, 300));

  console.log(`${findingCount()} findings`);
  process.exitCode = findingCount() > 0 ? 1 : 0;
}

await main();
