/**
 * Wires the application: store → repositories → queue and workers → HTTP server. The CLI's
 * `serve`, `npm start` and the integration tests all start it through `startApp`.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import type { Config } from "./config.ts";
import { makePrivate, openStore, type Store } from "./store/database.ts";
import { describeError } from "./store/describe-error.ts";
import { AccountRepository, DEV_ACCOUNT_NAME, type Account } from "./store/accounts.ts";
import { JobRepository } from "./store/jobs.ts";
import { IdempotencyRepository } from "./store/idempotency.ts";
import { JobQueue } from "./jobs/queue.ts";
import { startWorkers } from "./jobs/workers.ts";
import { reconcileJobs, sweepAbandonedJobs, sweepMinAgeSeconds } from "./jobs/reconcile.ts";
import { JobsService } from "./services/jobs-service.ts";
import { loadProviders } from "./load-providers.ts";
import { studioPartsOf, type Providers } from "./provider-parts.ts";
import type { ServerOptions } from "./api/server.ts";
import type { ReadinessCheck } from "./api/routes/health.ts";
import type { AppContext } from "./api/context.ts";
import { createLogger, quietLogger, type Logger } from "./observability/logger.ts";
import { AppMetrics, type RowsQuery } from "./observability/metrics.ts";
import { SharedModelSlots } from "./jobs/shared-model-slots.ts";
import { shareModelSlots } from "./llm/population/adaptive-limiter.ts";
import { limitLargeTasksForEmbeddedServer } from "./workers/engine-pool.ts";
import { OPERATOR_TOKEN_FILE } from "./cli/operator-token.ts";

export { OPERATOR_TOKEN_FILE };

export interface StartOptions {
  /** Keep the embedded database in memory (tests). */
  inMemory?: boolean;
  /** Don't start workers: the API only accepts and answers polls (another process works). */
  workers?: boolean;
  listen?: boolean;
  providers?: Providers;
  plugins?: ServerOptions["plugins"];
  /** Request and job lines: true for the configured logger (DRAMATIS_LOG_FORMAT/LEVEL), or this one. */
  logger?: boolean | Logger;
  /** Ship the example NPCs into the local account (default: when the database is not in memory). */
  seedExamples?: boolean;
}

export interface RunningApp {
  server: FastifyInstance;
  context: AppContext;
  queue: JobQueue;
  /** Base URL, once listening. */
  url: string;
  /** The local account's key (made on first start, or DRAMATIS_API_KEY). */
  devKey: string;
  devAccount: Account;
  close(): Promise<void>;
}

/** How often unfinished jobs are checked against the queue while running. */
const RECONCILE_INTERVAL_MS = 60_000;

/**
 * What every process that works on the database shares: the store, the queue, repositories and
 * providers, recovery of unfinished jobs, the workers (unless turned off) and the periodic
 * reconcile and sweeps. `startApp` puts the HTTP server in front of it; `startWorkerProcess` runs
 * it alone.
 */
interface Core {
  store: Store;
  queue: JobQueue;
  accounts: AccountRepository;
  jobs: JobRepository;
  providers: Providers;
  /** Starts the workers (if wanted) and the periodic recovery; call once everything else is ready. */
  work(workers: boolean): void;
  /** Stops the timers, then the queue (running jobs finish or are handed back), then the store. */
  close(): Promise<void>;
}

