/**
 * Every failure category a poll can show, end to end: a real server, a real queue and worker, fake
 * providers that fail the way real ones do. Deterministic failures (the blueprint) are reported at
 * once with their own category; provider and internal failures are retried, then reported; a
 * failed job is refunded exactly once. A population's writing happens in its shards (its own job
 * only designs and samples): a shard is retried on its own, and a shard that fails for good fails
 * its population.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import { ModelFailureError, type Modeller } from "../engine/ports.ts";
import { createProviders } from "../providers.ts";
import { failureOf, ProviderError } from "./failure.ts";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { writerWith } from "../../test/helpers/model-fakes.ts";
import { MAX_LOGGED_ERROR_CHARS } from "../store/describe-error.ts";

const offline = createProviders("offline");

/** Well formed, but no Bronze player can play the 25 hours every player must. */
const UNSAMPLABLE: Blueprint = {
  domain: "League of Legends players",
  order: ["rank", "hours_per_week"],
  fields: [
    { name: "rank", kind: "categorical", parents: [], categorical: { weights: { Bronze: 0.5, Gold: 0.5 } }, conditionals: [] },
    {
      name: "hours_per_week",
      kind: "numeric",
      parents: ["rank"],
      numeric: { min: 0, max: 60, mean: 30, sd: 10, integer: true },
      conditionals: [
        { when: { rank: "Bronze" }, numeric: { min: 0, max: 20, mean: 10, sd: 5, integer: true } },
        { when: { rank: "Gold" }, numeric: { min: 0, max: 60, mean: 30, sd: 10, integer: true } },
      ],
    },
  ],
  constraints: [{ name: "committed", lhs: "hours_per_week", op: ">=", rhs: "25" }],
};

/** Each field is the other's parent: no order can sample it. */
const CYCLIC: Blueprint = {
  domain: "chess players",
  order: ["style", "rating_band"],
  fields: [
    { name: "style", kind: "categorical", parents: ["rating_band"], categorical: { weights: { aggressive: 1, positional: 1 } }, conditionals: [] },
    { name: "rating_band", kind: "categorical", parents: ["style"], categorical: { weights: { club: 1, master: 1 } }, conditionals: [] },
  ],
  constraints: [],
};

/**
 * One server for every scenario; the prompt picks what the fake providers do. The modeller answers
 * "impossible …" with UNSAMPLABLE and "cyclic …" with CYCLIC; the writer fails as a model provider
 * would on the first batch of "flaky once …" and on every batch of "flaky always …".
 */
const scriptedModeller: Modeller = {
  name: "fake-model",
  async design(request) {
    if (request.prompt.startsWith("impossible")) return structuredClone(UNSAMPLABLE);
    if (request.prompt.startsWith("cyclic")) return structuredClone(CYCLIC);
    return offline.modeller.design(request);
  },
};

