/**
 * The word lists the offline judge reads a player's message with (`offline-reading.ts`). They are
 * data, not code: each entry is a word or a phrase matched as whole, consecutive tokens after
 * folding (`tokenize` in text.ts), so "don't" is written "don t" and "I'll" is "i ll". Extend a list
 * rather than the code when a message is misread; the tests in `offline-judge.test.ts` say what each
 * list is for.
 *
 * The lists lean towards not advancing: a cooperative message misread as neutral only makes the NPC
 * ask again, while a hostile one misread as cooperative would let an insult win the conversation.
 */

/** Phrases that threaten the NPC whatever else the message says. */
export const THREAT_PHRASES: readonly string[] = [
  "or else", "or i ll", "or i will", "or i m going to", "or i am going to", "or i swear",
  "you re dead", "you are dead", "you ll die", "you will die", "you re going to die", "dead man",
  "watch your back", "you ll regret", "you will regret", "you ll pay for", "you will pay for",
  "i ll hurt", "i will hurt", "i ll find you", "i know where you live",
  "burn this place", "burn it down", "burn the place", "to the ground", "over your dead body",
  "throw you in", "throw you into", "throw you off", "throw you out",
  "break your neck", "break your legs", "break your arm", "break your nose", "break your jaw", "break your face",
  "beat you", "cut you", "cut your throat", "rip your", "tear you", "hit you", "kick your", "end you", "bury you", "hang you",
];

/**
 * Verbs of violence. One counts as a threat when it is aimed at the NPC: followed by "you", "your",
 * … (a particle such as "down" may come between: "burn down your stall"). "I'll slay the dragon" is
 * a quest, "I'll slay you" is a threat.
 */
export const VIOLENCE_VERBS: readonly string[] = [
  "kill", "murder", "stab", "burn", "torch", "shoot", "strangle", "choke", "drown", "smash", "slit", "gut", "behead",
  "hurt", "harm", "attack", "destroy", "punch", "slap", "poison", "shank", "butcher", "slaughter", "maim", "crush",
  "bash", "skewer", "slay", "gouge", "wreck", "torture", "execute", "assassinate", "rob", "mug",
];

/** Words that may stand between a violent verb and its target: "burn down your stall". */
export const VIOLENCE_PARTICLES: readonly string[] = ["down", "up", "out", "off", "apart", "open", "all"];

/** How a message points at the one it speaks to. */
export const SECOND_PERSON: readonly string[] = ["you", "your", "yours", "yourself", "ya", "u", "ur", "youre", "thee", "thou", "thy"];

/** Swearing and slurs: hostile wherever they appear, whoever they are aimed at. */
export const PROFANITY: readonly string[] = [
  "fuck", "fucking", "fucker", "fucked", "fck", "fuk", "motherfucker", "shit", "shitty", "bullshit", "bitch", "bastard",
  "asshole", "arsehole", "dick", "dickhead", "prick", "cunt", "twat", "wanker", "bollocks", "goddamn", "slut", "whore",
  "retard", "retarded", "faggot", "fag", "nigger", "nigga", "spic", "chink", "kike", "tranny", "dyke", "gook", "wetback",
];

/** Rude phrases, hostile wherever they appear. */
export const RUDE_PHRASES: readonly string[] = [
  "shut up", "shut it", "shut your mouth", "shut your trap", "screw you", "get lost", "piss off", "bugger off", "sod off",
  "go to hell", "drop dead", "f off", "buzz off", "get stuffed", "kiss my", "up yours", "bite me", "eat dirt",
  "i hate you", "you suck", "you stink", "nobody asked", "talk to the hand", "piece of", "what a joke", "who cares",
  "you re useless", "you are useless", "you re pathetic", "you are pathetic", "you re a joke", "you are a joke",
];

/**
 * Insults. Hostile when the message is aimed at the NPC (it says "you", or it is a short outburst
 * such as "Liar!"), and when the word is not what the state is about: "the butler is a liar" may be
 * the very answer a detective asked for.
 */
