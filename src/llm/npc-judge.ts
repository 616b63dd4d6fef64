/**
 * The LLM judge (`decision_mode` llm, and hybrid after the rules): given the machine's objective and
 * conditions, the state's instruction, the allowed transitions and the conversation, the model picks
 * one allowed transition or none, with a reason.
 *
 * The answer is checked: the index must be one of the allowed transitions (a present `when` must
 * hold — the engine's `candidates`). An unusable answer or a failed call does not stall the game: the
 * rules judge decides instead and the reason says so ("llm judge failed: …; rules used: …").
 */
import type { LanguageModel } from "ai";
import { z } from "zod";
import type { Judge, JudgeDecision, JudgeInput, TransitionEvaluation } from "../npc/ports.ts";
import { RulesJudge } from "../npc/rules-judge.ts";
import { dataBlock, describeLlmError, generateStructured, LlmAnswerError, type CallOptions } from "./calls.ts";
import { clip, DATA_STANCE, machineBrief, recentConversation, type ConversationTurn } from "./npc-context.ts";

export const JudgeAnswerSchema = z.object({
  transition_index: z.number().int().nullable(),
  reason: z.string(),
});
export type JudgeAnswer = z.infer<typeof JudgeAnswerSchema>;

const DECISION_MEANINGS: Record<string, string> = {
  pass: "the player did what this step asks: move on",
  redirect: "the player is off-topic or unclear: stay and ask again",
  reject: "the player answered badly: a penalty",
  kick_out: "the player crossed a line: the conversation ends",
};

function describeCandidate(evaluation: TransitionEvaluation) {
  const transition = evaluation.transition;
  return {
    transition_index: evaluation.index,
    decision_type: transition.decision_type,
    meaning: DECISION_MEANINGS[transition.decision_type],
    to_state: transition.to_state_key,
    ...(transition.label ? { label: transition.label } : {}),
    ...(transition.description ? { description: transition.description } : {}),
    ...(transition.score_delta !== 0 ? { score_delta: transition.score_delta } : {}),
    ...(transition.when !== undefined ? { rule_check: evaluation.explanation } : {}),
  };
}

export function judgeSystemPrompt(input: JudgeInput): string {
  const { definition, machine, state } = input;
  const parts = [
    "You judge one turn of a role-play conversation driven by a state machine. After the player's latest message you decide which allowed transition to take, or none.",
    machineBrief(definition, machine),
    `Current step: ${state.label || state.state_key}\nWhat the NPC is doing in this step: ${state.prompt_instruction || "(no instruction)"}`,
  ];
  const target = machine.states.map((candidate) => `- ${candidate.state_key}: ${candidate.label || candidate.prompt_instruction}${candidate.is_terminal_state ? " (ends the scenario)" : ""}`);
  parts.push(`Steps of the scenario:\n${target.join("\n")}`);
  if (machine.system_evaluation_prompt) parts.push(`How the creator wants turns judged: ${machine.system_evaluation_prompt}`);
  parts.push(
    DATA_STANCE,
    [
      "Decide from what the player actually said and did in the conversation, against the step's instruction and the scenario's conditions.",
      "Pick only a transition_index from the allowed transitions, or null when none fits (the NPC then stays and answers).",
      'Answer with one JSON object and nothing else: {"transition_index": <one of the allowed indexes, or null>, "reason": "<one short sentence>"}',
    ].join("\n"),
  );
  return parts.join("\n\n");
}

export function judgePrompt(input: JudgeInput, conversation: readonly ConversationTurn[]): string {
  const allowed = input.candidates.map(describeCandidate);
  return [
    dataBlock("allowed transitions", allowed),
    dataBlock("conversation so far, oldest first", recentConversation(conversation)),
    dataBlock("player's latest message", { player_message: clip(input.message) }),
    `Allowed transition_index values: ${allowed.length > 0 ? allowed.map((item) => item.transition_index).join(", ") : "none (answer null)"}, or null.`,
  ].join("\n\n");
}

export interface LlmJudgeOptions extends CallOptions {
  /** The machine session's chat before this message (the play service supplies it). */
  conversation?: readonly ConversationTurn[];
}

export class LlmJudge implements Judge {
  readonly name = "llm";

  constructor(
    private readonly model: LanguageModel,
    private readonly options: LlmJudgeOptions,
  ) {}

  async choose(input: JudgeInput): Promise<JudgeDecision> {
    let answer: JudgeAnswer;
    try {
      answer = await generateStructured(
        this.model,
        { system: judgeSystemPrompt(input), prompt: judgePrompt(input, this.options.conversation ?? []), schema: JudgeAnswerSchema, name: "transition_choice" },
        this.options,
      );
      checkAnswer(answer, input);
    } catch (error) {
      return rulesFallback(input, describeLlmError(error));
    }
    const reason = answer.reason.trim() || "(no reason given)";
    if (answer.transition_index === null) return { index: null, reason: `stay: ${reason}` };
    const chosen = input.candidates.find((candidate) => candidate.index === answer.transition_index) as TransitionEvaluation;
    const transition = chosen.transition;
    return { index: chosen.index, reason: `${transition.decision_type} → ${transition.to_state_key}: ${reason}` };
  }
}

function checkAnswer(answer: JudgeAnswer, input: JudgeInput): void {
  if (answer.transition_index === null) return;
  if (input.candidates.some((candidate) => candidate.index === answer.transition_index)) return;
  const known = input.evaluations.find((evaluation) => evaluation.index === answer.transition_index);
  const why = known ? "its condition does not hold" : "no such transition from this state";
  throw new LlmAnswerError(`chose transition ${answer.transition_index}, which is not allowed (${why})`, undefined);
}

/** The offline judge decides, and the reason keeps why the LLM did not. */
function rulesFallback(input: JudgeInput, problem: string): JudgeDecision {
  const ruled = new RulesJudge().choose(input);
  return { index: ruled.index, reason: `llm judge failed: ${problem}; rules used: ${ruled.reason}` };
}
