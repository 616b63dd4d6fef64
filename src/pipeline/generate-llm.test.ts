/**
 * Populations on a language model, end to end through the pipeline: the LLM modeller, writer and
 * query planner against scripted model servers on 127.0.0.1 (OpenAI-compatible and Anthropic), and
 * search grounding against a scripted search server (SearXNG, Tavily and Brave protocols).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import { ModelFailureError, type EvidenceSource } from "../engine/ports.ts";
import { createProviders } from "../providers.ts";
import { BraveSearch } from "../grounding/brave.ts";
import { SearchEvidenceSource } from "../grounding/search-evidence.ts";
import type { SearchProvider } from "../grounding/search-provider.ts";
import { SearxngSearch } from "../grounding/searxng.ts";
import { TavilySearch } from "../grounding/tavily.ts";
import { startScriptedSearchServer, type ScriptedSearchServer } from "../grounding/testing/scripted-search-server.ts";
import { createLanguageModel } from "../llm/model.ts";
import { createLlmPopulationParts, type LlmPopulationParts } from "../llm/population/index.ts";
import { answerWrite, dataBlockOf, json, latestUserText, populationCallKind, scriptedPopulationModel, writtenPersona } from "../llm/population/testing/scripted-population.ts";
import { startScriptedAnthropicServer, type ScriptedAnthropicServer } from "../llm/testing/scripted-anthropic-server.ts";
import { conversationOfChat, startScriptedChatServer, type ScriptedChatServer, type ScriptedConversation } from "../llm/testing/scripted-chat-server.ts";
import { enhancePersona } from "./enhance.ts";
import { generatePopulation, type GenerateProgress } from "./generate.ts";
import { UsageTally } from "./usage.ts";

const PROMPT = "Dairy farmers in New Zealand";


let chat: ScriptedChatServer;
let anthropic: ScriptedAnthropicServer;
let search: ScriptedSearchServer;

// Each call's bound, not something tested: a loaded machine took over 5 s for a scripted answer,
// and the query planner's timeout then searched for the prompt's words instead of its queries.
function partsOn(spec: string, settings: Record<string, string> = {}): LlmPopulationParts {
  return createLlmPopulationParts({ model: createLanguageModel({ model: spec, ...settings }), timeoutMs: 60_000, maxRetries: 0 });
}

// Each test asks for a model of its own name, and counts only the calls that name it: a call an
// earlier test left in flight (a batch its failed population aborted) can reach the shared server
// after this test has begun, and must not count as this test's.
let testNumber = 0;
let modelName = "";
const chatParts = () => partsOn(`openai-compatible:${chat.baseUrl}|${modelName}`);

function callsOf(kind: string): ScriptedConversation[] {
  return chat.requests
    .filter((request) => request.body.model === modelName)
    .map((request) => conversationOfChat(request.body))
    .filter((conversation) => populationCallKind(conversation) === kind);
}

beforeAll(async () => {
  chat = await startScriptedChatServer((request) => scriptedPopulationModel(conversationOfChat(request)));
  anthropic = await startScriptedAnthropicServer((_request, conversation) => scriptedPopulationModel(conversation));
  search = await startScriptedSearchServer();
});
afterAll(async () => {
  await chat?.close();
  await anthropic?.close();
  await search?.close();
});
beforeEach(() => {
  testNumber += 1;
  modelName = `scripted-model-${testNumber}`;
  chat.requests.length = 0;
  anthropic.requests.length = 0;
  search.requests.length = 0;
  chat.setScript((request) => scriptedPopulationModel(conversationOfChat(request)));
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

  it("counts only this test's calls: one another test's model makes meanwhile is not among them", async () => {
    const parts = chatParts();
    const elsewhere = partsOn(`openai-compatible:${chat.baseUrl}|another-test-model`);
    await elsewhere.modeller.design({ prompt: PROMPT, count: 2, grounding: "off", seed: 1 });
    await generatePopulation({ prompt: PROMPT, count: 2, grounding: "off", seed: 1 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] });
    expect(chat.requests.filter((request) => populationCallKind(conversationOfChat(request.body)) === "design")).toHaveLength(2);
    expect(callsOf("design")).toHaveLength(1);
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
      if (populationCallKind(conversation) !== "write") return scriptedPopulationModel(conversation);
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

describe("resuming a population from its stored batches", () => {
  /** The write requests' persona indexes, batch by batch. */
  const writtenIndexes = () => callsOf("write").map((conversation) => dataBlockOf<Array<{ index: number }>>(conversation, "personas to write (their sampled fields)", "first")?.map((persona) => persona.index) ?? []);

  it("after the writer fails mid-population, a retry with the stored blueprint and batches asks the model only for the missing batches", async () => {
    // First attempt: the batch starting at persona 20 fails (a 500) once the other two have landed.
    const stored = new Map<number, Persona[]>();
    let othersLanded: () => void = () => undefined;
    const bothStored = new Promise<void>((resolve) => (othersLanded = resolve));
    chat.setScript(async (request) => {
      const conversation = conversationOfChat(request);
      const first = dataBlockOf<Array<{ index: number }>>(conversation, "personas to write (their sampled fields)", "first")?.[0]?.index;
      if (populationCallKind(conversation) !== "write" || first !== 20) return scriptedPopulationModel(conversation);
      await bothStored;
      return { status: 500, error: "upstream overloaded" };
    });
    const parts = chatParts();
    let checkpoint: Blueprint | undefined;
    const failure = await generatePopulation(
      { prompt: PROMPT, count: 30, grounding: "off", seed: 21 },
      { modeller: parts.modeller, writer: parts.writer, evidence: [] },
      {
        onBlueprint: (blueprint) => void (checkpoint = blueprint),
        onBatch: (personas, start) => {
          stored.set(start, [...personas]);
          if (stored.size === 2) othersLanded();
        },
      },
    ).catch((error: unknown) => error);
    expect(ModelFailureError.isInstance(failure)).toBe(true);
    expect([...stored.keys()].sort()).toEqual([0, 10]);

    // The retry: no design, and only the batch that never landed is written.
    chat.requests.length = 0;
    chat.setScript((request) => scriptedPopulationModel(conversationOfChat(request)));
    const progress: GenerateProgress[] = [];
    const result = await generatePopulation(
      { prompt: PROMPT, count: 30, grounding: "off", seed: 21 },
      { modeller: parts.modeller, writer: parts.writer, evidence: [] },
      { blueprint: checkpoint, writtenBatches: stored, onProgress: (step) => void progress.push(step) },
    );
    expect(callsOf("design")).toHaveLength(0);
    expect(writtenIndexes()).toEqual([[20, 21, 22, 23, 24, 25, 26, 27, 28, 29]]);
    expect(result.personas.slice(0, 20)).toEqual([...(stored.get(0) ?? []), ...(stored.get(10) ?? [])]);
    expect(progress.filter((step) => step.phase === "generating").map((step) => step.produced)).toEqual([20, 30]);
    expect(result.usage).toEqual({ calls: 1, prompt_tokens: 100, completion_tokens: 20 });

    // The same structured fields an uninterrupted run samples.
    chat.requests.length = 0;
    const uninterrupted = await generatePopulation({ prompt: PROMPT, count: 30, grounding: "off", seed: 21 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] }, { blueprint: checkpoint });
    const structured = (personas: Persona[]) => personas.map(({ fields }) => [fields.region, fields.role, fields.herd_size, fields.age, fields.years_farming]);
    expect(structured(result.personas)).toEqual(structured(uninterrupted.personas));
  });

  it("shows the writer the names already written, so a resumed batch cannot reuse one", async () => {
    const parts = chatParts();
    const first = await generatePopulation({ prompt: PROMPT, count: 20, grounding: "off", seed: 4 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] });
    const stored = new Map([[0, first.personas.slice(0, 10)]]);
    const takenName = first.personas[0]?.fields.name as string;
    // The model's first draft of persona 10 reuses persona 0's name.
    chat.requests.length = 0;
    chat.setScript((request) => {
      const conversation = conversationOfChat(request);
      if (populationCallKind(conversation) !== "write") return scriptedPopulationModel(conversation);
      return answerWrite(conversation, (index, values, fields) => {
        const texts = writtenPersona(index, values, fields);
        return index === 10 && !latestUserText(conversation).includes("your previous texts") ? { ...texts, name: takenName } : texts;
      });
    });
    const resumed = await generatePopulation(
      { prompt: PROMPT, count: 20, grounding: "off", seed: 4 },
      { modeller: parts.modeller, writer: parts.writer, evidence: [] },
      { blueprint: first.blueprint, writtenBatches: stored },
    );
    expect(writtenIndexes()).toEqual([[10, 11, 12, 13, 14, 15, 16, 17, 18, 19], [10]]);
    expect(dataBlockOf<string[]>(callsOf("write")[0] as ScriptedConversation, "names already used in this population (do not reuse)")).toContain(takenName);
    expect(new Set(resumed.personas.map((persona) => persona.fields.name)).size).toBe(20);
  });

  it("writes again a stored batch whose structured fields are not what this run samples (another seed)", async () => {
    const parts = chatParts();
    const other = await generatePopulation({ prompt: PROMPT, count: 10, grounding: "off", seed: 1 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] });
    chat.requests.length = 0;
    const result = await generatePopulation(
      { prompt: PROMPT, count: 10, grounding: "off", seed: 2 },
      { modeller: parts.modeller, writer: parts.writer, evidence: [] },
      { blueprint: other.blueprint, writtenBatches: new Map([[0, other.personas]]) },
    );
    expect(writtenIndexes()).toHaveLength(1);
    expect(result.blueprint.seed).toBe(2);
  });
});

