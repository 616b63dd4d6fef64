/**
 * The scripted servers' connections (`listenOnLoopback`, shared by the chat, Anthropic and search
 * servers): an idle keep-alive connection is closed by the client only. When the server also timed
 * idle connections out (Node's default, 5 s), a client on a loaded machine could send its next
 * request on a connection the server was closing at that moment, and the call failed with
 * `read ECONNRESET` (generate-llm.test.ts's SearXNG case fell back to searching the prompt's words).
 */
import { createServer, request as httpRequest, Agent, type IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback } from "./scripted-chat-server.ts";

describe("a server started by listenOnLoopback", () => {
  const accepted: Socket[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.end("{}"));
  });
  server.on("connection", (socket) => void accepted.push(socket));
  let origin = "";
  let close: () => Promise<void> = async () => undefined;
  const agent = new Agent({ keepAlive: true });

  beforeAll(async () => ({ origin, close } = await listenOnLoopback(server)));
  afterAll(async () => {
    agent.destroy();
    await close();
  });

  function post(): Promise<IncomingHttpHeaders> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(`${origin}/v1/chat/completions`, { method: "POST", agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.headers));
      });
      outgoing.on("error", reject);
      outgoing.end("{}");
    });
  }

  it("keeps a connection alive without announcing or arming an idle timeout of its own: the client decides when to close it", async () => {
    const headers = await post();
    expect(headers.connection).toBe("keep-alive");
    // Node announces its idle timeout here (`timeout=5`) and closes the connection when it runs out.
    expect(headers["keep-alive"]).toBeUndefined();
    // The response is over and the connection idles: no timer on the server's side may close it.
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.timeout ?? 0).toBe(0);

    // The next request goes over the same connection.
    await post();
    expect(accepted).toHaveLength(1);
  });
});
