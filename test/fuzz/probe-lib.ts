/**
 * Helpers for the hostile probes (`test/fuzz/*.ts`): raw requests against a running server, and a
 * verdict on each answer — a 5xx, an error outside the envelope, or a body far bigger than its
 * request are what a probe is looking for. Not part of `npm test`: run by hand against `npm start`.
 */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export const base = new URL(process.env.PROBE_BASE ?? "http://127.0.0.1:8787");
export const key = process.env.PROBE_KEY ?? "";

/** One request with any method, path and headers (no client-side normalisation of the path). */
export function send(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: base.hostname, port: base.port, method, path, headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    outgoing.on("error", reject);
    if (body !== undefined) outgoing.end(body);
    else outgoing.end();
  });
}

/** Bytes written as they are on a socket: for requests Node's client would refuse to send. */
export function sendRaw(bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A socket destroyed on timeout ends with "close" alone.
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", () => undefined);
    socket.setTimeout(5_000, () => socket.destroy());
    socket.write(bytes);
  });
}

export const auth = (token = key) => ({ authorization: `Bearer ${token}` });

let findings = 0;
/** Prints one line per probe; a line starting with `!!` is a finding. */
export function verdict(label: string, answer: Answer, expect?: (answer: Answer) => string | null): void {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  if (answer.status >= 400 && answer.status !== 405 && answer.body) {
    try {
      const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
      if (typeof parsed.error?.code !== "string" || typeof parsed.error?.message !== "string") problems.push("not in the envelope");
      if (Array.isArray(parsed.error?.details) && parsed.error.details.length > 21) problems.push(`${parsed.error.details.length} details`);
    } catch {
      problems.push("error body is not JSON");
    }
  }
  if (!answer.headers["x-request-id"]) problems.push("no x-request-id");
  const extra = expect?.(answer);
  if (extra) problems.push(extra);
  if (problems.length > 0) findings += 1;
  const shown = answer.body.length > 300 ? `${answer.body.slice(0, 300)}… (${answer.body.length} chars)` : answer.body;
  console.log(`${problems.length ? "!!" : "ok"} ${label}: ${answer.status} ${shown}${problems.length ? `  <-- ${problems.join("; ")}` : ""}`);
}

export function findingCount(): number {
  return findings;
}
