/**
 * D6 on the chat routes: a lone surrogate or a NUL in a player's message or name reached `jsonb` and
 * answered 500 (then every later turn of that player too). The server-wide check refuses them with a
 * 422 naming the field, before any session is touched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { ANONYMOUS, machineIds, seededPersonaId } from "../../../test/helpers/npc.ts";

let app: TestApp;
let kael: string;
let haggle: string;

beforeAll(async () => {
  app = await startTestApp({}, { seedExamples: true });
  kael = await seededPersonaId(app, "Merchant Kael");
  haggle = (await machineIds(app, kael)).haggle as string;
});
afterAll(async () => app?.close());

const BROKEN_TEXTS = ["\ud800", "lantern\udfff", "a\u0000b"];

describe("text a chat route cannot store", () => {
  it("refuses a broken player_name at init-session with a 422 naming it", async () => {
    for (const [index, name] of BROKEN_TEXTS.entries()) {
      const { status, body } = await app.request("POST", `/api/v1/chat/${kael}/init-session?machine_id=${haggle}`, { user_session_id: `name-${index}`, player_name: name }, ANONYMOUS);
      expect(status, JSON.stringify(name)).toBe(422);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details[0].loc).toEqual(["player_name"]);
    }
  });

  it("refuses a broken message with a 422 naming it, and the player's next turn still plays", async () => {
    const player = "broken-message";
    for (const message of BROKEN_TEXTS) {
      const { status, body } = await app.request("POST", `/api/v1/chat/${kael}/message?machine_id=${haggle}`, { user_session_id: player, message }, ANONYMOUS);
      expect(status, JSON.stringify(message)).toBe(422);
      expect(body.error.details[0].loc).toEqual(["message"]);
    }
    const next = await app.request("POST", `/api/v1/chat/${kael}/message?machine_id=${haggle}`, { user_session_id: player, message: "How much for the lantern?" }, ANONYMOUS);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(typeof next.body.message).toBe("string");
  });
});
