/**
 * `node --import tsx bench/npc-turns.ts`: the offline NPC message route alone, measured the way
 * `bench/load.ts` (c) measures it (10 players at once, one per connection, autocannon on 127.0.0.1,
 * a server child process on an embedded database), with what it takes to find where a turn's CPU
 * goes: the server's CPU per turn, the database statements per turn, and on request a V8 CPU profile
 * of the measured seconds only (not the start, the seeding or the history build).
 *
 * Environment: BENCH_NPC_SECONDS (each measurement, default 10), BENCH_NPC_HISTORY (turns of history
 * per player for the second measurement, default 1,000; 0 skips it), BENCH_NPC_PROFILE=<folder>
 * (one `.cpuprofile` per measurement), DATABASE_URL (a Postgres server instead of the embedded one).
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Session } from "node:inspector/promises";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = (options: Record<string, unknown>) => (createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<AutocannonResult>)(options);

const here = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.BENCH_NPC_SECONDS ?? 10);
const HISTORY_TURNS = Number(process.env.BENCH_NPC_HISTORY ?? 1000);
const PROFILE_FOLDER = process.env.BENCH_NPC_PROFILE;
const PLAYERS = 10;
const API_KEY = "ak_bench_npc_turns_0123456789ab";
const NPC_MESSAGE = "I want to buy a lantern";

type Command = { type: "cpu" } | { type: "profile-start" } | { type: "profile-stop"; file: string } | { type: "build-history"; personaId: string; machineKey: string; players: string[]; turns: number };
type Answer = { type: "ready"; url: string } | { type: "cpu"; micros: number; statements: Record<string, number> } | { type: "done" };

// ---------------------------------------------------------------------------------------------
// the server child

async function serve(): Promise<void> {
  const { loadConfig } = await import("../src/config.ts");
  const { startApp } = await import("../src/app.ts");
  const { NpcRepository } = await import("../src/store/npc.ts");
  const { writePlayedHistories } = await import("../src/services/npc/played-history.ts");
  const app = await startApp(loadConfig(process.env), { logger: false, seedExamples: true });
  const statements = countStatements(app.context.store.db);
  const inspector = new Session();
  inspector.connect();
  process.on("message", async (command: Command) => {
    if (command.type === "cpu") {
      const used = process.cpuUsage();
      process.send?.({ type: "cpu", micros: used.user + used.system, statements: statements() } satisfies Answer);
    } else if (command.type === "profile-start") {
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.start");
      process.send?.({ type: "done" } satisfies Answer);
    } else if (command.type === "profile-stop") {
      const { profile } = await inspector.post("Profiler.stop");
      writeFileSync(command.file, JSON.stringify(profile));
      process.send?.({ type: "done" } satisfies Answer);
    } else if (command.type === "build-history") {
      const repository = new NpcRepository(app.context.store.db);
      const persona = await repository.getPersona(command.personaId);
      if (!persona) throw new Error(`no persona ${command.personaId}`);
      await writePlayedHistories(repository, persona, command.machineKey, command.players, Array.from({ length: command.turns }, () => NPC_MESSAGE));
      process.send?.({ type: "done" } satisfies Answer);
    }
  });
  process.on("disconnect", () => void app.close().then(() => process.exit(0)));
  process.send?.({ type: "ready", url: app.url } satisfies Answer);
}

/**
 * Counts the statements the database client is sent (PGlite's `query`/`exec`, or the pool's
 * `query`), by their first words: what they are is printed with each measurement.
 */
function countStatements(db: unknown): () => Record<string, number> {
  const sent: Record<string, number> = {};
  const client = (db as { $client?: Record<string, unknown> }).$client;
  for (const method of ["query", "exec"]) {
    const original = client?.[method];
    if (!client || typeof original !== "function") continue;
    client[method] = (...parameters: unknown[]) => {
      const text = typeof parameters[0] === "string" ? parameters[0] : String((parameters[0] as { text?: unknown })?.text ?? "?");
      const kind = text.replace(/\s+/g, " ").trim().slice(0, 70);
      sent[kind] = (sent[kind] ?? 0) + 1;
      return (original as (...parameters: unknown[]) => unknown).apply(client, parameters);
    };
  }
  return () => ({ ...sent });
}

// ---------------------------------------------------------------------------------------------
// the orchestrator