async function startCore(config: Config, options: Pick<StartOptions, "inMemory" | "providers">, logger: Logger): Promise<Core> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataDir, "db"),
    inMemory: options.inMemory,
  });
  // The database, the API and the engine in one process: one large population's task at a time.
  if (store.kind === "pglite") limitLargeTasksForEmbeddedServer();
  const accounts = new AccountRepository(store.db);
  const jobs = new JobRepository(store.db);
  const queue = new JobQueue(store, { concurrency: Math.max(1, config.workers), logger, shutdownGraceMs: config.shutdownGraceMs });
  await queue.start();
  // Processes sharing a Postgres server share the model's concurrency limit too: set before the
  // providers build their limiters.
  const modelSlots = sharedModelSlots(config, store, logger);
  shareModelSlots(modelSlots);
  // Every implementation is chosen once, here, and shared by the workers and NPC play.
  // Offline (the default), the model SDKs are never loaded.
  const providers = options.providers ?? (await loadProviders(config));
  const timers: Array<() => void> = [];
  return {
    store,
    queue,
    accounts,
    jobs,
    providers,
    work(workers) {
      if (workers && config.workers > 0) startWorkers(queue, { jobs, accounts, providers });
      // Later sweeps only look at jobs old enough that a send in flight cannot be mistaken for a lost one.
      timers.push(every(RECONCILE_INTERVAL_MS, "reconcile", () => reconcileJobs(queue, { jobs, accounts }, { exclusive: false, olderThanMs: 30_000 })));
      // How often, on a shared Postgres server, each process looks for jobs whose worker died (their
      // lock is free). With `SWEEP_MIN_AGE_SECONDS`, a dead process's jobs are back in the queue
      // within about 25 s by default, far below pg-boss's expiry (30 min), the last resort.
      if (!store.exclusive) timers.push(every(config.sweepIntervalMs, "sweep", () => sweepAbandonedJobs(queue, store, jobs, { minAgeSeconds: sweepMinAgeSeconds(config.sweepIntervalMs) })));
    },
    async close() {
      for (const stop of timers) stop();
      // Running jobs finish, or go back to the queue for the next start or another process.
      await queue.stop();
      if (modelSlots) {
        shareModelSlots(undefined);
        await modelSlots.close();
      }
      await store.close();
    },
  };
}

/** With a model on a shared Postgres server: the slots every process's model calls take from. */
function sharedModelSlots(config: Config, store: Store, log: Logger): SharedModelSlots | undefined {
  const model = config.model.trim();
  if (!store.connectionString || store.exclusive || model === "" || model === "offline") return undefined;
  return new SharedModelSlots({ connectionString: store.connectionString, name: model, slots: config.modelConcurrency, log });
}

/**
 * Recover before working: a job this process's own workers had just claimed would look orphaned.
 * On the embedded database no other process can be running an active job, workers or not.
 */
async function recover({ queue, store, jobs, accounts }: Core, log: (line: string) => void): Promise<void> {
  const recovered = await reconcileJobs(queue, { jobs, accounts }, { exclusive: store.exclusive });
  if (!store.exclusive) recovered.released += await sweepAbandonedJobs(queue, store, jobs);
  if (recovered.requeued + recovered.released + recovered.failed > 0) {
    log(`Recovered unfinished jobs: ${recovered.requeued} re-queued, ${recovered.released} released, ${recovered.failed} failed`);
  }
}

