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
      {fidelity !== undefined && fidelity !== null && <GenericReport title="Fidelity" value={fidelity} />}
    </div>
  );
}

/** A report whose exact keys may grow: objects as headed sections, lists of records as tables. */
export function GenericReport({ title, value, level = 3 }: { title: string; value: unknown; level?: 3 | 4 }) {
  const Heading = level === 3 ? "h3" : "h4";
  if (Array.isArray(value)) {
    const records = value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item));
    if (records.length === 0) return null;
    const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
    return (
      <section>
        <Heading>{title}</Heading>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column.replace(/_/g, " ")}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {records.map((record, index) => (
                <tr key={index}>
                  {columns.map((column) => (
                    <td key={column}>{cellText(record[column])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    );
  }
  if (typeof value === "object" && value !== null) {
    return (
      <section>
        <Heading>{title}</Heading>
        {Object.entries(value).map(([key, inner]) =>
          typeof inner === "object" && inner !== null ? (
            <GenericReport key={key} title={key.replace(/_/g, " ")} value={inner} level={4} />
          ) : (
            <p key={key}>
              {key.replace(/_/g, " ")}: <strong>{cellText(inner)}</strong>
            </p>
          ),
        )}
      </section>
    );
  }
  return null;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
