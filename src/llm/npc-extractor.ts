/**
 * The LLM extractor: after the pattern rules, the variables still unset that carry an
 * `extraction_prompt` are asked of the model in one call. The engine coerces each value to its
 * variable's type and drops what does not fit; a failed call extracts nothing (the rules' values stand).
 */
import type { LanguageModel } from "ai";
import { z } from "zod";
import type { Variable } from "../npc/definition.ts";
import type { ExtractedValue, ExtractionInput, Extractor } from "../npc/ports.ts";
import { dataBlock, describeLlmError, generateStructured, type CallOptions } from "./calls.ts";
import { clip, DATA_STANCE, machineBrief, recentConversation, type ConversationTurn } from "./npc-context.ts";

export const ExtractionAnswerSchema = z.object({
  values: z.array(
    z.object({
      key: z.string(),
      value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
      reason: z.string(),
    }),
  ),
});

function describeVariable(variable: Variable) {
  return {
    key: variable.key,
    type: variable.type,
    ...(variable.values ? { one_of: variable.values } : {}),
    question: variable.extraction_prompt,
  };
}

export interface LlmExtractorOptions extends CallOptions {
  conversation?: readonly ConversationTurn[];
  onFailure?: (problem: string) => void;
}

export class LlmExtractor implements Extractor {
  readonly name = "llm";

  constructor(
    private readonly model: LanguageModel,
    private readonly options: LlmExtractorOptions,
  ) {}

  async extract(input: ExtractionInput): Promise<ExtractedValue[]> {
    const asked = input.variables.filter((variable) => (variable.extraction_prompt ?? "").trim() !== "");
    if (asked.length === 0) return [];
    const system = [
      "You read one message of a role-play conversation and fill in facts the player stated.",
      machineBrief(input.definition, input.machine),
      DATA_STANCE,
      [
        "For each variable, answer its question from what the player said (the latest message, with the conversation for context).",
        "Give a value only when the player clearly stated it; otherwise leave the variable out. Numbers as numbers; for one_of, one of the listed values.",
        'Answer with one JSON object and nothing else: {"values": [{"key": "<variable key>", "value": <value>, "reason": "<short quote or paraphrase>"}]}',
      ].join("\n"),
    ].join("\n\n");
    const prompt = [
      dataBlock("variables to fill", asked.map(describeVariable)),
      dataBlock("conversation so far, oldest first", recentConversation(this.options.conversation ?? [])),
      dataBlock("player's latest message", { player_message: clip(input.message) }),
    ].join("\n\n");
    try {
      const answer = await generateStructured(this.model, { system, prompt, schema: ExtractionAnswerSchema, name: "extracted_variables" }, this.options);
      const keys = new Set(asked.map((variable) => variable.key));
      return answer.values
        .filter((item) => keys.has(item.key) && item.value !== null)
        .map((item) => ({ key: item.key, value: item.value as string | number | boolean, reason: `llm: ${item.reason.trim() || "(no reason given)"}` }));
    } catch (error) {
      this.options.onFailure?.(describeLlmError(error));
      return [];
    }
  }
}
