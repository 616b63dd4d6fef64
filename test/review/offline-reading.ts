/**
 * How the offline review tests read a prompt: its blueprint, and its personas sampled and written,
 * as a user of the offline engine gets them (seed 1).
 */
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";

const modeller = new OfflineModeller();

export const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });

export type Design = ReturnType<typeof design>;

/** The sampled and written fields of `count` personas of the prompt, one record a persona. */
export async function personasOf(prompt: string, count = 30): Promise<Array<Record<string, string>>> {
  const blueprint = design(prompt);
  const sampled = sampleStructured(blueprint, count, 1);
  const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
  return sampled.map((persona, index) => ({ ...persona, ...written[index] }) as Record<string, string>);
}

/** A categorical field's values of positive weight. */
export const weightsOf = (blueprint: Design, name: string): Record<string, number> => Object.fromEntries(Object.entries(blueprint.fields.find((field) => field.name === name)?.categorical?.weights ?? {}).filter(([, weight]) => weight > 0));

/** The one value a field can take, if it can take only one. */
export const fixedValue = (blueprint: Design, name: string): string | undefined => {
  const positive = Object.keys(weightsOf(blueprint, name));
  return positive.length === 1 ? positive[0] : undefined;
};

/** Every value a categorical field can take (its own weights and its conditionals'), with a positive weight. */
export function possibleValues(blueprint: Design, name: string): string[] {
  const field = blueprint.fields.find((candidate) => candidate.name === name);
  const specs = [field?.categorical, ...(field?.conditionals ?? []).map((conditional) => conditional.categorical)];
  return [...new Set(specs.flatMap((spec) => Object.entries(spec?.weights ?? {}).filter(([, weight]) => weight > 0).map(([value]) => value)))];
}

/** The sentences of the personas' written text (backstory and goals) that match `pattern`, each with the persona's name, for a readable failure. */
export const sentencesMatching = (personas: Array<Record<string, string>>, pattern: RegExp): string[] =>
  personas.flatMap((persona) => `${persona.backstory} ${persona.goals}`.split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name}: ${sentence}`));
