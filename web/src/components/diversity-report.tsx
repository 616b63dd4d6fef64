/**
 * How different the personas are from each other: the report's mean and max similarity and
 * duplicates, and the closest pairs side by side with the fields they share marked.
 */
import { useMemo } from "react";
import type { Blueprint, Persona, PopulationResult } from "../lib/dramatis.ts";
import { closestPairs, EXACT_LIMIT } from "../lib/closest-pairs.ts";
import { keyFields } from "../lib/persona-display.ts";
import { PersonaCard } from "./persona-card.tsx";

export function DiversityReport({ result, onOpen }: { result: PopulationResult; onOpen(persona: Persona): void }) {
  const diversity = result.diversity as (PopulationResult["diversity"] & { method?: string; pairs_compared?: number; duplicates?: Array<{ persona_ids: string[]; similarity: number }> }) | undefined;
  const blueprint = result.blueprint as Blueprint;
  const { pairs, compared } = useMemo(() => closestPairs(result.personas, blueprint), [result.personas, blueprint]);
  const keys = useMemo(() => keyFields(result.personas, blueprint, 6), [result.personas, blueprint]);
  if (!diversity) return <p className="muted">Diversity is reported for populations of more than one persona.</p>;
  return (
    <div className="stack">
      <dl className="stats">
        <div>
          <dt>Mean similarity</dt>
          <dd>{diversity.mean_pairwise_similarity.toFixed(4)}</dd>
        </div>
        <div>
          <dt>Most similar pair</dt>
          <dd>{diversity.max_pairwise_similarity.toFixed(4)}</dd>
        </div>
        <div>
          <dt>Duplicate pairs (≥ 0.9)</dt>
          <dd>{diversity.duplicate_pairs}</dd>
        </div>
        {diversity.pairs_compared !== undefined && (
          <div>
            <dt>Pairs compared</dt>
            <dd>{diversity.pairs_compared}</dd>
          </div>
        )}
      </dl>
      <p className="muted small">Similarity is the cosine of two personas' features (field values, and the words of their texts): 1 means identical.</p>
      <h3>Closest pairs</h3>
      {compared < result.personas.length && <p className="muted small">Among the first {EXACT_LIMIT} personas.</p>}
      {pairs.map((pair) => (
        <section key={`${pair.a.persona_id}-${pair.b.persona_id}`} aria-label={`${pair.a.persona_id} and ${pair.b.persona_id}, similarity ${pair.similarity}`}>
          <p>
            <strong>{pair.similarity.toFixed(4)}</strong> <span className="muted">· shared values are marked ({pair.sameFields.length} fields)</span>
          </p>
          <div className="pair">
            <PersonaCard persona={pair.a} blueprint={blueprint} keys={keys} onOpen={onOpen} highlight={pair.sameFields} />
            <PersonaCard persona={pair.b} blueprint={blueprint} keys={keys} onOpen={onOpen} highlight={pair.sameFields} />
          </div>
        </section>
      ))}
    </div>
  );
}
