/** One JSON request to a search API, bounded in time, with an error that names the provider and status (never the key). */
import { SearchError } from "./search-provider.ts";

export interface JsonRequestSettings {
  provider: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function requestJson(url: string, init: RequestInit, settings: JsonRequestSettings): Promise<unknown> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (error) {
    if (settings.signal?.aborted) throw settings.signal.reason;
    throw new SearchError(`${settings.provider}: ${timeout.aborted ? "timed out" : `request failed (${(error as Error).message})`}`);
  }
  const text = await response.text();
  if (!response.ok) throw new SearchError(`${settings.provider} answered ${response.status}: ${text.replace(/\s+/g, " ").slice(0, 200)}`, response.status);
  try {
    return JSON.parse(text);
  } catch {
    throw new SearchError(`${settings.provider} answered with something that is not JSON: ${text.replace(/\s+/g, " ").slice(0, 120)}`);
  }
}

/** `value[key]` when `value` is an object, else undefined: search APIs' answers are read defensively. */
export function property(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
