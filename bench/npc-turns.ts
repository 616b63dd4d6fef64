/**
 * `node --import tsx bench/npc-turns.ts`: the offline NPC message route alone, measured the way
 * `bench/load.ts` (c) measures it (10 players at once, one per connection, autocannon on 127.0.0.1,
 * a server child process on an embedded database), with what it takes to find where a turn's CPU
 * goes: the server's CPU per turn, the database statements per turn, and on request a V8 CPU profile
 * of the measured seconds only (not the start, the seeding or the history build).
 *
 * CPU per turn is the server's (user + system) less what it spends idle in the same time, measured
 * for 3 s after the warm-up (as bench/load.ts does).
 *
 * Environment: BENCH_NPC_SECONDS (each measurement, default 10), BENCH_NPC_HISTORY (turns of history
 * per player for the second measurement, default 1,000; 0 skips it), BENCH_NPC_PROFILE=<folder>
 * (one `.cpuprofile` per measurement, of the first server), BENCH_NPC_STATEMENTS=1 (the statements
 * per turn by kind), BENCH_NPC_POSTGRES=1 (a throwaway Postgres server started by the bench instead
 * of the embedded database; or DATABASE_URL), BENCH_NPC_SERVERS=2 (on Postgres: two API processes,
 * each sent every player's messages at once, so turns of one player race across processes).
 *
 * After each measurement the store is checked: one `message-received` event per turn answered 200
 * (none lost, none doubled; plus at most the requests in flight when autocannon stopped), and every
 * player's ledger at the version of their events.
 */
import { fork, type ChildProcess } from "node:child_process";
import { nextMessage } from "./child-messages.ts";
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
  /** Responses by status code. */
  statusCodeStats?: Record<string, { count: number }>;
}
const autocannon = (options: Record<string, unknown>) => (createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<AutocannonResult>)(options);

const here = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.BENCH_NPC_SECONDS ?? 10);
const HISTORY_TURNS = Number(process.env.BENCH_NPC_HISTORY ?? 1000);
const PROFILE_FOLDER = process.env.BENCH_NPC_PROFILE;
const PLAYERS = 10;
const API_KEY = "ak_bench_npc_turns_0123456789ab";
const NPC_MESSAGE = "I want to buy a lantern";

type Command =
  | { type: "cpu" }
  | { type: "profile-start" }
  | { type: "profile-stop"; file: string }
  | { type: "build-history"; personaId: string; machineKey: string; players: string[]; turns: number }
  | { type: "check"; personaId: string; prefix: string };
