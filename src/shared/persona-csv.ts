/**
 * One CSV shape for personas (RFC 4180), shared by the SDK's `toCsv` and the API's export route so
 * the two give the same bytes: `persona_id`, the given fields in order, `system_prompt`, `markdown`;
 * a cell holding a comma, a quote, a line break or surrounding spaces is quoted, its quotes doubled.
 */
export interface CsvPersona {
  persona_id: string;
  fields: Record<string, string>;
  system_prompt: string;
  markdown: string;
}

export function personaCsvHeader(fields: readonly string[]): string[] {
  return ["persona_id", ...fields, "system_prompt", "markdown"];
}

export function personaCsvCells(persona: CsvPersona, fields: readonly string[]): string[] {
  return [persona.persona_id, ...fields.map((name) => persona.fields[name] ?? ""), persona.system_prompt, persona.markdown];
}

/** One row, without its line end. */
export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(",");
}

function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
