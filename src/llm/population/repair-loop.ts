/**
 * Ask, check, and re-ask with exactly what was wrong. The re-ask continues the conversation (our
 * request, the model's answer, the problems), so the model corrects its own answer instead of
 * starting over. Bounded: after `maxRepairs` re-asks the part gives up with a typed error.
 */
import type { ModelMessage } from "ai";
import type { z } from "zod";
import { ModelFailureError, type ModelFailureCategory } from "../../engine/ports.ts";
import { LlmAnswerError } from "../calls.ts";
import type { CallContext, PopulationModel } from "./population-model.ts";
import { unusableAnswerPrompt } from "./prompts.ts";
import { clipText } from "./text-matching.ts";

/** The longest previous answer replayed in a re-ask, in characters (a runaway answer is cut). */
const REPLAYED_ANSWER_CHARACTERS = 24_000;

export type CheckOutcome<R> = { ok: true; result: R } | { ok: false; problems: string[]; category?: ModelFailureCategory };

export interface RepairLoop<W, R> {
  system: string;
  prompt: string;
  schema: z.ZodType<W>;
  name: string;
  /** Our verdict on a well-formed answer: the result, or the problems to send back. */
  check: (answer: W) => CheckOutcome<R> | Promise<CheckOutcome<R>>;
  /** The follow-up message for a well-formed answer with problems. */
  repairMessage: (problems: readonly string[]) => string;
  maxRepairs: number;
  temperature?: number;
}

export async function askUntilValid<W, R>(model: PopulationModel, loop: RepairLoop<W, R>, context: CallContext): Promise<R> {
  const messages: ModelMessage[] = [{ role: "user", content: loop.prompt }];
  let lastProblems: string[] = [];
  let lastCategory: ModelFailureCategory = "provider_error";
  for (let attempt = 0; attempt <= loop.maxRepairs; attempt++) {
    let replay: string;
    let followUp: string;
    try {
      const answer = await model.structured(
        { system: loop.system, prompt: loop.prompt, messages, schema: loop.schema, name: loop.name, temperature: loop.temperature },
        context,
      );
      const outcome = await loop.check(answer);
      if (outcome.ok) return outcome.result;
      lastProblems = outcome.problems;
      lastCategory = outcome.category ?? "provider_error";
      replay = JSON.stringify(answer);
      followUp = loop.repairMessage(outcome.problems);
    } catch (error) {
      if (!(error instanceof LlmAnswerError)) throw error;
      lastProblems = [error.message];
      lastCategory = "provider_error";
      replay = error.text ?? "";
      followUp = unusableAnswerPrompt(error.message);
    }
    // Providers refuse an empty assistant turn; a runaway answer is cut.
    const replayed = replay.trim() === "" ? "(no answer)" : replay.length > REPLAYED_ANSWER_CHARACTERS ? `${replay.slice(0, REPLAYED_ANSWER_CHARACTERS)}…` : replay;
    messages.push({ role: "assistant", content: replayed }, { role: "user", content: followUp });
  }
  const asked = loop.maxRepairs + 1;
  throw new ModelFailureError(
    lastCategory,
    context.stage,
    `no usable answer after ${asked} request${asked === 1 ? "" : "s"} (${loop.maxRepairs} repair${loop.maxRepairs === 1 ? "" : "s"}): ${lastProblems.map((problem) => clipText(problem, 300)).join("; ")}`,
  );
}
