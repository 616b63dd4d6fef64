import { describe, expect, it } from "vitest";
import { conversationWindow } from "./interview.ts";
import type { InterviewMessage } from "./dramatis.ts";

describe("what an interview sends", () => {
  it("keeps the latest messages within the route's limit, starting with a question", () => {
    const messages: InterviewMessage[] = Array.from({ length: 45 }, (_, index) => ({ role: index % 2 === 0 ? "user" : "persona", content: String(index) }));
    const window = conversationWindow(messages);
    expect(window.length).toBeLessThanOrEqual(40);
    expect(window[0]!.role).toBe("user");
    expect(window[window.length - 1]!.content).toBe("44");
    expect(conversationWindow(messages.slice(0, 3))).toHaveLength(3);
  });
});
