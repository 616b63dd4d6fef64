/**
 * A player's name carries across the machines of one user_session_id: given once at init-session,
 * or stated in conversation, it is how later machines address the player (never "traveller" again).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { ANONYMOUS, machineIds, seededPersonaId, sendAll } from "../../../test/helpers/npc.ts";

let app: TestApp;
let sera: string;
let seraMachines: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({}, { seedExamples: true });
  sera = await seededPersonaId(app, "Guard Captain Sera");
  seraMachines = await machineIds(app, sera);
});
afterAll(async () => app?.close());

async function init(userSessionId: string, machineId: string, playerName?: string) {
  const body = { user_session_id: userSessionId, ...(playerName === undefined ? {} : { player_name: playerName }) };
  const response = await app.request("POST", `/api/v1/chat/${sera}/init-session?machine_id=${machineId}`, body, ANONYMOUS);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe("the player's name across machines of one user_session_id", () => {
  it("a name given at the gate's init-session is used by night_watch opened without one", async () => {
    const player = "carry-init-name";
    await init(player, seraMachines.gate_interrogation!, "Tom");
    await sendAll(app, sera, player, seraMachines.gate_interrogation!, ["Call me Thomas", "trade goods", "my papers"]);
    const night = await init(player, seraMachines.night_watch!);
    expect(night.player_name).toBe("Tom");
    expect(night.message).toMatch(/^Tom\. You came through my gate honestly/);
  });

  it("a name the player stated at the gate is used when no name was ever given", async () => {
    const player = "carry-stated-name";
    await init(player, seraMachines.gate_interrogation!);
    await sendAll(app, sera, player, seraMachines.gate_interrogation!, ["My name is Brann", "I come to pray", "here is my writ"]);
    const night = await init(player, seraMachines.night_watch!);
    expect(night.player_name).toBe("Brann");
    expect(night.message).toMatch(/^Brann\. /);
    expect(night.message).not.toMatch(/travell?er/i);
  });

  it("a session opened implicitly by a message carries the name too", async () => {
    const player = "carry-implicit";
    await init(player, seraMachines.gate_interrogation!, "Ilse");
    await sendAll(app, sera, player, seraMachines.gate_interrogation!, ["I am Ilse", "family, my sister", "my papers"]);
    await sendAll(app, sera, player, seraMachines.night_watch!, ["I'm ready"]);
    const sdk = { authorization: "", "x-api-key": app.devKey };
    const query = `user_session_id=${player}&machine_id=${seraMachines.night_watch}`;
    const history = await app.request("GET", `/api/v1/sdk/chat/${sera}/history?${query}`, undefined, sdk);
    const session = await app.request("GET", `/api/v1/sdk/chat/${sera}/session?${query}`, undefined, sdk);
    expect(history.status).toBe(200);
    expect(history.body.messages[0]).toMatchObject({ role: "assistant", content: expect.stringMatching(/^Ilse\. /) });
    expect(session.status).toBe(200);
    expect(session.body.player_name).toBe("Ilse");
  });
});
