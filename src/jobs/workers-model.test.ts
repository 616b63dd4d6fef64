/**
 * Populations and enhancements on a language model, end to end: `DRAMATIS_MODEL` (and
 * `DRAMATIS_SEARCH`) read as the server reads them, a real app with its queue and workers, the real
 * AI SDK against scripted model servers on 127.0.0.1 (OpenAI-compatible chat completions and the
 * Anthropic Messages API) and a scripted SearXNG. Covers usage on polls and in the summary, the
 * blueprint cache, checkpointed batches across a retry, and honest failure.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { summariseUsage } from "../billing/usage.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Persona } from "../engine/persona.ts";
import { startScriptedSearchServer, type ScriptedSearchServer } from "../grounding/testing/scripted-search-server.ts";
import { BAKER_SKETCH, DAIRY_SEARCH_QUERIES, dataBlockOf, populationCallKind, scriptedPopulationModel } from "../llm/population/testing/scripted-population.ts";
import { startScriptedAnthropicServer, type ScriptedAnthropicServer } from "../llm/testing/scripted-anthropic-server.ts";
import { conversationOfChat, startScriptedChatServer, type ScriptedChatServer, type ScriptedConversation } from "../llm/testing/scripted-chat-server.ts";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";

/** No built-in domain covers it: everything comes from the model. */
const PROMPT = "Dairy farmers in New Zealand";
const POPULATION = "/v1/personas/repositories/Population/by-id";


/** The settings a server reads from these environment variables (and nothing of the machine's). */
function settingsFrom(env: Record<string, string>): Partial<Config> {
  const { model, openaiApiKey, openaiBaseUrl, anthropicApiKey, anthropicBaseUrl, writerModel, writerBatchSize, search, tavilyApiKey, braveApiKey } = loadConfig(env);
  return { model, openaiApiKey, openaiBaseUrl, anthropicApiKey, anthropicBaseUrl, writerModel, writerBatchSize, search, tavilyApiKey, braveApiKey };
}

let chat: ScriptedChatServer;
let search: ScriptedSearchServer;
let app: TestApp;

function callsOf(kind: string): ScriptedConversation[] {
  return chat.requests.map((request) => conversationOfChat(request.body)).filter((conversation) => populationCallKind(conversation) === kind);
}
/** The persona indexes of each write request, in the order they were asked. */
function writeRequests(): number[][] {
  return callsOf("write").map((conversation) => dataBlockOf<Array<{ index: number }>>(conversation, "personas to write (their sampled fields)", "first")?.map((persona) => persona.index) ?? []);
}
const structured = (personas: Persona[]) => personas.map(({ fields }) => [fields.region, fields.role, fields.herd_size, fields.age, fields.years_farming]);

/** Model calls the polls of this app have reported so far (the usage summary must add up to it). */
let reportedCalls = 0;

async function generate(body: Record<string, unknown>) {
  const started = await app.request("POST", "/v1/personas/actions/generate", body);
  expect(started.status).toBe(200);
  const poll = await pollUntilDone(app, `${POPULATION}/${started.body.id}`, 120_000);
  reportedCalls += poll.usage?.calls ?? 0;
  return { id: started.body.id as string, poll };
}

