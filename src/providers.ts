/**
 * The one place that chooses the implementations of the modeller, writer and enhancer (DESIGN §2):
 * offline by default; an LLM when `DRAMATIS_MODEL` names one (a later step).
 */
import type { Enhancer, Modeller, Writer } from "./engine/ports.ts";
import { OfflineEnhancer, OfflineModeller, OfflineWriter } from "./offline/index.ts";

export interface Providers {
  modeller: Modeller;
  writer: Writer;
  enhancer: Enhancer;
  /** What the population's reports say was used. */
  description: string;
}

export function createProviders(model = "offline"): Providers {
  if (model !== "offline") {
    throw new Error(`DRAMATIS_MODEL=${model}: LLM providers are not available in this build yet; unset it to use the offline engine`);
  }
  return { modeller: new OfflineModeller(), writer: new OfflineWriter(), enhancer: new OfflineEnhancer(), description: "offline" };
}