type Answer =
  | { type: "ready"; url: string }
  | { type: "cpu"; micros: number; statements: Record<string, number> }
  | { type: "done" }
  | { type: "checked"; turns: number; ledgersBehind: number };

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
    } else if (command.type === "check") {
      const like = `${command.prefix}-%`;
      const client = (app.context.store.db as unknown as { $client: { query(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } }).$client;
      const [turns] = (await client.query("select count(*)::int as n from npc_events where persona_id = $1 and user_session_id like $2 and type = 'message-received'", [command.personaId, like])).rows;
      const [behind] = (
        await client.query(
          `select count(*)::int as n from npc_player_ledgers l where l.persona_id = $1 and l.user_session_id like $2
             and (l.event_count, l.last_event_id) is distinct from (select (count(*)::int, max(e.id)) from npc_events e where e.persona_id = l.persona_id and e.user_session_id = l.user_session_id)`,
          [command.personaId, like],
        )
      ).rows;
      process.send?.({ type: "checked", turns: Number(turns?.n), ledgersBehind: Number(behind?.n) } satisfies Answer);
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
  const answer = nextMessage<Answer, T>(child, type);
  if (command) child.send(command);
  return answer;
}

async function api(base: string, path: string): Promise<any> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

interface Target {
  server: ChildProcess;
  url: string;
}

/** CPU microseconds per second each server spends idle (its queue polls): subtracted like bench/load.ts does. */
const idleMicros = new Map<ChildProcess, number>();

async function measureIdle(server: ChildProcess): Promise<void> {
  const before = await ask(server, { type: "cpu" }, "cpu");
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idleMicros.set(server, ((await ask(server, { type: "cpu" }, "cpu")).micros - before.micros) / 3);
}

async function measure(targets: Target[], personaId: string, prefix: string, label: string): Promise<void> {
  const [first] = targets as [Target];
  if (PROFILE_FOLDER) await ask(first.server, { type: "profile-start" }, "done");
  const stored = await ask(first.server, { type: "check", personaId, prefix }, "checked");
  const before = await Promise.all(targets.map((target) => ask(target.server, { type: "cpu" }, "cpu")));
  const results = await Promise.all(
    targets.map((target) => {
      // One player per connection, for the whole measurement: set on the connection itself (a
      // `setupRequest` context is reset before every request when the sequence has one request,
      // which made every turn a new player's first). Every server is sent the same players.
      let next = 0;
      const setupClient = (client: { setBody(body: string): void }) => client.setBody(JSON.stringify({ message: NPC_MESSAGE, user_session_id: `${prefix}-${next++}` }));
      return autocannon({ url: target.url, method: "POST", headers: { "content-type": "application/json" }, setupClient, connections: PLAYERS, duration: SECONDS });
    }),
  );
  const after = await Promise.all(targets.map((target) => ask(target.server, { type: "cpu" }, "cpu")));
  if (PROFILE_FOLDER) await ask(first.server, { type: "profile-stop", file: join(PROFILE_FOLDER, `npc-turns-${prefix}.cpuprofile`) }, "done");
  const checked = await ask(first.server, { type: "check", personaId, prefix }, "checked");

  const answered = results.reduce((sum, result) => sum + result.requests.total - result.non2xx, 0);
  const turns = Math.max(1, answered);
  const idle = targets.reduce((sum, target) => sum + (idleMicros.get(target.server) ?? 0) * SECONDS, 0);
  const cpuMs = Math.max(0, after.reduce((sum, used, index) => sum + used.micros - (before[index]?.micros ?? 0), 0) - idle) / 1000 / turns;
  const byKind = new Map<string, number>();
  after.forEach((used, index) => {
    for (const [kind, count] of Object.entries(used.statements)) byKind.set(kind, (byKind.get(kind) ?? 0) + (count - (before[index]?.statements[kind] ?? 0)) / turns);
  });
  const kinds = [...byKind].filter(([, perTurn]) => perTurn > 0).sort((left, right) => right[1] - left[1]);
  const statements = kinds.reduce((sum, [, perTurn]) => sum + perTurn, 0);
  const perSecond = results.reduce((sum, result) => sum + result.requests.average, 0);
  const p50 = Math.max(...results.map((result) => result.latency.p50));
  const p99 = Math.max(...results.map((result) => result.latency.p99));
  const failed = results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0);
  console.log(
    `${label.padEnd(34)} ${perSecond.toFixed(0).padStart(7)} ${cpuMs.toFixed(2).padStart(8)} ${statements.toFixed(2).padStart(11)} ${p50.toFixed(0).padStart(7)} ${p99.toFixed(0).padStart(7)} ${String(failed).padStart(8)}`,
  );
  if (process.env.BENCH_NPC_STATEMENTS) for (const [kind, perTurn] of kinds.slice(0, 8)) console.log(`    ${perTurn.toFixed(3)} per turn: ${kind}`);
  if (failed > 0) {
    const statuses = new Map<string, number>();
    for (const result of results) for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) if (!status.startsWith("2")) statuses.set(status, (statuses.get(status) ?? 0) + count);
    console.log(`    not answered 200: ${[...statuses].map(([status, count]) => `${count} × ${status}`).join(", ") || "connection errors"}`);
  }
  // Autocannon stops with one request in flight per connection, which the server may still play.
  const storedTurns = checked.turns - stored.turns;
  const inFlight = PLAYERS * targets.length;
  if (storedTurns < answered || storedTurns > answered + inFlight || checked.ledgersBehind !== 0) {
    console.log(`    STORE CHECK FAILED: ${answered} turns answered 200 (+ at most ${inFlight} in flight), ${storedTurns} stored; ${checked.ledgersBehind} ledgers not at their events' version`);
  }
}

