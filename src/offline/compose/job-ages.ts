/**
 * Ages the named job cannot have: "surgeons aged 20", "airline pilots aged 15", "judges in their
 * twenties". The prompt's ages are kept (it is what the caller asked for), and a warning says that
 * they and the job do not meet, never silently.
 */
import type { PromptParts } from "../understand/parts.ts";

/**
 * Above this youngest age a job's floor is a training path (a degree, a licence, years of practice):
 * nobody younger holds it. Jobs open at 18 or younger (actors, models, farmhands) are held by children
 * too ("child actors"), so their floor is no bar.
 */
const TRAINED_FROM = 18;

/** "surgeon" → "surgeons": the plural of the occupation's name, for the warning. */
function plural(name: string): string {
  return /(?:s|sh|ch|x)$/.test(name) ? `${name}es` : `${name}s`;
}

/** A warning for each named job whose ages the prompt's do not meet at all, with which ages are kept. */
export function jobAgeWarnings(parts: PromptParts): string[] {
  const age = parts.age;
  // A retired or former job's ages are no longer the job's.
  if (!age || parts.situations.some(({ situation }) => situation.id === "retired")) return [];
  const warnings: string[] = [];
  for (const role of parts.roles) {
    if (role.kind !== "occupation" || role.teaches) continue;
    const { occupation } = role;
    const asked = age.min === age.max ? `${age.min}` : `${age.min}-${age.max}`;
    if (age.max < occupation.min_age && occupation.min_age > TRAINED_FROM) {
      warnings.push(`Warning: "${age.span.text}" (${asked}) is younger than any ${role.value} can be: ${plural(role.value)} start at about ${occupation.min_age} (licensing or usual training path, occupation data); the ages asked for are kept.`);
    } else if (age.min > occupation.max_age) {
      warnings.push(`Warning: "${age.span.text}" (${asked}) is older than ${plural(role.value)} work: the occupation data's oldest is about ${occupation.max_age}; the ages asked for are kept.`);
    }
  }
  return warnings;
}
