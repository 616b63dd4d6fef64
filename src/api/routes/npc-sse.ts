/**
 * Server-sent events for `…/message/stream`: `metadata` first, the reply in `text_delta` chunks,
 * then `done` with the full response (or `error` with the envelope if the stream fails after it
 * started). The turn is played and committed before the first byte, so a failure found while
 * resolving it (404, 403, 409, 422) is an ordinary JSON error response with its status.
 */
import type { FastifyReply } from "fastify";
import { ApiError } from "../errors.ts";

/** Splits a text into word-sized chunks whose concatenation is the text itself. */
export function textChunks(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\s)(?=\S)/);
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function sendEventStream(reply: FastifyReply, metadata: unknown, message: string, done: unknown): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  try {
    raw.write(frame("metadata", metadata));
    for (const chunk of textChunks(message)) raw.write(frame("text_delta", { text: chunk }));
    raw.write(frame("done", done));
  } catch (error) {
    const apiError = ApiError.isInstance(error) ? error : new ApiError("internal_error", "internal server error");
    raw.write(frame("error", apiError.envelope()));
  }
  raw.end();
}