const batchesByPrompt = new Map<string, number>();
const scriptedWriter = writerWith(async ({ prompt }) => {
  const batches = (batchesByPrompt.get(prompt) ?? 0) + 1;
  batchesByPrompt.set(prompt, batches);
  if (prompt.startsWith("flaky always") || (prompt.startsWith("flaky once") && batches === 1)) {
    throw new Error("the model provider answered 503 Service Unavailable");
  }
});

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, { providers: { ...offline, modeller: scriptedModeller, writer: scriptedWriter } });
});
afterAll(async () => {
  await app?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function generate(prompt: string) {
  const started = await app.request("POST", "/v1/personas/actions/generate", { prompt, count: 4, seed: 7 });
  expect(started.status).toBe(200);
  const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 30_000);
  const row = (await app.context.jobs.getPopulation(started.body.id))!;
  const [shardId] = await app.context.jobs.shardIds(started.body.id);
  const shard = shardId ? await app.context.jobs.getShard(shardId) : null;
  const ledger = await app.context.accounts.ledger(app.devAccount.id);
  return { poll, row, shard, refunds: ledger.filter((entry) => entry.kind === "refund" && entry.jobId === started.body.id) };
}

describe("failure categories", () => {
  it("a blueprint whose constraints cannot be met fails at once as impossible_constraints, refunded", async () => {
    const { poll, row, refunds } = await generate("impossible: 4 League of Legends players");
    expect(poll).toMatchObject({ status: "failed", error: "impossible_constraints", result: null });
    expect(row.attempts).toBe(1);
    expect(row.errorDetail).toMatch(/hours_per_week/);
    expect(refunds).toHaveLength(1);
  });

  it("a blueprint the checker refuses (a cycle in parents) fails at once as invalid_blueprint, refunded", async () => {
    const { poll, row, refunds } = await generate("cyclic: 4 chess players");
    expect(poll).toMatchObject({ status: "failed", error: "invalid_blueprint", result: null });
    expect(row.attempts).toBe(1);
    expect(refunds).toHaveLength(1);
  });

  it("a provider that fails once is retried (its shard, not the design) and the population succeeds, charged once", async () => {
    const { poll, row, shard, refunds } = await generate("flaky once: 4 League of Legends players");
    expect(poll.status).toBe("succeeded");
    // No model was used: the poll has no `usage` (offline polls are unchanged).
    expect(poll).not.toHaveProperty("usage");
    expect(row.model).toBeNull();
    expect(poll.result.personas).toHaveLength(4);
    expect([row.attempts, shard?.attempts, shard?.status]).toEqual([1, 2, "succeeded"]);
    expect(refunds).toHaveLength(0);
  });

  it("a provider that keeps failing is reported as provider_error after its shard's retries, refunded once", async () => {
    const { poll, row, shard, refunds } = await generate("flaky always: 4 League of Legends players");
    expect(poll).toMatchObject({ status: "failed", error: "provider_error" });
    expect([row.attempts, shard?.attempts, shard?.status]).toEqual([1, 3, "failed"]);
    expect(row.errorDetail).toMatch(/503/);
    expect(refunds).toHaveLength(1);
  });

  it("a store failure while finishing is retried; a lasting one is reported as internal_error, refunded once", async () => {
    const finish = vi.spyOn(app.context.jobs, "finishPopulation").mockRejectedValue(new Error("Connection terminated unexpectedly"));
    const { poll, shard, refunds } = await generate("4 chess players");
    expect(poll).toMatchObject({ status: "failed", error: "internal_error" });
    expect(finish).toHaveBeenCalledTimes(3);
    expect(shard?.attempts).toBe(3);
    expect(refunds).toHaveLength(1);
  });

  it("a store failure carrying megabytes (the failed query's parameters) is logged and kept bounded", async () => {
    const huge = new Error(`Failed query: update "populations" set "result" = $1\nparams: ${"x".repeat(5_000_000)}`);
    vi.spyOn(app.context.jobs, "finishPopulation").mockRejectedValue(huge);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // The queue's "job ended" lines (the test app's logger writes warnings to standard error) are
    // read here rather than printed into the run's output.
    const jobLines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      jobLines.push(String(chunk));
      return true;
    });
    const { poll, row } = await generate("4 chess players");
    expect(poll).toMatchObject({ status: "failed", error: "internal_error" });
    const logged = errors.mock.calls.map((call) => call.join(" "));
    expect(logged.some((line) => line.includes("Failed query"))).toBe(true);
    for (const line of logged) expect(line.length).toBeLessThan(MAX_LOGGED_ERROR_CHARS + 200);
    const endedLines = jobLines.filter((line) => line.includes('"msg":"job ended"'));
    expect(endedLines.some((line) => line.includes("Failed query"))).toBe(true);
    // The line's own fields (job id, kind, times) around the bounded error.
    for (const line of endedLines) expect(line.length).toBeLessThan(MAX_LOGGED_ERROR_CHARS + 500);
    expect(row.errorDetail!.length).toBeLessThanOrEqual(2_000);
  });

  it("a store failure that passes is retried and the population succeeds, its stored personas counted once", async () => {
    vi.spyOn(app.context.jobs, "finishPopulation").mockRejectedValueOnce(new Error("Connection terminated unexpectedly"));
    const { poll, row, shard } = await generate("4 chess players");
    expect(poll.status).toBe("succeeded");
    // The retry found the shard's personas stored by the first attempt (a row per batch of this
    // writer): not written or counted again.
    expect([shard?.attempts, row.produced]).toEqual([2, 4]);
    expect([...(await app.context.jobs.storedBatches(row.id)).keys()].sort()).toEqual([0, 1, 2, 3]);
  });

  it("a store failure before the work starts (claiming the row) ends as internal_error, refunded once", async () => {
    vi.spyOn(app.context.jobs, "start").mockRejectedValue(new Error("Connection terminated unexpectedly"));
    const { poll, refunds } = await generate("4 chess players");
    expect(poll).toMatchObject({ status: "failed", error: "internal_error" });
    expect(refunds).toHaveLength(1);
  });
});

describe("a model part that gives up", () => {
  it("keeps its own category and is never retried by the queue (its retries, with backoff, are spent)", () => {
    const write = new ModelFailureError("provider_error", "write", "HTTP 500 (4 attempts)");
    const design = new ModelFailureError("invalid_blueprint", "design", "still cyclic after 2 repairs");
    expect(failureOf(write)).toEqual({ category: "provider_error", retry: false });
    expect(failureOf(design)).toEqual({ category: "invalid_blueprint", retry: false });
    // As the workers see it: wrapped by attributeToProviders.
    expect(failureOf(new ProviderError("llm scripted", write))).toEqual({ category: "provider_error", retry: false });
    expect(failureOf(new ProviderError("llm scripted", design))).toEqual({ category: "invalid_blueprint", retry: false });
    // Other failures keep their rules.
    expect(failureOf(new ProviderError("llm scripted", new Error("503")))).toEqual({ category: "provider_error", retry: true });
    expect(failureOf(new Error("Connection terminated unexpectedly"))).toEqual({ category: "internal_error", retry: true });
  });
});