export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  if (!options.inMemory) {
    // Keys, balances and every persona live here: readable by the server's user only (also a
    // folder left world-readable by an earlier version).
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    makePrivate(config.dataDir);
  }
  // Request and job lines as JSON (or pretty on a terminal) when asked; otherwise warnings only.
  const logger = typeof options.logger === "object" ? options.logger : options.logger ? createLogger({ format: config.logFormat, level: config.logLevel }) : quietLogger;
  // The HTTP side (Fastify and its plugins, JWT checks, NPC play) loads here, not in a worker
  // process: bundled with code splitting, `dramatis worker` then never loads it (without a metrics port).
  const [{ buildServer }, { Authenticator }, { registerOperatorRoutes }, { seedExampleNpcs }, { NpcRepository }, { PersonaService }, { PlayService }, core] = await Promise.all([
    import("./api/server.ts"),
    import("./api/auth.ts"),
    import("./api/routes/operator.ts"),
    import("./services/npc/seed-examples.ts"),
    import("./store/npc.ts"),
    import("./services/npc/persona-service.ts"),
    import("./services/npc/play-service.ts"),
    startCore(config, options, logger),
  ]);
  const { store, queue, accounts, jobs, providers } = core;

  const { account: devAccount, key: devKey } = await ensureDevAccount(accounts, config, options.inMemory ? undefined : config.dataDir);
  if (options.seedExamples ?? !options.inMemory) await seedExampleNpcs(store.db, devAccount.id);
  const auth = new Authenticator(accounts, {
    jwtSecret: config.jwtSecret,
    jwksUrl: config.jwksUrl,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    signupCredits: config.signupCredits,
    clockToleranceSeconds: config.jwtClockToleranceSeconds,
  });
  const npcRepository = new NpcRepository(store.db);
  const npc = { personas: new PersonaService(npcRepository), play: new PlayService(npcRepository, providers.npc) };
  const context: AppContext = { config, store, accounts, jobs, jobsService: new JobsService(accounts, jobs, queue, new IdempotencyRepository(store.db)), auth, npc, studio: studioPartsOf(providers) };

  await recover(core, (line) => console.log(line));
  core.work(options.workers !== false);

  // The operator commands reach a running server through loopback routes guarded by a token that
  // only readers of the data folder have (embedded PGlite cannot be opened by a second process).
  const plugins = [...(options.plugins ?? [])];
  let operatorToken: string | undefined;
  if (!options.inMemory) {
    operatorToken = randomBytes(32).toString("base64url");
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(join(config.dataDir, OPERATOR_TOKEN_FILE), `${operatorToken}\n`, { mode: 0o600 });
    chmodSync(join(config.dataDir, OPERATOR_TOKEN_FILE), 0o600);
    const token = operatorToken;
    plugins.push((server, appContext) => registerOperatorRoutes(server, appContext, token));
  }
  const readiness = [
    { name: "database", check: () => store.db.execute(sql`SELECT 1`) },
    { name: "queue", check: () => queue.ping() },
  ];
  const metrics = new AppMetrics(rowsQuery(store));
  const server = await buildServer(context, { logger: options.logger ? logger : false, plugins, readiness, metrics: { metrics, tokens: [config.metricsToken, operatorToken] } });
  const closeServer = closableServer(server);
  let url = "";
  if (options.listen !== false) {
    url = await server.listen({ port: config.port, host: config.host });
    url = url.replace("[::1]", "localhost");
  }

  let closed = false;
  return {
    server,
    context,
    queue,
    url,
    devKey,
    devAccount,
    async close() {
      if (closed) return;
      closed = true;
      await closeServer();
      await core.close();
    },
  };
}

export interface RunningWorkerProcess {
  queue: JobQueue;
  store: Store;
  /** Where its /healthz, /readyz and /metrics answer, with `metricsPort`; else undefined. */
  url?: string;
  close(): Promise<void>;
}

/**
 * A process that only works jobs (`dramatis worker`): no HTTP, no dev account, no operator token,
 * on a Postgres server shared with the API and other workers. The embedded database cannot be
 * shared between processes, so it is refused with a way out.
 */
export async function startWorkerProcess(config: Config, options: Pick<StartOptions, "providers"> & { log?: (line: string) => void } = {}): Promise<RunningWorkerProcess> {
  if (!config.databaseUrl) throw new Error(EMBEDDED_WORKER_REFUSAL);
  if (config.workers < 1) throw new Error("DRAMATIS_WORKERS is 0: a worker process with no job slots would do nothing; set it to 1 or more");
  const logger = createLogger({ format: config.logFormat, level: config.logLevel });
  const core = await startCore(config, options, logger);
  await recover(core, options.log ?? ((line) => logger.info(line)));
  core.work(true);
  let probes: FastifyInstance | undefined;
  let closeProbes: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (config.metricsPort !== undefined) {
    const { buildProbeServer } = await import("./api/server.ts");
    probes = await buildProbeServer({ readiness: readinessChecks(core), metrics: { metrics: new AppMetrics(rowsQuery(core.store)), tokens: [config.metricsToken] } });
    closeProbes = closableServer(probes);
    url = (await probes.listen({ port: config.metricsPort, host: config.host })).replace("[::1]", "localhost");
  }
  let closed = false;
  return {
    queue: core.queue,
    store: core.store,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await closeProbes?.();
      await core.close();
    },
  };
}

