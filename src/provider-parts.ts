/**
 * What every process needs of the providers (providers.ts) whether or not it uses a model: their
 * types, the offline parts and the studio's view of them. Nothing here loads a model SDK (`ai`,
 * `@ai-sdk/*`: ~0.4 CPU-s per process start), so `dramatis serve`, `worker`, `generate` and
 * `enhance` run offline without them (load-providers.ts); nor the offline code itself, which the
 * offline parts import at their first use (workers/offline-parts.ts).
 */
import { loadConfig, type Config } from "./config.ts";
import type { Enhancer, EvidenceSource, Modeller, Writer } from "./engine/ports.ts";
import { createSearchProvider } from "./grounding/search-settings.ts";
import type { PanelRespondents } from "./jobs/panel-survey.ts";
import { OFFLINE_NPC_PLAY } from "./npc/ports.ts";
import type { Interviewer, StudioModelParts } from "./services/interview-service.ts";
import type { NpcPlayProvider } from "./services/npc/caller-llm.ts";
import { OfflineEnhancerOnUse, OfflineModellerOnUse, OfflineWriterOnUse } from "./workers/offline-parts.ts";

export interface Providers {
  modeller: Modeller;
  writer: Writer;
  enhancer: Enhancer;
  /** NPC play's pluggable parts (none offline), and with a model, the per-request BYOK factory. */
  npc: NpcPlayProvider;
  /** What the population's reports say was used (and, with a model, what NPC play uses). */
  description: string;
  /**
   * Where a model-backed population's evidence comes from: the built-in domain library's cited
   * figures, and search when `DRAMATIS_SEARCH` is set. Absent offline, where the modeller cites its
   * own data (and populations stay byte-identical).
   */
  evidence?: EvidenceSource[];
  /** The model behind the Populations parts; absent offline. */
  populationModel?: PopulationModelIdentity;
  /** Plays a persona in an interview (the main model, sharing its limiter); absent offline. */
  interviewer?: Interviewer;
  /** Answers panel questions in the workers (the main model, sharing its limiter); absent offline. */
  panel?: PanelRespondents;
}

export interface PopulationModelIdentity {
  /** Reported as a job's `usage.model`, e.g. `openai:gpt-4.1-mini` (no base URL, never a key). */
  name: string;
  /**
   * Everything besides the prompt and the grounding level that shapes a designed blueprint (the model
   * with its base URL, the search setting): part of the blueprint cache's key.
   */
  designScope: string;
}

/** The configuration `createProviders` reads: the model and the providers' keys and URLs. */
export type ProviderSettings = Pick<
  Config,
  | "model"
  | "openaiApiKey"
  | "openaiBaseUrl"
  | "anthropicApiKey"
  | "anthropicBaseUrl"
  | "ollamaBaseUrl"
  | "llmTimeoutMs"
  | "writerModel"
  | "writerBatchSize"
  | "search"
  | "tavilyApiKey"
  | "braveApiKey"
>;

/** The settings a bare model string stands for: the process's configuration with that model. */
export function providerSettingsOf(settings: string | Partial<ProviderSettings>): Partial<ProviderSettings> {
  return typeof settings === "string" ? { ...loadConfig(), model: settings } : settings;
}

/** The model the settings name: `offline` when none. */
export function modelOf(settings: Partial<ProviderSettings>): string {
  return (settings.model ?? "offline").trim() || "offline";
}

/**
 * The offline parts, once the settings' search is checked: checked even offline, where it goes
 * unused, because a server must not start on a setting it would refuse later. Each imports the
 * offline code at its first use: a worker whose engine threads write never does on its main thread.
 */
export function offlineProviders(settings: Partial<ProviderSettings>): Providers {
  createSearchProvider({ search: settings.search, tavilyApiKey: settings.tavilyApiKey, braveApiKey: settings.braveApiKey });
  return { modeller: new OfflineModellerOnUse(), writer: new OfflineWriterOnUse(), enhancer: new OfflineEnhancerOnUse(), npc: OFFLINE_NPC_PLAY, description: "offline" };
}

/**
 * What the studio's routes need from the providers (`AppContext.studio`): the interviewer, and
 * whether the workers can answer panels. Undefined offline, where those routes answer 503.
 */
export function studioPartsOf(providers: Providers): StudioModelParts | undefined {
  return providers.interviewer ? { interviewer: providers.interviewer, panel: providers.panel !== undefined } : undefined;
}
