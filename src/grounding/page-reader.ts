/**
 * Reads a web page for `research` grounding, with caps: a time limit, a byte limit (the body is
 * read as a stream and cut), a few redirects each checked again, text types only, public hosts only
 * (see network-guard.ts). HTML is reduced to text by `htmlToText`.
 */
import { assertPublicHost } from "./network-guard.ts";
import { htmlToText } from "./html-text.ts";
import { isWebUrl, SearchError } from "./search-provider.ts";

export interface PageReaderOptions {
  /** Bytes read at most (default 1 MB); the rest is not downloaded. */
  maxBytes?: number;
  /** Whole read, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Characters of text kept (default 20,000). */
  maxCharacters?: number;
  maxRedirects?: number;
  /** Tests read pages from 127.0.0.1; production never does. */
  allowPrivateNetwork?: boolean;
}

const TEXT_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.subarray(0, maxBytes - total));
    total += Math.min(value.length, maxBytes - total);
  }
  await reader.cancel().catch(() => undefined);
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

function decode(body: Uint8Array, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

export async function readPage(url: string, options: PageReaderOptions = {}, signal?: AbortSignal): Promise<string> {
  const maxBytes = options.maxBytes ?? 1_000_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      if (!isWebUrl(current)) throw new SearchError(`not an http(s) URL: ${current.slice(0, 200)}`);
      if (!options.allowPrivateNetwork) await assertPublicHost(new URL(current).hostname);
      const response = await fetch(current, { redirect: "manual", signal: combined, headers: { accept: "text/html, text/plain;q=0.8" } });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= maxRedirects) throw new SearchError(`too many redirects reading ${url}`);
        current = new URL(location, current).toString();
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SearchError(`reading ${current} answered ${response.status}`, response.status);
      }
      const contentType = response.headers.get("content-type") ?? "";
      if (!TEXT_TYPES.test(contentType)) {
        await response.body?.cancel();
        throw new SearchError(`${current} is not a text page (${contentType || "no content type"})`);
      }
      const text = decode(await readCapped(response, maxBytes), contentType);
      const readable = /^text\/plain/i.test(contentType) ? text.replace(/[ \t]+/g, " ").trim() : htmlToText(text);
      return readable.slice(0, options.maxCharacters ?? 20_000);
    }
  } catch (error) {
    if (SearchError.isInstance(error)) throw error;
    if (signal?.aborted) throw signal.reason;
    const why = timeout.aborted ? "timed out" : (error as Error).message;
    throw new SearchError(`reading ${current.slice(0, 200)} failed: ${why}`);
  }
}
