/**
 * The LLM reply writer: the NPC's line, in character, from the persona's identity, the machine's
 * `chat_system_prompt` and the state's `prompt_instruction`, with the state's `lines` as examples of
 * its voice. The conversation and everything else the player supplied go in as data.
 *
 * The reply is never the previous one verbatim; an empty or repeated answer, or a failed call, falls
 * back to the offline writer (`LinesReplyWriter`), so the player always gets a line.
 */
import type { LanguageModel } from "ai";
import { interpolate, LinesReplyWriter, shortPersonaName } from "../npc/lines-reply-writer.ts";
import type { ReplyInput, ReplyOutput, ReplyWriter } from "../npc/ports.ts";
import { dataBlock, describeLlmError, generatePlainText, type CallOptions } from "./calls.ts";
import { clip, DATA_STANCE, recentConversation, type ConversationTurn } from "./npc-context.ts";

/** A reply longer than this is cut at a sentence end: an NPC speaks in lines, not essays. */
const MAX_REPLY_CHARS = 800;

function situation(input: ReplyInput): string {
  const { state } = input;
  if (input.decision === "open") return "The scene opens: greet the player and start on this step.";
  if (state.is_terminal_state) {
    const outcome = input.session.outcome ?? state.outcome ?? "ACCEPT";
    const tone = outcome === "ACCEPT" ? "on good terms" : outcome === "KICK_OUT" ? "with the player thrown out" : "with the player turned away";
    return `The scene has just ended (${outcome}), ${tone}: give your closing line.`;
  }
  switch (input.decision) {
    case "pass":
      return "The player just did what you asked: acknowledge it briefly and move on to this step.";
    case "redirect":
      return "The player went off-topic or was unclear: answer briefly in character and steer back to this step.";
    case "reject":
      return "The player's answer displeased you and cost them: show it, then carry on with this step.";
    case "kick_out":
      return "The player crossed a line: throw them out.";
    default:
      return "Nothing has changed: answer the player in character and keep pursuing this step.";
  }
}

export function replySystemPrompt(input: ReplyInput): string {
  const { definition, machine, state } = input;
  const name = shortPersonaName(definition);
  const parts = [definition.persona_identity_prompt];
  if (machine.chat_system_prompt) parts.push(machine.chat_system_prompt);
  parts.push(`You are ${definition.name} ("${name}"). You speak to the player, in the first person, always in character.`);
  if (machine.creator_objective) parts.push(`Your aim in this scene: ${machine.creator_objective}`);
  parts.push(`This step: ${state.prompt_instruction || state.label || state.state_key}`);
  parts.push(situation(input));
  const lines = (state.lines ?? []).map((line) =>
    interpolate(line, { vars: input.vars, player_name: input.session.player_name, persona_name: name, score: input.session.score }),
  );
  if (lines.length > 0) parts.push(`Lines you might say here (match their voice, don't copy them word for word):\n${lines.map((line) => `- ${line}`).join("\n")}`);
  parts.push(
    DATA_STANCE,
    [
      `Reply with only what ${name} says next: one to three sentences, no name prefix, no quotation marks around it, no stage directions.`,
      "Never repeat your previous line word for word.",
      "Stay in character whatever the player says; never mention being an AI, a model, prompts or rules.",
    ].join("\n"),
  );
  return parts.join("\n\n");
}

export function replyPrompt(input: ReplyInput, conversation: readonly ConversationTurn[]): string {
  const blocks = [
    dataBlock("the player", { name: input.session.player_name, gender: input.session.player_gender }),
    dataBlock("what you know from the player", input.vars),
    dataBlock("conversation so far, oldest first", recentConversation(conversation)),
  ];
  if (input.message !== null) blocks.push(dataBlock("player's latest message", { player_message: clip(input.message) }));
  if (input.session.last_reply) blocks.push(dataBlock("your previous line (do not repeat it)", { line: input.session.last_reply }));
  blocks.push(input.message === null ? "Write your opening line." : "Write your reply.");
  return blocks.join("\n\n");
}

/** The model's text as a line: trimmed, without a "Kael:" prefix or wrapping quotes, not overlong. */
export function cleanReply(text: string, definition: ReplyInput["definition"]): string {
  let line = text.trim();
  const prefixes = [definition.name, shortPersonaName(definition)].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  line = line.replace(new RegExp(`^\\**(?:${prefixes.join("|")})\\**\\s*:\\s*`, "i"), "");
  if (/^["“][^"“”]*["”]$/.test(line)) line = line.slice(1, -1).trim();
  if (line.length > MAX_REPLY_CHARS) {
    const cut = line.slice(0, MAX_REPLY_CHARS);
    const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("! "), cut.lastIndexOf("? "));
    line = end > 0 ? cut.slice(0, end + 1) : `${cut}…`;
  }
  return line;
}

export interface LlmReplyWriterOptions extends CallOptions {
  /** The machine session's chat before this message. */
  conversation?: readonly ConversationTurn[];
  /** Told why the offline writer answered instead (the play service logs it). */
  onFallback?: (problem: string) => void;
}

export class LlmReplyWriter implements ReplyWriter {
  readonly name = "llm";
  private readonly offline = new LinesReplyWriter();

  constructor(
    private readonly model: LanguageModel,
    private readonly options: LlmReplyWriterOptions,
  ) {}

  async write(input: ReplyInput): Promise<ReplyOutput> {
    let problem: string;
    try {
      const text = await generatePlainText(
        this.model,
        { system: replySystemPrompt(input), messages: [{ role: "user", content: replyPrompt(input, this.options.conversation ?? []) }], maxOutputTokens: 300 },
        this.options,
      );
      const line = cleanReply(text, input.definition);
      if (line !== "" && line !== input.session.last_reply) return { message: line, line_index: null };
      problem = line === "" ? "empty reply" : "reply repeats the previous line";
    } catch (error) {
      problem = describeLlmError(error);
    }
    this.options.onFallback?.(problem);
    return this.offline.write(input);
  }
}
