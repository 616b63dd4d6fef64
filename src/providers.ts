/**
 * The one place that chooses implementations (DESIGN §2, STYLE 3): the Populations modeller, writer
 * and enhancer, their evidence sources, and NPC play's judge, reply writer and extractor. Offline by
 * default; when `DRAMATIS_MODEL` names a model, populations, enhancement and NPC play all use it
 * (docs/llm.md), and `DRAMATIS_SEARCH` adds search grounding to model-backed populations. With a
 * model there is also an interviewer and a panel (the studio's interviews and panel questions);
 * offline there is neither, and those routes say so. A process that may run offline loads these
 * parts through load-providers.ts, which imports this file (and the model SDKs) only for a model;
 * the types and the offline parts are provider-parts.ts's.
 */
import type { EvidenceSource } from "./engine/ports.ts";
import { createSearchProvider } from "./grounding/search-settings.ts";
import { SearchEvidenceSource } from "./grounding/search-evidence.ts";
import { describeLlmError, generatePlainText } from "./llm/calls.ts";
import { createLanguageModel, ModelConfigurationError, parseModelSpec, type LlmSettings, type ResolvedModel } from "./llm/model.ts";
import { createLlmPopulationParts } from "./llm/population/index.ts";
import { LlmInterviewer } from "./llm/interviewer.ts";
import { LlmPanelRespondents } from "./llm/panel-respondents.ts";
import { BuiltInEvidenceSource } from "./offline/built-in-evidence.ts";
import { LlmExtractor } from "./llm/npc-extractor.ts";
import { LlmJudge } from "./llm/npc-judge.ts";
import { createLlmNpcPlay } from "./llm/npc-play.ts";
import { LlmReplyWriter } from "./llm/npc-reply-writer.ts";
import { modelOf, offlineProviders, providerSettingsOf, type PopulationModelIdentity, type ProviderSettings, type Providers } from "./provider-parts.ts";
import type { Extractor, Judge, NpcPlayParts } from "./npc/ports.ts";
import {
  callerKeys,
  redactKeys,
  type CallerLlmSettings,
  type LlmChoice,
  type LlmStep,
  type NpcPlayProvider,
} from "./services/npc/caller-llm.ts";
import type { ValidateLlmKeyResult } from "./shared/npc-contract.ts";

export type { PopulationModelIdentity, ProviderSettings, Providers } from "./provider-parts.ts";

const DEFAULT_LLM_TIMEOUT_MS = 30_000;

/** The studio's parts of the providers (provider-parts.ts: a process that runs offline needs no more). */
export { studioPartsOf } from "./provider-parts.ts";

/**
 * Called once per app (and once per CLI command), so each model keeps one adaptive limiter shared by
 * every job. A bare model string reads the providers' keys from the process environment. Throws on an
 * unknown provider, a missing key or a bad `DRAMATIS_SEARCH`, naming the variable to fix.
 */
export function createProviders(settings: string | Partial<ProviderSettings> = "offline"): Providers {
  const resolved = providerSettingsOf(settings);
  const model = modelOf(resolved);
  if (model === "offline") return offlineProviders(resolved);
  const search = createSearchProvider({ search: resolved.search, tavilyApiKey: resolved.tavilyApiKey, braveApiKey: resolved.braveApiKey });
  const language = createLanguageModel({ ...resolved, model });
  const writerModel = resolved.writerModel ? writerLanguageModel({ ...resolved, model: resolved.writerModel }) : undefined;
  // Population calls keep the parts' own timeout (120 s: a batch of personas is a long answer), not NPC play's.
  const parts = createLlmPopulationParts({ model: language, writerModel, writerBatchSize: resolved.writerBatchSize });
  const evidence: EvidenceSource[] = [new BuiltInEvidenceSource(), ...(search ? [new SearchEvidenceSource(search, parts.queryPlanner)] : [])];
  const populationModel: PopulationModelIdentity = {
    name: writerModel ? `${shortModelName(model)} (writer ${shortModelName(resolved.writerModel as string)})` : shortModelName(model),
    designScope: `${language.description}; search ${resolved.search?.trim() || "off"}`,
  };
  const play = createLlmNpcPlay(language, { timeoutMs: resolved.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS });
  const configured = { ...resolved, model };
  const npc: NpcPlayProvider = {
    description: play.description,
    forTurn: (conversation) => play.forTurn(conversation),
    forCaller: (caller) => createNpcPlayFor(configured, caller),
    checkCaller: (caller, model) => checkCallerModel(configured, caller, model),
  };
  return {
    modeller: parts.modeller,
    writer: parts.writer,
    enhancer: parts.enhancer,
    evidence,
    populationModel,
    interviewer: new LlmInterviewer(parts.model, populationModel.name),
    panel: new LlmPanelRespondents(parts.model),
    npc,
    description: `${parts.description} (populations); ${play.description}`,
  };
}


/** `DRAMATIS_WRITER_MODEL` takes the same forms as `DRAMATIS_MODEL`; its problems name it. */
function writerLanguageModel(settings: LlmSettings): ResolvedModel {
  try {
    return createLanguageModel(settings);
  } catch (error) {
    if (error instanceof ModelConfigurationError) throw new ModelConfigurationError(settings.model, error.problem, "DRAMATIS_WRITER_MODEL");
    throw error;
  }
}

