/** A panel answer's check: what counts as one of the options, and what is sent back to be fixed. */
import { describe, expect, it } from "vitest";
import { checkAnswer } from "./panel-respondents.ts";

const raw = (choice: string | null, overrides: Partial<{ answer: string; reason: string }> = {}) => ({ persona_id: "p0001", answer: " I would. ", choice, reason: "needs it", ...overrides });

describe("checkAnswer", () => {
  it("keeps an exact option, and reads an option spelled with other case, accents or punctuation as that option", () => {
    expect(checkAnswer(raw("Yes"), ["Yes", "No"])).toEqual({ answer: { persona_id: "p0001", answer: "I would.", choice: "Yes", reason: "needs it" } });
    expect(checkAnswer(raw(" yes! "), ["Yes", "No"])).toMatchObject({ answer: { choice: "Yes" } });
    expect(checkAnswer(raw("cafe"), ["Café", "Thé"])).toMatchObject({ answer: { choice: "Café" } });
  });

  it("refuses a choice that is no option, or that folds into two options, naming the options", () => {
    expect(checkAnswer(raw("Maybe"), ["Yes", "No"])).toEqual({ problems: ["'Maybe' is not one of the options: `choice` must be exactly one of 'Yes', 'No'"] });
    expect(checkAnswer(raw("1"), ["+1", "-1"])).toMatchObject({ problems: [expect.stringContaining("'1' is not one of the options")] });
    expect(checkAnswer(raw("-1"), ["+1", "-1"])).toMatchObject({ answer: { choice: "-1" } });
    expect(checkAnswer(raw(null), ["Yes", "No"])).toMatchObject({ problems: [expect.stringContaining("no choice was given")] });
  });

  it("refuses an empty answer or reason, and a persona not answered; a free-text answer's choice is null", () => {
    expect(checkAnswer(raw(null, { answer: " ", reason: "" }), null)).toEqual({ problems: ["`answer` is empty", "`reason` is empty"] });
    expect(checkAnswer(undefined, null)).toEqual({ problems: ["not answered: answer for this person"] });
    expect(checkAnswer(raw("whatever"), null)).toMatchObject({ answer: { choice: null } });
  });
});
