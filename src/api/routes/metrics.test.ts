/**
 * `/metrics`: Prometheus text with the job, queue, persona, model and HTTP figures; open to this
 * machine, closed (401 in the envelope) to anyone else without the metrics token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";

const METRICS_TOKEN = "metrics-token-for-tests-0123";

describe("/metrics", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ metricsToken: METRICS_TOKEN });
  });
  afterAll(async () => app?.close());

  async function scrape(headers: Record<string, string> = {}) {
    const response = await fetch(`${app.url}/metrics`, { headers });
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  }

  it("counts jobs by kind and status, queue states, personas produced, job durations and HTTP latency by route", async () => {
    const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "4 chess players", count: 4, seed: 1 });
    expect((await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${body.id}`, 120_000)).status).toBe("succeeded");

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toContain("text/plain");
    expect(text).toMatch(/^dramatis_jobs\{kind="population",status="succeeded"\} 1$/m);
    expect(text).toMatch(/^dramatis_personas_produced_total 4$/m);
    expect(text).toMatch(/^dramatis_queue_depth\{kind="population"\} 0$/m);
    expect(text).toMatch(/^dramatis_job_duration_seconds_count\{kind="population",outcome="completed"\} [1-9]/m);
    expect(text).toMatch(/^dramatis_http_request_duration_seconds_count\{method="POST",route="\/v1\/personas\/actions\/generate",status_code="200"\} 1$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  }, 180_000);

  it("refuses a request relayed from elsewhere without the token, in the envelope, and opens with it", async () => {
    const relayed = { "x-forwarded-for": "203.0.113.9" };
    const refused = await scrape(relayed);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("DRAMATIS_METRICS_TOKEN") });
    expect((await scrape({ ...relayed, authorization: "Bearer wrong-token-of-same-size!!" })).status).toBe(401);
    expect((await scrape({ ...relayed, authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
  });
});
