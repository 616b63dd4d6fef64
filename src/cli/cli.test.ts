/**
 * The `dramatis` command as a user runs it: real files, the embedded store in a temporary folder,
 * and `--server` through the SDK against a real server on 127.0.0.1. The commands run in this
 * process through `runCli` (the function `main.ts` calls), so the file takes seconds, not minutes;
 * a `dramatis serve` process answers the `--server` commands, and two processes of `bin/dramatis.js`
 * prove the wiring around it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchRoot, seedDataFolder } from "../../test/helpers/database-template.ts";
import { dramatisBundle } from "../../test/helpers/dramatis-bundle.ts";
import { runCli } from "./run-cli.ts";

const bin = join(import.meta.dirname, "..", "..", "bin", "dramatis.js");
const folder = mkdtempSync(join(scratchRoot(), "dramatis-cli-"));
/** The data folder of the `dramatis serve` process below; the operator commands are pointed at it. */
const dataDir = join(folder, "data");
/** Only what a run is given: no DATABASE_URL or DRAMATIS_* of the machine running the tests. */
const baseEnv = { DRAMATIS_DATA_DIR: dataDir };
// Starting Node, tsx and the embedded database takes seconds, and much longer on a loaded machine.
const PROCESS_TIMEOUT_MS = 240_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function dramatis(args: string[], { env = baseEnv, cwd = folder }: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

/**
 * A process of `bin/dramatis.js` as a user starts it, or of the CLI bundled into JavaScript (the same
 * code, loaded in half the CPU: for the server, whose start through `bin/dramatis.js` worker.test.ts
 * covers), with only PATH and `env` in its environment.
 */
function spawnDramatis(args: string[], env: Record<string, string> = {}, entry = bin): ChildProcess {
  return spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: folder, stdio: ["ignore", "pipe", "pipe"] });
}

/** Everything a process printed, once it has ended. */
function finished(child: ChildProcess): Promise<Run> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const apiKeyIn = (text: string) => /API key: (ak_\S+)/.exec(text)?.[1];

/**
 * The two processes of `bin/dramatis.js` (last describe) start with the file: they need nothing the
 * other tests make, and the file otherwise waited for the server's start and then for theirs, one
 * after the other, with this process idle.
 */
let binRuns: Promise<[Run, Run]> | undefined;
beforeAll(() => {
  binRuns = Promise.all([
    finished(spawnDramatis(["generate", "3 chess players", "-n", "3", "-s", "5", "--no-progress"])),
    finished(spawnDramatis(["generate", "x", "--count", "0"])),
  ]);
});

afterAll(async () => {
  await binRuns;
  rmSync(folder, { recursive: true, force: true });
}, PROCESS_TIMEOUT_MS);

