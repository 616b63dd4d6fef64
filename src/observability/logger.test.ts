/**
 * Logs a machine can read: one JSON object per line, the request id on every line of a request
 * (the same id the response's `x-request-id` carries, the caller's own when it sent a plausible
 * one), the job id on every line of a job; `pretty` turns the same entries into readable lines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, prettyLine } from "./logger.ts";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";

function collector() {
  const lines: string[] = [];
  return { lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), destination: { write: (line: string) => lines.push(line) } };
}

describe("the format", () => {
  it("writes JSON lines by default when the destination is not a terminal, readable lines on a terminal or when asked", () => {
    const json = collector();
    createLogger({ destination: json.destination }).info({ job_id: "j1" }, "job ended");
    expect(json.entries()[0]).toMatchObject({ level: 30, msg: "job ended", job_id: "j1" });

    const terminal = collector();
    createLogger({ destination: { ...terminal.destination, isTTY: true } }).info({ job_id: "j1", outcome: "completed" }, "job ended");
    expect(terminal.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  job ended job_id=j1 outcome=completed\n$/);

    const asked = collector();
    createLogger({ format: "pretty", destination: asked.destination }).warn("careful");
    expect(asked.lines[0]).toMatch(/WARN  careful\n$/);
  });

  it("leaves a line that is not JSON as it is", () => {
    expect(prettyLine("plain text\n")).toBe("plain text\n");
  });
});

describe("a server's lines", () => {
  const log = collector();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { logger: createLogger({ format: "json", level: "info", destination: log.destination }) });
  });
  afterAll(async () => app?.close());

  it("carry the request id of the x-request-id header on every line of the request", async () => {
    const mine = await app.request("GET", "/v1/personas/repositories/Population/by-id/not-an-id", undefined, { "x-request-id": "trace-1234" });
    expect(mine.headers.get("x-request-id")).toBe("trace-1234");
    const made = await app.request("GET", "/openapi.json", undefined, { "x-request-id": "bad id with spaces" });
    const madeId = made.headers.get("x-request-id")!;
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);

    const requestLines = log.entries().filter((entry) => entry.req !== undefined || entry.res !== undefined);
    expect(requestLines.filter((entry) => entry.reqId === "trace-1234").length).toBeGreaterThanOrEqual(2);
    expect(requestLines.filter((entry) => entry.reqId === madeId).length).toBeGreaterThanOrEqual(2);
    expect(requestLines.every((entry) => typeof entry.reqId === "string")).toBe(true);
  });

  it("name the job on each job line", async () => {
    const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "2 chess players", count: 2, seed: 3 });
    await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${body.id}`, 120_000);
    let ended: Record<string, unknown> | undefined;
    while (!(ended = log.entries().find((entry) => entry.msg === "job ended" && entry.job_id === body.id))) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toMatchObject({ kind: "population", outcome: "completed", retry: 0 });
    expect(typeof ended.duration_ms).toBe("number");
  }, 180_000);
});
