/**
 * Liveness and readiness probes: never rate limited (a burst of anonymous probes must not make a
 * healthy server look down), `/readyz` names what it checked and answers 503 in the error envelope,
 * naming what failed, once the queue stops.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";

describe("/healthz and /readyz", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rateLimitPerMinute: 2 });
  });
  afterAll(async () => app?.close());

  it("answer every probe of a burst far over the rate limit", async () => {
    for (let probe = 0; probe < 6; probe++) {
      const live = await fetch(`${app.url}/healthz`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "ok" });
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", queue: "ok" } });
    }
  });

  it("answers 503 unavailable from /readyz once the queue has stopped, while /healthz stays up", async () => {
    await app.queue.stop();
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: "unavailable", message: "not ready: queue not reachable", trace_id: ready.headers.get("x-request-id") });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
