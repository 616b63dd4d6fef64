/**
 * The LLM panel: one question answered by a batch of personas in one call (10 by default), each
 * from its own fields, in the first person, with a reason. Every answer is checked per persona:
 * answered, not empty, and for a multiple-choice question a choice that is one of the options
 * (spelled differently in case or accents, it is read as the option it names). Only the personas
 * whose answers fail are asked again, alone with what was wrong; after `maxRewrites` the survey
 * fails (`ModelFailureError`, `provider_error`).
 *
 * The question, its options, the population's prompt and the personas are data blocks in the user
 * message; the system message is ours alone.
 */
import { z } from "zod";
import type { Persona } from "../engine/persona.ts";
import { ModelFailureError, type UsageRecorder } from "../engine/ports.ts";
import { dataBlock, LlmAnswerError } from "./calls.ts";
import type { PopulationModel } from "./population/population-model.ts";
import { DATA_STANCE } from "./population/prompts.ts";
import { clipText, foldText } from "./population/text-matching.ts";

export interface PanelAnswer {
  persona_id: string;
  answer: string;
  choice: string | null;
  reason: string;
}

export interface PanelBatchRequest {
  question: string;
  choices: readonly string[] | null;
  populationPrompt: string;
  personas: readonly Persona[];
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

export interface LlmPanelOptions {
  /** Personas per call (default 10). */
  batchSize?: number;
  /** Re-asks of a persona whose answer failed (default 2). */
  maxRewrites?: number;
}

export const DEFAULT_PANEL_BATCH_SIZE = 10;
/** Opinions vary between people: warmer than a decision, as the writer's texts are. */
const PANEL_TEMPERATURE = 0.8;

const AnswersSchema = z.object({
  answers: z.array(
    z.object({
      persona_id: z.string(),
      answer: z.string(),
      choice: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});

export function panelSystem(multipleChoice: boolean): string {
  return [
    "You answer a survey question as each of several people, one answer per person. Each person is described by their fields (who they are, where, their situation, their character).",
    [
      "How to answer:",
      "- Answer as that person would, in the first person, from their own situation, knowledge and temperament: one to three sentences.",
      "- People differ: let each person's fields decide their answer. Do not make everyone agree, and do not give everyone the same middle answer.",
      multipleChoice
        ? "- `choice` is exactly one of the options, copied character for character; the `answer` says it in the person's words."
        : "- There are no options: `choice` is null.",
      "- `reason` says briefly which of the person's circumstances lead them to this answer (in the third person).",
      "- Answer for every person listed, with their `persona_id`, and for no one else.",
    ].join("\n"),
    'Answer with a JSON object only: {"answers": [{"persona_id": "p0001", "answer": "…", "choice": ' + (multipleChoice ? '"one of the options"' : "null") + ', "reason": "…"}]}.',
    DATA_STANCE,
  ].join("\n\n");
}

interface Rejected {
  persona_id: string;
  problems: string[];
  previous?: PanelAnswer;
}

export class LlmPanelRespondents {
  readonly name: string;
  readonly batchSize: number;
  private readonly maxRewrites: number;

  constructor(
    private readonly model: PopulationModel,
    options: LlmPanelOptions = {},
  ) {
    this.name = `llm ${model.description}`;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_PANEL_BATCH_SIZE));
    this.maxRewrites = options.maxRewrites ?? 2;
  }

  async answerBatch(request: PanelBatchRequest): Promise<PanelAnswer[]> {
    const answered = new Map<string, PanelAnswer>();
    let pending = [...request.personas];
    let rejected: Rejected[] = [];
    for (let round = 0; round <= this.maxRewrites && pending.length > 0; round++) {
      const { answers, problem } = await this.ask(request, pending, rejected);
      rejected = [];
      for (const persona of pending) {
        const raw = answers.get(persona.persona_id);
        const checked = problem ? { problems: [problem] } : checkAnswer(raw, request.choices);
        if ("answer" in checked) answered.set(persona.persona_id, checked.answer);
        else rejected.push({ persona_id: persona.persona_id, problems: checked.problems, ...(raw ? { previous: raw } : {}) });
      }
      pending = pending.filter((persona) => !answered.has(persona.persona_id));
    }
    if (pending.length > 0) {
      const details = rejected.map((entry) => `${entry.persona_id}: ${entry.problems.map((text) => clipText(text, 200)).join("; ")}`);
      throw new ModelFailureError("provider_error", "panel", `${pending.length} persona(s) still without a usable answer after ${this.maxRewrites} re-ask(s): ${details.join(" | ")}`);
    }
    return request.personas.map((persona) => answered.get(persona.persona_id) as PanelAnswer);
  }

  private async ask(request: PanelBatchRequest, personas: readonly Persona[], rejected: readonly Rejected[]): Promise<{ answers: Map<string, PanelAnswer>; problem?: string }> {
    const blocks = [
      dataBlock("the population these people belong to", { description: request.populationPrompt }),
      dataBlock("the question", request.choices ? { question: request.question, options: request.choices } : { question: request.question }),
      dataBlock("the people who answer", personas.map((persona) => ({ persona_id: persona.persona_id, ...persona.fields }))),
    ];
    if (rejected.length > 0) {
      blocks.push(
        dataBlock("your previous answers for these people", rejected.filter((entry) => entry.previous).map((entry) => entry.previous)),
        [
          "These answers could not be used; our checks found:",
          ...rejected.map((entry) => `- ${entry.persona_id}: ${entry.problems.join("; ")}`),
          `Answer again for these people only (${rejected.map((entry) => entry.persona_id).join(", ")}), fixing every problem. Answer with the JSON object only.`,
        ].join("\n"),
      );
    } else blocks.push("Answer the question for every person listed.");
    try {
      const answer = await this.model.structured(
        { system: panelSystem(request.choices !== null), prompt: blocks.join("\n\n"), schema: AnswersSchema, name: "panel_answers", temperature: PANEL_TEMPERATURE },
        { stage: "panel", ...(request.usage ? { usage: request.usage } : {}), ...(request.signal ? { signal: request.signal } : {}) },
      );
      const answers = new Map<string, PanelAnswer>();
      for (const entry of answer.answers) if (!answers.has(entry.persona_id)) answers.set(entry.persona_id, entry);
      return { answers };
    } catch (error) {
      if (!(error instanceof LlmAnswerError)) throw error;
      return { answers: new Map(), problem: `the answer could not be used (${error.message}); answer with the JSON object only` };
    }
  }
}

/** One persona's answer, made canonical (trimmed; the option it names), or what is wrong with it. */
export function checkAnswer(raw: PanelAnswer | undefined, choices: readonly string[] | null): { answer: PanelAnswer } | { problems: string[] } {
  if (!raw) return { problems: ["not answered: answer for this person"] };
  const problems: string[] = [];
  const answer = raw.answer.trim();
  const reason = raw.reason.trim();
  if (answer === "") problems.push("`answer` is empty");
  if (reason === "") problems.push("`reason` is empty");
  let choice: string | null = null;
  if (choices) {
    choice = optionNamed(raw.choice, choices);
    if (choice === null) {
      const given = raw.choice === null ? "no choice was given" : `'${clipText(raw.choice, 80)}' is not one of the options`;
      problems.push(`${given}: \`choice\` must be exactly one of ${choices.map((option) => `'${option}'`).join(", ")}`);
    }
  }
  if (problems.length > 0) return { problems };
  return { answer: { persona_id: raw.persona_id, answer, choice, reason } };
}

/**
 * The option `text` names: itself, or the only one it equals ignoring case, accents and punctuation
 * ("+1" and "-1" fold alike, so a folded match that is not unique names none).
 */
function optionNamed(text: string | null, choices: readonly string[]): string | null {
  if (text === null) return null;
  const trimmed = text.trim();
  if (choices.includes(trimmed)) return trimmed;
  const folded = foldText(trimmed);
  const matches = folded === "" ? [] : choices.filter((option) => foldText(option) === folded);
  return matches.length === 1 ? (matches[0] as string) : null;
}