/** Why `dramatis worker` does not run on the embedded database, and what to do instead. */
export const EMBEDDED_WORKER_REFUSAL =
  "dramatis worker needs DATABASE_URL (a Postgres server): the embedded database (PGlite) can be opened by one process only, " +
  "and `dramatis serve` already works its jobs. Set DATABASE_URL=postgres://… for the API (`dramatis serve --no-workers`) and every worker.";

/** What `/readyz` asks: the database and the queue each answer a trivial query. */
function readinessChecks({ store, queue }: Pick<Core, "store" | "queue">): ReadinessCheck[] {
  return [
    { name: "database", check: () => store.db.execute(sql`SELECT 1`) },
    { name: "queue", check: () => queue.ping() },
  ];
}

/** Raw SQL for the metrics' database figures, on either kind of store. */
function rowsQuery(store: Store): RowsQuery {
  return async (text) => {
    const result = await store.db.execute(sql.raw(text));
    return (Array.isArray(result) ? result : (result as { rows: Array<Record<string, unknown>> }).rows) as Array<Record<string, unknown>>;
  };
}

/** Runs a background task on an interval, one run at a time; returns what stops it. */
function every(intervalMs: number, name: string, task: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error) => console.error(`[${name}] ${describeError(error)}`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The local account of the embedded default, with a generous balance and a dev key. The key is
 * kept (0600) in the data folder so every start can print it; `DRAMATIS_API_KEY` fixes it instead.
 */
async function ensureDevAccount(accounts: AccountRepository, config: Config, dataDir: string | undefined) {
  let account = await accounts.findByName(DEV_ACCOUNT_NAME);
  if (!account) account = await accounts.create(DEV_ACCOUNT_NAME, config.devCredits);

  if (config.apiKey) {
    await accounts.createKey(account.id, "DRAMATIS_API_KEY", config.apiKey);
    return { account, key: config.apiKey };
  }
  const keyFile = dataDir ? join(dataDir, "dev-key") : undefined;
  if (keyFile && existsSync(keyFile)) {
    const saved = readFileSync(keyFile, "utf8").trim();
    const owner = await accounts.findByKey(saved);
    if (owner?.id === account.id) return { account, key: saved };
  }
  const { key } = await accounts.createKey(account.id, "dev");
  if (keyFile && dataDir) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
  }
  return { account, key };
}

export type { Store };

/**
 * Stops the HTTP server: requests in flight finish, then every connection closes.
 * - Fastify closes the keep-alive connections idle when it is asked to; one still answering a
 *   request at that moment becomes idle a little later and would stay open for the whole keep-alive
 *   timeout (72 s, Fastify's default, kept for load balancers). Each is closed as soon as it is idle.
 * - A connection that never sent a request (a client that connected and gave up, as an aborted
 *   fetch can leave) is neither idle nor busy to Node: it lasts until the headers timeout (60 s,
 *   checked every 30 s). It has nothing to finish, so it is closed at once.
 * Both held shutdown for ~70 s (the SDK test file's afterAll; a SIGTERM'd server).
 */
function closableServer(server: FastifyInstance): () => Promise<void> {
  const unused = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    unused.add(socket);
    socket.once("close", () => unused.delete(socket));
  });
  server.server.on("request", (request: IncomingMessage) => unused.delete(request.socket));
  return async () => {
    for (const socket of unused) socket.destroy();
    const closeWhenIdle = setInterval(() => server.server.closeIdleConnections(), IDLE_CONNECTION_SWEEP_MS);
    try {
      await server.close();
    } finally {
      clearInterval(closeWhenIdle);
    }
  };
}

const IDLE_CONNECTION_SWEEP_MS = 50;
