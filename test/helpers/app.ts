/**
 * A real Dramatis server for integration tests: embedded Postgres in memory, the offline engine,
 * listening on 127.0.0.1 on a free port.
 */
import { loadConfig, type Config } from "../../src/config.ts";
import { startApp, type RunningApp, type StartOptions } from "../../src/app.ts";

export interface TestApp extends RunningApp {
  /** `fetch` against the server with the dev key, JSON in and out. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startTestApp(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<TestApp> {
  // Tests poll hard with one key: no rate limit unless a test asks for one.
  const config: Config = { ...loadConfig({}), port: 0, host: "127.0.0.1", dataDir: "./.tmp/unused", rateLimitPerMinute: 0, ...overrides };
  const app = await startApp(config, { inMemory: true, ...options });
  return {
    ...app,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${app.devKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (an event stream, say): the text is the body.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}

/** Polls a repository route until the job is terminal. */
export async function pollUntilDone(app: TestApp, path: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await app.request("GET", path);
    if (status !== 200) throw new Error(`poll ${path} answered ${status}: ${JSON.stringify(body)}`);
    if (body.status === "succeeded" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`poll ${path} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
