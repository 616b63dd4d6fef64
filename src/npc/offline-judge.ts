/**
 * The offline judge for transitions without `when` — a Foil Engine definition, where an LLM would
 * read the state's instruction and pick. Without a model it reads the message (`offline-reading.ts`)
 * and decides only on evidence, leaning towards staying:
 *
 * - a threat (or violence aimed at the NPC) takes a `kick_out`, else a `reject`;
 * - a rude message (insults, swearing, slurs, "shut up") takes a `reject`;
 * - neither ever takes a `pass`. A `reject` that would still end in ACCEPT (in scoring mode a reject
 *   moves on along the state's pass, and a terminal state without `outcome` ends ACCEPT) is not taken:
 *   an insult never wins the conversation. With no fitting transition the NPC stays (its redirect,
 *   or no decision);
 * - a reluctant message ("no", "I don't know", "maybe later") stays;
 * - a `pass` is taken only when the message does what it asks (`offline-act.ts`): pays when it asks
 *   for the fare (not "I have no money", "for free", "I'll pay you later", a copper coin for a silver
 *   one), agrees when it asks to commit ("Convince the player to join…"), greets, thanks, apologises,
 *   asks; otherwise answers: a message about what the state is about (a shared word with its
 *   instruction, label, machine objective or win condition, transition labels; or the kind of answer
 *   the instruction asks for: a name, a number, a place, a purpose). A message that only greets or
 *   only asks questions does none of these but greeting and asking. Of several `pass` transitions
 *   done, the one whose label and destination share most words with the message;
 * - anything else stays: the redirect if the state has one, with the reason "default (no condition
 *   held)", else no decision.
 *
 * It only ever picks among `candidates` without `when`; `RulesJudge` asks it after the conditions.
 */
import type { Transition } from "./definition.ts";
import { actVerdict, requiredAct } from "./offline-act.ts";
import { affinity, MAX_WAYS_READ, readMessage, topicOf, type MessageReading } from "./offline-reading.ts";
import type { Judge, JudgeDecision, JudgeInput, TransitionEvaluation } from "./ports.ts";
import { transitionEffects } from "./transition-effect.ts";

/** `pass "label" a → b`, as decision reasons name a transition. */
export function describeTransition(evaluation: TransitionEvaluation): string {
  const transition = evaluation.transition;
  const name = transition.label ? ` "${transition.label}"` : "";
  return `${transition.decision_type}${name} ${transition.from_state_key} → ${transition.to_state_key}`;
}

/** The reason of a redirect taken because nothing gave cause to do anything else. */
export const DEFAULT_REASON = "default (no condition held)";

function describeTone(reading: MessageReading): string {
  const quoted = `("${reading.tone_evidence}")`;
  switch (reading.tone) {
    case "threat":
      return `the message threatens ${quoted}`;
    case "rude":
      return `the message is rude ${quoted}`;
    case "reluctant":
      return `the message refuses or hesitates ${quoted}`;
    default:
      return "the message";
  }
}

export class OfflineHeuristicJudge implements Judge {
  readonly name = "offline";

  /**
   * A transition without `when`, or none. When it picks none, or the redirect by default, `explained`
   * tells whether the message itself was the reason (a hostile message with nowhere fitting to go).
   */
  choose(input: JudgeInput): JudgeDecision & { explained: boolean } {
    const open = input.candidates.filter((evaluation) => evaluation.transition.when === undefined);
    const ofType = (type: Transition["decision_type"]) => open.filter((evaluation) => evaluation.transition.decision_type === type);
    const redirect = ofType("redirect")[0];
    const take = (evaluation: TransitionEvaluation, why: string) => ({ index: evaluation.index, reason: `${describeTransition(evaluation)}: offline judge: ${why}`, explained: true });
    const stay = (why: string | null): JudgeDecision & { explained: boolean } => {
      if (redirect) return why === null ? { index: redirect.index, reason: `${describeTransition(redirect)}: ${DEFAULT_REASON}`, explained: false } : take(redirect, why);
      return { index: null, reason: why === null ? "no transition without a condition fits" : `offline judge: ${why}; the NPC stays`, explained: why !== null };
    };
    // Only a redirect (or nothing) to choose: the message cannot change what happens.
    if (open.every((evaluation) => evaluation.transition.decision_type === "redirect")) return stay(null);

    const topic = topicOf(input.definition, input.machine, input.state);
    const reading = readMessage(input.message, topic);
    const effectOf = transitionEffects(input.machine);
    const losing = (evaluation: TransitionEvaluation) => {
      const effect = effectOf(evaluation.transition);
      return effect !== null && !("outcome" in effect && effect.outcome === "ACCEPT");
    };
    const reject = ofType("reject").find(losing);
    if (reading.tone === "threat") {
      const answer = ofType("kick_out")[0] ?? reject;
      return answer ? take(answer, describeTone(reading)) : stay(`${describeTone(reading)}, and no kick_out or reject without a condition leaves this state`);
    }
    if (reading.tone === "rude") return reject ? take(reject, describeTone(reading)) : stay(`${describeTone(reading)}, and no reject without a condition leaves this state`);
    if (reading.tone === "reluctant") return stay(describeTone(reading));
    const passes = ofType("pass").slice(0, MAX_WAYS_READ);
    if (passes.length === 0) return stay(null);
    const verdicts = passes.map((evaluation) => {
      const effect = effectOf(evaluation.transition);
      const act = requiredAct(evaluation.transition, input.machine, input.state, effect !== null && "outcome" in effect, topic.excluded);
      return { evaluation, act, verdict: actVerdict(input.message, reading, act, topic, topic.excluded) };
    });
    const done = verdicts.filter(({ verdict }) => verdict.done);
    if (done.length === 0) {
      // Off topic: the plain default. On topic, say what the message did not do.
      if (!reading.on_topic) return stay(null);
      return stay(verdicts.find(({ verdict }) => verdict.why !== null)?.verdict.why ?? "the message does not do what any way forward asks");
    }
    const scored = done.map(({ evaluation, act, verdict }) => {
      const destination = input.machine.states.find((state) => state.state_key === evaluation.transition.to_state_key);
      const own = [evaluation.transition.label, evaluation.transition.description].filter(Boolean).join(" . ");
      const there = [destination?.label, destination?.prompt_instruction].filter(Boolean).join(" . ");
      return { evaluation, act, verdict, score: affinity(input.message, own, there, topic.excluded) };
    });
    const best = scored.reduce((chosen, candidate) => (candidate.score > chosen.score ? candidate : chosen));
    if (best.act.kind !== "answer" && best.act.kind !== "commit") return take(best.evaluation, `the message does what it asks ("${best.act.phrase || best.act.kind}"): ${best.verdict.why}`);
    return take(best.evaluation, `the message is on topic (${reading.topic_evidence})${reading.tone === "agreeing" ? ` and agrees ("${reading.tone_evidence}")` : ""}`);
  }
}