describe("system prompts with a voice", () => {
  it("renders `voice` as its own section right before how to behave, and tells the persona to speak as it describes", async () => {
    const parts = chatParts();
    const [persona] = (await generatePopulation({ prompt: PROMPT, count: 1, grounding: "off", seed: 8 }, { modeller: parts.modeller, writer: parts.writer, evidence: [] })).personas;
    const sections = persona!.system_prompt.split("\n\n");
    const voice = sections.findIndex((section) => section.startsWith("How you speak (how they speak): "));
    expect(voice).toBeGreaterThan(0);
    expect(sections[voice]).toContain(persona!.fields.voice as string);
    expect(sections[voice + 1]).toMatch(/^How to behave:\n- Speak in the first person[^\n]*\n- Speak as the section on how you speak describes/);
    // Once: not also among the traits or the long sections.
    expect(persona!.system_prompt.split(persona!.fields.voice as string)).toHaveLength(2);
  });

  it("leaves offline system prompts as they were: populations have no voice; the offline enhancer's voice stays a field like the others", async () => {
    const offline = createProviders("offline");
    const { personas } = await generatePopulation({ prompt: "5 registered nurses in Ohio", count: 5, grounding: "off", seed: 3 }, offline);
    for (const persona of personas) {
      expect(persona.fields.voice).toBeUndefined();
      expect(persona.system_prompt).not.toMatch(/How you speak|Speak as the section/);
    }
    const enhanced = await enhancePersona({ sketch: "Sam is a 30-year-old support main. Friendly. Plays Thresh.", grounding: "off", seed: 3 }, offline);
    expect(enhanced.fields.voice).toBeTruthy();
    const voiceLine = enhanced.system_prompt.split("\n").find((line) => line.includes(enhanced.fields.voice as string));
    expect(voiceLine).toMatch(/^(- )?Voice: /);
    expect(enhanced.system_prompt).not.toMatch(/How you speak|Speak as the section/);
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

  it("says so in sources when every search fails, and marks the design as not lasting (checkpoint it, do not cache it)", async () => {
    const parts = chatParts();
    const evidence = [new SearchEvidenceSource(new TavilySearch({ apiKey: "wrong-key", baseUrl: search.baseUrl }), parts.queryPlanner)];
    const designs: Array<{ lasting: boolean }> = [];
    const result = await generatePopulation(
      { prompt: PROMPT, count: 3, grounding: "web", seed: 9 },
      { modeller: parts.modeller, writer: parts.writer, evidence },
      { onBlueprint: (_blueprint, design) => void designs.push(design) },
    );
    expect(result.blueprint.sources).toEqual([
      "model knowledge",
      `grounding=web requested: search failed (tavily at ${search.baseUrl}: every search failed (2): tavily answered 401: {"detail":{"error":"Unauthorized: missing or invalid API key."}}); model knowledge used`,
    ]);
    expect(designs).toEqual([{ lasting: false }]);

    // Search that works, or no search provider at all (a lasting condition), gives a lasting design.
    const working = [new SearchEvidenceSource(new TavilySearch({ apiKey: search.apiKey, baseUrl: search.baseUrl }), parts.queryPlanner)];
    for (const sources of [working, []]) {
      await generatePopulation({ prompt: PROMPT, count: 3, grounding: "web", seed: 9 }, { modeller: parts.modeller, writer: parts.writer, evidence: sources }, { onBlueprint: (_blueprint, design) => void designs.push(design) });
    }
    expect(designs).toEqual([{ lasting: false }, { lasting: true }, { lasting: true }]);
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