/** `provider:model` without an inline base URL (which may carry credentials). */
function shortModelName(model: string): string {
  const spec = parseModelSpec(model);
  return `${spec.provider}:${spec.modelId}`;
}

// ---------------------------------------------------------------------------------------------
// Bring your own key (services/npc/caller-llm.ts): the caller's key and models on our provider

/** The settings of one step: its own key and model, else the plain ones the caller sent. */
function choiceFor(caller: CallerLlmSettings, step: LlmStep): LlmChoice {
  const own = caller.steps[step] ?? {};
  return { apiKey: own.apiKey ?? caller.apiKey, model: own.model ?? caller.model };
}

/**
 * A LiteLLM-style name that names our own provider (`openai/gpt-4o` on an `openai:` server) loses
 * the prefix; any other name is the provider's to read (a gateway serves `anthropic/claude-…`).
 */
function modelIdFor(provider: string, model: string): string {
  return model.startsWith(`${provider}/`) ? model.slice(provider.length + 1) : model;
}

/** The server's provider (and base URL) with the caller's model and key, where given. */
function callerModel(settings: Partial<ProviderSettings>, choice: LlmChoice): ResolvedModel & { modelId: string } {
  const spec = parseModelSpec(settings.model ?? "");
  const modelId = choice.model ? modelIdFor(spec.provider, choice.model) : spec.modelId;
  const model = spec.baseUrl ? `${spec.provider}:${spec.baseUrl}|${modelId}` : `${spec.provider}:${modelId}`;
  const key: Partial<LlmSettings> =
    choice.apiKey === undefined ? {} : spec.provider === "anthropic" ? { anthropicApiKey: choice.apiKey } : spec.provider === "ollama" ? {} : { openaiApiKey: choice.apiKey };
  return { ...createLanguageModel({ ...settings, ...key, model }), modelId };
}

/** A judge whose reasons (recorded in events) never carry the caller's key, even when a provider echoes it. */
function redactingJudge(judge: Judge, clean: (text: string) => string): Judge {
  return {
    name: judge.name,
    async choose(input) {
      const decision = await judge.choose(input);
      return { ...decision, reason: clean(decision.reason) };
    },
  };
}

function redactingExtractor(extractor: Extractor, clean: (text: string) => string): Extractor {
  return {
    name: extractor.name,
    async extract(input) {
      return (await extractor.extract(input)).map((value) => ({ ...value, reason: clean(value.reason) }));
    },
  };
}

/**
 * One request's NPC play parts with the caller's settings (Foil's `X-LLM-*` headers): the judge uses
 * the `eval` step's key and model, the reply writer `response`'s, the extractor `summarization`'s;
 * each falls back to the plain key and model, then to the server's own. The keys live in these
 * objects for the request only; nothing they write (event reasons, warnings) contains them.
 */
export function createNpcPlayFor(
  settings: Partial<ProviderSettings>,
  caller: CallerLlmSettings,
  options: { warn?: (message: string) => void } = {},
): NpcPlayParts {
  const keys = callerKeys(caller);
  const clean = (text: string) => redactKeys(text, keys);
  const warn = (message: string) => (options.warn ?? ((text: string) => console.warn(text)))(clean(message));
  const call = { timeoutMs: settings.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS };
  const judgeModel = callerModel(settings, choiceFor(caller, "eval"));
  const replyModel = callerModel(settings, choiceFor(caller, "response"));
  const extractorModel = callerModel(settings, choiceFor(caller, "summarization"));
  return {
    description: `NPC play with the caller's model settings (judge ${judgeModel.description}, replies ${replyModel.description}, extraction ${extractorModel.description})`,
    forTurn(conversation) {
      return {
        judge: redactingJudge(new LlmJudge(judgeModel.model, { ...call, conversation }), clean),
        replyWriter: new LlmReplyWriter(replyModel.model, {
          ...call,
          conversation,
          onFallback: (problem) => warn(`[npc] llm reply writer failed: ${problem}; offline line used`),
        }),
        extractor: redactingExtractor(
          new LlmExtractor(extractorModel.model, { ...call, conversation, onFailure: (problem) => warn(`[npc] llm extractor failed: ${problem}; rules' values only`) }),
          clean,
        ),
      };
    },
  };
}

/**
 * `validate-llm-key`: one minimal real call (a few tokens) with the caller's key and model on our
 * provider, reported as `{valid, model, error}`; a failure's text is cleaned of the caller's keys.
 */
export async function checkCallerModel(settings: Partial<ProviderSettings>, caller: CallerLlmSettings, model?: string): Promise<ValidateLlmKeyResult> {
  const choice = { apiKey: caller.apiKey, model: model ?? caller.model };
  let modelId: string | null = choice.model ?? null;
  try {
    const resolved = callerModel(settings, choice);
    modelId = resolved.modelId;
    await generatePlainText(
      resolved.model,
      { system: "This call only checks that the key and model work. Answer with the single word OK.", messages: [{ role: "user", content: "OK?" }], maxOutputTokens: 5 },
      { timeoutMs: settings.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS, maxRetries: 0 },
    );
    return { valid: true, model: modelId, error: null };
  } catch (error) {
    return { valid: false, model: modelId, error: redactKeys(describeLlmError(error), callerKeys(caller)) };
  }
}
