/**
 * Populations on a language model, end to end through the pipeline: the LLM modeller, writer and
 * query planner against scripted model servers on 127.0.0.1 (OpenAI-compatible and Anthropic), and
 * search grounding against a scripted search server (SearXNG, Tavily and Brave protocols).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelFailureError, type EvidenceSource } from "../engine/ports.ts";
import { BraveSearch } from "../grounding/brave.ts";
import { SearchEvidenceSource } from "../grounding/search-evidence.ts";
import type { SearchProvider } from "../grounding/search-provider.ts";
import { SearxngSearch } from "../grounding/searxng.ts";
import { TavilySearch } from "../grounding/tavily.ts";
import { startScriptedSearchServer, type ScriptedSearchServer } from "../grounding/testing/scripted-search-server.ts";
import { createLanguageModel } from "../llm/model.ts";
import { createLlmPopulationParts, type LlmPopulationParts } from "../llm/population/index.ts";
import { DAIRY_FIXED_ATTRIBUTES, dairyFarmerBlueprint, dataBlockOf, json, populationCallKind, answerWrite, writtenPersona } from "../llm/population/testing/scripted-population.ts";
import { startScriptedAnthropicServer, type ScriptedAnthropicServer } from "../llm/testing/scripted-anthropic-server.ts";
import { conversationOfChat, startScriptedChatServer, type ScriptedAnswer, type ScriptedChatServer, type ScriptedConversation } from "../llm/testing/scripted-chat-server.ts";
import { enhancePersona } from "./enhance.ts";
import { generatePopulation, type GenerateProgress } from "./generate.ts";
import { UsageTally } from "./usage.ts";

const PROMPT = "Dairy farmers in New Zealand";

/** A model that designs the dairy blueprint, lists its fixed place, plans two searches and writes consistent personas. */
function populationModel(conversation: ScriptedConversation): ScriptedAnswer {
  switch (populationCallKind(conversation)) {
    case "design":
      return json(dairyFarmerBlueprint());
    case "fixed-attributes":
      return json(DAIRY_FIXED_ATTRIBUTES);
    case "plan-search":
      return json({ queries: ["new zealand dairy farm regions share", "new zealand dairy farmer age"] });
    case "write":
      return answerWrite(conversation);
    default:
      return { status: 500, error: "unexpected call" };
  }
}

let chat: ScriptedChatServer;
let anthropic: ScriptedAnthropicServer;
let search: ScriptedSearchServer;

function partsOn(spec: string, settings: Record<string, string> = {}): LlmPopulationParts {
  return createLlmPopulationParts({ model: createLanguageModel({ model: spec, ...settings }), timeoutMs: 5_000, maxRetries: 0 });
}
const chatParts = () => partsOn(`openai-compatible:${chat.baseUrl}|scripted-model`);

function callsOf(kind: string): ScriptedConversation[] {
  return chat.requests.map((request) => conversationOfChat(request.body)).filter((conversation) => populationCallKind(conversation) === kind);
}

beforeAll(async () => {
  chat = await startScriptedChatServer((request) => populationModel(conversationOfChat(request)));
  anthropic = await startScriptedAnthropicServer((_request, conversation) => populationModel(conversation));
  search = await startScriptedSearchServer();
});
afterAll(async () => {
  await chat?.close();
  await anthropic?.close();
  await search?.close();
});
beforeEach(() => {
  chat.requests.length = 0;
  anthropic.requests.length = 0;
  search.requests.length = 0;
  chat.setScript((request) => populationModel(conversationOfChat(request)));
  search.setResults((query) => [
    { title: `Figures: ${query}`, url: `https://figures.example/${encodeURIComponent(query)}`, snippet: "Waikato holds 35% of herds; median age 52." },
    { title: "DairyNZ statistics", url: "https://www.dairynz.co.nz/statistics", snippet: "4,900 herds" },
  ]);
});

