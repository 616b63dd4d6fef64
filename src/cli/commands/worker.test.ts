/**
 * `dramatis worker` and `dramatis serve --no-workers`, as deploy/compose.yaml runs them: real
 * processes on a Postgres server this test starts. The API only accepts, the worker process
 * finishes what it accepted; `/readyz` follows the database; SIGTERM ends the worker cleanly.
 * On the embedded database a worker is refused with the way out. deploy/compose.yaml is checked
 * for the same topology (Docker is not needed: the file is parsed and its commands run through the
 * CLI's parser).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../../test/helpers/postgres.ts";
import { dramatisBundle } from "../../../test/helpers/dramatis-bundle.ts";
import { EMBEDDED_WORKER_REFUSAL } from "../../app.ts";
import { runCli } from "../run-cli.ts";

const bin = join(import.meta.dirname, "..", "..", "..", "bin", "dramatis.js");
const folder = mkdtempSync(join(tmpdir(), "dramatis-worker-"));
// Starting Node, tsx and a store takes seconds, and much longer on a loaded machine.
const PROCESS_TIMEOUT_MS = 240_000;
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(folder, { recursive: true, force: true });
});

describe("dramatis worker", () => {
  it("refuses the embedded database, saying why and what to run instead", async () => {
    let stderr = "";
    const code = await runCli(["worker"], { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) }, env: { DRAMATIS_DATA_DIR: join(folder, "embedded") }, cwd: folder });
    expect(code).toBe(1);
    expect(stderr).toContain(EMBEDDED_WORKER_REFUSAL);
  });
});

/**
 * A `bin/dramatis.js` process with only PATH and `env` (or of `entry`: the CLI bundled into
 * JavaScript, the same code loaded in about half the CPU); its output is collected as it comes.
 */
function startDramatis(args: string[], env: Record<string, string>, entry = bin) {
  const child = spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: folder, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    /** The first match of `pattern` in what the process printed, once it has printed it. */
    async printed(pattern: RegExp): Promise<RegExpExecArray> {
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`dramatis ${args.join(" ")} exited (${child.exitCode}) without printing ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

const binaries = findPostgresBinaries();
describe.skipIf(!binaries)("an API with --no-workers and a worker process on one Postgres server", () => {
  let server: PostgresServer | undefined;
  afterAll(() => server?.stop());

  it(
    "finishes what the API accepted in the worker process (its job durations on its own /metrics); /readyz is 200, then 503 in the envelope once Postgres stops",
    async () => {
      // Its own server: the test stops it under the API.
      server = await startPostgres({ own: true });
      const env = { DATABASE_URL: await server.createDatabase("topology"), DRAMATIS_DATA_DIR: join(folder, "data"), PORT: "0", DRAMATIS_RATE_LIMIT_PER_MINUTE: "0" };
      const api = startDramatis(["serve", "--no-workers"], env);
      // The API through bin/dramatis.js as an operator starts it; the worker bundled (the same code:
      // how the bin file starts the CLI is checked once).
      // One engine thread, as every test process has (vitest.config.ts): by default a worker starts
      // and warms one per core, ~2 CPU-s each, for the one small job it is sent here.
      const worker = startDramatis(["worker", "--metrics-port", "0"], { ...env, DRAMATIS_ENGINE_THREADS: "1" }, await dramatisBundle());
      const url = (await api.printed(/listening on (http:\/\/\S+)/))[1]!;
      const key = (await api.printed(/API key: (ak_\S+)/))[1]!;
      await worker.printed(/Dramatis worker on/);
      const workerProbes = (await worker.printed(/Probes and metrics on (http:\/\/\S+)/))[1]!;
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as any };
      };

      expect(await call("GET", "/readyz")).toEqual({ status: 200, body: { status: "ready", checks: { database: "ok", queue: "ok" } } });
      const accepted = await call("POST", "/v1/personas/actions/generate", { prompt: "3 chess players", count: 3, seed: 4 });
      expect(accepted.status).toBe(200);
      let poll: { status: number; body: any };
      do {
        await new Promise((resolve) => setTimeout(resolve, 200));
        poll = await call("GET", `/v1/personas/repositories/Population/by-id/${accepted.body.id}`);
      } while (poll.body.status === "pending" || poll.body.status === "running");
      expect(poll.body.status).toBe("succeeded");
      expect(poll.body.result.personas).toHaveLength(3);
      // The worker did the work, and its own metrics say so.
      const workerMetrics = await (await fetch(`${workerProbes}/metrics`)).text();
      // A population of one shard is one queue job (no shard jobs).
      expect(workerMetrics).toMatch(/^dramatis_job_duration_seconds_count\{kind="population",outcome="completed"\} [1-9]/m);
      expect((await fetch(`${workerProbes}/readyz`)).status).toBe(200);

      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);

      server.stop();
      server = undefined;
      const notReady = await call("GET", "/readyz");
      expect(notReady.status).toBe(503);
      expect(notReady.body.error).toMatchObject({ code: "unavailable", message: expect.stringContaining("database") });
      expect((await call("GET", "/healthz")).body).toEqual({ status: "ok" });
      api.child.kill("SIGKILL");
    },
    PROCESS_TIMEOUT_MS,
  );
});

describe("deploy/compose.yaml", () => {
  const deploy = join(import.meta.dirname, "..", "..", "..", "deploy");
  const compose = parse(readFileSync(join(deploy, "compose.yaml"), "utf8"), { merge: true }) as any;

  it("runs Postgres, an API that works no jobs and replicated workers, all on the same DATABASE_URL", () => {
    const { postgres, api, worker } = compose.services;
    expect(postgres.image).toMatch(/^postgres:/);
    expect(postgres.healthcheck.test.join(" ")).toContain("pg_isready");
    expect(api.command).toEqual(["serve", "--no-workers"]);
    expect(worker.command).toEqual(["worker"]);
    expect(api.environment.DATABASE_URL).toMatch(/^postgres:\/\/dramatis:.*@postgres:5432\/dramatis$/);
    expect(worker.environment.DATABASE_URL).toBe(api.environment.DATABASE_URL);
    expect(worker.environment.DRAMATIS_MODEL_CONCURRENCY).toBe(api.environment.DRAMATIS_MODEL_CONCURRENCY);
    expect(String(worker.deploy.replicas)).toMatch(/^(\d+|\$\{DRAMATIS_WORKER_REPLICAS:-\d+\})$/);
    for (const service of [api, worker]) {
      expect(service.depends_on.postgres.condition).toBe("service_healthy");
      // Long enough for running jobs to finish or be handed back (the queue's grace is 5 s).
      expect(Number.parseInt(service.stop_grace_period, 10)).toBeGreaterThanOrEqual(10);
      expect(service.image).toBe(api.image);
    }
    expect(api.healthcheck.test.join(" ")).toContain("/readyz");
    expect(api.build).toEqual({ context: "..", dockerfile: "deploy/Dockerfile" });
    expect(existsSync(join(deploy, "Dockerfile"))).toBe(true);
    expect(readFileSync(join(deploy, "Dockerfile"), "utf8")).toMatch(/^ENTRYPOINT \["node", "bin\/dramatis.js"\]$/m);
  });

  it("gives each service a command the CLI accepts", async () => {
    for (const service of ["api", "worker"]) {
      let stdout = "";
      const code = await runCli([...compose.services[service].command, "--help"], { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, env: {}, cwd: folder });
      expect(code, service).toBe(0);
      expect(stdout).toContain(`Usage: dramatis ${compose.services[service].command[0]}`);
    }
  });
});
