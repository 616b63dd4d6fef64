/**
 * The blueprint as a graph of fields (parents → children, laid out by ELK), each node showing the
 * distribution the population achieved; select a field to edit its declared weights or ranges,
 * then re-sample: the same prompt, count and seed with the edited blueprint, as a new population.
 */
import { useMemo, useState } from "react";
import { Bar, BarChart, XAxis, YAxis } from "recharts";
import type { Blueprint, DramatisClient, Field, Grounding, Persona } from "../lib/dramatis.ts";
import { changedFields, distributionsOf, setCategoryWeight, setNumeric, shares, type DistributionPlace, type NumericKey } from "../lib/blueprint-edit.ts";
import { categoryCounts, histogram, type Bin } from "../lib/field-distribution.ts";
import { navigate } from "../router.tsx";
import { ErrorNotice } from "./error-notice.tsx";
import { GraphView, type GraphEdge, type GraphNode } from "./graph-view.tsx";
import { percent } from "./chart-figure.tsx";

const NODE_WIDTH = 230;
const HEADER_HEIGHT = 46;
const BAR_ROW = 17;

function fieldTitle(field: Field): string {
  return field.label ?? field.name.replace(/_/g, " ");
}

function binsOf(field: Field, personas: readonly Persona[]): Bin[] {
  if (field.kind === "categorical") return categoryCounts(personas, field.name);
  if (field.kind === "numeric" || field.kind === "derived") return histogram(personas, field.name, 6);
  return [];
}

function MiniBars({ bins, total, name }: { bins: Bin[]; total: number; name: string }) {
  const data = bins.map((bin) => ({ label: bin.label, share: total > 0 ? bin.count / total : 0 }));
  return (
    <BarChart width={NODE_WIDTH - 20} height={bins.length * BAR_ROW + 4} data={data} layout="vertical" margin={{ top: 0, right: 50, bottom: 0, left: 0 }} accessibilityLayer={false} aria-label={`Distribution of ${name}`}>
      <XAxis type="number" hide domain={[0, 1]} />
      <YAxis type="category" dataKey="label" width={84} tick={{ fontSize: 11, fill: "#1f2328" }} interval={0} tickLine={false} axisLine={false} />
      <Bar dataKey="share" fill="#0a58a8" isAnimationActive={false} label={{ position: "right", fontSize: 11, fill: "#1f2328", formatter: (value: unknown) => percent(Number(value)) }} />
    </BarChart>
  );
}

