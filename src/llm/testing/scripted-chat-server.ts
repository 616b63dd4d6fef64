/**
 * A scripted OpenAI-compatible server on 127.0.0.1 for tests: it speaks the real protocol
 * (`POST /v1/chat/completions`, the chat-completion response shape) so the AI SDK runs unmodified,
 * and answers each request from a script. Every request body is kept for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatCompletionRequest {
  model: string;
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>;
  response_format?: { type: string; json_schema?: unknown };
  temperature?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

/** What our code asked for, told from the system prompt. */
export type RequestKind = "judge" | "extract" | "reply";

export type ScriptedAnswer =
  /** The assistant message's text (a JSON string for structured calls), and what it cost. */
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number }; delayMs?: number }
  /** An HTTP error with an OpenAI-style error body (and headers such as `retry-after`). */
  | { status: number; error: string; headers?: Record<string, string>; delayMs?: number };

/** May answer asynchronously; `delayMs` holds the answer back (a slow model) unless the client hangs up. */
export type Script = (request: ChatCompletionRequest, kind: RequestKind) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface ScriptedChatServer {
  /** Base URL to give the SDK: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  requests: Array<{ kind: RequestKind; body: ChatCompletionRequest }>;
  setScript(script: Script): void;
  close(): Promise<void>;
}

export function textOf(content: ChatCompletionRequest["messages"][number]["content"]): string {
  return typeof content === "string" ? content : content.map((part) => part.text ?? "").join("");
}

export function systemPromptOf(request: ChatCompletionRequest): string {
  return request.messages.filter((message) => message.role === "system").map((message) => textOf(message.content)).join("\n");
}

export function userPromptOf(request: ChatCompletionRequest): string {
  return request.messages.filter((message) => message.role === "user").map((message) => textOf(message.content)).join("\n");
}

/** A request as a protocol-neutral conversation, for scripts shared with the Anthropic server. */
export interface ScriptedConversation {
  system: string;
  messages: Array<{ role: string; text: string }>;
}

export function conversationOfChat(request: ChatCompletionRequest): ScriptedConversation {
  return {
    system: systemPromptOf(request),
    messages: request.messages.filter((message) => message.role !== "system").map((message) => ({ role: message.role, text: textOf(message.content) })),
  };
}

export function kindOf(request: ChatCompletionRequest): RequestKind {
  const system = systemPromptOf(request);
  if (system.startsWith("You judge one turn")) return "judge";
  if (system.startsWith("You read one message")) return "extract";
  return "reply";
}

/** The latest player message of a request, read back from its data block. */
export function playerMessageOf(request: ChatCompletionRequest): string | null {
  const match = /<<< player's latest message[^\n]*\n([\s\S]*?)\n>>>/.exec(userPromptOf(request));
  return match?.[1] ? (JSON.parse(match[1]) as { player_message: string }).player_message : null;
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** Waits `delayMs`, or less if the client hangs up first (a timed-out call). */
export function holdBack(delayMs: number | undefined, response: ServerResponse): Promise<void> {
  if (!delayMs) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, delayMs);
    response.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startScriptedChatServer(initial: Script): Promise<ScriptedChatServer> {
  let script = initial;
  let counter = 0;
  const requests: ScriptedChatServer["requests"] = [];
  const server = createServer(async (request, response) => {
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      send(response, 404, { error: { message: `no route ${request.method} ${request.url}`, type: "invalid_request_error" } });
      return;
    }
    const body = JSON.parse(await readBody(request)) as ChatCompletionRequest;
    const kind = kindOf(body);
    requests.push({ kind, body });
    let answer: ScriptedAnswer;
    try {
      answer = await script(body, kind);
    } catch (error) {
      answer = { status: 500, error: `script failed: ${(error as Error).message}` };
    }
    await holdBack(answer.delayMs, response);
    if ("status" in answer) {
      send(response, answer.status, { error: { message: answer.error, type: "server_error", code: null } }, answer.headers);
      return;
    }
    counter += 1;
    send(response, 200, {
      id: `chatcmpl-scripted-${counter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: answer.content }, logprobs: null, finish_reason: "stop" }],
      usage: {
        prompt_tokens: answer.usage?.prompt_tokens ?? 100,
        completion_tokens: answer.usage?.completion_tokens ?? 20,
        total_tokens: (answer.usage?.prompt_tokens ?? 100) + (answer.usage?.completion_tokens ?? 20),
      },
    });
  });
  const { origin, close } = await listenOnLoopback(server);
  return {
    baseUrl: `${origin}/v1`,
    requests,
    setScript(next) {
      script = next;
    },
    close,
  };
}

/**
 * Starts `server` on a free port of 127.0.0.1; `close` also drops held-back connections.
 *
 * The server never closes an idle connection on its own: only the client does (fetch drops its idle
 * connections after 4 s). With Node's default 5 s keep-alive timeout both sides close idle
 * connections, and on a loaded machine a test that ran for about 5 s without calling the server
 * (an offline generation) let the client send its next request on a connection the server was
 * closing that very moment: `read ECONNRESET`, a failed call with retries off, and a query planner
 * that silently fell back to searching for the prompt's own words.
 */
export async function listenOnLoopback(server: Server): Promise<{ origin: string; close: () => Promise<void> }> {
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A held-back answer must not keep the server open.
        server.closeAllConnections();
      }),
  };
}
