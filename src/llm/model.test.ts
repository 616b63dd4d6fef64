import { describe, expect, it } from "vitest";
import { createLanguageModel, ModelConfigurationError, parseModelSpec } from "./model.ts";
import { createProviders } from "../providers.ts";

describe("DRAMATIS_MODEL forms", () => {
  it("reads <provider>:<model>, keeping colons and slashes in the model name", () => {
    expect(parseModelSpec("openai:gpt-4.1-mini")).toEqual({ provider: "openai", modelId: "gpt-4.1-mini" });
    expect(parseModelSpec("anthropic:claude-sonnet-4-5")).toEqual({ provider: "anthropic", modelId: "claude-sonnet-4-5" });
    expect(parseModelSpec("ollama:llama3.1:8b")).toEqual({ provider: "ollama", modelId: "llama3.1:8b" });
    expect(parseModelSpec("openai-compatible:Qwen/Qwen2.5-7B")).toEqual({ provider: "openai-compatible", modelId: "Qwen/Qwen2.5-7B" });
  });

  it("reads an inline base URL for openai-compatible", () => {
    expect(parseModelSpec("openai-compatible:http://127.0.0.1:8000/v1|qwen")).toEqual({ provider: "openai-compatible", modelId: "qwen", baseUrl: "http://127.0.0.1:8000/v1" });
  });

  it("names the forms on an unknown provider or a missing model", () => {
    expect(() => parseModelSpec("gemini:pro")).toThrow(/unknown provider "gemini"; use one of: offline, openai:<model>/);
    expect(() => parseModelSpec("gpt-4")).toThrow(/expected <provider>:<model>/);
    expect(() => parseModelSpec("openai:")).toThrow(/no model name/);
    expect(() => parseModelSpec("openai-compatible:localhost:8000|qwen")).toThrow(/not an http\(s\) base URL/);
    expect(() => parseModelSpec("openai-compatible:http://127.0.0.1:8000/v1|")).toThrow(/no model name after the base URL/);
  });

  it("says which key is missing, never printing one", () => {
    expect(() => createLanguageModel({ model: "openai:gpt-4.1-mini" })).toThrow(ModelConfigurationError);
    expect(() => createLanguageModel({ model: "openai:gpt-4.1-mini" })).toThrow("DRAMATIS_MODEL=openai:gpt-4.1-mini: OPENAI_API_KEY (or DRAMATIS_OPENAI_API_KEY) is not set");
    expect(() => createLanguageModel({ model: "anthropic:claude-x" })).toThrow(/ANTHROPIC_API_KEY is not set/);
    expect(() => createLanguageModel({ model: "openai-compatible:qwen" })).toThrow(/no base URL: set DRAMATIS_OPENAI_BASE_URL/);
    const described = createLanguageModel({ model: "openai:gpt-4.1-mini", openaiApiKey: "sk-secret-value" }).description;
    expect(described).toBe("openai:gpt-4.1-mini");
  });

  it("puts ollama on its OpenAI-compatible /v1 path, with or without /v1 in OLLAMA_BASE_URL", () => {
    expect(createLanguageModel({ model: "ollama:llama3.1" }).description).toBe("ollama:llama3.1 at http://127.0.0.1:11434/v1");
    expect(createLanguageModel({ model: "ollama:llama3.1", ollamaBaseUrl: "http://gpu-box:11434/" }).description).toBe("ollama:llama3.1 at http://gpu-box:11434/v1");
    expect(createLanguageModel({ model: "openai-compatible:qwen", openaiBaseUrl: "http://127.0.0.1:9/v1" }).description).toBe("openai-compatible:qwen at http://127.0.0.1:9/v1");
  });
});

describe("createProviders", () => {
  it("offline: no NPC parts, populations offline", () => {
    const providers = createProviders({ model: "offline" });
    expect(providers.description).toBe("offline");
    expect(providers.npc.forTurn([])).toEqual({});
  });

  it("with a model: populations stay offline, NPC play gets an LLM judge, reply writer and extractor, and the description says so", () => {
    const providers = createProviders({ model: "openai-compatible:http://127.0.0.1:9/v1|qwen", llmTimeoutMs: 1000 });
    expect(providers.modeller.constructor.name).toBe("OfflineModeller");
    expect(providers.description).toBe("offline (populations); NPC judge (hybrid by default), replies and extraction by openai-compatible:qwen at http://127.0.0.1:9/v1");
    const parts = providers.npc.forTurn([]);
    expect([parts.judge?.name, parts.replyWriter?.name, parts.extractor?.name]).toEqual(["llm", "llm", "llm"]);
  });

  it("fails at start on a model it cannot use", () => {
    expect(() => createProviders({ model: "mystery:x" })).toThrow(/unknown provider "mystery"/);
  });
});