describe("dramatis generate", () => {
  it("writes the same population for the same seed, in every export format", async () => {
    const first = await dramatis(["generate", "12 League of Legends players from around the globe", "--count", "12", "--seed", "4", "--out", "lol.json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/12\/12 personas/);
    // A relative --out is relative to the folder the command runs in.
    const written = readFileSync(join(folder, "lol.json"), "utf8");
    const population = JSON.parse(written);
    expect(population.personas).toHaveLength(12);
    const again = await dramatis(["generate", "12 League of Legends players from around the globe", "--count", "12", "--seed", "4", "--no-progress"]);
    expect(again.stdout).toBe(written);
    expect(again.stderr).toBe("");

    const csv = await dramatis(["generate", "12 League of Legends players from around the globe", "-n", "12", "-s", "4", "-f", "csv", "--no-progress"]);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toMatch(/^persona_id,region,rank,/);
    expect(lines).toHaveLength(13);
    const jsonl = await dramatis(["generate", "12 League of Legends players from around the globe", "-n", "12", "-s", "4", "-f", "jsonl", "--no-progress"]);
    expect(jsonl.stdout.trim().split("\n").map((line) => JSON.parse(line).persona_id)).toEqual(population.personas.map((persona: { persona_id: string }) => persona.persona_id));
    const md = await dramatis(["generate", "12 League of Legends players from around the globe", "-n", "12", "-s", "4", "-f", "md", "--no-progress"]);
    expect(md.stdout.match(/^# /gm)).toHaveLength(12);
  });

  it("rejects bad options with a clear message and a non-zero exit", async () => {
    const zero = await dramatis(["generate", "x", "--count", "0"]);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/count must be at least 1/);
    const empty = await dramatis(["generate", "  "]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/the prompt is empty/);
    const format = await dramatis(["generate", "x", "--format", "xml"]);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/format must be one of json, jsonl, csv, md/);
    // 2^53 + 1 would silently become 2^53: refused, not rounded.
    const huge = await dramatis(["generate", "x", "--seed", "9007199254740993"]);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toMatch(/seed must be between -9007199254740991 and 9007199254740991/);
  });

  it("prints help on standard output and exits 0", async () => {
    const help = await dramatis(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: dramatis/);
    expect(help.stdout).toMatch(/keys/);
  });
});

describe("dramatis validate", () => {
  it("exits 0 when every gate passes and 2 when a persona breaks a constraint", async () => {
    const file = join(folder, "nurses.json");
    await dramatis(["generate", "30 registered nurses in the US", "-n", "30", "-s", "8", "-o", file, "--no-progress"]);
    const passing = await dramatis(["validate", "nurses.json"]);
    expect(passing.code, passing.stderr).toBe(0);
    expect(JSON.parse(passing.stdout).passed).toBe(true);

    const population = JSON.parse(readFileSync(file, "utf8"));
    population.personas[3].fields.years_experience = "70";
    writeFileSync(file, JSON.stringify(population));
    const failing = await dramatis(["validate", file]);
    expect(failing.code).toBe(2);
    const report = JSON.parse(failing.stdout);
    const failed = report.scorecards.flatMap((card: any) => card.gates.filter((gate: any) => !gate.passed).map((gate: any) => `${card.persona_id}:${gate.name}`));
    expect(failed.every((entry: string) => entry.startsWith("p0004:"))).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
  });

  it("says which persona is malformed", async () => {
    writeFileSync(join(folder, "bad.json"), JSON.stringify({ personas: [{ persona_id: "p1", fields: { age: 3 }, system_prompt: "x", markdown: "x" }] }));
    const result = await dramatis(["validate", "bad.json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.json holds no valid personas/);
    expect(result.stderr).toMatch(/personas\.0\.fields\.age/);
  });
});

/**
 * One real `dramatis serve` process for the file: it proves the command prints its key, answers
 * the `--server` commands, and lets operator commands in while it holds the embedded database.
 */
describe("with a real `dramatis serve` process", () => {
  let server: ChildProcess;
  let exited: Promise<Run>;
  let url: string;
  let devKey: string;

  beforeAll(async () => {
    // The migrated database a first start leaves (initdb on a host folder costs 10–20 s here):
    // what is tested is the process around it.
    await seedDataFolder(dataDir);
    // One engine thread, as every test process has (vitest.config.ts): by default a server starts
    // and warms one per core, ~2 CPU-s each, and the light jobs sent here need one.
    server = spawnDramatis(["serve", "--port", "0"], { DRAMATIS_DATA_DIR: dataDir, DRAMATIS_ENGINE_THREADS: "1" }, await dramatisBundle());
    exited = finished(server);
    let output = "";
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on("data", (chunk: Buffer) => {
        output += chunk;
        const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        const key = apiKeyIn(output);
        if (found && key) {
          [url, devKey] = [found, key];
          resolve();
        }
      });
      void exited.then((run) => reject(new Error(`serve exited ${run.code}: ${output}${run.stderr}`)));
    });
  }, PROCESS_TIMEOUT_MS);
  afterAll(async () => {
    server?.kill("SIGTERM");
    await exited;
  }, PROCESS_TIMEOUT_MS);

  const whoami = (key: string) => fetch(`${url}/v1/turn-taking/actions/whoami`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" });

  it("prints a working API key", async () => {
    expect((await whoami(devKey)).status).toBe(200);
  });

  it("lets operator commands act through its loopback routes, and says so", async () => {
    const created = await dramatis(["keys", "create", "--name", "while-serving"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`Data folder: ${dataDir} (through the server running on it at ${url})`);
    const key = apiKeyIn(created.stdout)!;
    expect((await whoami(key)).status).toBe(200);
    // The leaked key itself is what an operator has in hand.
    expect((await dramatis(["keys", "revoke", key])).stdout).toMatch(/revoked key .*"while-serving"/);
    expect((await whoami(key)).status).toBe(401);
    expect((await dramatis(["credits", "grant", "250", "--account", "ops", "--create"])).stdout).toMatch(/ops .*balance 250/);
    const belowZero = await dramatis(["credits", "grant", "-251", "--account", "ops"]);
    expect(belowZero.code).toBe(1);
    expect(belowZero.stderr).toMatch(/cannot take 251 credits from ops: its balance is 250, and a grant may bring a balance down to 0, not below/);
    expect((await dramatis(["credits", "show", "--account", "ops"])).stdout).toMatch(/\+250\s+grant/);
    // The operator routes answer only with the token from the data folder.
    const forged = await fetch(`${url}/operator/keys`, { headers: { "x-dramatis-operator": "guess" } });
    expect(forged.status).toBe(403);
  });

  it("--server: generates, enhances and validates through it with the SDK", async () => {
    const remote = ["--server", url, "--token", devKey];
    const generated = await dramatis(["generate", "8 chess players", "-n", "8", "-s", "2", "-o", "remote.json", ...remote]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(folder, "remote.json"), "utf8")).personas).toHaveLength(8);
    const validated = await dramatis(["validate", "remote.json", ...remote]);
    expect(validated.code, validated.stderr).toBe(0);
    const enhanced = await dramatis(["enhance", "Meet Dana, a grumpy 52-year-old lighthouse keeper in Maine.", ...remote]);
    expect(JSON.parse(enhanced.stdout).fields).toMatchObject({ age: "52" });
    const unauthorised = await dramatis(["generate", "x", "--server", url, "--token", "ak_wrongwrongwrongwrongwrong"]);
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.stderr).toMatch(/Authentication failed/);
  });

  it("--server: takes the token from DRAMATIS_TOKEN in the environment it is given", async () => {
    const fromEnvironment = await dramatis(["generate", "2 chess players", "-n", "2", "--no-progress", "--server", url], { env: { DRAMATIS_TOKEN: devKey } });
    expect(fromEnvironment.code, fromEnvironment.stderr).toBe(0);
    const missing = await dramatis(["generate", "2 chess players", "--server", url], { env: {} });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--token \(or \$DRAMATIS_TOKEN\) is required/);
  });
});

