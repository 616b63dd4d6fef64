/**
 * The one place that chooses implementations (DESIGN §2, STYLE 3): the Populations modeller, writer
 * and enhancer, and NPC play's judge, reply writer and extractor. Offline by default; when
 * `DRAMATIS_MODEL` names a model, NPC play uses it (docs/llm.md). The Populations parts stay
 * offline in this build (their LLM versions are a later step).
 */
import { loadConfig, type Config } from "./config.ts";
import type { Enhancer, Modeller, Writer } from "./engine/ports.ts";
import { createLanguageModel } from "./llm/model.ts";
import { createLlmNpcPlay } from "./llm/npc-play.ts";
import { OfflineEnhancer, OfflineModeller, OfflineWriter } from "./offline/index.ts";
import { OFFLINE_NPC_PLAY, type NpcPlayParts } from "./npc/ports.ts";

export interface Providers {
  modeller: Modeller;
  writer: Writer;
  enhancer: Enhancer;
  /** NPC play's pluggable parts (none offline). */
  npc: NpcPlayParts;
  /** What the population's reports say was used (and, with a model, what NPC play uses). */
  description: string;
}

/** The configuration `createProviders` reads: the model and the providers' keys and URLs. */
export type ProviderSettings = Pick<Config, "model" | "openaiApiKey" | "openaiBaseUrl" | "anthropicApiKey" | "anthropicBaseUrl" | "ollamaBaseUrl" | "llmTimeoutMs">;

const DEFAULT_LLM_TIMEOUT_MS = 30_000;

/**
 * A bare model string (the CLI's `generate`/`enhance`, which only need the Populations parts) reads
 * the providers' keys from the environment. Throws on an unknown provider or a missing key.
 */
export function createProviders(settings: string | Partial<ProviderSettings> = "offline"): Providers {
  const resolved: Partial<ProviderSettings> = typeof settings === "string" ? { ...loadConfig(), model: settings } : settings;
  const model = (resolved.model ?? "offline").trim();
  const populations = { modeller: new OfflineModeller(), writer: new OfflineWriter(), enhancer: new OfflineEnhancer() };
  if (model === "" || model === "offline") return { ...populations, npc: OFFLINE_NPC_PLAY, description: "offline" };
  const language = createLanguageModel({ ...resolved, model });
  const npc = createLlmNpcPlay(language, { timeoutMs: resolved.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS });
  return { ...populations, npc, description: `offline (populations); ${npc.description}` };
}
