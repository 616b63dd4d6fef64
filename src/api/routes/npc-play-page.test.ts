/**
 * The play link leads somewhere: JSON for API clients; for browsers the web UI's play page, or,
 * on a server without the built UI, a small page of its own that plays.
 */
import { readFileSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fakeWebUiBuild, noWebUiBuild } from "../../../web/testing/fake-build.ts";
import { registerNpcPlayPage } from "./npc-play-page.ts";
import { WEB_UI_CONTENT_SECURITY_POLICY } from "./web-ui.ts";

let app: TestApp;
/** The play route of the same app, with no built UI beside it (the server as the package installs it). */
let withoutUi: FastifyInstance;
const noUi = noWebUiBuild();
beforeAll(async () => {
  app = await startTestApp();
  withoutUi = Fastify();
  registerNpcPlayPage(withoutUi, app.context, app.context.npc, { webUiDirectory: noUi.directory });
});
afterAll(async () => {
  await withoutUi?.close();
  await app?.close();
  noUi.remove();
});

/** What a browser gets from a server without the built UI. */
async function pageWithoutUi(path: string, accept = "text/html,application/xhtml+xml") {
  const response = await withoutUi.inject({ method: "GET", url: path, headers: { accept } });
  return { status: response.statusCode, headers: response.headers, text: response.body };
}

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

  it("gives browsers the web UI's play page when the UI is built, with the UI's policy; a missing persona's link still answers 404", async () => {
    const build = fakeWebUiBuild();
    const server = Fastify();
    try {
      registerNpcPlayPage(server, app.context, app.context.npc, { webUiDirectory: build.directory });
      const { persona_id } = await publishedPersona("Kael in the UI");
      const page = await server.inject({ method: "GET", url: `/play/${persona_id}`, headers: { accept: "text/html" } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<div id="root">');
      expect(page.headers["content-security-policy"]).toBe(WEB_UI_CONTENT_SECURITY_POLICY);
      const missing = await server.inject({ method: "GET", url: "/play/00000000-0000-4000-8000-000000000000", headers: { accept: "text/html" } });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('<div id="root">');
      const manifest = await server.inject({ method: "GET", url: `/play/${persona_id}`, headers: { accept: "application/json" } });
      expect(JSON.parse(manifest.body).persona.id).toBe(persona_id);
    } finally {
      await server.close();
      build.remove();
    }
  });

  it("without the built UI, gives browsers a page in which nothing the creator wrote is parsed as HTML", async () => {
    const { persona_id } = await publishedPersona("<script>alert('x')</script> Kael");
    const response = await pageWithoutUi(`/play/${persona_id}`);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    const html = response.text;
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("\\u003cscript>alert");
  });

  it("without the built UI, sends a Content-Security-Policy that allows no inline script, and nosniff; its script and style come from /play/assets", async () => {
    const { persona_id } = await publishedPersona("Kael under a policy");
    const response = await pageWithoutUi(`/play/${persona_id}`, "text/html");
    const policy = String(response.headers["content-security-policy"] ?? "");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    const html = response.text;
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
    const html = (await pageWithoutUi(`/play/${saved.body.persona_id}`, "text/html")).text;
    expect(html).toContain('id="notice"');
    const script = await (await fetch(`${app.url}/play/assets/play.js`)).text();
    expect(script).toContain("manifest.warnings");
  });

  it("an unknown, stale or malformed play link shows browsers (without the built UI) a small 'not found' page, and API clients JSON", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-persona"]) {
      const page = await pageWithoutUi(`/play/${id}`);
      expect(page.status).toBe(404);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(page.text).toContain("Nothing to play here");
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
