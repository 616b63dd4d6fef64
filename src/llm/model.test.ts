import { describe, expect, it } from "vitest";
import { createLanguageModel, ModelConfigurationError, parseModelSpec } from "./model.ts";
import { loadConfig } from "../config.ts";
import { createProviders } from "../providers.ts";
import { startScriptedChatServer } from "./testing/scripted-chat-server.ts";

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
  it("offline: no NPC parts, populations offline, no evidence sources and no population model (even with search set)", () => {
    const providers = createProviders({ model: "offline", search: "searxng:http://127.0.0.1:9" });
    expect(providers.description).toBe("offline");
    expect(providers.npc.forTurn([])).toEqual({});
    expect([providers.modeller.name, providers.writer.name, providers.enhancer.name]).toEqual(["offline", "offline", "offline"]);
    expect(providers.evidence).toBeUndefined();
    expect(providers.populationModel).toBeUndefined();
  });

  it("with a model: populations use it (modeller, writer in batches of 10, enhancer), with built-in evidence; NPC play gets an LLM judge, reply writer and extractor", () => {
    const providers = createProviders({ model: "openai-compatible:http://127.0.0.1:9/v1|qwen", llmTimeoutMs: 1000 });
    expect([providers.modeller, providers.writer, providers.enhancer].map((part) => part.constructor.name)).toEqual(["LlmModeller", "LlmWriter", "LlmEnhancer"]);
    expect(providers.writer.maxBatchSize).toBe(10);
    expect(providers.evidence?.map((source) => [source.name, source.kind])).toEqual([["built-in domains", "built-in"]]);
    expect(providers.populationModel).toEqual({ name: "openai-compatible:qwen", designScope: "openai-compatible:qwen at http://127.0.0.1:9/v1; search off" });
    expect(providers.description).toBe(
      "openai-compatible:qwen at http://127.0.0.1:9/v1 (populations); NPC judge (hybrid by default), replies and extraction by openai-compatible:qwen at http://127.0.0.1:9/v1",
    );
    const parts = providers.npc.forTurn([]);
    expect([parts.judge?.name, parts.replyWriter?.name, parts.extractor?.name]).toEqual(["llm", "llm", "llm"]);
  });

  it("DRAMATIS_SEARCH adds search evidence; DRAMATIS_WRITER_MODEL and DRAMATIS_WRITER_BATCH_SIZE shape the writer", () => {
    const providers = createProviders({
      ...loadConfig({
        DRAMATIS_MODEL: "openai:gpt-4.1",
        OPENAI_API_KEY: "sk-test",
        DRAMATIS_WRITER_MODEL: "openai:gpt-4.1-mini",
        DRAMATIS_WRITER_BATCH_SIZE: "5",
        DRAMATIS_SEARCH: "tavily",
        TAVILY_API_KEY: "tvly-test",
      }),
    });
    expect(providers.evidence?.map((source) => source.kind)).toEqual(["built-in", "search"]);
    expect(providers.writer.maxBatchSize).toBe(5);
    expect(providers.writer.name).toBe("llm openai:gpt-4.1-mini");
    expect(providers.populationModel?.name).toBe("openai:gpt-4.1 (writer openai:gpt-4.1-mini)");
    expect(providers.populationModel?.designScope).toBe("openai:gpt-4.1; search tavily");
  });

  it("fails at start on a model, a writer model or a search setting it cannot use, naming the variable", () => {
    expect(() => createProviders({ model: "mystery:x" })).toThrow(/unknown provider "mystery"/);
    expect(() => createProviders({ model: "openai-compatible:http://127.0.0.1:9/v1|qwen", writerModel: "openai:gpt-4.1-mini" })).toThrow(
      "DRAMATIS_WRITER_MODEL=openai:gpt-4.1-mini: OPENAI_API_KEY (or DRAMATIS_OPENAI_API_KEY) is not set",
    );
    expect(() => createProviders({ model: "offline", search: "bing" })).toThrow(/^DRAMATIS_SEARCH=bing: unknown search provider "bing"; use one of: off, searxng:<base URL>, tavily, brave$/);
    expect(() => createProviders({ model: "offline", search: "tavily" })).toThrow("DRAMATIS_SEARCH=tavily: TAVILY_API_KEY is not set");
    expect(() => createProviders({ model: "offline", search: "searxng" })).toThrow(/DRAMATIS_SEARCH=searxng: searxng needs the instance's base URL/);
    expect(() => loadConfig({ DRAMATIS_WRITER_BATCH_SIZE: "0" })).toThrow(/DRAMATIS_WRITER_BATCH_SIZE/);
  });

  it("gives population calls their own timeout (120 s), not NPC play's DRAMATIS_LLM_TIMEOUT_MS", async () => {
    // An answer slower than the NPC timeout: a population call must still get it.
    const chat = await startScriptedChatServer(() => ({ content: JSON.stringify({ label: "baker", fields: [] }), delayMs: 600 }));
    try {
      const providers = createProviders({ model: `openai-compatible:${chat.baseUrl}|scripted-model`, llmTimeoutMs: 150 });
      const answer = providers.enhancer.enhance({ sketch: "Ana, 34, baker.", grounding: "off", seed: 1 });
      // The enhancer re-asks for what is missing (name, age, voice): it got answers, so it did not time out.
      await expect(answer).rejects.toThrow(/enhance: /);
      await expect(answer).rejects.not.toThrow(/timed out|timeout|aborted/i);
      expect(chat.requests.length).toBeGreaterThan(1);
    } finally {
      await chat.close();
    }
  });
});

describe("built-in evidence (model-backed populations)", () => {
  const [builtIn] = createProviders({ model: "openai-compatible:http://127.0.0.1:9/v1|qwen" }).evidence ?? [];
  const gather = (prompt: string) => builtIn!.gather({ prompt, count: 10, grounding: "off" });

  it("gives a matched domain's cited distributions as excerpts with its citations", async () => {
    const evidence = await gather("30 registered nurses in the US");
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((item) => item.kind === "built-in" && item.url === undefined && item.excerpt.length <= 1_400)).toBe(true);
    const text = evidence.map((item) => item.excerpt).join("\n");
    expect(text).toMatch(/setting \(Work setting\): hospital 60%, ambulatory care 18%/);
    expect(text).toMatch(/age \(Age\) when age_band=21-29: 21–29, mean 25, sd [\d.]+, whole numbers/);
    expect(evidence[0]?.citations?.some((citation) => /Bureau of Labor Statistics/.test(citation))).toBe(true);
  });

  it("gives the composed, cited data for a prompt no built-in domain covers, and never an uncited excerpt", async () => {
    for (const prompt of ["Dairy farmers in New Zealand", "Knights and merchants in a medieval fantasy kingdom"]) {
      const evidence = await gather(prompt);
      expect(evidence.length, prompt).toBeGreaterThan(0);
      expect(evidence.every((item) => item.kind === "built-in" && (item.citations?.length ?? 0) > 0), prompt).toBe(true);
    }
    expect((await gather("Dairy farmers in New Zealand")).map((item) => item.excerpt).join("\n")).toMatch(/New Zealand/);
  });
});
