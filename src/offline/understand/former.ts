/**
 * "Ex-prisoners", "former inmates", "former refugees", "former soldiers", "ex-police officers working as
 * security guards", "former nurses who now work in tech": "ex-"/"former" says they are no longer in it.
 * A status left (prison, a refugee's flight) is their background, never where they are now; a job left is
 * their `former_occupation`, not their work (nor a pension: veterans and career-changers leave at any
 * age), and a job they hold now, when named, is their occupation.
 */
import type { Occupation, Situation } from "../knowledge/index.ts";
import type { Token } from "../knowledge/words.ts";
import type { PromptParts, RoleReading, Span } from "./parts.ts";

/** Words that say a role or a status is behind them. */
export const FORMER_WORDS = new Set(["former", "ex", "ex-", "onetime", "one-time", "erstwhile"]);

/** Years in a job before leaving it, at the least: its former holders are this much older than its youngest. */
const YEARS_TO_LEAVE = 5;
/** A job whose data ages stop before this ends young (athletes, dancers): it is left in the thirties. */
const ENDS_YOUNG_BEFORE = 55;
/** Of such a job, its former holders are at least this many years under its oldest age (as compose's retired careers). */
const LEFT_BEFORE_ITS_END = 10;

/** Whether the word right before token `start` says the role is behind them ("former", "ex-"). */
export function formerBefore(tokens: readonly Token[], start: number): boolean {
  return FORMER_WORDS.has(tokens[start - 1]?.text ?? "");
}

/**
 * A status left ("ex-prisoners", "former refugees"): who they are is its former holder — an identity,
 * declared, their jobs the everyday mix — and the status's own field (prison housing, a refugee's origin)
 * is not theirs any more.
 */
export function formerStatus(value: string, span: Span): Situation {
  const former = `former ${value.replace(/^(?:former|ex-?)\s*/i, "")}`;
  return { id: `identity:${former}`, aliases: [span.text], field: "identity", value: former, gender_mix_unknown: true };
}

type Candidate = { role: Exclude<RoleReading, { kind: "general" }>; rank: number; start: number; end: number };

/**
 * Jobs left: each occupation candidate after "former"/"ex-" leaves the candidates and becomes the
 * `former_occupation` qualifier; the "former" read as retirement is dropped. With no job named now, their
 * ages run from some years after the left job's youngest, or near its end for a career that ends young
 * (never a pensioner's range only). Returns whether a
 * job was left.
 */
export function readFormerJobs(parts: PromptParts, tokens: readonly Token[], candidates: Candidate[], oldest: number): boolean {
  // A population's people are named in the plural ("former soldiers"); a sketch's one person ("former steel
  // worker, 77") keeps the job with its retirement, whose age the sketch reader knows and the prompt does not.
  const plural = (candidate: Candidate) => tokens.slice(candidate.start, candidate.end).some((token) => token.text !== token.singular);
  const left = candidates.filter((candidate) => candidate.role.kind === "occupation" && formerBefore(tokens, candidate.start) && plural(candidate));
  if (left.length === 0) return false;
  const occupations: Occupation[] = [];
  for (const candidate of left) {
    if (candidate.role.kind !== "occupation") continue;
    candidates.splice(candidates.indexOf(candidate), 1);
    occupations.push(candidate.role.occupation);
    parts.qualifiers.push({ qualifier: { id: `former-occupation:${candidate.role.value}`, aliases: [], field: "former_occupation", value: candidate.role.value }, span: candidate.role.span });
  }
  const formerWord = (entry: { span: Span }) => left.some((candidate) => candidate.role.span.start > entry.span.start && candidate.role.span.start - entry.span.end <= 2);
  parts.situations = parts.situations.filter((entry) => !(entry.situation.id === "retired" && formerWord(entry)));
  const nowWorking = candidates.some((candidate) => candidate.rank <= 2 && (candidate.role.kind === "occupation" || candidate.role.kind === "as-written")) || parts.industry !== undefined;
  // The youngest age after leaving: a career that ends young is left near its end ("former footballers" are
  // 30 and over), any other some years after its youngest ("former nurses" are no pensioners only).
  const youngest = Math.min(...occupations.map((occupation) => (occupation.max_age < ENDS_YOUNG_BEFORE ? Math.max(occupation.min_age + YEARS_TO_LEAVE, occupation.max_age - LEFT_BEFORE_ITS_END) : occupation.min_age + YEARS_TO_LEAVE)));
  const first = left[0] as Candidate;
  if (!nowWorking && !parts.age && Number.isFinite(youngest)) parts.age = { min: youngest, max: oldest, openEnded: true, span: first.role.span };
  return true;
}
