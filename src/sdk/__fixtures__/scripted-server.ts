/**
 * A tiny spec-speaking HTTP server on 127.0.0.1 for SDK tests: each request is answered by a
 * script the test writes (status, JSON or raw body, headers), or by dropping the connection, or
 * by never answering. Every request is recorded so tests can check what went on the wire.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  at: number;
}

export type ScriptedAnswer =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers?: Record<string, string> }
  | "drop-connection"
  | "never-answer";

export type Script = (request: RecordedRequest, index: number) => ScriptedAnswer;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Answers the n-th request with `answers[n]`; the last answer repeats for every request after it. */
export function sequence(answers: ScriptedAnswer[]): Script {
  return (_request, index) => answers[Math.min(index, answers.length - 1)] as ScriptedAnswer;
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const recorded: RecordedRequest = {
      method: request.method ?? "GET",
      path: request.url ?? "/",
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
      at: Date.now(),
    };
    requests.push(recorded);
    const answer = script(recorded, requests.length - 1);
    if (answer === "drop-connection") {
      request.socket.destroy();
      return;
    }
    if (answer === "never-answer") {
      hanging.add(response);
      return;
    }
    const isJson = "json" in answer;
    response.writeHead(answer.status ?? 200, { "content-type": isJson ? "application/json" : "text/html", ...answer.headers });
    response.end(isJson ? JSON.stringify(answer.json) : answer.text);
  });
  // Only the client closes an idle connection: a server closing one after 5 s (Node's default) can
  // race a request a loaded client sends on it at that moment (read ECONNRESET; see listenOnLoopback).
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const response of hanging) response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
