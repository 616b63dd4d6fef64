/**
 * Bring your own key (Foil Engine's `X-LLM-*` headers): a game may send its own model key and model
 * names with a chat request, and that request's judge, reply writer and extractor then call the
 * server's configured provider with them. Nothing here is stored: the settings live for one request.
 *
 * The play parts are built by the composition root (`src/providers.ts`), which alone knows the
 * model provider; it hands them to `PlayService` on the object it already passes (see
 * `NpcPlayProvider`), so no wiring changes when BYOK is there or not. Offline, there is nothing to
 * call and the settings are ignored; `validate-llm-key` says so.
 */
import type { NpcPlayParts } from "../../npc/ports.ts";
import type { ValidateLlmKeyResult } from "../../shared/npc-contract.ts";

/** Foil's pipeline steps: `eval` judges the turn, `response` writes the reply, `summarization` fills variables. */
export type LlmStep = "eval" | "response" | "summarization";

export interface LlmChoice {
  apiKey?: string;
  model?: string;
}

/** One request's model settings: the plain ones, and per-step overrides. */
export interface CallerLlmSettings extends LlmChoice {
  steps: Partial<Record<LlmStep, LlmChoice>>;
}

export interface CallerLlmProvider {
  /** The parts of one request's turns, with the caller's keys and models on the server's provider. */
  forCaller(settings: CallerLlmSettings): NpcPlayParts;
  /** One minimal real call with the caller's key and model (`model` overrides the settings'). */
  checkCaller(settings: CallerLlmSettings, model?: string): Promise<ValidateLlmKeyResult>;
}

/** What `PlayService` is given: the server's parts, and (with a model provider) the BYOK factory. */
export type NpcPlayProvider = NpcPlayParts & Partial<CallerLlmProvider>;

/** Whether the caller sent any setting at all. */
export function hasCallerSettings(settings: CallerLlmSettings | undefined): settings is CallerLlmSettings {
  if (!settings) return false;
  const choices = [settings, ...Object.values(settings.steps)];
  return choices.some((choice) => choice !== undefined && (choice.apiKey !== undefined || choice.model !== undefined));
}

/** The caller's keys, so that text echoed by a provider (an error, say) can be cleaned of them. */
export function callerKeys(settings: CallerLlmSettings): string[] {
  const keys = [settings.apiKey, ...Object.values(settings.steps).map((choice) => choice?.apiKey)];
  return [...new Set(keys.filter((key): key is string => typeof key === "string" && key.length > 0))];
}

/** `text` with every caller key replaced, longest first (one key may contain another). */
export function redactKeys(text: string, keys: readonly string[]): string {
  let redacted = text;
  for (const key of [...keys].sort((left, right) => right.length - left.length)) redacted = redacted.split(key).join("[redacted key]");
  return redacted;
}

export const OFFLINE_KEY_CHECK_ERROR =
  "this server plays NPCs offline (DRAMATIS_MODEL=offline): no language model is called, so the X-LLM-* headers are ignored and no key is needed";
