/**
 * `npm run bench:load`: HTTP throughput of a real server under autocannon on 127.0.0.1, each route
 * beside a bare Fastify route answering the same bytes in the same run (targets in bench/README.md):
 *
 * (a) the poll of a finished 10-persona population, against a bare route returning the same object;
 * (b) `POST …/actions/generate` with count=1, against a bare POST returning the same bytes;
 * (c) the offline NPC message route with 10 players at once (one per connection), first fresh, then
 *     players who each already have 1,000 turns of history: turns/s, p99, and the ratio of the two.
 *
 * The Dramatis server and the bare server are child processes (this file in `serve-dramatis` and
 * `serve-bare` modes) on free loopback ports, so autocannon in this process never shares their event
 * loop. The Dramatis server runs on an embedded database in a throwaway folder, with its rate limit
 * off (`DRAMATIS_RATE_LIMIT_PER_MINUTE=0`).
 *
 * History for (c) is built by direct inserts through the repository, not over HTTP (10,000 turns
 * would take minutes): the server process plays each player's 1,000 messages with the pure engine
 * in memory (`playedHistory`: `openSession` + `step`, the calls a turn makes) and writes the
 * session, its chat lines, its events and the player's ledger in one `writeTurn` per player — the
 * rows 1,000 turns over HTTP would have left.
 *
 * Beside requests per second, the server's own CPU time per request (user + system, read in the
 * server process around each measurement, less what the idle server spends in the same time — its
 * queue polls — measured for 3 s before): on a shared machine the wall-clock rates move with
 * whatever else runs, the CPU a request costs much less.
 *
 * Environment: BENCH_LOAD_SECONDS (each measurement, default 10), BENCH_LOAD_ROUNDS (rounds of
 * every pair, medians reported, default 1), BENCH_LOAD_HISTORY (turns per player, default 1,000),
 * BENCH_LOAD_LOGS=1 (the server logs every request, as `dramatis serve` does; default off),
 * BENCH_LOAD_ONLY=npc (the NPC measurements alone) or =poll (the poll and generate pairs alone), BENCH_LOAD_PROFILE=<folder> (the server writes
 * a V8 CPU profile of each of its measurements there, `<route>-<round>.cpuprofile`, so start-up and
 * the jobs in between do not blur what a request costs).
 */
import { nextMessage as nextChildMessage } from "./child-messages.ts";
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
interface AutocannonOptions extends AutocannonRequest {
  url: string;
  connections?: number;
  duration?: number;
  requests?: AutocannonRequest[];
  /** Called once per connection (autocannon's Client): what a connection sends every time. */
  setupClient?: (client: { setBody(body: string): void }) => void;
}
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
/** Loaded by the orchestrator only (the servers it starts run this file too). */
const autocannon = (options: AutocannonOptions) => (createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>)(options);

const here = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 1);
const HISTORY_TURNS = Number(process.env.BENCH_LOAD_HISTORY ?? 1000);
const PLAYERS = 10;
const API_KEY = "ak_bench_load_0123456789abcdef";
const NPC_PERSONA = "Merchant Kael";
const NPC_MACHINE = "haggle";
/** Moves Kael's haggle to `haggling` on the first turn, then is redirected forever: a conversation that never ends. */
const NPC_MESSAGE = "I want to buy a lantern";

const TARGETS = {
  pollRatio: 0.5,
  turnsPerSecond: 500,
  turnP99Ms: 50,
  /** History flat: turns/s with 1,000 turns of history at least this share of turns/s fresh. */
  historyRatio: 0.8,
};

type Message =
  | { type: "ready"; url: string }
  | { type: "history-built"; players: string[]; events: number; messages: number; seconds: number }
  | { type: "bodies-set" }
  | { type: "cpu"; micros: number }
  | { type: "profiling" };

// ---------------------------------------------------------------------------------------------
// children

interface HistoryRequest {
  personaId: string;
  machineKey: string;
  players: string[];
  turns: number;
  text: string;
}

/** Each player's `turns` messages played in memory and written as one turn write (see the header). */
async function buildHistory(db: import("../src/store/database.ts").Db, request: HistoryRequest): Promise<{ events: number; messages: number }> {
  const { NpcRepository } = await import("../src/store/npc.ts");
  const { playedHistory } = await import("../src/services/npc/played-history.ts");
  const repository = new NpcRepository(db);
  const persona = await repository.getPersona(request.personaId);
  if (!persona) throw new Error(`no persona ${request.personaId}`);
  let events = 0;
  let messages = 0;
  for (const player of request.players) {
    const write = await playedHistory(persona, request.machineKey, player, Array.from({ length: request.turns }, () => request.text));
    await repository.transaction(async (tx) => {
      await repository.lockPlayer(tx, persona.id, player);
      await repository.writeTurn(tx, write, "replace");
    });
    events += write.events.length;
    messages += write.messages.length;
  }
  return { events, messages };
}

