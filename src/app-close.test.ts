/**
 * Stopping the server. A connection answering a request when close() is called becomes an idle
 * keep-alive connection a moment later; Fastify had closed only the connections idle at the call,
 * so that one stayed open for the keep-alive timeout (72 s) and shutdown waited with it (the SDK's
 * test file took 70 s to close its app; a SIGTERM'd server took as long to exit).
 */
import { request, Agent } from "node:http";
import { connect } from "node:net";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { startTestApp } from "../test/helpers/app.ts";

describe("closing the app", () => {
  it("lets a request in flight finish, then closes its keep-alive connection at once instead of after the keep-alive timeout", async () => {
    const app = await startTestApp();
    const agent = new Agent({ keepAlive: true });
    const body = JSON.stringify({ personas: [{ persona_id: "p", fields: { age: "30" }, system_prompt: "x", markdown: "x" }] });
    const sent = request(`${app.url}/v1/personas/actions/validate`, {
      method: "POST",
      agent,
      headers: { authorization: `Bearer ${app.devKey}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
    });
    const received = once(app.server.server, "request");
    sent.write(body.slice(0, 5));
    await received;

    // The request is in flight (its body half sent) when the app is asked to close.
    const closing = app.close();
    sent.end(body.slice(5));
    const [response] = (await once(sent, "response")) as [import("node:http").IncomingMessage];
    response.resume();
    await once(response, "end");

    expect(response.statusCode).toBe(200);
    // Before: resolved only after the 72 s keep-alive timeout (this test timed out).
    await closing;
    agent.destroy();
  }, 30_000);

  it("closes a connection that never sent a request at once, instead of after the headers timeout", async () => {
    const app = await startTestApp();
    const { port } = new URL(app.url);
    // A client that connected and gave up before writing (as an aborted fetch can leave behind).
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    const ended = once(socket, "close");

    // Before: resolved only when Node's headers timeout (60 s, checked every 30 s) dropped it.
    await app.close();
    await ended;
  }, 30_000);
});
