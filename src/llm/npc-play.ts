/**
 * The LLM's parts of NPC play for one turn: judge, reply writer and extractor over one model, each
 * seeing the machine session's conversation so far. `src/providers.ts` chooses these or none.
 */
import type { ConversationTurn, Extractor, Judge, NpcPlayParts, ReplyWriter } from "../npc/ports.ts";
import type { ResolvedModel } from "./model.ts";
import { LlmExtractor } from "./npc-extractor.ts";
import { LlmJudge } from "./npc-judge.ts";
import { LlmReplyWriter } from "./npc-reply-writer.ts";

export interface LlmNpcPlayOptions {
  timeoutMs: number;
  /** Retries of a failed HTTP call; default 1. */
  maxRetries?: number;
  /** Where fallbacks that leave no event (reply, extraction) are reported; default console.warn. */
  warn?: (message: string) => void;
}

export interface LlmNpcTurnParts {
  judge: Judge;
  replyWriter: ReplyWriter;
  extractor: Extractor;
}

export interface LlmNpcPlay extends NpcPlayParts {
  forTurn(conversation: readonly ConversationTurn[]): LlmNpcTurnParts;
}

export function createLlmNpcPlay(resolved: ResolvedModel, options: LlmNpcPlayOptions): LlmNpcPlay {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const call = { timeoutMs: options.timeoutMs, maxRetries: options.maxRetries };
  return {
    description: `NPC judge (hybrid by default), replies and extraction by ${resolved.description}`,
    forTurn(conversation) {
      return {
        judge: new LlmJudge(resolved.model, { ...call, conversation }),
        replyWriter: new LlmReplyWriter(resolved.model, {
          ...call,
          conversation,
          onFallback: (problem) => warn(`[npc] llm reply writer failed: ${problem}; offline line used`),
        }),
        extractor: new LlmExtractor(resolved.model, {
          ...call,
          conversation,
          onFailure: (problem) => warn(`[npc] llm extractor failed: ${problem}; rules' values only`),
        }),
      };
    },
  };
}
