/**
 * Server-sent events read from a `fetch` body as they arrive (the WHATWG rules for
 * `text/event-stream`: `event:` and `data:` fields, several `data:` lines joined by newlines,
 * `:` comments ignored, an event ends at a blank line, CR, LF or CRLF line ends). Works wherever
 * `fetch` streams: Node 18+, browsers, Deno, Bun.
 */

export interface ServerSentEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
}

export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let event = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A CR at the very end may be the first half of a CRLF: keep it until more arrives.
      const lines = buffered.split(/\r\n|\r(?!$)|\n/);
      buffered = done ? "" : (lines.pop() ?? "");
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0) yield { event: event || "message", data: data.join("\n") };
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const fieldValue = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = fieldValue;
        else if (field === "data") data.push(fieldValue);
      }
      // An event the stream ended in the middle of (no blank line after it) is dropped, as browsers do.
      if (done) return;
    }
  } finally {
    // Stopping early (a `break` in the caller's loop) cancels the download.
    await reader.cancel().catch(() => undefined);
  }
}
