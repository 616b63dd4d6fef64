/** The LLM writer against a scripted OpenAI-compatible server on 127.0.0.1. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Blueprint } from "../../engine/blueprint.ts";
import { ModelFailureError } from "../../engine/ports.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { createLanguageModel } from "../model.ts";
import { conversationOfChat, startScriptedChatServer, type ScriptedAnswer, type ScriptedChatServer, type ScriptedConversation } from "../testing/scripted-chat-server.ts";
import { PopulationModel } from "./population-model.ts";
import { answerWrite, dairyFarmerBlueprint, dataBlockOf, requestedIndexes, writtenPersona } from "./testing/scripted-population.ts";
import { blueprintFromWire } from "./wire-schemas.ts";
import { LlmWriter } from "./writer.ts";

let server: ScriptedChatServer;
const blueprint = blueprintFromWire(dairyFarmerBlueprint()).blueprint as Blueprint;
const PROMPT = "Dairy farmers in New Zealand";

function writeRequests(): ScriptedConversation[] {
  return server.requests.map((request) => conversationOfChat(request.body));
}

function personasAsked(conversation: ScriptedConversation): number[] {
  return (dataBlockOf<Array<{ index: number }>>(conversation, "personas to write (their sampled fields)") ?? []).map((persona) => persona.index);
}

function model(name = "scripted-model"): PopulationModel {
  const resolved = createLanguageModel({ model: `openai-compatible:${server.baseUrl}|${name}` });
  // A bound, not what is tested: a loaded machine can take seconds to answer.
  return new PopulationModel(resolved.model, resolved.description, { timeoutMs: 60_000, maxRetries: 0 });
}

beforeAll(async () => {
  server = await startScriptedChatServer((request) => answerWrite(conversationOfChat(request)));
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setScript((request) => answerWrite(conversationOfChat(request)));
});

describe("LlmWriter", () => {
  it("writes every text field of ten personas per call, agreeing with their sampled fields", async () => {
    const writer = new LlmWriter(model());
    expect(writer.maxBatchSize).toBe(10);
    const sampled = sampleStructured(blueprint, 25, 3);
    const session = writer.begin({ prompt: PROMPT, blueprint, seed: 1, count: 25 });
    const texts = [
      ...(await session.writeBatch(sampled.slice(0, 10), 0)),
      ...(await session.writeBatch(sampled.slice(10, 20), 10)),
      ...(await session.writeBatch(sampled.slice(20), 20)),
    ];
    expect(server.requests).toHaveLength(3);
    expect(texts).toHaveLength(25);
    expect(new Set(texts.map((text) => text.name)).size).toBe(25);
    for (const [index, text] of texts.entries()) {
      expect(Object.keys(text).sort()).toEqual(["backstory", "name", "voice"]);
      expect(text.backstory).toContain(`${sampled[index]?.age}-year-old`);
    }
    const first = writeRequests()[0] as ScriptedConversation;
    expect(personasAsked(first)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dataBlockOf<Array<{ index: number; values: Record<string, string> }>>(first, "personas to write (their sampled fields)")?.[0]?.values.age).toBe(`${sampled[0]?.age} years`);
    expect(first.system).toContain("a realistic full name for the persona's place, era, gender and birth cohort");
    // Later batches see the names already taken.
    expect(dataBlockOf<string[]>(writeRequests()[1] as ScriptedConversation, "names already used in this population (do not reuse)")).toHaveLength(10);
  });

  it("re-asks only the persona whose text contradicts its age, with the problem", async () => {
    server.setScript((request) => {
      const conversation = conversationOfChat(request);
      return answerWrite(conversation, (index, values, fields) => {
        const texts = writtenPersona(index, values, fields);
        return index === 3 && personasAsked(conversation).length > 1 ? { ...texts, backstory: `${texts.name}, a 99-year-old farmer.` } : texts;
      });
    });
    const sampled = sampleStructured(blueprint, 10, 5);
    const texts = await new LlmWriter(model()).begin({ prompt: PROMPT, blueprint, seed: 1, count: 10 }).writeBatch(sampled, 0);

    expect(server.requests).toHaveLength(2);
    const retry = writeRequests()[1] as ScriptedConversation;
    expect(personasAsked(retry)).toEqual([3]);
    expect(requestedIndexes(retry)).toEqual([3]);
    expect(retry.messages.at(-1)?.text).toContain(`- persona 3: backstory mentions age '99' but the persona's age is '${sampled[3]?.age}'`);
    expect(dataBlockOf<Array<{ index: number }>>(retry, "your previous texts for these personas")?.map((entry) => entry.index)).toEqual([3]);
    expect(texts[3]?.backstory).toContain(`${sampled[3]?.age}-year-old`);
  });

  it("keeps names unique in the population, whatever their case and accents", async () => {
    let calls = 0;
    server.setScript((request) => {
      calls += 1;
      const conversation = conversationOfChat(request);
      return answerWrite(conversation, (index, values, fields) => {
        const texts = writtenPersona(index, values, fields);
        return calls === 2 && index === 10 ? { ...texts, name: "ARÓHA  ngata" } : texts;
      });
    });
    const sampled = sampleStructured(blueprint, 12, 9);
    const session = new LlmWriter(model(), { batchSize: 10 }).begin({ prompt: PROMPT, blueprint, seed: 1, count: 12 });
    const first = await session.writeBatch(sampled.slice(0, 10), 0);
    expect(first[0]?.name).toBe("Aroha Ngata");
    const second = await session.writeBatch(sampled.slice(10), 10);
    expect(second[0]?.name).not.toMatch(/aroha/i);
    const retry = writeRequests()[2] as ScriptedConversation;
    expect(personasAsked(retry)).toEqual([10]);
    expect(retry.messages.at(-1)?.text).toContain("the name 'ARÓHA  ngata' is already used by another persona of this population");
  });

  it("re-asks an empty text field and a persona left out of the answer", async () => {
    let calls = 0;
    server.setScript((request) => {
      calls += 1;
      const conversation = conversationOfChat(request);
      if (calls > 1) return answerWrite(conversation);
      const answer = JSON.parse((answerWrite(conversation) as { content: string }).content) as { personas: Array<{ index: number; texts: Record<string, string> }> };
      answer.personas = answer.personas.filter((persona) => persona.index !== 2);
      (answer.personas[0] as { texts: Record<string, string> }).texts.voice = "  ";
      return { content: JSON.stringify(answer) };
    });
    const texts = await new LlmWriter(model()).begin({ prompt: PROMPT, blueprint, seed: 1, count: 4 }).writeBatch(sampleStructured(blueprint, 4, 1), 0);
    const retry = writeRequests()[1] as ScriptedConversation;
    expect(personasAsked(retry)).toEqual([0, 2]);
    expect(retry.messages.at(-1)?.text).toContain("- persona 0: `voice` is empty");
    expect(retry.messages.at(-1)?.text).toContain("- persona 2: not answered: write this persona");
    expect(texts.every((text) => text.voice?.trim())).toBe(true);
  });

  it("fails with a typed provider error after two rewrites of a persona that stays wrong", async () => {
    server.setScript((request) =>
      answerWrite(conversationOfChat(request), (index, values, fields) => ({ ...writtenPersona(index, values, fields), ...(index === 1 ? { backstory: "A 12-year-old." } : {}) })),
    );
    const failure = await new LlmWriter(model())
      .begin({ prompt: PROMPT, blueprint, seed: 1, count: 3 })
      .writeBatch(sampleStructured(blueprint, 3, 2), 0)
      .catch((error: unknown) => error);
    expect(ModelFailureError.isInstance(failure)).toBe(true);
    expect((failure as ModelFailureError).category).toBe("provider_error");
    expect((failure as ModelFailureError).message).toMatch(/^write: 1 persona\(s\) still failing after 2 rewrite\(s\): persona 1: backstory mentions age '12'/);
    expect(server.requests).toHaveLength(3);
  });

  it("drafts with the cheaper writer model and rewrites with the main model", async () => {
    server.setScript((request) => {
      const conversation = conversationOfChat(request);
      return answerWrite(conversation, (index, values, fields) => ({
        ...writtenPersona(index, values, fields),
        ...(request.model === "cheap-model" && index === 0 ? { backstory: "A 101-year-old." } : {}),
      }));
    });
    const writer = new LlmWriter(model("main-model"), { writerModel: model("cheap-model") });
    await writer.begin({ prompt: PROMPT, blueprint, seed: 1, count: 2 }).writeBatch(sampleStructured(blueprint, 2, 4), 0);
    expect(server.requests.map((request) => request.body.model)).toEqual(["cheap-model", "main-model"]);
  });

  it("asks nothing when the blueprint has no text field", async () => {
    const fields = blueprint.fields.filter((field) => field.kind !== "text");
    const structuredOnly: Blueprint = { ...blueprint, fields, order: fields.map((field) => field.name) };
    const texts = await new LlmWriter(model()).begin({ prompt: PROMPT, blueprint: structuredOnly, seed: 1, count: 2 }).writeBatch(sampleStructured(structuredOnly, 2, 1), 0);
    expect(texts).toEqual([{}, {}]);
    expect(server.requests).toHaveLength(0);
  });
});
