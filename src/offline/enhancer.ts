/**
 * The offline enhancer: reads a sketch (see `sketch.ts`), keeps every stated fact as written, and
 * fills what a full persona needs (name, age, backstory, voice or play style, goals, quirks) with
 * text that uses those facts and never contradicts them.
 */
import type { EnhanceRequest, Enhancer } from "../engine/ports.ts";
import { createRng, hashSeed } from "../engine/rng.ts";
import { NameGenerator } from "./names.ts";
import { readSketch } from "./sketch.ts";
import { ageRangeOf } from "./sketch.ts";
import type { PersonaText, TextWriter } from "./text/context.ts";
import { writeFallbackField } from "./text/fallback.ts";
import { writeLolText } from "./text/lol.ts";
import { writeDeveloperText, writeNurseText, writePersonText } from "./text/work.ts";
import type { Blueprint } from "../engine/blueprint.ts";

const WRITERS: Record<string, TextWriter> = { lol_player: writeLolText, software_developer: writeDeveloperText, registered_nurse: writeNurseText };
/** Plausible ages when a sketch gives none, by domain (assumptions, not data). */
const DEFAULT_AGES: Record<string, [number, number]> = { lol_player: [17, 32], software_developer: [24, 50], registered_nurse: [25, 60], generic: [22, 65] };

export class OfflineEnhancer implements Enhancer {
  readonly name = "offline";
  private readonly names = new NameGenerator();

  async enhance(request: EnhanceRequest): Promise<{ fields: Record<string, string> }> {
    return { fields: this.enhanceSync(request) };
  }

  enhanceSync({ sketch, seed }: EnhanceRequest): Record<string, string> {
    const read = readSketch(sketch);
    const rng = createRng(hashSeed(seed, "enhance", sketch));
    const fields: Record<string, string> = { ...read.fields };
    const locale = read.country?.locale ?? "en_US";
    const sex = read.gender ?? (rng.float() < 0.5 ? "female" : "male");
    const invented = this.names.name(locale, sex, hashSeed(seed, "enhance-name", sketch) >>> 0);
    let given: string;
    if (!fields.name) {
      fields.name = invented.full;
      given = invented.given;
    } else {
      given = fields.name.split(/\s+/)[0] as string;
      // Only a first name: keep it, add a surname from the same place's names.
      if (read.firstNameOnly) fields.name = `${fields.name} ${invented.family}`;
    }
    if (!fields.age) {
      const retired = /\bretired|retiree\b/i.test(sketch) ? ([60, 80] as [number, number]) : undefined;
      const [low, high] = ageRangeOf(sketch) ?? retired ?? DEFAULT_AGES[read.domain ?? "generic"] ?? [22, 65];
      fields.age = String(rng.int(low, high));
    }
    const city = fields.location?.split(",")[0]?.trim();
    const persona: PersonaText = {
      values: fields,
      given,
      fullName: fields.name,
      ...(read.country ? { country: read.country } : {}),
      ...(read.country && city && read.country.cities.some((known) => known.toLowerCase() === city.toLowerCase()) ? { city } : {}),
      ...(read.gender ? { gender: read.gender } : {}),
    };
    const writer = WRITERS[read.domain ?? ""] ?? writePersonText;
    const written = writer(persona, rng);
    const blueprint: Blueprint = { domain: read.domain ?? "generic_person", order: [], fields: [], constraints: [] };
    fields.backstory = written.backstory ?? writeFallbackField("backstory", blueprint, persona, rng);
    if (read.domain === "lol_player") fields.play_style = written.play_style ?? writeFallbackField("voice", blueprint, persona, rng);
    else fields.voice = writeFallbackField("voice", blueprint, persona, rng);
    fields.goals = written.goals ?? writeFallbackField("goals", blueprint, persona, rng);
    fields.quirks = writeFallbackField("quirks", blueprint, persona, rng);
    return fields;
  }
}
