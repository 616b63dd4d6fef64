/**
 * `wait()` against a scripted spec-speaking server: cadence, progress, backoff on transient
 * errors, abort and timeout. Intervals are shrunk through options so the suite stays fast.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, DramatisApiError, DramatisJobFailedError, DramatisTimeoutError, type Progress } from "./index.ts";
import { sequence, startScriptedServer, type ScriptedAnswer, type ScriptedServer } from "./__fixtures__/scripted-server.ts";

const ID = "8f2c1a7d-9e2b-4f42-9344-0df65f73e5d1";
const running = (produced: number, total = 10): ScriptedAnswer => ({ json: { id: ID, status: "running", progress: { phase: "generating", produced, total } } });
const succeeded: ScriptedAnswer = { json: { id: ID, status: "succeeded", progress: { phase: "complete", produced: 10, total: 10 }, result: { personas: [], blueprint: {} } } };
const unavailable: ScriptedAnswer = { status: 503, json: { error: { code: "unavailable", message: "try again" } } };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(answers: ScriptedAnswer[]) {
  server = await startScriptedServer(sequence(answers));
  return createClient({ baseUrl: server.url, token: "ak_test", pollIntervalMs: 10 });
}

describe("wait()", () => {
  it("polls through running and a 503 until succeeded, reporting each new progress", async () => {
    const client = await serve([running(2), running(6), unavailable, succeeded]);
    const seen: Progress[] = [];

    const poll = await client.populations.get(ID).wait({ onProgress: (progress) => seen.push(progress) });

    expect(poll.status).toBe("succeeded");
    expect(server!.requests.map((request) => request.path)).toEqual(Array(4).fill(`/v1/personas/repositories/Population/by-id/${ID}`));
    expect(server!.requests.every((request) => request.headers.authorization === "Bearer ak_test")).toBe(true);
    expect(seen.map((progress) => progress.produced)).toEqual([2, 6, 10]);
  });

  it("calls onProgress only when the progress changes, and onPoll for every poll", async () => {
    const client = await serve([running(3), running(3), running(3), succeeded]);
    const progressCalls: number[] = [];
    let polls = 0;

    await client.populations.get(ID).wait({ onProgress: (progress) => progressCalls.push(progress.produced), onPoll: () => polls++ });

    expect(progressCalls).toEqual([3, 10]);
    expect(polls).toBe(4);
  });

  it("returns a failed job instead of throwing: the spec says to branch on status", async () => {
    const client = await serve([running(1), { json: { id: ID, status: "failed", error: "provider_error" } }]);

    const poll = await client.populations.get(ID).wait();

    expect(poll).toMatchObject({ status: "failed", error: "provider_error" });
  });

  it("result() throws DramatisJobFailedError with the stable category when the job failed", async () => {
    const client = await serve([{ json: { id: ID, status: "failed", error: "provider_error" } }]);

    const error = await client.populations.get(ID).result().catch((caught: unknown) => caught);

    expect(DramatisJobFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ category: "provider_error", jobId: ID, kind: "population" });
  });

  it("result() returns the job's product when it succeeded", async () => {
    const persona = { persona_id: "p_01", fields: { name: "Sam" }, system_prompt: "You are Sam.", markdown: "# Sam" };
    const client = await serve([{ json: { id: ID, status: "succeeded", source: "Sam", grounding: "off", persona, error: null } }]);

    expect(await client.populations.getEnhancement(ID).result()).toEqual(persona);
  });

  it("honours Retry-After on a 429 before polling again", async () => {
    const client = await serve([{ status: 429, json: { error: { code: "rate_limited", message: "slow down" } }, headers: { "retry-after": "1" } }, succeeded]);

    await client.populations.get(ID).wait();

    const [first, second] = server!.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("retries after a dropped connection", async () => {
    const client = await serve(["drop-connection", "drop-connection", succeeded]);

    const poll = await client.populations.get(ID).wait();

    expect(poll.status).toBe("succeeded");
    expect(server!.requests).toHaveLength(3);
  });

  it("backs off exponentially while the server keeps failing", async () => {
    const client = await serve([unavailable, unavailable, unavailable, unavailable, succeeded]);

    await client.populations.get(ID).wait({ intervalMs: 40 });

    const gaps = server!.requests.slice(1).map((request, index) => request.at - server!.requests[index]!.at);
    // Equal jitter: the n-th retry waits between half and all of 40 × 2^(n-1) ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[3]).toBeGreaterThanOrEqual(155);
    expect(gaps.reduce((sum, gap) => sum + gap, 0)).toBeGreaterThanOrEqual(290);
  });

  it("does not retry an answer that will not change (401, 404)", async () => {
    const client = await serve([{ status: 404, json: { error: { code: "not_found", message: "population not found" } } }, succeeded]);

    const error = await client.populations.get(ID).wait().catch((caught: unknown) => caught);

    expect(DramatisApiError.isInstance(error) && error.code).toBe("not_found");
    expect(server!.requests).toHaveLength(1);
  });

  it("rejects with the signal's reason promptly when aborted between polls, and polls no more", async () => {
    server = await startScriptedServer(sequence([running(1)]));
    const client = createClient({ baseUrl: server.url, token: "ak_test", pollIntervalMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error("user left the page");
    // "Promptly" exactly: the clock stands still, so only a wait that the abort cuts short can end.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const polled = pollCounter();
      const waiting = client.populations.get(ID).wait({ signal: controller.signal, onPoll: polled.count });
      await polled.reached(1);
      controller.abort(reason);

      await expect(waiting).rejects.toBe(reason);
    } finally {
      vi.useRealTimers();
    }
    expect(server.requests).toHaveLength(1);
  });

  it("rejects promptly when aborted while a poll request hangs", async () => {
    const client = await serve(["never-answer"]);
    const controller = new AbortController();

    const waiting = client.populations.get(ID).wait({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 50);

    await expect(waiting).rejects.toThrow("stop");
  });

  it("rejects at once, without a request, when the signal is already aborted", async () => {
    const client = await serve([succeeded]);

    await expect(client.populations.get(ID).wait({ signal: AbortSignal.abort(new Error("too late")) })).rejects.toThrow("too late");
    expect(server!.requests).toHaveLength(0);
  });

  it("throws DramatisTimeoutError past the timeout, carrying the last poll", async () => {
    const client = await serve([running(4)]);
    // The clock moves exactly 150 ms past the first poll: the wait must end there, not later.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let error: unknown;
    try {
      const polled = pollCounter();
      const waiting = client.populations.get(ID).wait({ timeoutMs: 150, onPoll: polled.count }).catch((caught: unknown) => caught);
      await polled.reached(1);
      await vi.advanceTimersByTimeAsync(150);
      error = await waiting;
    } finally {
      vi.useRealTimers();
    }

    expect(DramatisTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ jobId: ID, timeoutMs: 150, lastPoll: { status: "running" } });
  });

  it("names the server's last transient error as the cause when it times out while the server fails", async () => {
    const client = await serve([unavailable]);

    const error = (await client.populations.get(ID).wait({ timeoutMs: 150 }).catch((caught: unknown) => caught)) as DramatisTimeoutError;

    expect(DramatisTimeoutError.isInstance(error)).toBe(true);
    expect(DramatisApiError.isInstance(error.cause) && error.cause.status).toBe(503);
  });

  it("waits at the spec's cadence by default: every 1 s for validate, every 3 s for generate", async () => {
    server = await startScriptedServer((request) => {
      const polls = server!.requests.filter((seen) => seen.path === request.path).length;
      return polls < 2 ? { json: { id: "x", status: "running" } } : { json: { id: "x", status: "succeeded", result: {} } };
    });
    const client = createClient({ baseUrl: server.url, token: "ak_test" });
    // The clock only moves when the test says so: the gaps are exactly the waits the client asked
    // for, however busy the machine is, and the test does not spend 3 s waiting.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const polled = { Population: pollCounter(), Evaluation: pollCounter() };
      const waits = Promise.all([
        client.populations.get("x").wait({ onPoll: polled.Population.count }),
        client.populations.getEvaluation("x").wait({ onPoll: polled.Evaluation.count }),
      ]);
      // Each answer is read (real I/O) before the clock moves on: the client is then asleep.
      await Promise.all([polled.Population.reached(1), polled.Evaluation.reached(1)]);
      await vi.advanceTimersByTimeAsync(1_000);
      await polled.Evaluation.reached(2);
      await vi.advanceTimersByTimeAsync(2_000);
      await polled.Population.reached(2);
      await waits;
    } finally {
      vi.useRealTimers();
    }

    const gap = (repository: string) => {
      const times = server!.requests.filter((request) => request.path.includes(repository)).map((request) => request.at);
      expect(times, repository).toHaveLength(2);
      return times[1]! - times[0]!;
    };
    expect(gap("Evaluation")).toBe(1_000);
    expect(gap("Population")).toBe(3_000);
  });
});

/** Counts a wait's polls; `reached(n)` resolves once it has made n of them. */
function pollCounter() {
  let polls = 0;
  const waiting: Array<{ polls: number; resolve: () => void }> = [];
  return {
    count() {
      polls += 1;
      for (const waiter of waiting.filter((entry) => entry.polls <= polls)) waiter.resolve();
    },
    reached(target: number): Promise<void> {
      if (polls >= target) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ polls: target, resolve }));
    },
  };
}