async function serveDramatis(): Promise<void> {
  const { loadConfig } = await import("../src/config.ts");
  const { startApp } = await import("../src/app.ts");
  // BENCH_LOAD_LOGS=1: request lines as `dramatis serve` writes them (to /dev/null here), to see what they cost.
  const app = await startApp(loadConfig(process.env), { logger: process.env.BENCH_LOAD_LOGS === "1", seedExamples: true });
  const { Session } = await import("node:inspector/promises");
  const { writeFileSync } = await import("node:fs");
  const inspector = new Session();
  process.on("message", async (message: HistoryRequest & { type: string; path?: string }) => {
    if (message.type === "cpu") {
      const used = process.cpuUsage();
      process.send?.({ type: "cpu", micros: used.user + used.system } satisfies Message);
      return;
    }
    if (message.type === "profile-start") {
      inspector.connect();
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.start");
      process.send?.({ type: "profiling" } satisfies Message);
      return;
    }
    if (message.type === "profile-stop") {
      const { profile } = await inspector.post("Profiler.stop");
      writeFileSync(message.path!, JSON.stringify(profile));
      inspector.disconnect();
      process.send?.({ type: "profiling" } satisfies Message);
      return;
    }
    if (message.type !== "build-history") return;
    const started = performance.now();
    const built = await buildHistory(app.context.store.db, message);
    process.send?.({ type: "history-built", players: message.players, ...built, seconds: (performance.now() - started) / 1000 } satisfies Message);
  });
  process.on("disconnect", () => void app.close().then(() => process.exit(0)));
  process.send?.({ type: "ready", url: app.url } satisfies Message);
}

/**
 * The bare server answers with the very bytes the Dramatis poll sent, identity or gzip as the
 * request asks (the poll's own gzip bytes, fetched raw): the best any server could do is to send
 * bytes it holds, so what separates the two is what a Dramatis request pays around them.
 */
async function serveBare(): Promise<void> {
  const { default: Fastify } = await import("fastify");
  const server = Fastify({ logger: false });
  let poll = { json: Buffer.alloc(0), gzip: Buffer.alloc(0) };
  let accepted = "";
  server.get("/poll", async (request, reply) => {
    reply.type("application/json; charset=utf-8");
    if (!/\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) return reply.send(poll.json);
    return reply.header("content-encoding", "gzip").header("vary", "accept-encoding").send(poll.gzip);
  });
  server.post("/generate", async (_request, reply) => reply.type("application/json; charset=utf-8").send(accepted));
  process.on("message", (message: { type: string; json: string; gzip: string; accepted: string }) => {
    if (message.type === "cpu") {
      const used = process.cpuUsage();
      process.send?.({ type: "cpu", micros: used.user + used.system } satisfies Message);
      return;
    }
    if (message.type !== "bodies") return;
    poll = { json: Buffer.from(message.json, "base64"), gzip: Buffer.from(message.gzip, "base64") };
    accepted = message.accepted;
    process.send?.({ type: "bodies-set" } satisfies Message);
  });
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  process.send?.({ type: "ready", url } satisfies Message);
}

// ---------------------------------------------------------------------------------------------
// orchestrator

function nextMessage<T extends Message["type"]>(child: ChildProcess, type: T): Promise<Extract<Message, { type: T }>> {
  return nextChildMessage<Message, T>(child, type);
}

