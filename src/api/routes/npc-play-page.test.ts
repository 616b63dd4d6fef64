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

  it("sends a Content-Security-Policy that allows no inline script, and nosniff; its script and style come from /play/assets", async () => {
    const { play_link } = await publishedPersona("Kael under a policy");
    const response = await fetch(play_link, { headers: { accept: "text/html" } });
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await response.text();
    // Every <script> either loads from our origin or is a JSON data block (never executed); no inline style either.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attributes, content] of scripts) {
      if (/type="application\/json"/.test(attributes!)) continue;
      expect(attributes).toMatch(/src="\/play\/assets\/play\.js"/);
      expect(content).toBe("");
    }
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    for (const [path, type] of [
      ["/play/assets/play.js", /^text\/javascript/],
      ["/play/assets/play.css", /^text\/css/],
    ] as const) {
      const asset = await fetch(`${app.url}${path}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(type);
      expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("carries the save's offline-play warnings in the manifest, and the page has the notice that shows them", async () => {
    const body = JSON.parse(readFileSync(new URL("../../../examples/npc/guard-captain-sera.json", import.meta.url), "utf8"));
    const saved = await app.request("POST", "/api/v1/creator/save", { ...body, name: "Sera with warnings" });
    expect(saved.body.warnings.length).toBeGreaterThan(0);
    await app.request("POST", `/api/v1/creator/publish?persona_id=${saved.body.persona_id}`);
    const manifest = (await (await fetch(`${app.url}/play/${saved.body.persona_id}`, { headers: { accept: "application/json" } })).json()) as any;
    expect(manifest.warnings).toEqual(saved.body.warnings);
    expect(manifest.offline).toBe(true);
    const html = await (await fetch(`${app.url}/play/${saved.body.persona_id}`, { headers: { accept: "text/html" } })).text();
    expect(html).toContain('id="notice"');
    const script = await (await fetch(`${app.url}/play/assets/play.js`)).text();
    expect(script).toContain("manifest.warnings");
  });

  it("an unknown, stale or malformed play link shows browsers a small 'not found' page, and API clients JSON", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-persona"]) {
      const page = await fetch(`${app.url}/play/${id}`, { headers: { accept: "text/html,application/xhtml+xml" } });
      expect(page.status).toBe(404);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await page.text()).toContain("Nothing to play here");
    }
    const api = await fetch(`${app.url}/play/00000000-0000-4000-8000-000000000000`, { headers: { accept: "application/json" } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as any).error.code).toBe("not_found");
    const malformed = await fetch(`${app.url}/play/not-a-persona`, { headers: { accept: "application/json" } });
    expect(malformed.status).toBe(400);
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
