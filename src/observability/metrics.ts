/**
 * Prometheus metrics (prom-client), in two parts:
 * - what this process does, counted as it happens: each job delivery's duration by kind and
 *   outcome (`population-shard` is the shard duration), each HTTP request's latency by route and
 *   status, and Node's own figures (event-loop lag, heap, GC);
 * - what the database holds, read when scraped and cached for `SNAPSHOT_MAX_AGE_MS`: jobs by kind
 *   and status, queue depth, personas produced (rate() gives personas per second) and the model
 *   calls and tokens every job recorded. These are the same from every process of one database:
 *   aggregate them with max(), not sum().
 *
 * docs/operations.md lists every metric.
 */
import client from "prom-client";

/** Per process, whatever the number of apps it starts (tests start many). */
const processRegistry = new client.Registry();
client.collectDefaultMetrics({ register: processRegistry });

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

const jobDuration = new client.Histogram({
  name: "dramatis_job_duration_seconds",
  help: "Time a worker of this process spent on one delivery of a job, by kind (population-shard: a shard) and outcome (completed, failed, handed_back).",
  labelNames: ["kind", "outcome"] as const,
  buckets: DURATION_BUCKETS,
  registers: [processRegistry],
});

/** The queue reports every delivery here. */
export const jobMetrics = {
  observe(kind: string, outcome: string, seconds: number): void {
    jobDuration.labels(kind, outcome).observe(seconds);
  },
};

/** Runs one SQL statement without parameters and answers its rows. */
export type RowsQuery = (text: string) => Promise<Array<Record<string, unknown>>>;

/** How long a snapshot of the database's figures is served before a scrape reads them again. */
export const SNAPSHOT_MAX_AGE_MS = 5_000;

// Every job table shares the job columns (status, produced, model, model_calls, prompt_tokens,
// completion_tokens): src/store/schema.ts `jobColumns`.
const JOB_TABLES = [
  ["population", "populations"],
  ["population-shard", "population_shards"],
  ["enhancement", "enhancements"],
  ["evaluation", "evaluations"],
  ["panel", "panel_surveys"],
] as const;

const JOBS_BY_STATUS_SQL = JOB_TABLES.map(([kind, table]) => `SELECT '${kind}' AS kind, status, count(*)::int AS count FROM ${table} GROUP BY status`).join(" UNION ALL ");
const QUEUE_BY_STATE_SQL = "SELECT name AS kind, state::text AS state, count(*)::int AS count FROM pgboss.job GROUP BY name, state";
const PERSONAS_SQL = "SELECT coalesce(sum(produced), 0)::text AS produced FROM populations";
const MODEL_USAGE_SQL = `
  SELECT model, sum(model_calls)::text AS calls, sum(prompt_tokens)::text AS prompt, sum(completion_tokens)::text AS completion
    FROM (${JOB_TABLES.map(([, table]) => `SELECT model, model_calls, prompt_tokens, completion_tokens FROM ${table} WHERE model IS NOT NULL`).join(" UNION ALL ")}) AS usage
   GROUP BY model`;

interface Snapshot {
  jobs: Array<{ kind: string; status: string; count: number }>;
  queue: Array<{ kind: string; state: string; count: number }>;
  personasProduced: number;
  usage: Array<{ model: string; calls: number; prompt: number; completion: number }>;
}

/** Request label sets whose histogram child is kept (see `observeRequest`); far above what the routes make. */
const MAX_REQUEST_CHILDREN = 1_000;

/** pg-boss states of a job that waits for a worker. */
const WAITING_STATES = new Set(["created", "retry"]);