async function orchestrate(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-npc-"));
  const postgres = process.env.BENCH_NPC_POSTGRES ? await (await import("../test/helpers/postgres.ts")).startPostgres() : undefined;
  const databaseUrl = postgres ? await postgres.createDatabase("bench_npc") : process.env.DATABASE_URL;
  const serverCount = databaseUrl ? Number(process.env.BENCH_NPC_SERVERS ?? 1) : 1;
  const servers: ChildProcess[] = [];
  const start = () => {
    const server = fork(here, ["serve"], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        PORT: "0",
        HOST: "127.0.0.1",
        DRAMATIS_DATA_DIR: dataDir,
        DRAMATIS_API_KEY: API_KEY,
        DRAMATIS_RATE_LIMIT_PER_MINUTE: "0",
        DRAMATIS_MODEL: "offline",
      },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    servers.push(server);
    return server;
  };
  try {
    const targets: Target[] = [];
    // One after the other: each seeds the example personas, which the next then finds.
    for (let index = 0; index < serverCount; index += 1) {
      const server = start();
      targets.push({ server, url: (await ask(server, null, "ready")).url });
    }
    const base = targets[0]!.url;
    const personas: Array<{ id: string; name: string }> = await api(base, "/api/v1/personas?limit=100");
    const kael = personas.find((persona) => persona.name === "Merchant Kael");
    if (!kael) throw new Error('no seeded persona "Merchant Kael"');
    const full = await api(base, `/api/v1/personas/${kael.id}/full`);
    const haggle = (full.machines as Array<{ id: string; machine_key: string }>).find((machine) => machine.machine_key === "haggle");
    if (!haggle) throw new Error('no machine "haggle"');
    const routes = targets.map((target) => ({ ...target, url: `${target.url}/api/v1/chat/${kael.id}/message?machine_id=${haggle.id}` }));

    const where = databaseUrl ? `Postgres, ${serverCount} API process${serverCount === 1 ? "" : "es"}` : "embedded PGlite";
    console.log(`NPC turns: offline message route, ${PLAYERS} players at once${serverCount > 1 ? " (each sent to every process)" : ""}, ${SECONDS} s each, ${where}`);
    console.log(`${"".padEnd(34)} ${"turns/s".padStart(7)} ${"CPU ms".padStart(8)} ${"statements".padStart(11)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(8)}`);
    await measure(routes, kael.id, "warm-up", "warm-up (not a result)");
    await Promise.all(targets.map((target) => measureIdle(target.server)));
    const idle = targets.map((target) => ((idleMicros.get(target.server) ?? 0) / 1000).toFixed(0)).join(" + ");
    await measure(routes, kael.id, "fresh", "fresh players");
    if (HISTORY_TURNS > 0) {
      const players = Array.from({ length: PLAYERS }, (_, index) => `history-${index}`);
      await ask(targets[0]!.server, { type: "build-history", personaId: kael.id, machineKey: "haggle", players, turns: HISTORY_TURNS }, "done");
      await measure(routes, kael.id, "history", `${HISTORY_TURNS.toLocaleString("en-US")} turns of history each`);
    }
    console.log(`CPU ms per turn less the idle server's own (${idle} ms per second); load average ${loadavg().map((load) => load.toFixed(1)).join(" ")}`);
  } finally {
    for (const server of servers) if (server.connected) server.disconnect();
    await Promise.all(servers.map((server) => new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)))));
    postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "serve") await serve();
else await orchestrate();
