/** The play link leads somewhere: JSON for API clients, a page that plays for browsers. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function publishedPersona(name: string) {
  const body = JSON.parse(readFileSync(new URL("../../../examples/npc/merchant-kael.json", import.meta.url), "utf8"));
  const saved = await app.request("POST", "/api/v1/creator/save", { ...body, name });
  expect(saved.status).toBe(200);
  const published = await app.request("POST", `/api/v1/creator/publish?persona_id=${saved.body.persona_id}`);
  return published.body as { play_link: string; persona_id: string };
}

describe("GET /play/{persona_id}", () => {
  it("answers API clients with the persona, its machines and the chat endpoints", async () => {
    const { play_link, persona_id } = await publishedPersona("Merchant Kael");
    const response = await fetch(play_link, { headers: { accept: "application/json" } });
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as any;
    expect(manifest.persona).toMatchObject({ id: persona_id, name: "Merchant Kael", is_public: true });
    expect(manifest.machines.length).toBeGreaterThanOrEqual(2);
    expect(manifest.endpoints.init_session).toBe(`/api/v1/chat/${persona_id}/init-session?machine_id={machine_id}`);
    const machineId = manifest.machines[0].machine_id;
    const opened = await app.request("POST", manifest.endpoints.init_session.replace("{machine_id}", machineId), { user_session_id: "visitor", player_name: "Ann", player_gender: "female" }, { authorization: "" });
    expect(opened.status).toBe(200);
    expect(opened.body.message.length).toBeGreaterThan(0);
  });

  it("gives browsers a page in which nothing the creator wrote is parsed as HTML", async () => {
    const { play_link } = await publishedPersona("<script>alert('x')</script> Kael");
    const response = await fetch(play_link, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("\\u003cscript>alert");
  });

  it("404 for a private persona, exactly like a missing one", async () => {
    const body = JSON.parse(readFileSync(new URL("../../../examples/npc/guard-captain-sera.json", import.meta.url), "utf8"));
    const saved = await app.request("POST", "/api/v1/creator/save", { ...body, is_public: false });
    const hidden = await fetch(`${app.url}/play/${saved.body.persona_id}`, { headers: { accept: "application/json" } });
    const missing = await fetch(`${app.url}/play/00000000-0000-4000-8000-000000000000`, { headers: { accept: "application/json" } });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
  });
});