/** The metrics of one app (server and workers on one database), rendered for `/metrics`. */
export class AppMetrics {
  private readonly registry = new client.Registry();
  private readonly httpDuration = new client.Histogram({
    name: "dramatis_http_request_duration_seconds",
    help: "HTTP requests answered by this process, by method, route pattern (unmatched: no route) and status code.",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly jobs = this.gauge("dramatis_jobs", "Jobs in the database by kind and status (pending, running, succeeded, failed).", ["kind", "status"]);
  private readonly queueJobs = this.gauge("dramatis_queue_jobs", "Queue jobs by kind and pg-boss state (created, retry, active, completed, failed, cancelled).", ["kind", "state"]);
  private readonly queueDepth = this.gauge("dramatis_queue_depth", "Queue jobs waiting for a worker (created or retry), by kind.", ["kind"]);
  private readonly personasProduced = new client.Counter({
    name: "dramatis_personas_produced_total",
    help: "Personas produced by every population in the database (rate() over it: personas per second).",
    registers: [this.registry],
  });
  private readonly modelCalls = new client.Counter({ name: "dramatis_llm_calls_total", help: "Model calls recorded by jobs, by model.", labelNames: ["model"] as const, registers: [this.registry] });
  private readonly modelTokens = new client.Counter({ name: "dramatis_llm_tokens_total", help: "Model tokens recorded by jobs, by model and type (prompt, completion).", labelNames: ["model", "type"] as const, registers: [this.registry] });
  private snapshot: { at: number; value: Promise<Snapshot> } | null = null;

  constructor(private readonly query?: RowsQuery) {}

  /**
   * Each method, route and status's histogram child, found once: `labels()` joins and hashes the
   * three labels on every call, which every request of the process paid. Bounded: methods are
   * the few Node's parser accepts, routes the registered patterns, statuses the ones we answer.
   */
  private readonly requestChildren = new Map<string, client.Histogram.Internal<"method" | "route" | "status_code">>();

  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${statusCode} ${method} ${route}`;
    let child = this.requestChildren.get(key);
    if (!child) {
      child = this.httpDuration.labels(method, route, String(statusCode));
      if (this.requestChildren.size < MAX_REQUEST_CHILDREN) this.requestChildren.set(key, child);
    }
    child.observe(seconds);
  }

  /** The text exposition format, with its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    if (this.query) this.apply(await this.readSnapshot());
    const merged = client.Registry.merge([processRegistry, this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  private gauge<Label extends string>(name: string, help: string, labelNames: readonly Label[]) {
    return new client.Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Concurrent scrapes share one read; a failed read is not kept. */
  private readSnapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (!this.snapshot || now - this.snapshot.at > SNAPSHOT_MAX_AGE_MS) {
      const value = this.readDatabase();
      this.snapshot = { at: now, value };
      value.catch(() => {
        if (this.snapshot?.value === value) this.snapshot = null;
      });
    }
    return this.snapshot.value;
  }

  private async readDatabase(): Promise<Snapshot> {
    const query = this.query as RowsQuery;
    const [jobs, queue, personas, usage] = await Promise.all([query(JOBS_BY_STATUS_SQL), query(QUEUE_BY_STATE_SQL), query(PERSONAS_SQL), query(MODEL_USAGE_SQL)]);
    return {
      jobs: jobs.map((row) => ({ kind: String(row.kind), status: String(row.status), count: Number(row.count) })),
      queue: queue.map((row) => ({ kind: String(row.kind), state: String(row.state), count: Number(row.count) })),
      personasProduced: Number(personas[0]?.produced ?? 0),
      usage: usage.map((row) => ({ model: String(row.model), calls: Number(row.calls), prompt: Number(row.prompt), completion: Number(row.completion) })),
    };
  }

  private apply(snapshot: Snapshot): void {
    this.jobs.reset();
    for (const { kind, status, count } of snapshot.jobs) this.jobs.labels(kind, status).set(count);
    this.queueJobs.reset();
    this.queueDepth.reset();
    const depth = new Map<string, number>(JOB_TABLES.map(([kind]) => [kind, 0]));
    for (const { kind, state, count } of snapshot.queue) {
      this.queueJobs.labels(kind, state).set(count);
      if (WAITING_STATES.has(state)) depth.set(kind, (depth.get(kind) ?? 0) + count);
    }
    for (const [kind, count] of depth) this.queueDepth.labels(kind).set(count);
    // Totals kept by the database, shown as counters: set by resetting to the current total.
    this.personasProduced.reset();
    this.personasProduced.inc(snapshot.personasProduced);
    this.modelCalls.reset();
    this.modelTokens.reset();
    for (const { model, calls, prompt, completion } of snapshot.usage) {
      this.modelCalls.labels(model).inc(calls);
      this.modelTokens.labels(model, "prompt").inc(prompt);
      this.modelTokens.labels(model, "completion").inc(completion);
    }
  }
}
