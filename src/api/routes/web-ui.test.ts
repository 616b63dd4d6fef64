/** The web UI is the server's front door: its page at `/` and at every UI path, its assets, and nothing in the API's way. */
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { FAKE_ASSET, fakeWebUiBuild, noWebUiBuild } from "../../../web/testing/fake-build.ts";
import { registerWebUi, WEB_UI_CONTENT_SECURITY_POLICY } from "./web-ui.ts";

describe("the web UI on the real server", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers GET / with the UI's page (no redirect to the API docs any more), with a policy that allows no inline script", async () => {
    const response = await fetch(`${app.url}/`, { redirect: "manual" });
    expect([200, 503]).toContain(response.status);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toBe(WEB_UI_CONTENT_SECURITY_POLICY);
    expect(WEB_UI_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(WEB_UI_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("leaves the API, its docs and its JSON 404s alone", async () => {
    expect((await app.request("GET", "/healthz")).body).toEqual({ status: "ok" });
    expect((await fetch(`${app.url}/openapi.json`)).headers.get("content-type")).toMatch(/json/);
    expect((await fetch(`${app.url}/docs/`)).status).toBe(200);
    const missing = await app.request("GET", "/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const missingAsset = await app.request("GET", "/assets/missing-file.js");
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.body.error.code).toBe("not_found");
  });
});

describe("registerWebUi", () => {
  it("serves the page at every path the UI routes, and hashed assets cached for good", async () => {
    const build = fakeWebUiBuild();
    const server = Fastify();
    try {
      await registerWebUi(server, build.directory);
      for (const path of ["/", "/populations/0b7c/interview", "/enhance", "/validate", "/npc", "/npc/new", "/account"]) {
        const page = await server.inject({ method: "GET", url: path });
        expect(page.statusCode, path).toBe(200);
        expect(page.body).toContain('<div id="root">');
        expect(page.headers["cache-control"]).toBe("no-cache");
      }
      const asset = await server.inject({ method: "GET", url: `/assets/${FAKE_ASSET}` });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers["content-type"]).toMatch(/javascript/);
      expect(asset.headers["cache-control"]).toContain("immutable");
      expect((await server.inject({ method: "GET", url: "/assets/../index.html" })).statusCode).not.toBe(200);
    } finally {
      await server.close();
      build.remove();
    }
  });

  it("says how to build the UI when it is not built, instead of a bare 404", async () => {
    const build = noWebUiBuild();
    const server = Fastify();
    try {
      await registerWebUi(server, build.directory);
      const page = await server.inject({ method: "GET", url: "/" });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain("npm run build:web");
    } finally {
      await server.close();
      build.remove();
    }
  });
});
