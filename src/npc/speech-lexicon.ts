/**
 * The words `instruction-speech.ts` reads an author's instruction with: data, so that a misread
 * instruction is fixed by a word here rather than by code there. Look-ups by a word of the
 * instruction are Maps and Sets, never plain objects: "constructor" is a word, not `Object`.
 */
/** How instructions name the player. "character" is not one: "stay in character" is about the NPC. */
export const PLAYER_NOUNS = new Set([
  "player", "traveler", "traveller", "stranger", "visitor", "customer", "user", "newcomer", "recruit", "guest", "buyer",
  "adventurer", "patron", "client", "petitioner", "applicant", "suspect", "hero", "outsider", "pilgrim",
]);
export const DETERMINERS = new Set(["the", "this", "that", "a", "an"]);
/** Words before a plural noun: "the guards … they" may mean the guards, so such a "they" is not read. */
export const PLURAL_MARKERS = new Set(["the", "these", "those", "some", "many", "all", "several", "few", "my", "your", "their", "his", "her", "its", "our", "two", "three", "four", "five"]);
/** After these, "you" starts a clause and is its subject ("that you are…" → "that I am…"); elsewhere it is an object ("follow you" → "follow me"). */
export const SUBJECT_OPENERS = new Set(["that", "and", "but", "or", "while", "when", "if", "because", "as", "until", "before", "after", "so", "what", "where", "whether", "unless", "since", "then", "how", "why", "which", "who", "once"]);
export const AUXILIARIES = new Set(["are", "were", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "do", "did"]);
/** Words that may follow a person being spoken to: "Ask the knight what …", "Tell the hero that …". */
export const AFTER_ADDRESSEE = new Set(["what", "which", "who", "whom", "whose", "where", "when", "why", "how", "whether", "if", "for", "about", "to", "that", "not", "their"]);
export const MANNER =
  /\b(?:warmly|politely|firmly|coldly|gently|gruffly|briefly|dryly|drily|sternly|kindly|curtly|angrily|cheerfully|sarcastically|bluntly|softly|quietly|loudly|suspiciously|respectfully|courteously|calmly|flatly|nervously|eagerly|grudgingly|sharply|plainly|clearly|simply|immediately|at once|by name)\b|\b(?:with|in) (?:a|an) (?:[a-z-]+ ){0,2}(?:remark|smile|nod|word|joke|sigh|shrug|grin|tone|voice|look|glare|laugh|scowl|frown|wink|manner|way)\b/gi;
export const IRREGULAR_PAST: ReadonlyMap<string, string> = new Map([["saw", "see"], ["came", "come"], ["went", "go"], ["did", "do"], ["heard", "hear"], ["found", "find"], ["lost", "lose"], ["got", "get"], ["made", "make"], ["took", "take"], ["brought", "bring"], ["met", "meet"], ["left", "leave"], ["thought", "think"], ["knew", "know"], ["said", "say"], ["paid", "pay"], ["bought", "buy"], ["sold", "sell"], ["spent", "spend"], ["gave", "give"], ["told", "tell"], ["felt", "feel"], ["kept", "keep"], ["ran", "run"], ["wrote", "write"], ["stole", "steal"], ["hid", "hide"], ["chose", "choose"], ["swore", "swear"], ["understood", "understand"], ["forgot", "forget"], ["began", "begin"], ["broke", "break"], ["fought", "fight"], ["flew", "fly"]]);
export const PARTICIPLES: ReadonlyMap<string, string> = new Map([["dismiss", "dismissed"], ["relieve", "relieved"], ["bar", "barred"], ["ban", "banned"], ["banish", "banished"], ["release", "released"], ["excuse", "excused"], ["pardon", "pardoned"], ["forgive", "forgiven"], ["arrest", "under arrest"], ["jail", "jailed"], ["imprison", "imprisoned"], ["detain", "detained"], ["expel", "expelled"], ["exile", "exiled"], ["hire", "hired"], ["promote", "promoted"], ["free", "free to go"]]);
/** What "ask for X" asks for: information is told, tokens and money are handed over, offers are made. */
export const TOLD = /\b(?:name|password|answer|reason|story|opinion|quest|news|address|age|purpose|business|plan|secret|truth|code|details?|location|destination|report|explanation|excuse|origin)\b/i;
export const HANDED_OVER = /\b(?:papers|writ|pass|permit|documents?|proof|seal|token|badge|credentials|ticket|coins?|gold|payment|money|fee|toll|weapons?|sword|blade|key|deposit|tribute|fare)\b/i;
export const OFFERS = /\b(?:offer|counter-offer|counteroffer|bid)\b/i;

export const NPC_WORDS: ReadonlyMap<string, string> = new Map([["you're", "I'm"], ["you've", "I've"], ["you'll", "I'll"], ["you'd", "I'd"], ["your", "my"], ["yours", "mine"], ["yourself", "myself"]]);
export const PLAYER_PRONOUNS: ReadonlyMap<string, string> = new Map([["they", "you"], ["them", "you"], ["their", "your"], ["theirs", "yours"], ["themselves", "yourself"], ["themself", "yourself"], ["they're", "you're"], ["they've", "you've"], ["they'll", "you'll"], ["they'd", "you'd"]]);
export const THIRD_PERSON = new Set(["he", "she", "him", "his", "her", "hers", "himself", "herself"]);