export const INSULTS: readonly string[] = [
  "idiot", "idiots", "idiotic", "fool", "fools", "foolish", "moron", "morons", "stupid", "dumb", "dimwit", "halfwit",
  "imbecile", "cretin", "loser", "jerk", "crook", "liar", "cheat", "cheater", "thief", "scum", "scumbag", "pig", "swine",
  "rat", "snake", "worm", "coward", "clown", "buffoon", "oaf", "dolt", "numbskull", "bonehead", "nitwit", "twit", "git",
  "prat", "hag", "ugly", "useless", "pathetic", "worthless", "incompetent", "lousy", "trash", "garbage", "filth", "vermin",
  "bozo", "dunce", "ignoramus", "simpleton", "weirdo", "creep", "freak", "fraud", "charlatan", "hypocrite", "parasite",
  "leech", "peasant", "wretch", "lowlife", "degenerate", "pest",
];

/** A message at most this many tokens long that holds an insult is an outburst ("Old fool!"). */
export const SHORT_OUTBURST_TOKENS = 4;

/** First words that, alone, decline or evade ("No.", "Nah, not today"). */
export const LEADING_NEGATIVES: readonly string[] = ["no", "nope", "nah", "never", "nay"];

/** Openers that start with a negative word but are not a refusal. */
export const NEGATIVE_LOOKALIKES: readonly string[] = ["no problem", "no worries", "no doubt", "no question", "never mind", "no sooner"];

/** Phrases that refuse, hesitate or evade, anywhere in the message. */
export const RELUCTANT_PHRASES: readonly string[] = [
  "i refuse", "i won t", "i will not", "i wont", "i don t want", "i do not want", "not interested", "no thanks", "no thank you",
  "no way", "forget it", "i don t know", "i do not know", "dunno", "not sure", "no idea", "i can t", "i cannot", "leave me alone",
  "rather not", "not now", "i decline", "will never", "ll never", "would never", "not going to", "not gonna", "i don t think so",
  "maybe later", "let me think", "i ll think about it", "no deal", "never again",
];

/** Agreement, assent and readiness. */
export const AFFIRMATIONS: readonly string[] = [
  "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "aye", "certainly", "absolutely", "agreed", "deal", "of course", "indeed",
  "i will", "i ll", "i agree", "i accept", "i do", "i swear", "i promise", "count me in", "alright", "all right", "gladly",
  "definitely", "ready", "let s go", "lead the way", "i m in", "i am in", "very well", "fine", "why not", "sounds good",
];

/**
 * Words too common to tell what a message is about: articles, pronouns, auxiliaries, the words
 * instructions use to speak of the player and the NPC, and verbs every sentence uses.
 */
export const STOPWORDS: readonly string[] = [
  "a", "an", "the", "this", "that", "these", "those", "and", "or", "but", "if", "then", "so", "as", "at", "by", "for", "from", "in",
  "into", "of", "off", "on", "onto", "out", "over", "to", "up", "with", "without", "about", "after", "before", "again", "also", "any",
  "some", "all", "each", "every", "no", "not", "nor", "only", "own", "same", "such", "than", "too", "very", "just", "now", "here",
  "there", "when", "where", "why", "how", "what", "which", "who", "whom", "whose", "whether", "while", "i", "me", "my", "mine",
  "myself", "we", "us", "our", "you", "your", "yours", "yourself", "he", "him", "his", "she", "her", "hers", "it", "its", "they",
  "them", "their", "theirs", "themselves", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do",
  "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ll", "re", "ve", "d", "s", "t", "m",
  "don", "won", "let", "get", "got", "go", "going", "come", "came", "know", "think", "say", "said", "see", "give", "take", "make",
  "made", "want", "need", "like", "tell", "ask", "asks", "sure", "please", "thanks", "thank", "well", "oh", "ah", "hmm", "um",
  "player", "players", "npc", "character", "user", "traveler", "traveller", "stranger", "visitor", "customer", "persona", "one",
  "state", "stay", "try", "keep", "still", "yet", "really", "much", "many", "more", "most", "other", "something", "anything",
  "nothing", "everything", "someone", "anyone", "thing", "things", "way", "yes", "yeah", "okay", "ok", "good", "great", "fine",
];

/**
 * Words that count as the same topic: a state about greeting is answered by "hello", one about a
 * price by "gold". A message word and a state word in the same group are on the same topic.
 */
