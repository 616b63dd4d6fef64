import { describe, expect, it } from "vitest";
import { instructionToSpeech, speakInstruction, toSpeakerView, type SpeechContext } from "./instruction-speech.ts";

const plain = (instruction: string) => instructionToSpeech(instruction, "Ann");
/** Nothing said: the reply writer then speaks a neutral line in the persona's voice. */
const NEUTRAL = "";

/** What players must never read: the review's broken outputs, and the shapes that produced them. */
const BROKEN = [
  /\bTell me the\b(?! (?:password|truth|name|answer|reason|story|news|way|plan|secret|price|code|details?|location|destination)\b)/,
  /\bLet me stay in you\b/i,
  /\bLet me (?:convince|persuade|make sure|stay|be|act|keep|try)\b/i,
  /\bme\b[^.?!]*\byou\b[^.?!]*\bme\b/i,
  /\b(?:I|you) (?:is|does|has|wants|needs)\b/,
  /\bI are\b|\byou am\b|\bme am\b/i,
  /\b(?:the player|they|them|their|the NPC|the npc)\b/i,
  /\b(?:he|she|him|his|her)\b/i,
  /[{}]|undefined|\s[,.?!]|,,|\.\./,
];

function expectGoodEnglish(instruction: string, speech: string): void {
  for (const pattern of BROKEN) expect(speech, `${instruction} → ${speech}`).not.toMatch(pattern);
  if (speech !== NEUTRAL) expect(speech, instruction).toMatch(/^[A-Z"].*[.?!]$/);
}

/** Instructions written for this test, in genres and shapes the two example NPCs never use. */
const UNSEEN: Array<[string, string]> = [
  // fantasy
  ["Ask the knight what oath they swore.", "What oath did you swear?"],
  ["Ask the adventurer where they found the amulet.", "Where did you find the amulet?"],
  ["Tell the hero that the dragon sleeps beneath the mountain.", "The dragon sleeps beneath the mountain."],
  ["Convince the player to join the rebellion.", "You should join the rebellion."],
  ["Warn the traveler about the wolves in the forest.", "Beware of the wolves in the forest."],
  ["Stay in character and refuse to reveal the location of the hidden temple.", "I won't reveal the location of the hidden temple."],
  ["If the player mentions the king, grow suspicious and ask who sent them.", NEUTRAL],
  ["The NPC should greet the player and ask them to state their name.", "Well met, Ann. State your name."],
  ["Offer the player a healing potion for 20 gold.", "I can offer you a healing potion for 20 gold."],
  ["Stay in character at all times.", NEUTRAL],
  ["Ask the player to swear fealty to you.", "Swear fealty to me."],
  ["Beg the hero to save the village.", "Please, I beg you, save the village."],
  ["Let the player stay in the inn tonight.", "You may stay in the inn tonight."],
  // science fiction
  ["Ask the pilot which sector they are flying to.", "Which sector are you flying to?"],
  ["Explain that the reactor will overload in ten minutes.", "The reactor will overload in ten minutes."],
  ["Ask the crew member for their security clearance.", "I need your security clearance."],
  ["Tell the player not to touch the controls.", "Do not touch the controls."],
  ["Ask the player if they have seen the missing cargo.", "Have you seen the missing cargo?"],
  ["Inform the player that docking fees are 50 credits.", "Docking fees are 50 credits."],
  ["The android must never reveal its serial number.", NEUTRAL],
  // modern office
  ["Greet the new hire and ask which department they work in.", "Well met, Ann. Which department do you work in?"],
  ["Ask the employee why they missed the deadline.", "Why did you miss the deadline?"],
  ["Remind the user to save their work.", "Remember to save your work."],
  ["Schedule a meeting with the player for Monday.", NEUTRAL],
  ["Tell the client that the report will be ready by Friday.", "The report will be ready by Friday."],
  ["Make sure the player understands the risks before they sign the contract.", NEUTRAL],
  ["Thank the candidate for coming in today.", "My thanks for coming in today."],
  // detective
  ["Ask the suspect where they were on the night of the murder.", "Where were you on the night of the murder?"],
  ["Press the witness for details about the stranger.", NEUTRAL],
  ["Accuse the player of lying.", NEUTRAL],
  ["If the suspect confesses, then thank them; otherwise threaten to call the chief.", NEUTRAL],
  ["Ask the player who they saw leaving the library.", "Who did you see leaving the library?"],
  ["Tell the player that the butler has an alibi.", "The butler has an alibi."],
  ["Ask the player where he saw the thief.", NEUTRAL],
  ["Tell the player that the guards are coming and they are armed.", NEUTRAL],
  // shopkeeper
  ["Welcome the customer to the shop and ask what they would like to buy.", "Welcome to the shop, Ann. What would you like to buy?"],
  ["Name a price of 15 silver for the rope.", "My price is 15 silver for the rope."],
  ["Ask the customer how many apples they want.", "How many apples do you want?"],
  ["Refuse to sell weapons to minors.", "I won't sell weapons to minors."],
  ["Hand the customer their receipt.", "Here, take your receipt."],
  ["Ask the player what they want, but never reveal the price.", "What do you want?"],
  // tutor
  ["Ask the student to solve the equation on the board.", "Solve the equation on the board."],
  ["Explain the difference between a noun and a verb.", "Let me explain the difference between a noun and a verb."],
  ["Praise the student for their correct answer.", "Well done, Ann."],
  ["Encourage the student to try again.", "Go on, try again."],
  ["Ask the learner whether they understood the lesson.", "Did you understand the lesson?"],
  ["The tutor must stay patient and never give the answer directly.", NEUTRAL],
  // several sentences, and shapes that must stay unsaid
  ["You are a grumpy librarian. Ask the visitor what book they are looking for. Do not let them leave without signing the register.", "What book are you looking for?"],
  ["Introduce yourself and ask the player's name.", "Tell me your name."],
  ["Ask the player to follow you to the bridge.", "Follow me to the bridge."],
  ["Tell the player that you will wait at the gate.", "I will wait at the gate."],
  ["Tell the guard to seize the player.", NEUTRAL],
  ["Urge the guard to arrest the player.", NEUTRAL],
  ["Ask the player what the weather is like.", NEUTRAL],
  ["Challenge the player to a game of riddles.", NEUTRAL],
  ["The player is a spy, but the NPC does not know it.", NEUTRAL],
  ["Be mysterious. Answer only in riddles.", NEUTRAL],
];

describe("instructionToSpeech on instructions the example NPCs never use", () => {
  it("covers at least forty of them", () => {
    expect(UNSEEN.length).toBeGreaterThanOrEqual(40);
  });

  it.each(UNSEEN)("%s → %j", (instruction, expected) => {
    const speech = plain(instruction);
    expect(speech).toBe(expected);
    expectGoodEnglish(instruction, speech);
  });

  it("the review's broken outputs are gone", () => {
    expect(plain("Ask the knight what oath they swore.")).not.toContain("Tell me the knight");
    expect(plain("Stay in character and refuse to reveal the password.")).not.toMatch(/stay in you/i);
    expect(plain("Convince the player to join the rebellion.")).not.toMatch(/Let me convince/);
  });
});

describe("instructionToSpeech on the example NPCs' instructions", () => {
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
    ["Ask the traveler who inside the walls will vouch for them.", "Who inside the walls will vouch for you?"],
    ['Say "Halt! Who goes there?"', "Halt! Who goes there?"],
  ])("%s → %s", (instruction, speech) => {
    expect(plain(instruction)).toBe(speech);
    expectGoodEnglish(instruction, speech);
  });

  it("says nothing for a label or a stage direction, so a label is never read aloud", () => {
    for (const fragment of ["Chat", "happy", "Granted", "Deal struck", "Customer walked away", "Nod.", "Haggling"]) expect(plain(fragment)).toBe(NEUTRAL);
  });
});