// Every way of naming a key, ambiguity and the balance limits are specified in
// services/operator-service.test.ts; here, that the commands reach them and say where they act.
describe("dramatis keys and credits on the embedded store, with no server running", () => {
  beforeAll(async () => {
    // The folder the server above left behind; made here when only these tests run.
    if (!existsSync(join(dataDir, "db"))) await seedDataFolder(dataDir);
  }, PROCESS_TIMEOUT_MS);

  it("creates and lists keys, revokes one by the key itself, and says which data folder it used", async () => {
    const created = await dramatis(["keys", "create", "--name", "leaked"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`Data folder: ${dataDir}\n`);
    const key = apiKeyIn(created.stdout)!;
    const listed = await dramatis(["keys", "list"]);
    expect(listed.stderr).toContain(`Data folder: ${dataDir}\n`);
    expect(listed.stdout).toMatch(new RegExp(`${key.slice(0, 10)}…  leaked .* active`));
    expect(listed.stdout).not.toContain(key);

    const revoked = await dramatis(["keys", "revoke", key]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked key [0-9a-f-]{36} \\(${key.slice(0, 10)}…, "leaked"`));
  });

  // Each command here opens the store (~0.8 CPU-s). The refusal below zero is made with the store
  // open: its exit code, its message, the ledger unchanged and the folder's lock let go (the next
  // command opens it).
  it("grants credits and shows them, refuses a grant below zero with the store open, and amounts past 2^53 before touching the store", async () => {
    expect((await dramatis(["credits", "grant", "500", "--account", "team", "--create"])).stdout).toMatch(/team .*balance 500/);
    const huge = await dramatis(["credits", "grant", "9007199254740993", "--account", "team"]);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toMatch(/amount must be between -9007199254740991 and 9007199254740991/);
    expect(huge.stderr).not.toMatch(/Data folder/);
    const belowZero = await dramatis(["credits", "grant", "-501", "--account", "team"]);
    expect(belowZero.code).toBe(1);
    expect(belowZero.stderr).toMatch(/cannot take 501 credits from team: its balance is 500/);
    const shown = await dramatis(["credits", "show", "--account", "team"]);
    expect(shown.stdout).toMatch(/balance 500\n/);
    expect(shown.stdout).toMatch(/\+500\s+grant/);
    expect(shown.stdout).not.toMatch(/-501/);
  });

  it("run from another folder, refuses to make a new database, says where it looked and how to point at the right one", async () => {
    const elsewhere = join(folder, "elsewhere");
    mkdirSync(elsewhere);
    for (const command of [["keys", "list"], ["keys", "create"], ["credits", "show"], ["credits", "grant", "5"], ["keys", "revoke", "ak_x"]]) {
      const refused = await dramatis(command, { env: {}, cwd: elsewhere });
      expect(refused.code, command.join(" ")).toBe(1);
      expect(refused.stderr).toContain(`no Dramatis database in ${join(elsewhere, ".dramatis")}`);
      expect(refused.stderr).toMatch(/--data-dir <folder> or DRAMATIS_DATA_DIR=<folder>/);
    }
    expect(existsSync(join(elsewhere, ".dramatis"))).toBe(false);

    const pointed = await dramatis(["keys", "list", "--data-dir", "../data"], { env: {}, cwd: elsewhere });
    expect(pointed.code, pointed.stderr).toBe(0);
    expect(pointed.stderr).toContain(`Data folder: ${dataDir}\n`);
    expect(pointed.stdout).toMatch(/leaked/);
  });
});

describe("bin/dramatis.js as a process of its own", () => {
  it(
    "writes a population to standard output, and on a bad option exits 1 with the message on standard error",
    async () => {
      const [generated, refused] = await binRuns!;
      expect(generated.code, generated.stderr).toBe(0);
      expect(JSON.parse(generated.stdout).personas).toHaveLength(3);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/count must be at least 1/);
    },
    PROCESS_TIMEOUT_MS,
  );
});
