/**
 * `DRAMATIS_MODEL` → an AI SDK language model. The forms (docs/llm.md):
 *
 * - `offline` — no model (the default; not handled here).
 * - `openai:<model>` — OpenAI's chat completions; needs `OPENAI_API_KEY` (or `DRAMATIS_OPENAI_API_KEY`);
 *   `OPENAI_BASE_URL` / `DRAMATIS_OPENAI_BASE_URL` points it at a proxy.
 * - `anthropic:<model>` — needs `ANTHROPIC_API_KEY`; `ANTHROPIC_BASE_URL` optional.
 * - `ollama:<model>` — Ollama's OpenAI-compatible endpoint at `OLLAMA_BASE_URL`
 *   (default http://127.0.0.1:11434/v1), no key.
 * - `openai-compatible:<model>` — any OpenAI-compatible server (vLLM, LM Studio, llama.cpp, a
 *   gateway) at `DRAMATIS_OPENAI_BASE_URL` / `OPENAI_BASE_URL`; the key is optional.
 * - `openai-compatible:<baseURL>|<model>` — the same with the base URL inline.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { wrapLanguageModel, type LanguageModel, type LanguageModelMiddleware } from "ai";

export interface LlmSettings {
  model: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  ollamaBaseUrl?: string;
}

export const MODEL_FORMS = [
  "offline",
  "openai:<model>",
  "anthropic:<model>",
  "ollama:<model>",
  "openai-compatible:<model>",
  "openai-compatible:<baseURL>|<model>",
] as const;

export const DEFAULT_OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1";

export type ProviderName = "openai" | "anthropic" | "ollama" | "openai-compatible";

export interface ModelSpec {
  provider: ProviderName;
  modelId: string;
  /** Only for `openai-compatible:<baseURL>|<model>`. */
  baseUrl?: string;
}

export class ModelConfigurationError extends Error {
  constructor(
    spec: string,
    /** What is wrong, without the variable (so a second variable, `DRAMATIS_WRITER_MODEL`, can say it). */
    readonly problem: string,
    variable = "DRAMATIS_MODEL",
  ) {
    super(`${variable}=${spec}: ${problem}`);
    this.name = "ModelConfigurationError";
  }
}

const PROVIDERS: readonly ProviderName[] = ["openai", "anthropic", "ollama", "openai-compatible"];

function isProvider(name: string): name is ProviderName {
  return (PROVIDERS as readonly string[]).includes(name);
}

/** Parses a `DRAMATIS_MODEL` value other than `offline`. */
export function parseModelSpec(spec: string): ModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(":");
  const forms = `use one of: ${MODEL_FORMS.join(", ")}`;
  if (colon <= 0) throw new ModelConfigurationError(spec, `expected <provider>:<model>; ${forms}`);
  const provider = trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1).trim();
  if (!isProvider(provider)) throw new ModelConfigurationError(spec, `unknown provider "${provider}"; ${forms}`);
  if (provider === "openai-compatible" && rest.includes("|")) {
    const bar = rest.lastIndexOf("|");
    const baseUrl = rest.slice(0, bar).trim();
    const modelId = rest.slice(bar + 1).trim();
    if (!/^https?:\/\//i.test(baseUrl)) throw new ModelConfigurationError(spec, `"${baseUrl}" is not an http(s) base URL`);
    if (modelId === "") throw new ModelConfigurationError(spec, "no model name after the base URL");
    return { provider, modelId, baseUrl };
  }
  if (rest === "") throw new ModelConfigurationError(spec, `no model name after "${provider}:"`);
  return { provider, modelId: rest };
}

/** Ollama's OpenAI-compatible API lives under /v1; `OLLAMA_BASE_URL` is often given without it. */
function ollamaOpenAiUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/**
 * JSON mode for servers without schema-constrained output: the schema stays with us (prompt and
 * validation) instead of being dropped by the provider with a warning on every call.
 */
const jsonModeOnly: LanguageModelMiddleware = {
  specificationVersion: "v3",
  transformParams: async ({ params }) => (params.responseFormat?.type === "json" ? { ...params, responseFormat: { type: "json" } } : params),
};

export interface ResolvedModel {
  model: LanguageModel;
  /** e.g. "openai-compatible:qwen2.5 at http://127.0.0.1:8000/v1" (never a key). */
  description: string;
}

/** The language model `settings.model` names. Throws `ModelConfigurationError` on a bad value or a missing key. */
export function createLanguageModel(settings: LlmSettings): ResolvedModel {
  const spec = parseModelSpec(settings.model);
  const name = `${spec.provider}:${spec.modelId}`;
  switch (spec.provider) {
    case "openai": {
      if (!settings.openaiApiKey) throw new ModelConfigurationError(settings.model, "OPENAI_API_KEY (or DRAMATIS_OPENAI_API_KEY) is not set");
      const provider = createOpenAI({ apiKey: settings.openaiApiKey, baseURL: settings.openaiBaseUrl });
      // Chat completions rather than the Responses API: it is what OpenAI-style proxies also speak.
      return { model: provider.chat(spec.modelId), description: settings.openaiBaseUrl ? `${name} at ${settings.openaiBaseUrl}` : name };
    }
    case "anthropic": {
      if (!settings.anthropicApiKey) throw new ModelConfigurationError(settings.model, "ANTHROPIC_API_KEY is not set");
      const provider = createAnthropic({ apiKey: settings.anthropicApiKey, baseURL: settings.anthropicBaseUrl });
      return { model: provider(spec.modelId), description: name };
    }
    case "ollama": {
      const baseURL = ollamaOpenAiUrl(settings.ollamaBaseUrl ?? DEFAULT_OLLAMA_BASE_URL);
      // Ollama honours `response_format: json_schema`, so structured answers are constrained to the schema.
      const provider = createOpenAICompatible({ name: "ollama", baseURL, supportsStructuredOutputs: true });
      return { model: provider.chatModel(spec.modelId), description: `${name} at ${baseURL}` };
    }
    case "openai-compatible": {
      const baseURL = spec.baseUrl ?? settings.openaiBaseUrl;
      if (!baseURL) {
        throw new ModelConfigurationError(settings.model, "no base URL: set DRAMATIS_OPENAI_BASE_URL (or OPENAI_BASE_URL), or write openai-compatible:<baseURL>|<model>");
      }
      // JSON mode (`json_object`) rather than `json_schema`: every compatible server knows it; the
      // prompts spell out the shape and the answer is validated.
      const provider = createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey: settings.openaiApiKey });
      return { model: wrapLanguageModel({ model: provider.chatModel(spec.modelId), middleware: jsonModeOnly }), description: `${name} at ${baseURL}` };
    }
  }
}