describe("generatePopulation with a language model", () => {
  it("generates a population no built-in domain covers: blueprint, batched texts, voice in the system prompt, reports, usage", async () => {
    const parts = chatParts();
    const progress: GenerateProgress[] = [];
    const landed: number[] = [];
    const result = await generatePopulation(
      { prompt: PROMPT, count: 25, grounding: "off", seed: 11 },
      { modeller: parts.modeller, writer: parts.writer, evidence: [] },
      { onProgress: (step) => void progress.push(step), onBatch: (personas, start) => void landed.push(start, personas.length) },
    );

    expect(result.blueprint.domain).toBe("new_zealand_dairy_farmer");
    expect(result.blueprint.sources).toEqual(["model knowledge"]);
    expect(result.personas).toHaveLength(25);
    expect(result.personas.map((persona) => persona.persona_id).slice(0, 2)).toEqual(["p0001", "p0002"]);
    expect(new Set(result.personas.map((persona) => persona.fields.name)).size).toBe(25);
    for (const persona of result.personas) {
      expect(persona.fields.country).toBe("New Zealand");
      expect(Object.values(persona.fields).every((value) => typeof value === "string" && value !== "")).toBe(true);
      expect(persona.system_prompt).toContain(persona.fields.voice as string);
    }
    expect(result.marginals?.map((marginal) => marginal.attribute)).toEqual(["country", "region", "role"]);
    expect(result.diversity?.duplicate_pairs).toBe(0);

    // Ten personas per writer call; progress moves as each batch lands.
    expect(callsOf("write").map((conversation) => dataBlockOf<unknown[]>(conversation, "personas to write (their sampled fields)")?.length).sort()).toEqual([10, 10, 5]);
    expect(landed.length).toBe(6);
    const produced = progress.filter((step) => step.phase === "generating").map((step) => step.produced);
    expect(produced[0]).toBe(0);
    expect(produced.slice(1)).toHaveLength(3);
    expect(produced.at(-1)).toBe(25);
    expect(progress.at(-1)).toEqual({ phase: "complete", produced: 25, total: 25 });
    expect(result.usage).toEqual({ calls: 5, prompt_tokens: 500, completion_tokens: 100 });
  });

  it("generates over the Anthropic Messages API as well", async () => {
    const parts = partsOn("anthropic:claude-sonnet-4-5", { anthropicApiKey: "test-key", anthropicBaseUrl: anthropic.baseUrl });
    const result = await generatePopulation({ prompt: PROMPT, count: 12, grounding: "off", seed: 3 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] });
    expect(result.personas).toHaveLength(12);
    expect(result.blueprint.fields.find((field) => field.name === "herd_size")?.ordered_values).toEqual(["small", "medium", "large"]);
    expect(anthropic.requests).toHaveLength(4);
    expect(anthropic.requests.every((request) => request.output_config?.format?.type === "json_schema")).toBe(true);
  });

  it("samples the same structured fields for the same seed, whatever the model writes", async () => {
    const parts = chatParts();
    const structured = async () =>
      (await generatePopulation({ prompt: PROMPT, count: 12, grounding: "off", seed: 5 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] })).personas.map(
        ({ fields }) => [fields.region, fields.role, fields.herd_size, fields.age, fields.years_farming],
      );
    expect(await structured()).toEqual(await structured());
  });

  it("says so in sources when web grounding is asked for and no search provider is configured", async () => {
    const parts = chatParts();
    const result = await generatePopulation({ prompt: PROMPT, count: 3, grounding: "web", seed: 1 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] });
    expect(result.blueprint.sources).toEqual(["model knowledge", "grounding=web requested: no search provider configured; model knowledge used"]);
    expect(callsOf("design")[0]?.messages[0]?.text).toContain("No evidence was retrieved");
  });

  it("fails the job with a typed provider error when a writer batch cannot be written, and still reports what was spent", async () => {
    chat.setScript((request) => {
      const conversation = conversationOfChat(request);
      if (populationCallKind(conversation) !== "write") return populationModel(conversation);
      return answerWrite(conversation, (index, values, fields) => ({ ...writtenPersona(index, values, fields), backstory: "A 130-year-old." }));
    });
    const parts = chatParts();
    const spent = new UsageTally();
    const failure = await generatePopulation({ prompt: PROMPT, count: 30, grounding: "off", seed: 2 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] }, { usage: spent }).catch((error: unknown) => error);
    expect(ModelFailureError.isInstance(failure)).toBe(true);
    expect((failure as ModelFailureError).category).toBe("provider_error");
    expect((failure as ModelFailureError).stage).toBe("write");
    expect(spent.calls).toBeGreaterThanOrEqual(5);
  });
});

