import { describe, expect, it } from "vitest";
import { numeralView, wordedNumber } from "./number-words.ts";

describe("number words", () => {
  it.each([
    ["seven", 7],
    ["nineteen", 19],
    ["forty", 40],
    ["forty-five", 45],
    ["sixty one", 61],
    ["a hundred", 100],
    ["one hundred and two", 102],
    ["a hundred five", 105],
  ])("%s is %i", (words, value) => {
    expect(wordedNumber(words)).toBe(value);
  });
  it("a word that is no number is undefined", () => {
    expect(wordedNumber("forty winks")).toBeUndefined();
  });
  it("the view writes numbers in digits and maps offsets back to the prompt's own", () => {
    const text = "Nurses aged forty-five in Leeds, a hundred and one of them";
    const view = numeralView(text);
    expect(view.text).toBe("Nurses aged 45 in Leeds, 101 of them");
    const start = view.text.indexOf("45");
    expect(text.slice(view.original(start), view.original(start + 2))).toBe("forty-five");
    const hundred = view.text.indexOf("101");
    expect(text.slice(view.original(hundred), view.original(hundred + 3))).toBe("a hundred and one");
    expect(view.original(view.text.length)).toBe(text.length);
  });
  it("words inside other words are left alone", () => {
    expect(numeralView("Often tense, sevenfold stones").text).toBe("Often tense, sevenfold stones");
  });
});
