import { describe, expect, it } from "vitest";
import { instructionToSpeech, speakInstruction, toSpeakerView, type SpeechContext } from "./instruction-speech.ts";

const plain = (instruction: string) => instructionToSpeech(instruction, "Ann");

describe("instructionToSpeech: an author's instruction becomes what the NPC says", () => {
  it.each([
    ["Ask the traveler what business brings them to the city.", "What business brings you to the city?"],
    ["Ask the customer which item they want: the lantern, the map or the dagger.", "Which item do you want: the lantern, the map or the dagger?"],
    ["Greet the player warmly and ask what they need", "Well met, Ann. What do you need?"],
    ["Greet the customer and ask what they are looking for.", "Well met, Ann. What are you looking for?"],
    ["Ask the player how many smugglers they counted.", "How many smugglers did you count?"],
    ["Ask the player where they saw movement: the docks, the wall or the market.", "Where did you see movement: the docks, the wall or the market?"],
    ["Tell the player that smugglers use the night and ask whether they are ready to patrol.", "Smugglers use the night. Are you ready to patrol?"],
    ["Make a final offer of 90 gold and ask whether the customer takes it or leaves it.", "My final offer: 90 gold. Do you take it or leave it?"],
    ["Ask the traveler their name.", "Tell me your name."],
    ["Ask the player for the password.", "Tell me the password."],
    ["Demand the traveler's writ of passage.", "I need your writ of passage."],
    ["Explain the price", "Let me explain the price."],
    ["Refuse politely", "I'm sorry, Ann, but no."],
    ["Warn them", "Be careful, Ann."],
    ["Warn the player that the bridge is out.", "Be warned: the bridge is out."],
    ["Congratulate the player on their victory.", "Congratulations on your victory, Ann."],
    ["Describe the old city.", "Let me tell you about the old city."],
    ["Offer a discount.", "I can offer you a discount."],
    ["Offer to guide them to the gate.", "I can guide you to the gate."],
    ["What does the player want?", "What do you want?"],
    ["You greet the player and show them your wares.", "Well met, Ann. Take a look at my wares."],
    ["Accept the apology.", "I accept your apology."],
    ["Deny the appeal.", "Your appeal is denied."],
    ["Admit the traveler into the city.", "You may enter the city."],
    ["Let the traveler in under their sponsor's name.", "You may enter under your sponsor's name."],
    ["Let the customer go with a dry remark.", "Go, then."],
    ["Throw the customer out of the stall.", "Get out of the stall!"],
    ["Have the traveler jailed.", "You will be jailed."],
    ["Relieve the player of duty.", "You are relieved of duty."],
    ["Hand over the compass.", "Here, take the compass."],
    ["Close the sale warmly and hint that there are better things below the counter.", "Consider the sale closed. There are better things below the counter."],
    ["Tell the customer that they owe an apology before any more trade.", "You owe an apology before any more trade."],
    ["Ask the player to swear to keep it secret.", "Swear to keep it secret."],
    ["Thank the player for their help.", "My thanks for your help."],
    ['Say "Halt! Who goes there?"', "Halt! Who goes there?"],
  ])("%s → %s", (instruction, speech) => {
    expect(plain(instruction)).toBe(speech);
  });

  it("says nothing for a label or a stage direction, so a label is never read aloud", () => {
    for (const fragment of ["Chat", "happy", "Granted", "Deal struck", "Customer walked away", "Nod."]) expect(plain(fragment)).toBe("");
  });

  it("reads the persona in the third person as the NPC speaking of itself", () => {
    const context: SpeechContext = { voice: { kind: "shrewd", warm_address: null, cold_address: null }, persona_names: ["Merchant Kael", "Kael"], vars: {}, pick: (options) => options[0] as string };
    expect(speakInstruction("Kael haggles hard.", context).text).toBe("I haggle hard.");
    expect(speakInstruction("Kael is wary of strangers who skip the greeting.", context).text).toBe("I am wary of strangers who skip the greeting.");
    expect(speakInstruction("Kael greets the customer and asks what they want.", context)).toEqual({ text: "{greeting} What do you want?", greets: true });
  });

  it("uses known variables where the instruction refers to them", () => {
    const context: SpeechContext = { voice: { kind: "shrewd", warm_address: "friend", cold_address: "customer" }, persona_names: ["Kael"], vars: { item: "lantern" }, pick: (options) => options[0] as string };
    expect(speakInstruction("Name a high price of 120 gold for the chosen item and ask the customer for a counter-offer in gold.", context).text).toBe(
      "My price is 120 gold for the lantern. Make me a counter-offer in gold.",
    );
  });
});

describe("toSpeakerView", () => {
  it("turns the player into 'you' with agreeing verbs, and the NPC's 'your' into 'my'", () => {
    expect(toSpeakerView("the customer wants your best lantern")).toBe("you want my best lantern");
    expect(toSpeakerView("the traveler's papers and their business")).toBe("your papers and your business");
  });
});
