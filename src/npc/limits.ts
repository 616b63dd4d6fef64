/**
 * The sizes an NPC definition may reach, and the work one chat turn may do.
 *
 * Every number here exists so that a hostile or careless definition cannot stall the server: save
 * validation is linear in the size of the body, and a turn's work is bounded by these caps whatever
 * the definition and the message. Each cap is generous for hand-written personas (the two seeded
 * examples use a small fraction of each) and is reported at save as a 422 that names it.
 *
 * A turn's budget (the `*_PER_TURN` numbers) is what a definition valid at save can need at most, so
 * it never bites a definition saved under these caps; it bounds definitions stored before they
 * existed, whose over-budget tests are then not run (taken as not matching, and said so).
 */

/**
 * A suggested byte limit for the save body (`POST /api/v1/creator/save`). A definition at every cap
 * below is far larger; a real persona is a few tens of kilobytes (the seeded examples are ~15 KB).
 */
export const MAX_SAVE_BODY_BYTES = 1024 * 1024;

/** Validation stops collecting problems after this many: one more detail tells nothing new. */
export const MAX_VALIDATION_ISSUES = 100;

// ---------------------------------------------------------------------------------------------
// Counts

export const MAX_MACHINES_PER_PERSONA = 50;
export const MAX_STATES_PER_MACHINE = 200;
export const MAX_TRANSITIONS_PER_MACHINE = 1000;
export const MAX_MACHINE_LINKS = 1000;
/** Persona-level variables, and, separately, the variables of each machine. */
export const MAX_VARIABLES = 50;
export const MAX_OUTPUT_VARIABLES_PER_MACHINE = 50;
export const MAX_EXTRACTION_RULES_PER_VARIABLE = 10;
/** Declared values of an enum variable, and values a keyword extraction rule maps phrases to. */
export const MAX_VALUES_PER_VARIABLE = 100;
export const MAX_INTENTS = 200;
/** Phrases of one list: an intent, a `keywords` condition, one value of a keyword extraction rule. */
export const MAX_PHRASES_PER_LIST = 100;
export const MAX_LINES_PER_STATE = 50;
/** Candidates of one `in` condition. */
export const MAX_IN_VALUES = 100;

// ---------------------------------------------------------------------------------------------
// String lengths (characters, as JavaScript counts them)

/** `machine_key`, `state_key`, variable keys, intent names, regex group names. */
export const MAX_KEY_CHARS = 100;
/** Persona, machine and state names and labels. */
export const MAX_NAME_CHARS = 200;
/** Descriptions, the identity prompt, objectives, instructions and the optional LLM prompts. */
export const MAX_TEXT_CHARS = 20_000;
/** One line the NPC may say. */
export const MAX_LINE_CHARS = 2000;
/** One phrase, and one literal string in a condition. */
export const MAX_PHRASE_CHARS = 200;
/** A value filled into a line (`{{vars.key}}`, `{{player_name}}`): longer ones are cut, with "…". */
export const MAX_INTERPOLATED_VALUE_CHARS = 200;
/** A creator's regex pattern. */
export const MAX_REGEX_PATTERN_CHARS = 500;

// ---------------------------------------------------------------------------------------------
// Conditions

/**
 * How deeply conditions may nest (`not`, `all`, `any` inside one another). Conditions are walked
 * recursively when played and described; this bound keeps that far from any stack limit.
 */
export const MAX_CONDITION_DEPTH = 32;
/** Operators (condition objects) in one condition. */
export const MAX_CONDITION_OPERATORS = 200;
/** Operators in all the conditions of a persona (transitions and links). */
export const MAX_CONDITION_OPERATORS_PER_PERSONA = 5000;

// ---------------------------------------------------------------------------------------------
// Regexes and one turn's work

/**
 * Instructions one compiled pattern may have (RE2's program size: about one per character, and a
 * repetition count multiplies what it repeats, so `[a-z]{1,20}` is ~40 and `a{500}` ~500). Matching
 * costs at most (instructions × characters of the message).
 */
export const MAX_REGEX_INSTRUCTIONS = 500;
/** Regexes of a persona in all (conditions and extraction rules): each is compiled when it is saved. */
export const MAX_REGEXES_PER_PERSONA = 300;
/**
 * Instructions of all the patterns one turn may run in a state: the conditions of the transitions
 * out of it plus the extraction rules of the machine's and the persona's variables. At the cap, on a
 * 4000-character message built to be slow, a turn's regexes take ~0.15 s here; a typical pattern is
 * 20–70 instructions, and the seeded examples need under 200 in any state.
 */
export const MAX_REGEX_INSTRUCTIONS_PER_TURN = 500;
/**
 * A regex runs on at most this much of a message. Chat messages are already capped at 4000
 * characters by the routes; the engine keeps its own cap because it may be handed any text.
 */
export const MAX_REGEX_INPUT_CHARS = 4000;
/** One turn's regex work, in instructions × characters: what a state at the caps needs, no more. */
export const MAX_REGEX_WORK_PER_TURN = MAX_REGEX_INSTRUCTIONS_PER_TURN * MAX_REGEX_INPUT_CHARS;
/**
 * Phrase look-ups one turn may make in a state: the phrases of the `keywords` and `intent` tests of
 * the transitions out of it plus the keyword extraction rules of the machine's and the persona's
 * variables. Each look-up is one linear scan of the message (~0.02 ms on 4000 characters); the
 * seeded examples hold under 100 phrases in all.
 */
export const MAX_PHRASE_CHECKS_PER_TURN = 2000;
