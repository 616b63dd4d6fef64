/**
 * The offline modeller: parse the prompt, pick the best built-in domain (or the generic person),
 * adapt it to the prompt's hints. With no search provider offline, `web` and `research` grounding
 * fall back to the built-in reference data, and `sources` says so.
 */
import { BlueprintSchema, type Blueprint } from "../engine/blueprint.ts";
import type { DesignRequest, Modeller } from "../engine/ports.ts";
import { groundingNote } from "./domains/domain.ts";
import { pickDomain } from "./domains/index.ts";
import { parsePrompt } from "./prompt.ts";

export class OfflineModeller implements Modeller {
  readonly name = "offline";

  async design(request: DesignRequest): Promise<Blueprint> {
    return this.designSync(request);
  }

  designSync(request: DesignRequest): Blueprint {
    const parsed = parsePrompt(request.prompt);
    const blueprint = pickDomain(parsed).blueprint(parsed);
    const note = groundingNote(request.grounding);
    const sources = [...(blueprint.sources ?? []), ...(note ? [note] : [])];
    return BlueprintSchema.parse({ ...blueprint, sources, seed: request.seed | 0 });
  }
}