export const RELATED_WORDS: ReadonlyArray<readonly string[]> = [
  ["greet", "greeting", "greetings", "welcome", "hello", "hi", "hey", "hail", "howdy", "morning", "evening", "met"],
  ["name", "names", "named", "call", "called"],
  ["price", "cost", "pay", "payment", "gold", "silver", "copper", "coin", "coins", "money", "credits", "dollars", "offer", "bid", "deal", "bargain", "haggle", "afford", "cheap", "expensive", "discount", "fee", "toll", "fare", "tip", "bribe"],
  ["buy", "purchase", "sell", "sale", "trade", "wares", "goods", "shop", "store", "order"],
  ["help", "aid", "assist", "assistance", "favour", "favor", "support", "rescue", "save"],
  ["join", "enlist", "sign", "recruit", "member", "ally", "side", "cause"],
  ["swear", "oath", "vow", "promise", "pledge", "word", "honour", "honor", "fealty", "loyalty"],
  ["enter", "entry", "pass", "passage", "gate", "door", "inside", "admit", "writ", "permit", "papers", "documents"],
  ["work", "job", "task", "quest", "mission", "duty", "errand", "hire", "contract", "assignment"],
  ["fight", "battle", "war", "defeat", "slay", "attack", "defend", "protect", "guard"],
  ["learn", "study", "lesson", "teach", "understand", "explain", "question", "answer", "homework", "exam", "test"],
  ["saw", "seen", "witness", "noticed", "watched", "heard", "alibi", "night", "evidence", "clue"],
  ["sorry", "apology", "apologise", "apologize", "forgive", "forgiveness", "regret", "amends"],
  ["ready", "prepared"],
  ["room", "bed", "night", "inn", "lodging", "sleep"],
  ["food", "eat", "drink", "meal", "hungry", "thirsty", "ale", "bread"],
];

/** A number written out, for answers to "how many" and prices ("one" is left out: "the one that glows"). */
export const NUMBER_WORDS: readonly string[] = [
  "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
  "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
  "seventy", "eighty", "ninety", "hundred", "thousand", "million", "dozen", "half", "couple", "few", "several", "none",
];

/**
 * What a state's instruction asks for, and what an answer of that kind looks like. When the
 * instruction holds a cue, a message holding an answer phrase (or, for `number`, a number) answers
 * it even if it shares no word with it: "Ask the traveler what business brings them" is answered by
 * "I come to pray at the temple".
 */
export const QUESTION_KINDS: ReadonlyArray<{ kind: string; cues: readonly string[]; answers: readonly string[] }> = [
  { kind: "name", cues: ["name", "who they are", "who are you", "introduce"], answers: ["my name", "name is", "name s", "call me", "i am", "i m", "they call me", "it s", "known as"] },
  { kind: "number", cues: ["how many", "how much", "number", "price", "offer", "cost", "age", "how old", "count", "amount", "pay", "bid"], answers: [] },
  { kind: "purpose", cues: ["business", "why", "reason", "purpose", "what brings", "looking for", "what they need", "what they want", "what you need", "here for"], answers: ["i m here", "i am here", "here to", "i come", "i came", "i want", "i need", "i d like", "i would like", "looking for", "because", "i seek", "i m looking", "on my way", "visiting", "to see", "to buy", "to sell", "to trade", "to find", "to meet", "for work"] },
  { kind: "place", cues: ["where"], answers: ["at the", "in the", "near the", "by the", "on the", "inside", "behind the", "under the", "from the", "from", "over there", "outside"] },
  { kind: "time", cues: ["when", "what time", "how long"], answers: ["today", "tomorrow", "tonight", "yesterday", "morning", "noon", "midnight", "o clock", "dawn", "dusk", "last night", "ago", "since", "until", "days", "hours", "weeks", "nights"] },
];

/**
 * Cues that a state asks the player to commit (join, agree, swear, say whether they are ready). Such
 * a state advances only on agreement: a question about the rebellion is not joining it.
 */
export const COMMITMENT_CUES: readonly string[] = [
  "convince", "persuade", "recruit", "agree", "accept", "join", "swear", "promise", "pledge", "commit", "ready", "willing",
  "whether", "take it or leave it", "sign", "enlist", "volunteer", "consent",
];

/**
 * Words in a terminal state's key or label that say the player lost there ("refused", "thrown_out").
 * Such a state without an `outcome` still ends ACCEPT when entered, which save warns about.
 */
