/**
 * A scripted Anthropic Messages API on 127.0.0.1 for tests: `POST /v1/messages` with the real
 * response shape, so `@ai-sdk/anthropic` runs unmodified. A structured call arrives either with
 * `output_config.format` (native JSON output: the answer is text) or with a forced `json` tool (the
 * answer is a `tool_use` block); the server answers each the way Anthropic does. Every request body
 * is kept for assertions.
 */
import { createServer } from "node:http";
import { holdBack, listenOnLoopback, readBody, type ScriptedAnswer, type ScriptedConversation } from "./scripted-chat-server.ts";

type ContentBlock = { type: string; text?: string; input?: unknown; content?: unknown };

export interface AnthropicMessagesRequest {
  model: string;
  system?: string | ContentBlock[];
  messages: Array<{ role: string; content: string | ContentBlock[] }>;
  max_tokens?: number;
  tools?: Array<{ name: string; [key: string]: unknown }>;
  tool_choice?: { type: string; name?: string };
  output_config?: { format?: { type: string; schema?: unknown } };
  [key: string]: unknown;
}

export type AnthropicScript = (request: AnthropicMessagesRequest, conversation: ScriptedConversation) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface ScriptedAnthropicServer {
  /** Base URL to give `createAnthropic`: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  requests: AnthropicMessagesRequest[];
  setScript(script: AnthropicScript): void;
  close(): Promise<void>;
}

function blockText(content: string | ContentBlock[] | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content
    .map((block) => (block.type === "text" ? (block.text ?? "") : block.type === "tool_use" ? JSON.stringify(block.input) : block.type === "tool_result" ? blockText(block.content as ContentBlock[]) : ""))
    .join("");
}

export function conversationOfMessages(request: AnthropicMessagesRequest): ScriptedConversation {
  return {
    system: blockText(request.system),
    messages: request.messages.map((message) => ({ role: message.role, text: blockText(message.content) })),
  };
}

/** Anthropic names its error types by status; the SDK reads `error.message`. */
function errorType(status: number): string {
  if (status === 429) return "rate_limit_error";
  if (status === 529) return "overloaded_error";
  if (status >= 500) return "api_error";
  if (status === 401) return "authentication_error";
  return "invalid_request_error";
}

export async function startScriptedAnthropicServer(initial: AnthropicScript): Promise<ScriptedAnthropicServer> {
  let script = initial;
  let counter = 0;
  const requests: AnthropicMessagesRequest[] = [];
  const server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.destroyed) return;
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "POST" || request.url !== "/v1/messages") {
      reply(404, { type: "error", error: { type: "not_found_error", message: `no route ${request.method} ${request.url}` } });
      return;
    }
    const body = JSON.parse(await readBody(request)) as AnthropicMessagesRequest;
    requests.push(body);
    let answer: ScriptedAnswer;
    try {
      answer = await script(body, conversationOfMessages(body));
    } catch (error) {
      answer = { status: 500, error: `script failed: ${(error as Error).message}` };
    }
    await holdBack(answer.delayMs, response);
    if ("status" in answer) {
      reply(answer.status, { type: "error", error: { type: errorType(answer.status), message: answer.error } }, answer.headers);
      return;
    }
    counter += 1;
    // `tool` names the tool to call; `any` makes the model call one of the tools given.
    const choice = body.tool_choice;
    const forcedTool = choice?.type === "tool" ? body.tools?.find((tool) => tool.name === choice.name) : choice?.type === "any" ? body.tools?.[0] : undefined;
    let input: unknown;
    if (forcedTool) {
      try {
        input = JSON.parse(answer.content);
      } catch {
        input = undefined;
      }
    }
    const content =
      forcedTool && input !== undefined
        ? [{ type: "tool_use", id: `toolu_scripted_${counter}`, name: forcedTool.name, input }]
        : [{ type: "text", text: answer.content }];
    reply(200, {
      id: `msg_scripted_${counter}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content,
      stop_reason: content[0]?.type === "tool_use" ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { input_tokens: answer.usage?.prompt_tokens ?? 100, output_tokens: answer.usage?.completion_tokens ?? 20 },
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
