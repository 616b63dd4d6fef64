/**
 * A chart with a caption and the same numbers as a table one click away, for screen readers,
 * keyboards and anyone who wants the exact values.
 */
import type { ReactNode } from "react";

export interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export function ChartFigure({ caption, table, children, className }: { caption: ReactNode; table?: ChartTable; children: ReactNode; className?: string }) {
  return (
    <figure className={`chart ${className ?? ""}`}>
      <figcaption>{caption}</figcaption>
      {children}
      {table && (
        <details>
          <summary>Show as a table</summary>
          <table>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, cellIndex) => (cellIndex === 0 ? <th key={cellIndex} scope="row">{cell}</th> : <td key={cellIndex}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

/** Shares as percentages with one decimal: 0.3105 → "31.1%". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
