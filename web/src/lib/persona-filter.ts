/**
 * Search and filters over a population's personas, by any field: free text over every value, a
 * chosen value for a categorical field, a range for a numeric one. Pure, so the cards and the
 * tests agree on what "matches" means.
 */
import type { Blueprint, Persona } from "./dramatis.ts";

export type FieldFilter = { kind: "value"; value: string } | { kind: "range"; min?: number; max?: number };

export interface PersonaQuery {
  /** Words that must all appear somewhere in the persona (any field), case- and accent-insensitive. */
  search: string;
  filters: Record<string, FieldFilter>;
}

export interface Facet {
  field: string;
  label: string;
  kind: "categorical" | "numeric";
  /** Categorical: the values present, most frequent first. */
  values: Array<{ value: string; count: number }>;
  /** Numeric: the range present. */
  min?: number;
  max?: number;
}

export function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function matchesQuery(persona: Persona, query: PersonaQuery): boolean {
  const words = fold(query.search).split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const haystack = fold([persona.persona_id, ...Object.values(persona.fields)].join("\n"));
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  for (const [field, filter] of Object.entries(query.filters)) {
    const value = Object.hasOwn(persona.fields, field) ? persona.fields[field] : undefined;
    if (filter.kind === "value") {
      if (value !== filter.value) return false;
      continue;
    }
    if (filter.min === undefined && filter.max === undefined) continue;
    const number = numberOf(value);
    if (number === undefined) return false;
    if (filter.min !== undefined && number < filter.min) return false;
    if (filter.max !== undefined && number > filter.max) return false;
  }
  return true;
}

export function filterPersonas(personas: readonly Persona[], query: PersonaQuery): Persona[] {
  return personas.filter((persona) => matchesQuery(persona, query));
}

/**
 * What each filterable field offers, in blueprint order: categorical fields with their values,
 * numeric fields with their range. Fields the blueprint does not declare are read from the values
 * (numbers everywhere: numeric; few distinct short values: categorical); free text is left to search.
 */
export function facetsOf(personas: readonly Persona[], blueprint?: Pick<Blueprint, "fields"> | null): Facet[] {
  const declared = new Map((blueprint?.fields ?? []).map((field) => [field.name, field]));
  const names: string[] = [...declared.keys()];
  for (const persona of personas) for (const name of Object.keys(persona.fields)) if (!names.includes(name)) names.push(name);
  const facets: Facet[] = [];
  for (const name of names) {
    const values = personas.map((persona) => (Object.hasOwn(persona.fields, name) ? persona.fields[name] : undefined)).filter((value): value is string => value !== undefined);
    if (values.length === 0) continue;
    const field = declared.get(name);
    const label = field?.label ?? name.replace(/_/g, " ");
    const numbers = values.map(numberOf);
    const allNumeric = numbers.every((number) => number !== undefined);
    const kind = field ? (field.kind === "numeric" || (field.kind === "derived" && allNumeric) ? "numeric" : field.kind === "categorical" ? "categorical" : undefined) : guessKind(values, allNumeric);
    if (kind === "numeric" && allNumeric) {
      const present = numbers as number[];
      facets.push({ field: name, label, kind, values: [], min: Math.min(...present), max: Math.max(...present) });
    } else if (kind === "categorical") {
      const counts = new Map<string, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      facets.push({ field: name, label, kind, values: [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)) });
    }
  }
  return facets;
}

/** An undeclared field: numbers are numeric; a handful of short repeated values is categorical; the rest is text. */
function guessKind(values: string[], allNumeric: boolean): Facet["kind"] | undefined {
  if (allNumeric) return "numeric";
  const distinct = new Set(values);
  const short = values.every((value) => value.split(/\s+/).length <= 4);
  return short && distinct.size <= Math.max(12, values.length / 2) ? "categorical" : undefined;
}
