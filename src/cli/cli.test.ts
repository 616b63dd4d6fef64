/**
 * The `dramatis` command as a user runs it: a real process, real files, the embedded store in a
 * temporary folder, and `--server` through the SDK against a real server on 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "..", "..", "bin", "dramatis.js");
const folder = mkdtempSync(join(tmpdir(), "dramatis-cli-"));
const env = { ...process.env, DRAMATIS_DATA_DIR: join(folder, "data"), DATABASE_URL: "", DRAMATIS_API_KEY: "" };

async function dramatis(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, cwd: folder, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("dramatis generate", () => {
  it("writes the same population for the same seed, in every export format", async () => {
    const json = join(folder, "lol.json");
    const first = await dramatis("generate", "12 League of Legends players from around the globe", "--count", "12", "--seed", "4", "--out", json);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/12\/12 personas/);
    const population = JSON.parse(readFileSync(json, "utf8"));
    expect(population.personas).toHaveLength(12);
    const again = await dramatis("generate", "12 League of Legends players from around the globe", "--count", "12", "--seed", "4", "--no-progress");
    expect(again.stdout).toBe(readFileSync(json, "utf8"));

    const csv = await dramatis("generate", "12 League of Legends players from around the globe", "-n", "12", "-s", "4", "-f", "csv", "--no-progress");
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toMatch(/^persona_id,region,rank,/);
    expect(lines).toHaveLength(13);
    const jsonl = await dramatis("generate", "12 League of Legends players from around the globe", "-n", "12", "-s", "4", "-f", "jsonl", "--no-progress");
    expect(jsonl.stdout.trim().split("\n").map((line) => JSON.parse(line).persona_id)).toEqual(population.personas.map((persona: { persona_id: string }) => persona.persona_id));
    const md = await dramatis("generate", "12 League of Legends players from around the globe", "-n", "12", "-s", "4", "-f", "md", "--no-progress");
    expect(md.stdout.match(/^# /gm)).toHaveLength(12);
  });

  it("rejects bad options with a clear message", async () => {
    const zero = await dramatis("generate", "x", "--count", "0");
    expect(zero.code).not.toBe(0);
    expect(zero.stderr).toMatch(/count must be at least 1/);
    const empty = await dramatis("generate", "  ");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/the prompt is empty/);
    const format = await dramatis("generate", "x", "--format", "xml");
    expect(format.stderr).toMatch(/format must be one of json, jsonl, csv, md/);
  });
});

describe("dramatis validate", () => {
  it("exits 0 when every gate passes and 2 when a persona breaks a constraint", async () => {
    const file = join(folder, "nurses.json");
    await dramatis("generate", "30 registered nurses in the US", "-n", "30", "-s", "8", "-o", file, "--no-progress");
    const passing = await dramatis("validate", file);
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.stdout).passed).toBe(true);

    const population = JSON.parse(readFileSync(file, "utf8"));
    population.personas[3].fields.years_experience = "70";
    writeFileSync(file, JSON.stringify(population));
    const failing = await dramatis("validate", file);
    expect(failing.code).toBe(2);
    const report = JSON.parse(failing.stdout);
    const failed = report.scorecards.flatMap((card: any) => card.gates.filter((gate: any) => !gate.passed).map((gate: any) => `${card.persona_id}:${gate.name}`));
    expect(failed.every((entry: string) => entry.startsWith("p0004:"))).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
  });

  it("says which persona is malformed", async () => {
    const file = join(folder, "bad.json");
    writeFileSync(file, JSON.stringify({ personas: [{ persona_id: "p1", fields: { age: 3 }, system_prompt: "x", markdown: "x" }] }));
    const result = await dramatis("validate", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/personas\.0\.fields\.age/);
  });
});

describe("dramatis keys and credits", () => {
  it("creates, lists and revokes keys and grants credits in the embedded store", async () => {
    const created = await dramatis("keys", "create", "--name", "ci");
    expect(created.code).toBe(0);
    const key = /API key: (ak_\S+)/.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const listed = await dramatis("keys", "list");
    expect(listed.stdout).toContain(key!.slice(0, 10));
    expect(listed.stdout).not.toContain(key);
    const revoked = await dramatis("keys", "revoke", key!.slice(0, 10));
    expect(revoked.stdout).toMatch(/revoked 1 key/);
    expect((await dramatis("keys", "list")).stdout).toMatch(/revoked/);

    const granted = await dramatis("credits", "grant", "500", "--account", "team", "--create");
    expect(granted.stdout).toMatch(/team .*balance 500/);
    const shown = await dramatis("credits", "show", "--account", "team");
    expect(shown.stdout).toMatch(/\+500\s+grant/);
    expect((await dramatis("credits", "show", "--account", "nobody")).stderr).toMatch(/no account "nobody"/);
  });
});

describe("operator commands while the server holds the embedded database", () => {
  it("create, list and revoke keys and grant credits through the running server", async () => {
    const { spawn } = await import("node:child_process");
    const dataDir = join(folder, "served");
    const server = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "main.ts"), "serve"], {
      env: { ...env, DRAMATIS_DATA_DIR: dataDir, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        server.stdout!.on("data", (chunk) => {
          output += chunk;
          const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
          if (found && /API key:/.test(output)) resolve(found);
        });
        server.on("exit", (code) => reject(new Error(`server exited ${code}: ${output}`)));
      });
      const operator = (...args: string[]) =>
        run(process.execPath, [bin, ...args], { env: { ...env, DRAMATIS_DATA_DIR: dataDir }, cwd: folder }).then(
          (result) => ({ code: 0, ...result }),
          (error) => ({ code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string }),
        );
      const created = await operator("keys", "create", "--name", "while-serving");
      expect(created.code, created.stderr).toBe(0);
      const key = /API key: (ak_\S+)/.exec(created.stdout)![1]!;
      const whoami = () => fetch(`${url}/v1/turn-taking/actions/whoami`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" });
      expect((await whoami()).status).toBe(200);
      const listed = await operator("keys", "list");
      const id = listed.stdout.split("\n").find((line) => line.includes("while-serving"))!.split(" ")[0]!;
      expect((await operator("keys", "revoke", id.slice(0, 8))).stdout).toMatch(/revoked 1 key/);
      expect((await whoami()).status).toBe(401);
      expect((await operator("credits", "grant", "250", "--account", "ops", "--create")).stdout).toMatch(/ops .*balance 250/);
      expect((await operator("credits", "show", "--account", "ops")).stdout).toMatch(/\+250\s+grant/);
      // The operator routes answer only with the token from the data folder.
      const forged = await fetch(`${url}/operator/keys`, { headers: { "x-dramatis-operator": "guess" } });
      expect(forged.status).toBe(403);
    } finally {
      server.kill("SIGTERM");
    }
  });
});

describe("--server", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("generates, enhances and validates through a server with the SDK", async () => {
    const file = join(folder, "remote.json");
    const generated = await dramatis("generate", "8 chess players", "-n", "8", "-s", "2", "-o", file, "--server", app.url, "--token", app.devKey);
    expect(generated.code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).personas).toHaveLength(8);
    const validated = await dramatis("validate", file, "--server", app.url, "--token", app.devKey);
    expect(validated.code).toBe(0);
    const enhanced = await dramatis("enhance", "Meet Dana, a grumpy 52-year-old lighthouse keeper in Maine.", "--server", app.url, "--token", app.devKey);
    expect(JSON.parse(enhanced.stdout).fields).toMatchObject({ age: "52" });
    const unauthorised = await dramatis("generate", "x", "--server", app.url, "--token", "ak_wrongwrongwrongwrongwrong");
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.stderr).toMatch(/Authentication failed/);
  });
});
