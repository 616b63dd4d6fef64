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

/** The ages after leaving a job: a year or two after its youngest, to the oldest adult age. */
const YEARS_TO_LEAVE = 2;

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
 * ages run from just after the left job's youngest (never a pensioner's range only). Returns whether a
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
  const youngest = Math.min(...occupations.map((occupation) => occupation.min_age));
  const first = left[0] as Candidate;
  if (!nowWorking && !parts.age && Number.isFinite(youngest)) parts.age = { min: youngest + YEARS_TO_LEAVE, max: oldest, openEnded: true, span: first.role.span };
  return true;
}
