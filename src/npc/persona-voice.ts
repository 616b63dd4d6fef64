/**
 * How an NPC sounds when the offline writer composes a reply (a state without `lines`): a voice read
 * from the persona's identity (`persona_identity_prompt`, `description`, `perplexity_description`,
 * `name`), with phrase banks for each moment of a conversation. A gruff gate guard and a shrewd
 * merchant thus open, press and close differently, without any model.
 */
import type { PersonaDefinition } from "./definition.ts";
import { foldText } from "./text.ts";

export type VoiceKind = "stern" | "shrewd" | "warm" | "cryptic" | "plain";

/** The moments a composed reply can be spoken in. */
export type Moment = "open" | "pass" | "redirect" | "stay" | "reject" | "end_accept" | "end_reject" | "end_kick_out";

export interface PersonaVoice {
  kind: VoiceKind;
  /** How the persona addresses a player it is pleased with ("friend"), when its identity says so. */
  warm_address: string | null;
  /** How it addresses a player it is displeased with ("customer"). */
  cold_address: string | null;
}

/** Words in an identity that point to a voice; the voice with most hits wins, ties go to "plain". */
const VOICE_WORDS: Record<Exclude<VoiceKind, "plain">, readonly string[]> = {
  stern: ["guard", "captain", "soldier", "sergeant", "watch", "gate", "disciplined", "clipped", "stern", "gruff", "military", "knight", "commander", "patrol", "orders", "curt", "blunt", "terse", "interrogate", "interrogates", "warden", "jailer", "veteran"],
  shrewd: ["merchant", "trader", "trade", "shrewd", "haggle", "haggles", "haggling", "stall", "shop", "shopkeeper", "wares", "coin", "bargain", "price", "sell", "buyer", "customer", "market", "deal", "peddler", "smuggler", "broker"],
  warm: ["warm", "kind", "kindly", "friendly", "gentle", "cheerful", "jolly", "welcoming", "innkeeper", "motherly", "generous", "caring", "sweet", "hospitable", "healer", "grandmother", "cheery"],
  cryptic: ["mysterious", "cryptic", "riddle", "riddles", "oracle", "seer", "sage", "mystic", "witch", "wizard", "prophet", "prophecy", "ancient", "spirit", "fortune", "omens", "enigmatic", "hermit"],
};