function start(mode: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const execArgv = ["--import", "tsx"];
  return fork(here, [mode], { execArgv, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
}

interface Measured {
  requestsPerSecond: number;
  /** The server's CPU time per request answered. */
  cpuMs: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function cpuMicros(server: ChildProcess): Promise<number> {
  const reply = nextMessage(server, "cpu");
  server.send({ type: "cpu" });
  return (await reply).micros;
}

/** CPU microseconds per second each server spends idle (see the header). */
const idleMicros = new Map<ChildProcess, number>();

async function measureIdle(server: ChildProcess): Promise<void> {
  const before = await cpuMicros(server);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idleMicros.set(server, ((await cpuMicros(server)) - before) / 3);
}

const PROFILE_FOLDER = process.env.BENCH_LOAD_PROFILE;

/** Has the server profile what runs until `stop` is called (BENCH_LOAD_PROFILE); a no-op without it. */
async function profiled(server: ChildProcess, name: string | undefined): Promise<() => Promise<void>> {
  if (!PROFILE_FOLDER || !name) return async () => {};
  const started = nextMessage(server, "profiling");
  server.send({ type: "profile-start" });
  await started;
  return async () => {
    const written = nextMessage(server, "profiling");
    server.send({ type: "profile-stop", path: join(PROFILE_FOLDER, `${name}.cpuprofile`) });
    await written;
  };
}

/** `profile`: the name of the server's CPU profile of this measurement, when BENCH_LOAD_PROFILE asks for them. */
async function measure(server: ChildProcess, options: AutocannonOptions, profile?: string): Promise<Measured> {
  const before = await cpuMicros(server);
  const stopProfile = await profiled(server, profile);
  const result = await autocannon({ connections: PLAYERS, duration: SECONDS, ...options });
  await stopProfile();
  const cpu = Math.max(0, (await cpuMicros(server)) - before - (idleMicros.get(server) ?? 0) * SECONDS);
  return {
    requestsPerSecond: result.requests.average,
    cpuMs: cpu / 1000 / Math.max(1, result.requests.average * SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const medianOf = (runs: Measured[]): Measured => ({
  requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
  cpuMs: median(runs.map((run) => run.cpuMs)),
  p50: median(runs.map((run) => run.p50)),
  p99: median(runs.map((run) => run.p99)),
  non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  errors: runs.reduce((sum, run) => sum + run.errors, 0),
});

async function api(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A finished population's poll, and the exact bytes it answers with: identity, and gzip as sent (not decoded). */
async function finishedPopulation(base: string): Promise<{ id: string; json: Buffer; gzip: Buffer }> {
  const { id } = await api(base, "POST", "/v1/personas/actions/generate", { prompt: "League of Legends players from around the globe", count: 10, seed: 42 });
  const path = `/v1/personas/repositories/Population/by-id/${id}`;
  for (;;) {
    const body = await api(base, "GET", path);
    if (body.status === "succeeded") break;
    if (body.status === "failed") throw new Error(`population failed: ${JSON.stringify(body.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { id, json: await rawBytes(`${base}${path}`, undefined), gzip: await rawBytes(`${base}${path}`, "gzip") };
}

/** The body's bytes as the server sent them (fetch would decode gzip). */
async function rawBytes(url: string, encoding: string | undefined): Promise<Buffer> {
  const { get } = await import("node:http");
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${API_KEY}`, ...(encoding ? { "accept-encoding": encoding } : {}) };
    get(url, { headers }, (response) => {
      if (encoding && response.headers["content-encoding"] !== encoding) reject(new Error(`asked for ${encoding}, got ${response.headers["content-encoding"] ?? "identity"}`));
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
    }).on("error", reject);
  });
}

/**
 * One player per connection, `prefix-0` … `prefix-9`, each sending every turn of its own: set once
 * per connection (setupClient). A `setupRequest` context is reset before every request when the
 * sequence holds one request, which made every turn a new player's first.
 */
function npcPlayers(prefix: string): Pick<AutocannonOptions, "setupClient"> {
  let next = 0;
  return { setupClient: (client) => client.setBody(JSON.stringify({ message: NPC_MESSAGE, user_session_id: `${prefix}-${next++}` })) };
}

async function orchestrate(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-load-"));
  const dramatis = start("serve-dramatis", {
    PORT: "0",
    HOST: "127.0.0.1",
    DRAMATIS_DATA_DIR: dataDir,
    DRAMATIS_API_KEY: API_KEY,
    DRAMATIS_RATE_LIMIT_PER_MINUTE: "0",
    DRAMATIS_MODEL: "offline",
  });
  const bare = start("serve-bare");
  try {
    const [{ url: base }, { url: bareBase }] = await Promise.all([nextMessage(dramatis, "ready"), nextMessage(bare, "ready")]);
    const auth = { authorization: `Bearer ${API_KEY}` };
    console.log("Dramatis HTTP load benchmark (autocannon, 127.0.0.1, 10 connections)");
    console.log(`node ${process.version}, ${SECONDS} s per measurement, ${ROUNDS} round(s), medians\n`);

    const only = process.env.BENCH_LOAD_ONLY;
    const population = only === "npc" ? undefined : await finishedPopulation(base);
    if (population) {
      const bodies = { json: population.json.toString("base64"), gzip: population.gzip.toString("base64"), accepted: JSON.stringify({ id: population.id, status: "pending" }) };
      bare.send({ type: "bodies", ...bodies });
      await nextMessage(bare, "bodies-set");
    }

    const personas: Array<{ id: string; name: string }> = await api(base, "GET", "/api/v1/personas?limit=100");
    const kael = personas.find((persona) => persona.name === NPC_PERSONA);
    if (!kael) throw new Error(`no seeded persona "${NPC_PERSONA}"`);
    const full = await api(base, "GET", `/api/v1/personas/${kael.id}/full`);
    const haggle = (full.machines as Array<{ id: string; machine_key: string }>).find((machine) => machine.machine_key === NPC_MACHINE);
    if (!haggle) throw new Error(`no machine "${NPC_MACHINE}"`);
    const npcPath = `/api/v1/chat/${kael.id}/message?machine_id=${haggle.id}`;
    await Promise.all([measureIdle(dramatis), measureIdle(bare)]);
    const npcOptions = (prefix: string): AutocannonOptions => ({
      url: `${base}${npcPath}`,
      method: "POST",
      headers: { "content-type": "application/json" },
      ...npcPlayers(prefix),
    });

    const runs = { healthz: [] as Measured[], poll: [] as Measured[], pollBare: [] as Measured[], pollGzip: [] as Measured[], pollGzipBare: [] as Measured[], fresh: [] as Measured[], history: [] as Measured[], generate: [] as Measured[], generateBare: [] as Measured[] };
    let built: Extract<Message, { type: "history-built" }> | undefined;
    if (only !== "poll") {
      // Not a result: the chat route's first turns compile its code (JIT) and fill the server's caches.
      await autocannon({ connections: PLAYERS, duration: 3, ...npcOptions("warm-up") });
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      if (population) {
        // The floor: what every request pays in this server (hooks, metrics) with no auth and no store.
        runs.healthz.push(await measure(dramatis, { url: `${base}/healthz` }, `healthz-${round}`));
        runs.poll.push(await measure(dramatis, { url: `${base}/v1/personas/repositories/Population/by-id/${population.id}`, headers: auth }, `poll-${round}`));
        runs.pollBare.push(await measure(bare, { url: `${bareBase}/poll` }));
        // What fetch-based clients (the SDK) send: the cached gzip bytes against the same bytes.
        const gzip = { "accept-encoding": "gzip" };
        runs.pollGzip.push(await measure(dramatis, { url: `${base}/v1/personas/repositories/Population/by-id/${population.id}`, headers: { ...auth, ...gzip } }, `poll-gzip-${round}`));
        runs.pollGzipBare.push(await measure(bare, { url: `${bareBase}/poll`, headers: gzip }));
      }

      if (only !== "poll") {
        runs.fresh.push(await measure(dramatis, npcOptions(`fresh-${round}`), `npc-fresh-${round}`));
        const players = Array.from({ length: PLAYERS }, (_, index) => `history-${round}-${index}`);
        dramatis.send({ type: "build-history", personaId: kael.id, machineKey: NPC_MACHINE, players, turns: HISTORY_TURNS, text: NPC_MESSAGE });
        built = await nextMessage(dramatis, "history-built");
        runs.history.push(await measure(dramatis, npcOptions(`history-${round}`), `npc-history-${round}`));
      }

      // Last: every accepted generate is a job the server's workers then run, which would load the others.
      if (!population) continue;
      const generateBody = JSON.stringify({ prompt: "League of Legends players from around the globe", count: 1 });
      const generateOptions = { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: generateBody };
      runs.generate.push(await measure(dramatis, { url: `${base}/v1/personas/actions/generate`, ...generateOptions }, `generate-${round}`));
      runs.generateBare.push(await measure(bare, { url: `${bareBase}/generate`, ...generateOptions }));
    }

    const skipped: Measured = { requestsPerSecond: Number.NaN, cpuMs: Number.NaN, p50: Number.NaN, p99: Number.NaN, non2xx: 0, errors: 0 };
    const medianOrSkipped = (list: Measured[]) => (list.length === 0 ? skipped : medianOf(list));
    const healthz = medianOrSkipped(runs.healthz);
    const poll = medianOrSkipped(runs.poll);
    const pollBare = medianOrSkipped(runs.pollBare);
    const pollGzip = medianOrSkipped(runs.pollGzip);
    const pollGzipBare = medianOrSkipped(runs.pollGzipBare);
    const generate = medianOrSkipped(runs.generate);
    const generateBare = medianOrSkipped(runs.generateBare);
    const fresh = medianOrSkipped(runs.fresh);
    const history = medianOrSkipped(runs.history);
    const met = (ok: boolean) => (ok ? "met" : "MISSED");
    const row = (name: string, figure: Measured, note: string) =>
      console.log(
        `${name.padEnd(44)} ${figure.requestsPerSecond.toFixed(0).padStart(8)} ${figure.cpuMs.toFixed(2).padStart(8)} ${figure.p50.toFixed(0).padStart(7)} ${figure.p99.toFixed(0).padStart(7)} ${String(figure.non2xx + figure.errors).padStart(9)}   ${note}`,
      );
    console.log(`Idle server CPU (subtracted below): ${((idleMicros.get(dramatis) ?? 0) / 1000).toFixed(0)} ms per second; load average ${loadavg().map((load) => load.toFixed(1)).join(" ")}\n`);
    console.log(`${"route".padEnd(44)} ${"req/s".padStart(8)} ${"CPU ms".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"non-2xx".padStart(9)}   target`);
    // req/s move with whatever else the machine runs; CPU per request much less: bare CPU / poll CPU
    // is the req/s ratio the two would have, each alone on a core.
    const ratios = (figure: Measured, bareFigure: Measured) => {
      const byRate = figure.requestsPerSecond / bareFigure.requestsPerSecond;
      const byCpu = bareFigure.cpuMs / figure.cpuMs;
      return `ratio to bare ${byRate.toFixed(2)}, by CPU ${byCpu.toFixed(2)} (≥ ${TARGETS.pollRatio}: ${met(byRate >= TARGETS.pollRatio)} / ${met(byCpu >= TARGETS.pollRatio)})`;
    };
    row("(a) GET /healthz, every request's floor here", healthz, "no target: hooks and metrics alone, for scale");
    row(`(a) GET poll, finished population of 10 (${population?.json.length ?? 0} B)`, poll, ratios(poll, pollBare));
    row("    bare Fastify, same bytes", pollBare, "");
    row(`    same, Accept-Encoding: gzip (${population?.gzip.length ?? 0} B)`, pollGzip, ratios(pollGzip, pollGzipBare));
    row("    bare Fastify, same gzip bytes", pollGzipBare, "");
    const generateRatio = generate.requestsPerSecond / generateBare.requestsPerSecond;
    row("(b) POST generate, count=1", generate, `ratio to bare ${generateRatio.toFixed(2)} (no target)`);
    row("    bare Fastify POST, same bytes", generateBare, "");
    const freshOk = fresh.requestsPerSecond >= TARGETS.turnsPerSecond && fresh.p99 <= TARGETS.turnP99Ms;
    row("(c) NPC message, 10 players, fresh", fresh, `≥ ${TARGETS.turnsPerSecond} turns/s and p99 ≤ ${TARGETS.turnP99Ms} ms: ${met(freshOk)}`);
    const historyOk = history.requestsPerSecond >= TARGETS.turnsPerSecond && history.p99 <= TARGETS.turnP99Ms;
    row(`    same, each player with ${HISTORY_TURNS.toLocaleString("en-US")} turns before`, history, `≥ ${TARGETS.turnsPerSecond} turns/s and p99 ≤ ${TARGETS.turnP99Ms} ms: ${met(historyOk)}`);
    const flat = history.requestsPerSecond / fresh.requestsPerSecond;
    console.log(
      `\nNPC turns/s with ${HISTORY_TURNS.toLocaleString("en-US")} turns of history / fresh: ${flat.toFixed(2)} (flat: ≥ ${TARGETS.historyRatio}: ${met(flat >= TARGETS.historyRatio)}); p99 ${fresh.p99.toFixed(0)} → ${history.p99.toFixed(0)} ms`,
    );
    if (built) console.log(`History built by direct inserts: ${built.events.toLocaleString("en-US")} events and ${built.messages.toLocaleString("en-US")} chat lines for ${built.players.length} players in ${built.seconds.toFixed(1)} s`);
  } finally {
    dramatis.disconnect();
    bare.disconnect();
    await Promise.all([dramatis, bare].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === "serve-dramatis") await serveDramatis();
else if (mode === "serve-bare") await serveBare();
else await orchestrate();