describe("search grounding", () => {
  const providers: Array<[string, () => SearchProvider]> = [
    ["SearXNG", () => new SearxngSearch({ baseUrl: search.baseUrl })],
    ["Tavily", () => new TavilySearch({ apiKey: search.apiKey, baseUrl: search.baseUrl })],
    ["Brave", () => new BraveSearch({ apiKey: search.apiKey, baseUrl: search.baseUrl })],
  ];

  it.each(providers)("%s: the modeller gets the evidence and sources list exactly the retrieved URLs", async (_name, make) => {
    const parts = chatParts();
    const evidence: EvidenceSource[] = [new SearchEvidenceSource(make(), parts.queryPlanner)];
    const result = await generatePopulation({ prompt: PROMPT, count: 5, grounding: "web", seed: 9 }, { modeller: parts.modeller, writer: parts.writer, evidence });

    const retrieved = [
      "https://figures.example/new%20zealand%20dairy%20farm%20regions%20share",
      "https://www.dairynz.co.nz/statistics",
      "https://figures.example/new%20zealand%20dairy%20farmer%20age",
    ];
    expect(search.requests.map((request) => request.query)).toEqual(["new zealand dairy farm regions share", "new zealand dairy farmer age"]);
    expect(result.blueprint.sources).toEqual([...retrieved, "model knowledge"]);
    const shown = dataBlockOf<Array<{ id: string; url: string }>>(callsOf("design")[0] as ScriptedConversation, "evidence retrieved for this population");
    expect(shown?.map((item) => item.url)).toEqual(retrieved);
    // The planner saw the prompt only as data.
    expect(dataBlockOf<{ prompt: string }>(callsOf("plan-search")[0] as ScriptedConversation, "population prompt")).toEqual({ prompt: PROMPT });
    expect(result.usage?.calls).toBe(4);
  });

  it("says so in sources when every search fails", async () => {
    const parts = chatParts();
    const evidence = [new SearchEvidenceSource(new TavilySearch({ apiKey: "wrong-key", baseUrl: search.baseUrl }), parts.queryPlanner)];
    const result = await generatePopulation({ prompt: PROMPT, count: 3, grounding: "web", seed: 9 }, { modeller: parts.modeller, writer: parts.writer, evidence });
    expect(result.blueprint.sources).toEqual([
      "model knowledge",
      `grounding=web requested: search failed (tavily at ${search.baseUrl}: every search failed (2): tavily answered 401: {"detail":{"error":"Unauthorized: missing or invalid API key."}}); model knowledge used`,
    ]);
  });

  it("gives built-in evidence to the modeller at every level, and cites it", async () => {
    const parts = chatParts();
    const builtIn: EvidenceSource = {
      name: "built-in domains",
      kind: "built-in",
      gather: async () => [{ kind: "built-in", title: "Registered nurses (US)", excerpt: "setting: hospital 60%…", citations: ["U.S. Bureau of Labor Statistics, OOH, 2024"] }],
    };
    const result = await generatePopulation({ prompt: PROMPT, count: 3, grounding: "research", seed: 9 }, { modeller: parts.modeller, writer: parts.writer, evidence: [builtIn] });
    expect(result.blueprint.sources).toEqual([
      "U.S. Bureau of Labor Statistics, OOH, 2024",
      "model knowledge",
      "grounding=research requested: no search provider configured; built-in reference data and model knowledge used",
    ]);
  });
});

describe("enhancePersona with a language model", () => {
  it("renders the enhanced persona with its label and voice, and reports usage", async () => {
    chat.setScript(() =>
      json({
        label: "baker in Porto",
        fields: [
          { name: "name", kind: "text", value: "Maria Okafor", description: "full name", unit: null },
          { name: "age", kind: "numeric", value: "34", description: "age", unit: "years" },
          { name: "voice", kind: "text", value: "Warm and quick; talks about dough like a living thing.", description: "how she speaks", unit: null },
        ],
      }),
    );
    const spent = new UsageTally();
    const persona = await enhancePersona({ sketch: "Maria Okafor, 34, baker.", grounding: "off", seed: 1 }, { enhancer: chatParts().enhancer }, { usage: spent });
    expect(persona.system_prompt).toMatch(/^You are Maria Okafor, a baker in Porto\./);
    expect(persona.system_prompt).toContain("talks about dough like a living thing");
    expect(persona.markdown).toContain("| Age | 34 years |");
    expect(spent.snapshot()).toEqual({ calls: 1, prompt_tokens: 100, completion_tokens: 20 });
  });
});