export const LOSS_WORDS: readonly string[] = [
  "fail", "failed", "failure", "lose", "lost", "loss", "reject", "rejected", "refuse", "refused", "refusal", "deny", "denied",
  "dead", "death", "die", "died", "defeat", "defeated", "kick", "kicked", "thrown", "banned", "barred", "expelled", "arrested",
  "jailed", "dismissed", "fired", "shunned", "chased", "overboard", "game over", "turned away", "walked away", "walk away", "angry",
  "hostile", "betrayed", "caught", "punished",
];

/**
 * Words that turn what follows them around, in a transition's label or a state's text: "asks about
 * wares without a greeting" is not about greeting. The turn lasts until "and", "but", "or", "then".
 */
export const NEGATION_WORDS: readonly string[] = ["without", "no", "not", "never", "nor", "non", "skipped", "skips", "skip", "lacking", "lacks", "missing", "instead", "fails", "refuses"];
export const NEGATION_ENDS: readonly string[] = ["and", "but", "or", "then"];

// ---------------------------------------------------------------------------------------------
// What a transition asks the player to do (`offline-act.ts`)

/**
 * Verbs that say what the player must do to take a transition, as labels, descriptions and win
 * conditions word it ("pays the fare", "The player agrees to join"), each form listed: they are
 * matched as whole tokens. The first such verb in a text decides the act.
 */
export const ACT_VERBS: Readonly<Record<"transfer" | "commit" | "greet" | "ask" | "apologize" | "thank", readonly string[]>> = {
  transfer: [
    "pay", "pays", "paid", "paying", "give", "gives", "gave", "giving", "hand", "hands", "handed", "handing", "offer", "offers",
    "offered", "show", "shows", "showed", "shown", "present", "presents", "presented", "deliver", "delivers", "delivered",
    "bring", "brings", "brought", "tip", "tips", "bribe", "bribes", "bribed", "donate", "donates", "donated", "surrender",
    "surrenders", "settle", "settles", "produce", "produces", "return", "returns", "returned",
  ],
  commit: [
    "agree", "agrees", "agreed", "accept", "accepts", "accepted", "join", "joins", "joined", "swear", "swears", "swore", "sworn",
    "promise", "promises", "promised", "pledge", "pledges", "pledged", "vow", "vows", "vowed", "commit", "commits", "committed",
    "enlist", "enlists", "enlisted", "sign", "signs", "signed", "volunteer", "volunteers", "volunteered", "consent", "consents",
  ],
  greet: ["greet", "greets", "greeted", "greeting", "hello", "salute", "salutes", "introduce", "introduces", "introduced"],
  ask: ["ask", "asks", "asked", "inquire", "inquires", "enquire", "enquires", "request", "requests", "requested", "wonder", "wonders"],
  apologize: ["apologize", "apologizes", "apologized", "apologise", "apologises", "apologised", "apology", "sorry", "amends"],
  thank: ["thank", "thanks", "thanked"],
};

/** Verbs of an NPC's instruction that ask the player for something ("Ask the traveller for the fare"). */
export const REQUEST_VERBS: readonly string[] = ["ask", "asks", "demand", "demands", "request", "requests", "collect", "collects", "charge", "charges", "take", "takes", "want", "wants", "require", "requires", "expect", "expects"];

/**
 * Things a player hands over: an instruction that asks for one of these (or for a price word of
 * `RELATED_WORDS`) asks the player to give it, not to talk about it. "Ask for the password" asks
 * for words; "ask for the toll" for a coin.
 */
export const HANDED_OVER: readonly string[] = [
  "fare", "toll", "fee", "tax", "tribute", "rent", "payment", "coin", "coins", "gold", "silver", "copper", "money", "bribe", "tip",
  "ticket", "papers", "writ", "permit", "token", "letter", "gift", "offering", "documents", "seal", "badge", "ring", "license",
  "licence", "pass", "passport", "deposit", "dues", "price",
];

/**
 * How a message hands something over now: "here is", "take this", "I pay", or an action written
 * as roleplay ("*hands over a coin*", "Hands him the writ"). Used with `ACT_VERBS.transfer`.
 */
export const GIVING_PHRASES: readonly string[] = [
  "here is", "here s", "here are", "here you go", "here you are", "here it is", "here they are", "take this", "take these", "take it",
  "take my", "take the", "this is for you", "for your trouble", "keep the change", "as promised", "there you go", "there you are",
];

