import { afterEach, describe, expect, it, vi } from "vitest";
import { anonymousFetch, browserPlayerId, localTranscript } from "./play-connection.ts";

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), removeItem: (key: string) => void values.delete(key) };
}

describe("playing without an API key", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends no credentials, and chat turns go to the web routes that need none", async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      seen.push({ url, authorization: new Headers(init.headers).get("authorization") });
      return new Response("{}");
    });
    await anonymousFetch("http://host/api/v1/sdk/chat/abc/init-session?machine_id=m", { headers: { authorization: "Bearer anonymous" } });
    await anonymousFetch("http://host/api/v1/sdk/chat/abc/message", { headers: { authorization: "Bearer anonymous" } });
    await anonymousFetch("http://host/api/v1/personas/abc/progress?user_session_id=u", { headers: { authorization: "Bearer anonymous" } });
    expect(seen).toEqual([
      { url: "http://host/api/v1/chat/abc/init-session?machine_id=m", authorization: null },
      { url: "http://host/api/v1/chat/abc/message", authorization: null },
      { url: "http://host/api/v1/personas/abc/progress?user_session_id=u", authorization: null },
    ]);
  });

  it("keeps one player id per browser", () => {
    const storage = memoryStorage();
    const first = browserPlayerId(storage);
    expect(first).toMatch(/^[\w-]{16,}$/);
    expect(browserPlayerId(storage)).toBe(first);
  });

  it("keeps the transcript with the session it belongs to, per persona, player and machine", () => {
    const storage = memoryStorage();
    const transcript = localTranscript("persona", "player", "machine", storage);
    expect(transcript.read()).toEqual({ sessionId: null, lines: [] });
    transcript.write("s1", [{ role: "npc", content: "Hello" }]);
    expect(localTranscript("persona", "player", "machine", storage).read()).toEqual({ sessionId: "s1", lines: [{ role: "npc", content: "Hello" }] });
    expect(localTranscript("persona", "player", "other", storage).read().lines).toEqual([]);
    transcript.clear();
    expect(transcript.read().lines).toEqual([]);
  });
});
