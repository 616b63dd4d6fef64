/** Reading pages for `research` grounding, against scripted pages on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPage } from "./page-reader.ts";
import { SearchError } from "./search-provider.ts";
import { startScriptedSearchServer, type ScriptedSearchServer } from "./testing/scripted-search-server.ts";

let server: ScriptedSearchServer;
const LOOPBACK = { allowPrivateNetwork: true };

beforeAll(async () => {
  server = await startScriptedSearchServer();
  server.setPage("report", { body: "<html><body><h1>Dairy report</h1><p>Waikato: 35% of herds.</p><script>x()</script></body></html>" });
  server.setPage("plain", { body: "Herd sizes\n\taverage   440 cows", contentType: "text/plain; charset=utf-8" });
  server.setPage("huge", { body: `<p>${"word ".repeat(400_000)}</p>` });
  server.setPage("image", { body: "GIF89a", contentType: "image/gif" });
  server.setPage("moved", { body: "", status: 302, headers: { location: "/pages/report" } });
  server.setPage("loop", { body: "", status: 302, headers: { location: "/pages/loop" } });
  server.setPage("slow", { body: "<p>late</p>", delayMs: 10_000 });
  server.setPage("missing-server-error", { body: "oops", status: 500 });
});
afterAll(async () => server?.close());

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as SearchError);

describe("readPage", () => {
  it("returns an HTML page's text and a plain-text page tidied", async () => {
    expect(await readPage(server.pageUrl("report"), LOOPBACK)).toBe("Dairy report\nWaikato: 35% of herds.");
    expect(await readPage(server.pageUrl("plain"), LOOPBACK)).toBe("Herd sizes\n average 440 cows");
  });

  it("reads at most maxBytes and keeps at most maxCharacters", async () => {
    const text = await readPage(server.pageUrl("huge"), { ...LOOPBACK, maxBytes: 10_000, maxCharacters: 500 });
    expect(text.length).toBe(500);
  });

  it("follows a redirect, and refuses a redirect loop", async () => {
    expect(await readPage(server.pageUrl("moved"), LOOPBACK)).toContain("Waikato");
    expect((await failureOf(readPage(server.pageUrl("loop"), LOOPBACK)))?.message).toBe(`too many redirects reading ${server.pageUrl("loop")}`);
  });

  it("refuses what is not a text page, an error status, and a non-web URL", async () => {
    expect((await failureOf(readPage(server.pageUrl("image"), LOOPBACK)))?.message).toBe(`${server.pageUrl("image")} is not a text page (image/gif)`);
    expect((await failureOf(readPage(server.pageUrl("missing-server-error"), LOOPBACK)))?.status).toBe(500);
    expect((await failureOf(readPage("file:///etc/passwd", LOOPBACK)))?.message).toBe("not an http(s) URL: file:///etc/passwd");
  });

  it("gives up on a slow page at its time limit", async () => {
    const failure = await failureOf(readPage(server.pageUrl("slow"), { ...LOOPBACK, timeoutMs: 200 }));
    expect(SearchError.isInstance(failure)).toBe(true);
    expect(failure?.message).toBe(`reading ${server.pageUrl("slow")} failed: timed out`);
  });

  it("never reads the server's own network unless told to (a search result could point anywhere)", async () => {
    const failure = await failureOf(readPage(server.pageUrl("report")));
    expect(failure?.message).toBe(`reading ${server.pageUrl("report")} failed: 127.0.0.1 resolves to a non-public address (127.0.0.1)`);
    expect((await failureOf(readPage("http://169.254.169.254/latest/meta-data/")))?.message).toContain("non-public address (169.254.169.254)");
    expect((await failureOf(readPage("http://[::1]:1/")))?.message).toContain("non-public address (::1)");
  });
});