/** `call the player 'friend' when pleased and 'customer' when not`: the quoted forms of address. */
const ADDRESS_PATTERN = /\bcall(?:s|ing)? (?:the player|players|the customer|customers|them|people|everyone|visitors|strangers|the traveller|the traveler)\s+['‘"“]([^'’"”]{1,30})['’"”]((?:[^'‘"“.]{0,60}?)['‘"“]([^'’"”]{1,30})['’"”])?/i;

export function personaVoice(definition: Pick<PersonaDefinition, "name" | "description" | "persona_identity_prompt" | "perplexity_description">): PersonaVoice {
  const identity = [definition.persona_identity_prompt, definition.description, definition.perplexity_description ?? "", definition.name].join(" ");
  const words = foldText(identity).match(/[a-z]+/g) ?? [];
  let kind: VoiceKind = "plain";
  let best = 0;
  for (const [candidate, markers] of Object.entries(VOICE_WORDS) as Array<[Exclude<VoiceKind, "plain">, readonly string[]]>) {
    const hits = words.filter((word) => markers.includes(word)).length;
    if (hits > best) {
      best = hits;
      kind = candidate;
    }
  }
  const address = ADDRESS_PATTERN.exec(identity);
  return { kind, warm_address: address?.[1]?.trim() ?? null, cold_address: address?.[3]?.trim() ?? null };
}

/**
 * What the persona says at each moment, by voice. `{address}` is how it addresses the player right
 * then (a name, or "friend"/"customer" when the identity says so). Each bank has several entries so
 * that the session's seed varies them and a redirect does not repeat itself.
 */
export const MOMENT_PHRASES: Record<VoiceKind, Record<Moment, readonly string[]>> = {
  stern: {
    open: ["Halt, {address}.", "Stand where I can see you, {address}.", "You there, {address}.", "Stop there, {address}."],
    pass: ["Good.", "Noted.", "Acceptable.", "Right."],
    redirect: ["That is not an answer.", "Stay on the point, {address}.", "Plainly, {address}.", "I asked you a question."],
    stay: ["Go on.", "I'm listening.", "And?", "Keep talking, {address}."],
    reject: ["Wrong answer, {address}.", "That counts against you.", "I don't like that."],
    end_accept: ["Good.", "That will do.", "In order."],
    end_reject: ["No.", "Not today, {address}.", "My decision stands."],
    end_kick_out: ["Enough.", "That's the end of it.", "You've said enough, {address}."],
  },
  shrewd: {
    open: ["Step closer, {address}.", "Ah, a customer. Welcome, {address}.", "Well met, {address}. Mind the puddles.", "Come in out of the weather, {address}."],
    pass: ["Good.", "Now we're trading.", "Fair enough.", "That's worth something."],
    redirect: ["Words are cheap, {address}. Let's talk business.", "You're browsing, not buying.", "That doesn't buy you anything, {address}.", "Time is coin, {address}."],
    stay: ["Go on.", "I'm listening, {address}.", "And?", "Talk costs nothing. Yet."],
    reject: ["That costs you, {address}.", "A poor bargain.", "I'll remember that, {address}."],
    end_accept: ["Done and done.", "A fair trade.", "Pleasure doing business, {address}."],
    end_reject: ["Then we're finished, {address}.", "No sale.", "Suit yourself, {address}."],
    end_kick_out: ["Out, {address}.", "We're done trading.", "Enough."],
  },
  warm: {
    open: ["Welcome, welcome, {address}!", "Oh, hello there, {address}.", "Come in, {address}, come in."],
    pass: ["Wonderful.", "Oh, good.", "Lovely, {address}."],
    redirect: ["Oh, I'm not sure that answers it, {address}.", "Let's come back to it, dear.", "Hm, let me ask again."],
    stay: ["Go on, dear.", "I'm listening.", "Take your time, {address}."],
    reject: ["Oh dear. That won't do, {address}.", "I'm a little disappointed.", "That's a shame."],
    end_accept: ["There we are.", "Oh, that's settled, then.", "Lovely."],
    end_reject: ["I'm sorry, {address}, but no.", "I'm afraid that's that.", "Not this time, dear."],
    end_kick_out: ["That's quite enough, {address}.", "I won't have that here.", "Out you go."],
  },
  cryptic: {
    open: ["So. You have come, {address}.", "The wind spoke of you, {address}.", "Another seeker. Welcome, {address}."],
    pass: ["So it is.", "As foreseen.", "Good. The path opens."],
    redirect: ["You circle the question, {address}.", "Those are not the words I wait for.", "Again. Listen closer."],
    stay: ["Go on.", "I am listening.", "Speak, {address}."],
    reject: ["A crooked answer, {address}.", "The omens darken.", "That was unwise."],
    end_accept: ["It is done.", "So it ends, as it should.", "The thread is tied."],
    end_reject: ["Not you. Not yet.", "The path closes, {address}.", "It is decided."],
    end_kick_out: ["Begone.", "Leave, and do not return.", "Enough, {address}."],
  },
  plain: {
    open: ["Well met, {address}.", "Hello, {address}.", "Ah, {address}. Good to see you."],
    pass: ["Good.", "Very well.", "Fair enough."],
    redirect: ["That is not what I asked.", "Let us stay on the matter.", "Hm. Try again, {address}."],
    stay: ["Go on.", "I am listening.", "And?"],
    reject: ["I do not like that answer.", "That costs you.", "A poor choice, {address}."],
    end_accept: ["That settles it.", "Good. We are done.", "Very well."],
    end_reject: ["Then we are finished, {address}.", "No.", "That is my answer."],
    end_kick_out: ["Enough. We are done here.", "Out. Now.", "Leave, {address}."],
  },
};

/** Closing words after a finished conversation when the instruction gave nothing to say. */
export const CLOSING_PHRASES: Record<VoiceKind, Record<"end_accept" | "end_reject" | "end_kick_out", readonly string[]>> = {
  stern: { end_accept: ["Move along, and keep out of trouble."], end_reject: ["Turn around and go back the way you came."], end_kick_out: ["Guards! Take this one away."] },
  shrewd: { end_accept: ["Come back when your purse is full again, {address}."], end_reject: ["Plenty of other stalls in the market."], end_kick_out: ["And don't darken my stall again."] },
  warm: { end_accept: ["Come back soon, {address}."], end_reject: ["Perhaps another day."], end_kick_out: ["And don't come back until you've learned some manners."] },
  cryptic: { end_accept: ["We will meet again, {address}."], end_reject: ["Seek elsewhere."], end_kick_out: ["Your road leads away from here."] },
  plain: { end_accept: ["Until next time, {address}."], end_reject: ["Good day, {address}."], end_kick_out: ["Do not come back."] },
};

/** Speech acts whose wording depends on the voice (the instruction names the act but not the words). */
export const ACT_PHRASES: Record<VoiceKind, Record<"warn" | "refuse" | "refuse_politely" | "praise" | "agree", readonly string[]>> = {
  stern: {
    warn: ["Watch yourself, {address}.", "Mind your step, {address}. I won't say it twice."],
    refuse: ["No.", "Request denied."],
    refuse_politely: ["I'm afraid not, {address}.", "No. With respect."],
    praise: ["Well done, {address}.", "Good work."],
    agree: ["Agreed.", "Very well."],
  },
  shrewd: {
    warn: ["Careful, {address}. The market has teeth.", "A word to the wise, {address}: watch your purse."],
    refuse: ["No. Not at any price.", "Not for sale. Not to you."],
    refuse_politely: ["I'm afraid I can't, {address}. Nothing personal; just business.", "Regretfully, no, {address}."],
    praise: ["Nicely done, {address}.", "Now that's good business."],
    agree: ["Agreed. Shake on it.", "You have a deal."],
  },
  warm: {
    warn: ["Do be careful, {address}.", "Please mind yourself out there, {address}."],
    refuse: ["Oh, I can't do that, dear.", "No, I'm sorry."],
    refuse_politely: ["I'm so sorry, {address}, but I can't.", "I'd love to, but I'm afraid not."],
    praise: ["Oh, well done, {address}!", "How wonderful of you."],
    agree: ["Of course, dear.", "Yes, gladly."],
  },
  cryptic: {
    warn: ["Beware, {address}.", "Tread softly, {address}. Not all shadows are empty."],
    refuse: ["No. That is not for you.", "That door stays shut."],
    refuse_politely: ["Forgive me, {address}. That is not mine to give.", "Not this, {address}."],
    praise: ["Well seen, {address}.", "You have done well."],
    agree: ["So be it.", "It shall be so."],
  },
  plain: {
    warn: ["Be careful, {address}.", "A word of warning, {address}: take care."],
    refuse: ["No.", "I won't do that."],
    refuse_politely: ["I'm sorry, {address}, but no.", "I'm afraid I can't."],
    praise: ["Well done, {address}.", "Good work, {address}."],
    agree: ["Agreed.", "Very well."],
  },
};

/** Which moments read as pleased (warm address), displeased (cold address) or neither. */
export function moodOf(moment: Moment): "warm" | "cold" | "neutral" {
  if (moment === "pass" || moment === "end_accept") return "warm";
  if (moment === "redirect" || moment === "reject" || moment === "end_reject" || moment === "end_kick_out") return "cold";
  return "neutral";
}

/** What the persona asks when the state's instruction gave nothing to say and the conversation goes on. */
export const PROMPT_PHRASES: Record<VoiceKind, readonly string[]> = {
  stern: ["State your business, {address}.", "Speak plainly. What do you want?", "Well? I'm waiting."],
  shrewd: ["What will it be, {address}?", "Buying or just warming your hands?", "Name what you want, {address}."],
  warm: ["What can I do for you, {address}?", "Tell me what you need, dear.", "How can I help?"],
  cryptic: ["What do you seek, {address}?", "Ask, and perhaps I will answer.", "Speak your purpose."],
  plain: ["What do you want, {address}?", "What brings you here?", "How can I help you, {address}?"],
};
