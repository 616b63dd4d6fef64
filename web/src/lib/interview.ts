/** What an interview sends: the route takes at most 40 messages, so the persona remembers the latest ones. */
import type { InterviewMessage } from "./dramatis.ts";

export const MAX_MESSAGES = 40;

/** The latest messages that fit, starting with one of the interviewer's (the route's conversation opens with a question). */
export function conversationWindow(messages: readonly InterviewMessage[], max = MAX_MESSAGES): InterviewMessage[] {
  let window = messages.slice(-max);
  while (window.length > 0 && window[0]!.role !== "user") window = window.slice(1);
  return window;
}