function nodeHeight(bins: Bin[]): number {
  return HEADER_HEIGHT + (bins.length > 0 ? bins.length * BAR_ROW + 8 : 18);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describeDistribution(field: Field): string {
  if (field.kind === "text") return field.parents.length ? `written from ${field.parents.join(", ")}` : "written text";
  if (field.kind === "derived") return `= ${field.formula ?? "formula"}`;
  if (field.conditionals.length > 0) return `by ${field.parents.join(", ")} (${plural(field.conditionals.length, "cell", "cells")})`;
  if (field.numeric) return `${field.numeric.min}–${field.numeric.max}, mean ${field.numeric.mean} ± ${field.numeric.sd}`;
  if (field.categorical) return plural(Object.keys(field.categorical.weights).length, "category", "categories");
  return field.kind;
}

export function BlueprintStudio({ client, blueprint, personas, prompt, count, grounding, populationId }: { client: DramatisClient; blueprint: Blueprint; personas: Persona[]; prompt: string; count: number; grounding?: Grounding; populationId: string }) {
  const [edited, setEdited] = useState<Blueprint>(blueprint);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const changed = useMemo(() => changedFields(blueprint, edited), [blueprint, edited]);

  const { nodes, edges } = useMemo(() => {
    const graphNodes: GraphNode[] = edited.fields.map((field) => {
      const bins = binsOf(field, personas);
      return {
        id: field.name,
        width: NODE_WIDTH,
        height: nodeHeight(bins),
        ariaLabel: `${fieldTitle(field)}, ${field.kind}, ${describeDistribution(field)}`,
        className: [selected === field.name ? "selected-node" : "", changed.includes(field.name) ? "changed-node" : ""].join(" "),
        content: (
          <>
            <div className="node-title">
              {fieldTitle(field)}
              {changed.includes(field.name) ? " (edited)" : ""}
            </div>
            <div className="node-meta">
              {field.kind} · {describeDistribution(field)}
            </div>
            {bins.length > 0 && <MiniBars bins={bins} total={personas.length} name={fieldTitle(field)} />}
          </>
        ),
      };
    });
    const graphEdges: GraphEdge[] = edited.fields.flatMap((field) => field.parents.filter((parent) => edited.fields.some((candidate) => candidate.name === parent)).map((parent) => ({ id: `${parent}->${field.name}`, source: parent, target: field.name })));
    return { nodes: graphNodes, edges: graphEdges };
  }, [edited, personas, selected, changed]);

  const selectedField = edited.fields.find((field) => field.name === selected);
  const seed = edited.seed ?? blueprint.seed;

  const resample = async () => {
    setBusy(true);
    setError(null);
    try {
      const accepted = await client.populations.generate({ prompt, count, grounding, blueprint: edited, ...(seed !== undefined ? { seed } : {}) });
      navigate(`/populations/${accepted.id}?from=${encodeURIComponent(populationId)}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <p className="muted">
        Each box is a field; arrows go from the fields it depends on. The bars are what this population achieved. Select a field to change its weights or ranges, then re-sample with the same seed
        {seed !== undefined ? ` (${seed})` : ""}.
      </p>
      <GraphView nodes={nodes} edges={edges} label={`Blueprint of ${edited.domain}: ${edited.fields.length} fields`} direction="RIGHT" onNodeClick={setSelected} maxHeight={900} />
      <div className="columns-wide">
        <section className="panel" aria-labelledby="fields-heading">
          <h3 id="fields-heading">Fields</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Depends on</th>
                  <th scope="col">Distribution</th>
                  <th scope="col">
                    <span className="visually-hidden">Edit</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {edited.fields.map((field) => (
                  <tr key={field.name}>
                    <th scope="row">
                      {fieldTitle(field)}
                      {changed.includes(field.name) && <span className="badge badge-neutral">edited</span>}
                    </th>
                    <td>{field.kind}</td>
                    <td>{field.parents.join(", ") || "—"}</td>
                    <td>{describeDistribution(field)}</td>
                    <td>
                      {(field.categorical || field.numeric || field.conditionals.length > 0) && (
                        <button type="button" className="secondary" aria-pressed={selected === field.name} onClick={() => setSelected(field.name)} aria-label={`Edit ${fieldTitle(field)}`}>
                          Edit
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="panel" aria-labelledby="editor-heading">
          <h3 id="editor-heading">{selectedField ? `Edit ${fieldTitle(selectedField)}` : "Edit a field"}</h3>
          {selectedField ? <FieldEditor field={selectedField} onChange={setEdited} blueprint={edited} /> : <p className="muted">Choose a field in the graph or the table.</p>}
          <div className="row" style={{ marginTop: "0.75rem" }}>
            <button type="button" onClick={resample} disabled={busy || changed.length === 0}>
              {busy ? "Starting…" : `Re-sample ${count} with the same seed`}
            </button>
            <button type="button" className="secondary" onClick={() => setEdited(blueprint)} disabled={changed.length === 0}>
              Discard edits
            </button>
          </div>
          {changed.length > 0 && <p className="small">Edited: {changed.join(", ")}</p>}
          <ErrorNotice error={error} title="Could not re-sample" />
        </section>
      </div>
    </div>
  );
}

const NUMERIC_KEYS: NumericKey[] = ["min", "max", "mean", "sd"];

function FieldEditor({ field, blueprint, onChange }: { field: Field; blueprint: Blueprint; onChange(next: Blueprint): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const apply = (edit: () => Blueprint) => {
    try {
      onChange(edit());
      setProblem(null);
    } catch (caught) {
      setProblem((caught as Error).message);
    }
  };
  const places = distributionsOf(field);
  if (places.length === 0) return <p className="muted">This field is written, not sampled: it has no weights or ranges.</p>;
  return (
    <div className="stack">
      {problem && (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      )}
      {places.map(({ place, cell, categorical, numeric }) => (
        <fieldset key={cell}>
          <legend>{cell === "all" ? "Everyone" : `When ${cell}`}</legend>
          {categorical && <WeightsEditor weights={categorical} onWeight={(category, weight) => apply(() => setCategoryWeight(blueprint, place, category, weight))} cell={cell} />}
          {numeric && (
            <div className="form-grid">
              {NUMERIC_KEYS.map((key) => (
                <NumberField key={key} label={key} cell={cell} value={numeric[key]} onCommit={(value) => apply(() => setNumeric(blueprint, place as DistributionPlace, key, value))} />
              ))}
            </div>
          )}
        </fieldset>
      ))}
    </div>
  );
}

function WeightsEditor({ weights, onWeight, cell }: { weights: Record<string, number>; onWeight(category: string, weight: number): void; cell: string }) {
  const share = shares(weights);
  return (
    <div className="editor-grid">
      {Object.entries(weights).map(([category, weight]) => (
        <NumberField key={category} label={`${category} (${percent(share[category] ?? 0)})`} ariaLabel={`Weight of ${category}${cell === "all" ? "" : ` when ${cell}`}`} value={weight} step={0.01} min={0} onCommit={(value) => onWeight(category, value)} inline />
      ))}
    </div>
  );
}

/** A number input that commits on blur or Enter, so typing "0." does not fight the state. */
function NumberField({ label, ariaLabel, value, onCommit, step = 1, min, inline = false, cell }: { label: string; ariaLabel?: string; value: number; onCommit(value: number): void; step?: number; min?: number; inline?: boolean; cell?: string }) {
  const [draft, setDraft] = useState(String(value));
  const [focused, setFocused] = useState(false);
  const shown = focused ? draft : String(value);
  const commit = () => {
    setFocused(false);
    const number = Number(draft);
    if (draft.trim() !== "" && Number.isFinite(number) && number !== value) onCommit(number);
  };
  const input = (
    <input
      type="number"
      className="number-input"
      step={step}
      min={min}
      value={shown}
      aria-label={ariaLabel ?? (cell && cell !== "all" ? `${label} when ${cell}` : label)}
      onFocus={() => {
        setDraft(String(value));
        setFocused(true);
      }}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          commit();
          (event.target as HTMLInputElement).blur();
        }
      }}
    />
  );
  if (inline)
    return (
      <>
        <span aria-hidden="true">{label}</span>
        {input}
      </>
    );
  return (
    <div className="field">
      <span aria-hidden="true">{label}</span>
      {input}
    </div>
  );
}