function ask<T extends Answer["type"]>(child: ChildProcess, command: Command | null, type: T): Promise<Extract<Answer, { type: T }>> {
  const answer = new Promise<Extract<Answer, { type: T }>>((resolve, reject) => {
    const onMessage = (message: Answer) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<Answer, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`server exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
  if (command) child.send(command);
  return answer;
}

async function api(base: string, path: string): Promise<any> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function measure(server: ChildProcess, url: string, prefix: string, label: string): Promise<void> {
  // One player per connection, for the whole measurement: set on the connection itself (a
  // `setupRequest` context is reset before every request when the sequence has one request, which
  // made every turn a new player's first).
  let next = 0;
  const setupClient = (client: { setBody(body: string): void }) => client.setBody(JSON.stringify({ message: NPC_MESSAGE, user_session_id: `${prefix}-${next++}` }));
  if (PROFILE_FOLDER) await ask(server, { type: "profile-start" }, "done");
  const before = await ask(server, { type: "cpu" }, "cpu");
  const result = await autocannon({ url, method: "POST", headers: { "content-type": "application/json" }, setupClient, connections: PLAYERS, duration: SECONDS });
  const after = await ask(server, { type: "cpu" }, "cpu");
  if (PROFILE_FOLDER) await ask(server, { type: "profile-stop", file: join(PROFILE_FOLDER, `npc-turns-${prefix}.cpuprofile`) }, "done");
  const turns = Math.max(1, result.requests.total);
  const cpuMs = (after.micros - before.micros) / 1000 / turns;
  const byKind = Object.entries(after.statements)
    .map(([kind, count]) => [kind, (count - (before.statements[kind] ?? 0)) / turns] as const)
    .filter(([, perTurn]) => perTurn > 0)
    .sort((left, right) => right[1] - left[1]);
  const statements = byKind.reduce((sum, [, perTurn]) => sum + perTurn, 0);
  console.log(
    `${label.padEnd(34)} ${result.requests.average.toFixed(0).padStart(7)} ${cpuMs.toFixed(2).padStart(8)} ${statements.toFixed(2).padStart(11)} ${result.latency.p50.toFixed(0).padStart(7)} ${result.latency.p99.toFixed(0).padStart(7)} ${String(result.non2xx + result.errors + result.timeouts).padStart(8)}`,
  );
  if (process.env.BENCH_NPC_STATEMENTS) for (const [kind, perTurn] of byKind.slice(0, 8)) console.log(`    ${perTurn.toFixed(3)} per turn: ${kind}`);
}

async function orchestrate(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-npc-"));
  const server = fork(here, ["serve"], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DRAMATIS_DATA_DIR: dataDir, DRAMATIS_API_KEY: API_KEY, DRAMATIS_RATE_LIMIT_PER_MINUTE: "0", DRAMATIS_MODEL: "offline" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  try {
    const { url: base } = await ask(server, null, "ready");
    const personas: Array<{ id: string; name: string }> = await api(base, "/api/v1/personas?limit=100");
    const kael = personas.find((persona) => persona.name === "Merchant Kael");
    if (!kael) throw new Error('no seeded persona "Merchant Kael"');
    const full = await api(base, `/api/v1/personas/${kael.id}/full`);
    const haggle = (full.machines as Array<{ id: string; machine_key: string }>).find((machine) => machine.machine_key === "haggle");
    if (!haggle) throw new Error('no machine "haggle"');
    const url = `${base}/api/v1/chat/${kael.id}/message?machine_id=${haggle.id}`;

    console.log(`NPC turns: offline message route, ${PLAYERS} players at once, ${SECONDS} s each, ${process.env.DATABASE_URL ? "Postgres" : "embedded PGlite"}`);
    console.log(`${"".padEnd(34)} ${"turns/s".padStart(7)} ${"CPU ms".padStart(8)} ${"statements".padStart(11)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(8)}`);
    await measure(server, url, "warm-up", "warm-up (not a result)");
    await measure(server, url, "fresh", "fresh players");
    if (HISTORY_TURNS > 0) {
      const players = Array.from({ length: PLAYERS }, (_, index) => `history-${index}`);
      await ask(server, { type: "build-history", personaId: kael.id, machineKey: "haggle", players, turns: HISTORY_TURNS }, "done");
      await measure(server, url, "history", `${HISTORY_TURNS.toLocaleString("en-US")} turns of history each`);
    }
    console.log(`load average ${loadavg().map((load) => load.toFixed(1)).join(" ")}`);
  } finally {
    server.disconnect();
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "serve") await serve();
else await orchestrate();
