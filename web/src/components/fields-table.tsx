/** A persona's fields as a two-column table; some rows may be marked (with words for screen readers too). */
import type { ReactNode } from "react";

export function FieldsTable({ fields, caption, labelOf, marked, markText, renderValue }: { fields: Record<string, string>; caption: string; labelOf(field: string): string; marked?(field: string): boolean; markText?: string; renderValue?(field: string, value: string): ReactNode }) {
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(fields).map(([field, value]) => {
          const isMarked = marked?.(field) ?? false;
          return (
            <tr key={field} className={isMarked ? "from-sketch" : undefined}>
              <th scope="row">
                {labelOf(field)}
                {isMarked && markText && <span className="visually-hidden"> ({markText})</span>}
              </th>
              <td>{renderValue ? renderValue(field, value) : value}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
