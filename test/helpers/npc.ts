/** Helpers shared by the NPC route tests: example bodies, machine ids, scripted play and SSE parsing. */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { TestApp } from "./app.ts";

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
