/** The population's personas as cards, with a search box and a filter for every field. */
import { useId, useMemo, useState } from "react";
import type { Blueprint, Persona } from "../lib/dramatis.ts";
import { facetsOf, filterPersonas, type Facet, type FieldFilter } from "../lib/persona-filter.ts";
import { keyFields } from "../lib/persona-display.ts";
import { PersonaCard } from "./persona-card.tsx";

const PAGE = 60;

export function PersonaBrowser({ personas, blueprint, onOpen }: { personas: Persona[]; blueprint?: Blueprint; onOpen(persona: Persona): void }) {
  const [search, setSearch] = useState("");
  const [filters, setFilters] = useState<Record<string, FieldFilter>>({});
  const [shown, setShown] = useState(PAGE);
  const searchId = useId();
  const facets = useMemo(() => facetsOf(personas, blueprint), [personas, blueprint]);
  const keys = useMemo(() => keyFields(personas, blueprint), [personas, blueprint]);
  const matching = useMemo(() => filterPersonas(personas, { search, filters }), [personas, search, filters]);
  const active = Object.keys(filters).length;

  const setFilter = (field: string, filter: FieldFilter | null) => {
    setShown(PAGE);
    setFilters((previous) => {
      const next = { ...previous };
      if (filter) next[field] = filter;
      else delete next[field];
      return next;
    });
  };

  return (
    <div>
      <div className="row">
        <label htmlFor={searchId}>Search</label>
        <input id={searchId} type="search" className="grow" value={search} placeholder="Any word: a name, a city, a hobby…" onChange={(event) => (setSearch(event.target.value), setShown(PAGE))} />
      </div>
      <details open={active > 0}>
        <summary>Filter by field{active > 0 ? ` (${active} active)` : ""}</summary>
        <div className="filters">
          {facets.map((facet) => (
            <FacetFilter key={facet.field} facet={facet} filter={filters[facet.field]} onChange={(filter) => setFilter(facet.field, filter)} />
          ))}
        </div>
        {active > 0 && (
          <button type="button" className="secondary" onClick={() => setFilters({})}>
            Clear filters
          </button>
        )}
      </details>
      <p aria-live="polite" className="muted">
        {matching.length === personas.length ? `${personas.length} personas` : `${matching.length} of ${personas.length} personas match`}
      </p>
      <div className="cards">
        {matching.slice(0, shown).map((persona) => (
          <PersonaCard key={persona.persona_id} persona={persona} blueprint={blueprint} keys={keys} onOpen={onOpen} />
        ))}
      </div>
      {matching.length > shown && (
        <button type="button" className="secondary" onClick={() => setShown(shown + PAGE)} style={{ marginTop: "0.75rem" }}>
          Show {Math.min(PAGE, matching.length - shown)} more
        </button>
      )}
    </div>
  );
}

function FacetFilter({ facet, filter, onChange }: { facet: Facet; filter: FieldFilter | undefined; onChange(filter: FieldFilter | null): void }) {
  const id = useId();
  if (facet.kind === "categorical") {
    const value = filter?.kind === "value" ? filter.value : "";
    return (
      <div className="field">
        <label htmlFor={id}>{facet.label}</label>
        <select id={id} value={value} onChange={(event) => onChange(event.target.value ? { kind: "value", value: event.target.value } : null)}>
          <option value="">Any</option>
          {facet.values.map((option) => (
            <option key={option.value} value={option.value}>
              {option.value} ({option.count})
            </option>
          ))}
        </select>
      </div>
    );
  }
  const range = filter?.kind === "range" ? filter : { kind: "range" as const };
  const update = (key: "min" | "max", text: string) => {
    const next = { ...range, [key]: text.trim() === "" ? undefined : Number(text) };
    onChange(next.min === undefined && next.max === undefined ? null : next);
  };
  return (
    <fieldset className="field" style={{ margin: 0, padding: "0.2rem 0.5rem" }}>
      <legend>
        {facet.label} <span className="field-hint">({facet.min}–{facet.max})</span>
      </legend>
      <div className="range">
        <input type="number" aria-label={`${facet.label} from`} placeholder="from" value={range.min ?? ""} onChange={(event) => update("min", event.target.value)} />
        <input type="number" aria-label={`${facet.label} to`} placeholder="to" value={range.max ?? ""} onChange={(event) => update("max", event.target.value)} />
      </div>
    </fieldset>
  );
}
