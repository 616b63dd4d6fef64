/**
 * HTTPS without a proxy: with DRAMATIS_TLS_CERT and DRAMATIS_TLS_KEY the server speaks TLS itself
 * (the Humalike SDK accepts only `https://` base URLs). The certificate is self-signed, made here
 * with `openssl` (node:crypto cannot issue X.509 certificates).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { loadConfig } from "../config.ts";
import { buildServer } from "./server.ts";
import type { AppContext } from "./context.ts";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const folder = mkdtempSync(join(tmpdir(), "dramatis-tls-"));
const certPath = join(folder, "cert.pem");
const keyPath = join(folder, "key.pem");

// Skipped where no `openssl` can make the certificate; it is present on the machines we test on.
describe.skipIf(!hasOpenssl())("HTTPS with a self-signed certificate", () => {
  let app: TestApp;
  let cert: Buffer;
  beforeAll(async () => {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
    cert = readFileSync(certPath);
    app = await startTestApp({ tlsCert: certPath, tlsKey: keyPath });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; authorized: boolean }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(`${app.url}${path}`, { ca: cert, headers }, (incoming) => {
        const authorized = (incoming.socket as { authorized?: boolean }).authorized === true;
        let text = "";
        incoming.setEncoding("utf8");
        incoming.on("data", (chunk) => (text += chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text), authorized }));
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
  }

  it("listens on https:// and answers over a verified TLS connection", async () => {
    expect(app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await get("/healthz");
    expect(health).toEqual({ status: 200, body: { status: "ok" }, authorized: true });
    const poll = await get("/v1/personas/repositories/Population/by-id/00000000-0000-4000-8000-000000000000", { authorization: `Bearer ${app.devKey}` });
    expect(poll.status).toBe(404);
    expect(poll.body.error.code).toBe("not_found");
  });
});

describe("TLS configuration", () => {
  it("needs both the certificate and the key", () => {
    expect(() => loadConfig({ DRAMATIS_TLS_CERT: "/tmp/cert.pem" })).toThrow(/set both DRAMATIS_TLS_CERT and DRAMATIS_TLS_KEY/);
    expect(() => loadConfig({ DRAMATIS_TLS_KEY: "/tmp/key.pem" })).toThrow(/set both/);
    expect(loadConfig({}).tlsCert).toBeUndefined();
  });

  it("refuses to start with a certificate it cannot read, naming the variable", async () => {
    // The files are read first thing, before the server touches anything else of the app.
    const config = { ...loadConfig({}), tlsCert: "/nonexistent/cert.pem", tlsKey: "/nonexistent/key.pem" };
    await expect(buildServer({ config } as AppContext)).rejects.toThrow(/DRAMATIS_TLS_CERT: cannot read \/nonexistent\/cert\.pem/);
  });
});
