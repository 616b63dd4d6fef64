/** Helpers shared by the NPC route tests: example bodies, machine ids, scripted play and SSE parsing. */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { TestApp } from "./app.ts";
import { listenOnLoopback } from "../../src/llm/testing/scripted-chat-server.ts";

export function exampleBody(name: "merchant-kael" | "guard-captain-sera"): any {
  return JSON.parse(readFileSync(new URL(`../../examples/npc/${name}.json`, import.meta.url), "utf8"));
}

/** The seeded example persona's id, by name. */
export async function seededPersonaId(app: TestApp, name: string): Promise<string> {
  const { body } = await app.request("GET", "/api/v1/personas?limit=100");
  const persona = (body as Array<{ id: string; name: string }>).find((candidate) => candidate.name === name);
  if (!persona) throw new Error(`no seeded persona "${name}"`);
  return persona.id;
}

/** machine_key → machine id, from `/full`. */
export async function machineIds(app: TestApp, personaId: string): Promise<Record<string, string>> {
  const { status, body } = await app.request("GET", `/api/v1/personas/${personaId}/full`);
  expect(status).toBe(200);
  return Object.fromEntries((body.machines as Array<{ id: string; machine_key: string }>).map((machine) => [machine.machine_key, machine.id]));
}

/** A second account with its own API key. */
export async function otherAccount(app: TestApp, name = "other"): Promise<{ id: string; headers: Record<string, string> }> {
  const account = await app.context.accounts.create(name, 100);
  const { key } = await app.context.accounts.createKey(account.id);
  return { id: account.id, headers: { authorization: `Bearer ${key}` } };
}

export const ANONYMOUS = { authorization: "" };

/** Sends each message to a machine over the web chat route; every answer must be 200. */
export async function sendAll(app: TestApp, personaId: string, userSessionId: string, machineId: string | null, messages: string[], headers: Record<string, string> = ANONYMOUS) {
  const responses: any[] = [];
  const query = machineId ? `?machine_id=${machineId}` : "";
  for (const message of messages) {
    const { status, body } = await app.request("POST", `/api/v1/chat/${personaId}/message${query}`, { message, user_session_id: userSessionId }, headers);
    expect(status, JSON.stringify(body)).toBe(200);
    responses.push(body);
  }
  return responses;
}

export async function progressOf(app: TestApp, personaId: string, userSessionId: string) {
  const { status, body } = await app.request("GET", `/api/v1/personas/${personaId}/progress?user_session_id=${encodeURIComponent(userSessionId)}`, undefined, ANONYMOUS);
  expect(status).toBe(200);
  return body;
}

export async function availableKeys(app: TestApp, personaId: string, userSessionId: string): Promise<string[]> {
  const { status, body } = await app.request("GET", `/api/v1/personas/${personaId}/available-machines?user_session_id=${encodeURIComponent(userSessionId)}`, undefined, ANONYMOUS);
  expect(status).toBe(200);
  return (body as Array<{ machine_key: string }>).map((machine) => machine.machine_key);
}

/** Parses a `text/event-stream` body into its events, in order. */
export function parseEventStream(text: string): Array<{ event: string; data: any }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length) ?? "message";
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice("data: ".length))
        .join("\n");
      return { event, data: JSON.parse(data) };
    });
}

/**
 * Requests exactly as Foil Engine's Unity SDK v0.4.0 (`FoilHttpClient`) sends them: `X-API-Key`,
 * `Content-Type: application/json` on every request (GETs and body-less POSTs included), the query
 * string the SDK builds, and the `X-LLM-*` headers of a BYOK client.
 */
export function foilSdk(app: TestApp, apiKey: string, llmHeaders: Record<string, string> = {}) {
  const send = async (method: string, path: string, query: Record<string, string | undefined> = {}, body?: unknown) => {
    const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    const response = await fetch(`${app.url}/api/v1/sdk${path}${search ? `?${search}` : ""}`, {
      method,
      headers: { "x-api-key": apiKey, "content-type": "application/json", ...llmHeaders },
      body: body === undefined ? (method === "POST" ? "" : undefined) : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // An event stream: the text is the body.
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    personas: () => send("GET", "/personas"),
    machines: (personaId: string, userSessionId: string) => send("GET", `/chat/${personaId}/machines`, { user_session_id: userSessionId }),
    initSession: (personaId: string, userSessionId: string, playerName: string, playerGender: string, machineId?: string) =>
      send("POST", `/chat/${personaId}/init-session`, { machine_id: machineId }, { user_session_id: userSessionId, player_name: playerName, player_gender: playerGender }),
    sendMessage: (personaId: string, message: string, userSessionId: string, machineId?: string) =>
      send("POST", `/chat/${personaId}/message`, { machine_id: machineId }, { message, user_session_id: userSessionId }),
    sendMessageStream: (personaId: string, message: string, userSessionId: string, machineId?: string) =>
      send("POST", `/chat/${personaId}/message/stream`, { machine_id: machineId }, { message, user_session_id: userSessionId }),
    getSession: (personaId: string, userSessionId: string, machineId?: string) => send("GET", `/chat/${personaId}/session`, { user_session_id: userSessionId, machine_id: machineId }),
    getHistory: (personaId: string, userSessionId: string, machineId?: string) => send("GET", `/chat/${personaId}/history`, { user_session_id: userSessionId, machine_id: machineId }),
    reset: (personaId: string, userSessionId: string, machineId?: string) => send("POST", `/chat/${personaId}/reset`, { user_session_id: userSessionId, machine_id: machineId }),
    validateLlmKey: (model?: string) => send("POST", "/validate-llm-key", {}, model === undefined ? undefined : { model }),
  };
}

/** What a model provider saw of one call: the credential and the model asked for. */
export interface ProviderCall {
  authorization: string | undefined;
  model: string;
  /** The call's first system line, to tell judge, extractor and reply writer apart. */
  system: string;
}

/**
 * An OpenAI-compatible endpoint in front of a scripted one (`src/llm/testing/scripted-chat-server.ts`)
 * that records each call's `Authorization` and model, and answers 401 for keys it does not accept,
 * echoing the key in its error as some providers do, so tests can check that no key leaks.
 */
export async function startKeyCheckingProvider(target: string, acceptedKeys: readonly string[]) {
  const { createServer } = await import("node:http");
  const calls: ProviderCall[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = JSON.parse(text || "{}");
    const authorization = request.headers.authorization;
    const system = (body.messages ?? []).find((message: { role: string }) => message.role === "system")?.content ?? "";
    calls.push({ authorization, model: body.model, system: String(system).split("\n")[0] ?? "" });
    const key = authorization?.replace(/^Bearer\s+/i, "") ?? "";
    if (!acceptedKeys.includes(key)) {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${key}`, type: "invalid_request_error", code: "invalid_api_key" } }));
      return;
    }
    const upstream = await fetch(`${target}${request.url?.replace(/^\/v1/, "")}`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
    response.writeHead(upstream.status, { "content-type": "application/json" });
    response.end(await upstream.text());
  });
  // As the scripted servers: idle connections are closed by the client only (no keep-alive race).
  const { origin, close } = await listenOnLoopback(server);
  return { baseUrl: `${origin}/v1`, calls, close };
}
