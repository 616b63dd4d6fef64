/**
 * How close the population came to what was asked: requested vs achieved shares for every root
 * categorical field with its total variation distance, and the optional `fidelity` report
 * (contingency, numeric, coverage) when the server sends one.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Marginal } from "../lib/dramatis.ts";
import { ChartFigure, percent } from "./chart-figure.tsx";

const MAX_BARS = 14;

export function MarginalChart({ marginal, label }: { marginal: Marginal; label: string }) {
  const cells = [...marginal.cells].sort((a, b) => b.requested - a.requested);
  const shown = cells.slice(0, MAX_BARS);
  const data = shown.map((cell) => ({ key: cell.key, requested: cell.requested, achieved: cell.achieved }));
  return (
    <ChartFigure
      caption={
        <>
          {label}: requested vs achieved <span className="muted">· TVD {marginal.total_variation_distance.toFixed(4)}</span>
          {cells.length > MAX_BARS && <span className="muted"> · {MAX_BARS} largest of {cells.length} shown</span>}
        </>
      }
      table={{ columns: ["Value", "Requested", "Achieved"], rows: cells.map((cell) => [cell.key, percent(cell.requested), percent(cell.achieved)]) }}
    >
      <ResponsiveContainer width="100%" height={Math.max(120, 48 + shown.length * 34)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#d0d7de" />
          <XAxis type="number" domain={[0, "auto"]} tickFormatter={(value: number) => percent(value)} tick={{ fill: "#1f2328", fontSize: 12 }} />
          <YAxis type="category" dataKey="key" width={130} tick={{ fill: "#1f2328", fontSize: 12 }} interval={0} />
          <Tooltip formatter={(value) => percent(Number(value))} />
          <Legend />
          <Bar dataKey="requested" name="Requested" fill="#8c959f" isAnimationActive={false} />
          <Bar dataKey="achieved" name="Achieved" fill="#0a58a8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function FidelityReport({ marginals, fidelity, labelOf }: { marginals: Marginal[] | undefined; fidelity: unknown; labelOf(field: string): string }) {
  if (!marginals || marginals.length === 0) return <p className="muted">Marginals are reported for populations of more than one persona.</p>;
  const worst = marginals.reduce((max, marginal) => Math.max(max, marginal.total_variation_distance), 0);
  return (
    <div className="stack">
      <p>
        Total variation distance (TVD) is half the sum of the gaps between requested and achieved shares: 0 is a perfect match. Worst root field here: <strong>{worst.toFixed(4)}</strong>.
      </p>
      <div className="chart-grid">
        {marginals.map((marginal) => (
          <MarginalChart key={marginal.attribute} marginal={marginal} label={labelOf(marginal.attribute)} />
        ))}
      </div>
      {typeof fidelity === "object" && fidelity !== null && <FidelityDetails fidelity={fidelity as Fidelity} labelOf={labelOf} />}
    </div>
  );
}

/* The optional `fidelity` report (engine/quality/fidelity.ts), read defensively: keys may be added. */
interface FidelityCell {
  when?: Record<string, string>;
  count: number;
  tvd?: number;
  optimal_tvd?: number;
  ks?: number;
  ks_limit?: number;
  mean_error_sd?: number;
}
interface FidelityField {
  attribute: string;
  parents?: string[];
  tvd?: number;
  optimal_tvd?: number;
  ks?: number;
  max_ks?: number;
  mean_abs_error_sd?: number;
  cells_over_limit?: number;
  cell_count?: number;
  cells?: FidelityCell[];
}
interface Fidelity {
  contingency?: FidelityField[];
  numeric?: FidelityField[];
  coverage?: { share: number; fields?: Array<{ attribute: string; declared: number; present: number; share: number; missing?: string[] }> };
}

const number4 = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(4));
const cellName = (when: Record<string, string> | undefined) => (when ? Object.entries(when).map(([parent, value]) => `${parent} = ${value}`).join(", ") : "everyone");

function CellsTable({ field, numeric }: { field: FidelityField; numeric: boolean }) {
  const cells = field.cells ?? [];
  if (cells.length === 0) return null;
  return (
    <details>
      <summary>
        {cells.length} cell{cells.length === 1 ? "" : "s"} of {field.attribute}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Cell</th>
            <th scope="col" className="number">
              Personas
            </th>
            {numeric ? (
              <>
                <th scope="col" className="number">
                  KS
                </th>
                <th scope="col" className="number">
                  Limit
                </th>
                <th scope="col" className="number">
                  Mean error (sd)
                </th>
              </>
            ) : (
              <>
                <th scope="col" className="number">
                  TVD
                </th>
                <th scope="col" className="number">
                  Best possible
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {cells.map((cell, index) => (
            <tr key={index}>
              <th scope="row">{cellName(cell.when)}</th>
              <td className="number">{cell.count}</td>
              {numeric ? (
                <>
                  <td className="number">{number4(cell.ks)}</td>
                  <td className="number">{number4(cell.ks_limit)}</td>
                  <td className="number">{number4(cell.mean_error_sd)}</td>
                </>
              ) : (
                <>
                  <td className="number">{number4(cell.tvd)}</td>
                  <td className="number">{number4(cell.optimal_tvd)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Fidelity inside parent cells (categorical children), of numeric fields against their declared shape, and category coverage. */
export function FidelityDetails({ fidelity, labelOf }: { fidelity: Fidelity; labelOf(field: string): string }) {
  return (
    <section className="stack" aria-labelledby="fidelity-details-heading">
      <h3 id="fidelity-details-heading">Inside parent cells</h3>
      {fidelity.contingency && fidelity.contingency.length > 0 && (
        <div>
          <p className="small muted">For a field that depends on others: the TVD of what each cell of its parents achieved against what the blueprint declares there, weighted by cell size, beside the best any population of these sizes could do.</p>
          {fidelity.contingency.map((field) => (
            <div key={field.attribute}>
              <p>
                <strong>{labelOf(field.attribute)}</strong> <span className="muted">by {(field.parents ?? []).join(", ")}</span>: TVD {number4(field.tvd)} (best possible {number4(field.optimal_tvd)})
              </p>
              <CellsTable field={field} numeric={false} />
            </div>
          ))}
        </div>
      )}
      {fidelity.numeric && fidelity.numeric.length > 0 && (
        <div>
          <p className="small muted">For a numeric field: the Kolmogorov–Smirnov distance of the achieved values from the declared truncated normal in each cell, and how far the mean lands, in standard deviations.</p>
          {fidelity.numeric.map((field) => (
            <div key={field.attribute}>
              <p>
                <strong>{labelOf(field.attribute)}</strong>
                {field.parents && field.parents.length > 0 && <span className="muted"> by {field.parents.join(", ")}</span>}: KS {number4(field.ks)} (worst cell {number4(field.max_ks)}), mean error {number4(field.mean_abs_error_sd)} sd
                {field.cells_over_limit ? <span className="badge badge-fail">{field.cells_over_limit} cell(s) over the limit</span> : null}
              </p>
              <CellsTable field={field} numeric />
            </div>
          ))}
        </div>
      )}
      {fidelity.coverage && (
        <div>
          <p>
            <strong>Coverage</strong>: {percent(fidelity.coverage.share)} of declared categories are present where there are personas enough to hold them all.
          </p>
          {(fidelity.coverage.fields ?? [])
            .filter((field) => field.missing && field.missing.length > 0)
            .map((field) => (
              <p key={field.attribute} className="small">
                {labelOf(field.attribute)} misses {field.missing!.join(", ")}.
              </p>
            ))}
        </div>
      )}
    </section>
  );
}