describe("speakInstruction", () => {
  const kael: SpeechContext = { voice: { kind: "shrewd", warm_address: "friend", cold_address: "customer" }, persona_names: ["Merchant Kael", "Kael"], vars: {}, pick: (options) => options[0] as string };

  it("reads the persona's acts in the third person as its own, and says nothing for a description of it", () => {
    expect(speakInstruction("Kael greets the customer and asks what they want.", kael)).toEqual({ text: "{greeting} What do you want?", greets: true });
    expect(speakInstruction("Kael haggles hard.", kael).text).toBe(NEUTRAL);
    expect(speakInstruction("Kael is wary of strangers who skip the greeting.", kael).text).toBe(NEUTRAL);
    expect(speakInstruction("Tell the customer that Kael's prices are fair.", kael).text).toBe("My prices are fair.");
  });

  it("uses known variables where the instruction refers to them", () => {
    const context = { ...kael, vars: { item: "lantern" } };
    expect(speakInstruction("Name a high price of 120 gold for the chosen item and ask the customer for a counter-offer in gold.", context).text).toBe(
      "My price is 120 gold for the lantern. Make me a counter-offer in gold.",
    );
  });
});

describe("words that are also names of JavaScript's object machinery", () => {
  it("are read as words: never the text of a built-in function", () => {
    for (const instruction of ["Ask the player what they constructor.", "Tell the player that constructor toString is __proto__.", "Name a price of 5 gold for the chosen constructor.", "Ask the player about the constructor.", "Valueof the player."]) {
      expect(plain(instruction), instruction).not.toMatch(/function|native code|\[object/);
    }
    const context: SpeechContext = { voice: { kind: "plain", warm_address: null, cold_address: null }, persona_names: [], vars: {}, pick: (options) => options[0] as string };
    expect(speakInstruction("Name a price of 5 gold for the chosen constructor.", context).text).toBe("My price is 5 gold for this constructor.");
  });
});

describe("toSpeakerView", () => {
  it("turns the player into 'you' with agreeing verbs, and the NPC's 'you'/'your' into 'I'/'me'/'my'", () => {
    expect(toSpeakerView("the customer wants your best lantern")).toBe("you want my best lantern");
    expect(toSpeakerView("the traveler's papers and their business")).toBe("your papers and your business");
    expect(toSpeakerView("follow you to the gate")).toBe("follow me to the gate");
    expect(toSpeakerView("you are tired of waiting")).toBe("I am tired of waiting");
    expect(toSpeakerView("does the player want a room")).toBe("do you want a room");
  });

  it("refuses pronouns that may mean someone else", () => {
    expect(toSpeakerView("he saw the thief")).toBeNull();
    expect(toSpeakerView("the guards are near and they are armed")).toBeNull();
    expect(toSpeakerView("his or her papers")).toBe("your papers");
  });
});