/** Third-person actions a roleplay message starts with when the player gives something. */
export const GIVING_GESTURES: readonly string[] = [
  "hands", "gives", "pays", "tosses", "slides", "places", "puts", "drops", "flips", "offers", "shows", "presents", "holds",
  "pulls", "counts", "pushes", "passes", "produces", "reaches",
];

/** Words between "I" and a verb that keep it the speaker's own act: "I'll pay", "I can hand you", "I hereby give". */
export const FIRST_PERSON_LINKS: readonly string[] = ["ll", "will", "shall", "can", "hereby", "now", "gladly", "happily", "ve", "have", "just", "m", "am", "d", "would", "do", "going", "to", "already", "then"];

/** Asking for the service without giving anything: never a payment. */
export const FREE_SERVICE_PHRASES: readonly string[] = [
  "for free", "free of charge", "for nothing", "without paying", "without pay", "no charge", "on the house", "free ride", "free passage",
  "free crossing", "on credit", "owe you", "i ll owe", "iou", "put it on my tab", "waive", "let me off", "for nought",
];

/** Putting an act off: a promise, not the act. */
export const DEFERRAL_PHRASES: readonly string[] = [
  "later", "tomorrow", "next time", "next week", "some day", "someday", "another time", "another day", "soon", "eventually",
  "when i get", "when i have", "once i have", "once i get", "after i", "when we arrive", "when we get", "on the other side",
];

/**
 * Words that deny what follows them within a few tokens: "no money", "not paying", "can't pay" (the
 * "t" of "can't"), "lost my papers".
 */
export const DENIALS: readonly string[] = ["no", "not", "never", "nothing", "none", "without", "cannot", "t", "lost", "forgot", "forgotten", "neither", "nor", "lack", "broke"];

/** Greeting words: a message of these (and terms of address) alone only greets. */
export const GREETING_WORDS: readonly string[] = [
  "hello", "hi", "hey", "heya", "hiya", "howdy", "greetings", "greeting", "hail", "morning", "afternoon", "evening", "salutations",
  "ahoy", "yo", "sup", "welcome", "hullo", "hallo", "bonjour", "hola", "g", "day", "met", "howdy",
];

/** Words that may stand beside a greeting without making it say anything more ("Good morning, sir", "Hi there, friend"). */
export const ADDRESS_WORDS: readonly string[] = [
  "good", "there", "well", "friend", "friends", "sir", "madam", "maam", "ma", "am", "mister", "miss", "lady", "lord", "my", "old",
  "man", "boss", "mate", "pal", "buddy", "folks", "all", "everyone", "you", "to", "a", "fine", "dear", "stranger", "traveller",
  "traveler", "again", "oh", "and", "the",
];

/** How a sentence that asks opens ("Could you take me across", "How much is it"). */
export const QUESTION_OPENERS: readonly string[] = [
  "what", "why", "how", "where", "when", "who", "whom", "whose", "which", "could", "can", "would", "will", "do", "does", "did", "is",
  "are", "was", "were", "may", "might", "shall", "should", "isn", "aren", "won", "wouldn", "couldn", "any",
];

/** Apologies, as a message words them. */
export const APOLOGY_PHRASES: readonly string[] = ["sorry", "apologize", "apologise", "apologies", "my apologies", "forgive me", "i regret", "my fault", "my mistake", "pardon me", "i was wrong"];

/** Thanks, as a message words them. */
export const THANKS_PHRASES: readonly string[] = ["thanks", "thank you", "thank", "cheers", "grateful", "much obliged", "thx", "ty", "appreciate it", "i appreciate"];

/**
 * Words of which a request names exactly one: offering copper where silver is asked is not paying.
 * When what a transition asks for names one word of a set, a message naming only others of that
 * set does not do it.
 */
export const CONTRAST_SETS: ReadonlyArray<readonly string[]> = [
  ["gold", "golden", "silver", "copper", "bronze", "brass", "iron", "steel", "platinum", "tin", "lead", "wooden", "stone", "glass", "paper"],
  ["red", "blue", "green", "yellow", "black", "white", "purple", "orange", "grey", "gray", "brown", "pink", "violet", "crimson"],
  ["north", "south", "east", "west", "northern", "southern", "eastern", "western", "left", "right", "up", "down"],
];
