import { describe, expect, it } from "vitest";
import { conditionText, linkConditionText } from "./condition-text.ts";

describe("conditions in words", () => {
  it("reads the design's example", () => {
    expect(conditionText({ any: [{ keywords: ["temple", "pray"] }, { gte: [{ var: "vars.offer" }, 3] }] })).toBe('says "temple" or "pray" or offer ≥ 3');
  });

  it("reads every form the condition language has", () => {
    expect(conditionText({ all: [{ intent: "greeting" }, { gte: [{ var: "turn" }, 2] }] })).toBe('shows intent "greeting" and turn ≥ 2');
    expect(conditionText({ not: { visited: "haggling" } })).toBe('not has visited "haggling"');
    expect(conditionText({ ne: [{ var: "machines.haggle.outcome" }, "KICK_OUT"] })).toBe(`haggle's outcome ≠ "KICK_OUT"`);
    expect(conditionText({ lte: [{ var: "score" }, 0] })).toBe("score ≤ 0");
    expect(conditionText({ in: [{ var: "vars.business" }, ["trade", "family"]] })).toBe('business is one of "trade", "family"');
    expect(conditionText({ exists: { var: "vars.item" } })).toBe("item is known");
    expect(conditionText({ keywords: { all: ["my", "sister"] } })).toBe('says "my" and "sister"');
    expect(conditionText({ regex: "\\bgold\\b" })).toBe("matches /\\bgold\\b/");
    expect(conditionText({ regex: { pattern: "Vouch", flags: "" } })).toBe("matches /Vouch/");
    expect(conditionText({ eq: [{ var: "relationship_level" }, true] })).toBe("relationship = true");
  });

  it("brackets a compound inside another, and shows what it does not know as JSON rather than hiding it", () => {
    expect(conditionText({ all: [{ any: [{ intent: "a" }, { intent: "b" }] }, { gt: [{ var: "score" }, 1] }] })).toBe('(shows intent "a" or shows intent "b") and score > 1');
    expect(conditionText({ future_operator: [1] })).toBe('{"future_operator":[1]}');
    expect(conditionText({ gt: [1] })).toBe('{"gt":[1]}');
    expect(conditionText(undefined)).toBe("always");
  });

  it("reads a link's condition", () => {
    expect(linkConditionText({ type: "outcome", value: "ACCEPT" })).toBe("ends ACCEPT");
    expect(linkConditionText({ type: "score_gte", value: 50 })).toBe("score ≥ 50");
    expect(linkConditionText({ type: "score_lte", value: -5 })).toBe("score ≤ -5");
    expect(linkConditionText({ type: "always" })).toBe("always");
    expect(linkConditionText({ type: "when", when: { intent: "x" } })).toBe('shows intent "x"');
  });
});
