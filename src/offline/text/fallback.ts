/**
 * Text for fields no domain writer knows (a blueprint from elsewhere, or a field an enhanced
 * persona needs). Uses only the persona's own values, so it cannot contradict them.
 */
import type { Blueprint } from "../../engine/blueprint.ts";
import type { Rng } from "../../engine/rng.ts";
import { SentencePool } from "./grammar.ts";
import { pronounGender, pronounSlots, type PersonaText } from "./context.ts";

const POOLS: Record<string, SentencePool> = {
  goals: new SentencePool(["[Wants to|Hopes to] [get better at what {they} love{s}|build something that lasts|find more time for the people who matter]."]),
  personality: new SentencePool(["[Attentive|Even-tempered|Quick-witted|Thoughtful], with a [dry|gentle|ready] sense of humour."]),
  voice: new SentencePool(["[Short, direct sentences|Relaxed and chatty|Measured and precise|Warm, with plenty of questions]; [rarely swears|laughs easily|never wastes a word]."]),
  quirks: new SentencePool(["[Hums while concentrating|Keeps every ticket stub|Names houseplants|Always arrives early|Cannot leave a crooked picture alone]."]),
  motivation: new SentencePool(["[Pride in good work|The people who count on {them}|Curiosity about what comes next] keeps {them} going."]),
};
const GENERIC = new SentencePool(["{given} [rarely talks about|has settled views on|keeps thinking about] {label}, and it shapes {their} days."]);

export function writeFallbackField(field: string, blueprint: Blueprint, persona: PersonaText, rng: Rng): string {
  const slots = { ...pronounSlots(pronounGender(persona)), given: persona.given };
  const pool = POOLS[field] ?? POOLS[field.replace(/s$/, "")];
  if (pool) return pool.write(slots, rng);
  const declared = blueprint.fields.find((candidate) => candidate.name === field);
  const label = (declared?.label ?? field.replace(/_/g, " ")).toLowerCase();
  return GENERIC.write({ ...slots, label }, rng);
}
