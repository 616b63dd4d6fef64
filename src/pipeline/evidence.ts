/**
 * Gathering evidence before the blueprint is designed, and saying honestly in `blueprint.sources`
 * what was used. Built-in evidence (the domain library's cited figures) is our own data and is
 * gathered at every grounding level; search is gathered only for `web` and `research`. When search
 * was asked for but is not configured, failed or found nothing, a note says so and what was used.
 */
import { MODEL_KNOWLEDGE_SOURCE, sourcesOfEvidence, type Evidence, type EvidenceRequest, type EvidenceSource } from "../engine/ports.ts";

export interface GatheredEvidence {
  evidence: Evidence[];
  /** Notes for `sources` about grounding that was asked for and could not be given. */
  notes: string[];
  /** Search was asked for, configured, and failed every time: a passing condition, unlike a missing provider. */
  searchFailed?: boolean;
}

function usedInstead(evidence: readonly Evidence[]): string {
  return evidence.some((item) => item.kind === "built-in") ? "built-in reference data and model knowledge used" : `${MODEL_KNOWLEDGE_SOURCE} used`;
}

export async function gatherEvidence(sources: readonly EvidenceSource[], request: EvidenceRequest): Promise<GatheredEvidence> {
  const searching = request.grounding !== "off";
  const builtIn = sources.filter((source) => source.kind === "built-in");
  const search = searching ? sources.filter((source) => source.kind === "search") : [];
  const evidence: Evidence[] = [];
  for (const source of builtIn) evidence.push(...(await source.gather(request)));
  const problems: string[] = [];
  let retrieved = 0;
  for (const source of search) {
    try {
      const found = await source.gather(request);
      retrieved += found.length;
      evidence.push(...found);
    } catch (error) {
      request.signal?.throwIfAborted();
      problems.push(`search failed (${source.name}: ${(error as Error).message.slice(0, 200)})`);
    }
  }
  const notes: string[] = [];
  if (searching && retrieved === 0) {
    const why = search.length === 0 ? "no search provider configured" : problems.length > 0 ? problems.join("; ") : "search found nothing usable";
    notes.push(`grounding=${request.grounding} requested: ${why}; ${usedInstead(evidence)}`);
  }
  return { evidence, notes, ...(searching && retrieved === 0 && problems.length > 0 ? { searchFailed: true } : {}) };
}

/** `sources` of a grounded blueprint: what was retrieved (URLs, citations), model knowledge, then the notes. */
export function groundedSources({ evidence, notes }: GatheredEvidence): string[] {
  return [...sourcesOfEvidence(evidence), MODEL_KNOWLEDGE_SOURCE, ...notes];
}