beforeAll(async () => {
  chat = await startScriptedChatServer((request) => scriptedPopulationModel(conversationOfChat(request)));
  search = await startScriptedSearchServer();
  app = await startTestApp(settingsFrom({ DRAMATIS_MODEL: `openai-compatible:${chat.baseUrl}|scripted-model`, DRAMATIS_SEARCH: `searxng:${search.baseUrl}` }));
});
afterAll(async () => {
  await app?.close();
  await chat?.close();
  await search?.close();
});
beforeEach(() => {
  chat.requests.length = 0;
  search.requests.length = 0;
  chat.setScript((request) => scriptedPopulationModel(conversationOfChat(request)));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("DRAMATIS_MODEL=openai-compatible:<url>|<model> drives populations through the API", () => {
  let first: { id: string; poll: any };

  it("generates a population no built-in domain covers: the model's blueprint, batched texts with a voice, usage on the poll", async () => {
    const stored = vi.spyOn(app.context.jobs, "storeBatch");
    first = await generate({ prompt: PROMPT, count: 25, seed: 11 });
    const { poll } = first;

    expect(poll.status).toBe("succeeded");
    expect(poll.result.blueprint.domain).toBe("new_zealand_dairy_farmer");
    // The built-in evidence the model was given (what the offline modeller composes) is cited, then the model.
    expect(poll.result.blueprint.sources.at(-1)).toBe("model knowledge");
    expect(poll.result.personas).toHaveLength(25);
    expect(poll.result.personas.every((persona: Persona) => persona.fields.country === "New Zealand")).toBe(true);
    expect(poll.result.personas[0].system_prompt).toMatch(/\n\nHow you speak \(how they speak\): .+\n\nHow to behave:/);
    // Usage is the poll's, not part of the spec's population.
    expect(poll.result).not.toHaveProperty("usage");
    expect(poll.usage).toEqual({ calls: 5, prompt_tokens: 500, completion_tokens: 100, model: "openai-compatible:scripted-model" });
    expect([callsOf("design").length, callsOf("fixed-attributes").length, writeRequests().length]).toEqual([1, 1, 3]);
    // `produced` moves as each batch of 10 lands: each is stored and counted as it lands.
    const produced = await Promise.all(stored.mock.results.map((result) => result.value as Promise<{ produced: number }>));
    expect(produced.map((outcome) => outcome.produced).sort((a, b) => a - b)).toEqual([10, 20, 25]);
    // Priced as before: one credit per persona at grounding off.
    const ledger = await app.context.accounts.ledger(app.devAccount.id);
    expect(ledger.find((entry) => entry.jobId === first.id && entry.kind === "charge")?.delta).toBe(-25);
  });

  it("reuses the cached blueprint for the same prompt, grounding and model: no modeller call, the same structured fields for the same seed", async () => {
    const again = await generate({ prompt: PROMPT, count: 25, seed: 11 });
    expect(again.poll.status).toBe("succeeded");
    expect([callsOf("design").length, callsOf("fixed-attributes").length, writeRequests().length]).toEqual([0, 0, 3]);
    expect(structured(again.poll.result.personas)).toEqual(structured(first.poll.result.personas));
    expect(again.poll.usage.calls).toBe(3);

    // Another grounding level is another design.
    chat.requests.length = 0;
    await generate({ prompt: PROMPT, count: 2, seed: 11, grounding: "web" });
    expect(callsOf("design")).toHaveLength(1);
  });

  it("grounds `web` populations in the configured SearXNG and cites exactly what it retrieved", async () => {
    search.setResults((query) => [{ title: `Figures: ${query}`, url: `https://figures.example/${encodeURIComponent(query)}`, snippet: "Waikato holds 35% of herds." }]);
    const { poll } = await generate({ prompt: `${PROMPT}, searched`, count: 3, seed: 2, grounding: "web" });
    expect(poll.status).toBe("succeeded");
    expect(search.requests.map((request) => request.query)).toEqual(DAIRY_SEARCH_QUERIES);
    const searched = DAIRY_SEARCH_QUERIES.map((query) => `https://figures.example/${encodeURIComponent(query)}`);
    expect(poll.result.blueprint.sources).toEqual(expect.arrayContaining(searched));
    expect(poll.result.blueprint.sources.at(-1)).toBe("model knowledge");
    expect(poll.usage.calls).toBe(4);
  });

  it("enhances a sketch with the model, keeping its facts, with usage on the poll", async () => {
    const started = await app.request("POST", "/v1/personas/actions/enhance", { persona: BAKER_SKETCH });
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Enhancement/by-id/${started.body.id}`, 60_000);
    expect(poll.status).toBe("succeeded");
    expect(poll.persona.fields).toMatchObject({ name: "Maria Okafor", age: "34", location: "Porto, Portugal" });
    expect(poll.persona.system_prompt).toMatch(/^You are Maria Okafor, a baker in Porto\./);
    expect(poll.persona.system_prompt).toContain("How you speak (how she speaks): Warm, quick");
    expect(poll.usage).toEqual({ calls: 1, prompt_tokens: 100, completion_tokens: 20, model: "openai-compatible:scripted-model" });
    reportedCalls += poll.usage.calls;
  });

  it("fails a population honestly when the model keeps answering 500: provider_error, no queue retry of paid calls, refunded, cause logged", async () => {
    chat.setScript(() => ({ status: 500, error: "the scripted model is down" }));
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { id, poll } = await generate({ prompt: `${PROMPT}, failing`, count: 4, seed: 1 });

    expect(poll).toMatchObject({ status: "failed", error: "provider_error", result: null });
    const row = (await app.context.jobs.getPopulation(id))!;
    expect(row.attempts).toBe(1);
    // The part's own retries (1 + 3), and no second attempt by the queue.
    expect(callsOf("design")).toHaveLength(4);
    const ledger = await app.context.accounts.ledger(app.devAccount.id);
    expect(ledger.filter((entry) => entry.jobId === id && entry.kind === "refund")).toHaveLength(1);
    const line = logged.mock.calls.map((call) => String(call[0])).find((text) => text.includes(id));
    expect(line).toMatch(/failed \(provider_error\): .*design: .*500.*the scripted model is down.*\(4 attempts\)/);
  });

  it("resumes a population whose attempt failed mid-way after its last stored batch: the retry asks the model only for the missing batch", async () => {
    const prompt = `${PROMPT}, resumed`;
    const storeBatch = app.context.jobs.storeBatch.bind(app.context.jobs);
    const stored = new Map<number, Persona[]>();
    let othersLanded: () => void = () => undefined;
    const bothStored = new Promise<void>((resolve) => (othersLanded = resolve));
    // The first attempt stores batches 0 and 10, then storing batch 20 fails (the store, not the
    // model: the queue retries it).
    vi.spyOn(app.context.jobs, "storeBatch").mockImplementation(async (id, startIndex, personas) => {
      if (startIndex === 20 && !stored.has(20)) {
        stored.set(20, []);
        throw new Error("Connection terminated unexpectedly");
      }
      const outcome = await storeBatch(id, startIndex, personas);
      stored.set(startIndex, personas as Persona[]);
      if (stored.has(0) && stored.has(10)) othersLanded();
      return outcome;
    });
    chat.setScript(async (request) => {
      const conversation = conversationOfChat(request);
      const firstIndex = dataBlockOf<Array<{ index: number }>>(conversation, "personas to write (their sampled fields)", "first")?.[0]?.index;
      if (populationCallKind(conversation) === "write" && firstIndex === 20) await bothStored;
      return scriptedPopulationModel(conversation);
    });

    const { id, poll } = await generate({ prompt, count: 30, seed: 5 });
    expect(poll.status).toBe("succeeded");
    const row = (await app.context.jobs.getPopulation(id))!;
    // The population's shard was retried, not the population (designed and sampled once).
    const [shardId] = await app.context.jobs.shardIds(id);
    expect([row.attempts, (await app.context.jobs.getShard(shardId!))?.attempts]).toEqual([1, 2]);
    // Designed once (the retry took the checkpointed blueprint); batch 20 written once per attempt.
    expect(callsOf("design")).toHaveLength(1);
    expect(writeRequests().map((indexes) => indexes[0]).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([0, 10, 20, 20]);
    expect(poll.result.personas.slice(0, 20)).toEqual([...(stored.get(0) ?? []), ...(stored.get(10) ?? [])]);
    expect(new Set(poll.result.personas.map((persona: Persona) => persona.fields.name)).size).toBe(30);
    // Every stored persona counted once, over both attempts.
    expect(row.produced).toBe(30);
    // Every paid call counted, both attempts; the stored batches are the population's personas now,
    // and the blueprint checkpoint is gone once the population is done.
    expect(poll.usage.calls).toBe(6);
    expect([...(await app.context.jobs.storedBatches(id)).keys()].sort((a, b) => a - b)).toEqual([0, 10, 20]);
    expect(row.blueprint).toBeNull();
  });

  it("adds up model calls and tokens per model for the usage summary", async () => {
    const since = new Date(Date.now() - 30 * 86_400_000);
    const perModel = await app.context.jobs.modelUsageSince(app.devAccount.id, since);
    expect(perModel).toEqual([{ model: "openai-compatible:scripted-model", calls: reportedCalls, prompt_tokens: reportedCalls * 100, completion_tokens: reportedCalls * 20 }]);
    const summary = summariseUsage(await app.context.accounts.billingEntriesSince(app.devAccount.id, since), new Date(), perModel);
    expect(summary.model_usage).toEqual({ calls: reportedCalls, prompt_tokens: reportedCalls * 100, completion_tokens: reportedCalls * 20, per_model: perModel });
    // The route answers the same, additively beside the spec's keys.
    const route = await app.request("POST", "/v1/credits/projections/usage-summary", {});
    expect(route.status).toBe(200);
    expect(route.body.model_usage).toEqual(summary.model_usage);
    expect(route.body).toMatchObject({ total_calls: expect.any(Number), per_component: expect.any(Array), daily_series: expect.any(Array) });
  });
});

describe("DRAMATIS_MODEL=anthropic:<model> with ANTHROPIC_BASE_URL", () => {
  let anthropic: ScriptedAnthropicServer;
  let anthropicApp: TestApp;
  beforeAll(async () => {
    anthropic = await startScriptedAnthropicServer((_request, conversation) => scriptedPopulationModel(conversation));
    anthropicApp = await startTestApp(
      settingsFrom({ DRAMATIS_MODEL: "anthropic:claude-sonnet-4-5", ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.baseUrl }),
    );
  });
  afterAll(async () => {
    await anthropicApp?.close();
    await anthropic?.close();
  });

  it("generates a population over the Messages API", async () => {
    const started = await anthropicApp.request("POST", "/v1/personas/actions/generate", { prompt: PROMPT, count: 12, seed: 3 });
    const poll = await pollUntilDone(anthropicApp, `${POPULATION}/${started.body.id}`, 120_000);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.personas).toHaveLength(12);
    expect(poll.result.blueprint.fields.find((field: { name: string }) => field.name === "herd_size")?.ordered_values).toEqual(["small", "medium", "large"]);
    expect(anthropic.requests).toHaveLength(4);
    expect(poll.usage).toMatchObject({ calls: 4, model: "anthropic:claude-sonnet-4-5" });
  });
});
