import { describe, expect, it } from "vitest";
import { readEventStream, type ServerSentEvent } from "./event-stream.ts";

/** A body that arrives in exactly these byte chunks. */
function body(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function read(chunks: Array<string | Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readEventStream(body(chunks))) events.push(event);
  return events;
}

describe("readEventStream", () => {
  it("reads events whatever the chunk boundaries, a multi-byte character split between chunks included", async () => {
    const text = 'event: metadata\ndata: {"a":1}\n\nevent: text_delta\ndata: {"text":"Dröm "}\n\nevent: done\ndata: {}\n\n';
    const bytes = new TextEncoder().encode(text);
    const expected = [
      { event: "metadata", data: '{"a":1}' },
      { event: "text_delta", data: '{"text":"Dröm "}' },
      { event: "done", data: "{}" },
    ];
    expect(await read([text])).toEqual(expected);
    // One byte at a time splits "ö" (two bytes in UTF-8) and every line end.
    expect(await read([...bytes].map((byte) => new Uint8Array([byte])))).toEqual(expected);
  });

  it("follows the WHATWG rules: CRLF and CR line ends, joined data lines, comments, unnamed events, no space after the colon", async () => {
    const events = await read([": keep-alive\r\n\r\n", "data: first\r\ndata: second\r\n\r\n", "event:tick\rdata:1\r", "\r", "id: 7\nretry: 10\ndata: {}\n\n"]);
    expect(events).toEqual([
      { event: "message", data: "first\nsecond" },
      { event: "tick", data: "1" },
      { event: "message", data: "{}" },
    ]);
  });

  it("drops an event the stream ended in the middle of", async () => {
    expect(await read(['event: done\ndata: {"complete":true}\n\nevent: done\ndata: {"cut'])).toEqual([{ event: "done", data: '{"complete":true}' }]);
  });
});
