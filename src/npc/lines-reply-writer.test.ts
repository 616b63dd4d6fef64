import { describe, expect, it } from "vitest";
import { instructionToSpeech, interpolate, shortPersonaName } from "./lines-reply-writer.ts";

const values = { vars: { offer: 90, item: "map" }, player_name: "Ana", persona_name: "Kael", score: 3 };

describe("interpolate", () => {
  it("fills variables, the player's name, the persona's name and the score", () => {
    expect(interpolate("{{player_name}}, {{vars.offer}} for the {{ vars.item }}? {{persona_name}} says no. ({{score}})", values)).toBe("Ana, 90 for the map? Kael says no. (3)");
  });
  it("renders a missing variable as its fallback, or as nothing with tidy spacing", () => {
    expect(interpolate("Take the {{vars.gift|coin}}.", values)).toBe("Take the coin.");
    expect(interpolate("Your offer of {{vars.missing}} gold .", values)).toBe("Your offer of gold.");
    expect(interpolate("Hello {{player_name}}.", { ...values, player_name: null })).toBe("Hello traveler.");
  });
});

describe("composition helpers", () => {
  it("turns an instruction about the player into speech to them", () => {
    expect(instructionToSpeech("Ask the traveler what business brings them to the city.", "Business")).toBe("Tell me what business brings you to the city.");
    expect(instructionToSpeech("Demand the traveler's writ of passage.", "Papers")).toBe("I need your writ of passage.");
    expect(instructionToSpeech("Close the sale.", "Deal struck")).toBe("Now, deal struck.");
  });
  it("names the persona by its last word", () => {
    expect(shortPersonaName({ name: "Guard Captain Sera" })).toBe("Sera");
  });
});
