/** One persona at a glance: name, the fields that set it apart, the start of its backstory. */
import type { Blueprint, Persona } from "../lib/dramatis.ts";
import { fieldLabel, personaName, personaStory } from "../lib/persona-display.ts";

export function PersonaCard({ persona, blueprint, keys, onOpen, highlight = [] }: { persona: Persona; blueprint?: Blueprint; keys: string[]; onOpen(persona: Persona): void; highlight?: string[] }) {
  const story = personaStory(persona, blueprint);
  const name = personaName(persona);
  return (
    <article className="card persona-card" aria-label={name}>
      <h3>{name}</h3>
      <p className="muted small">{persona.persona_id}</p>
      <dl className="key-fields">
        {keys.map((key) => (
          <div key={key} className={highlight.includes(key) ? "same" : undefined}>
            <dt>{fieldLabel(key, blueprint)}</dt>
            <dd>{persona.fields[key] ?? "—"}</dd>
          </div>
        ))}
      </dl>
      {story && <p className="story">{story.length > 220 ? `${story.slice(0, 220)}…` : story}</p>}
      <button type="button" className="secondary" onClick={() => onOpen(persona)}>
        Open sheet<span className="visually-hidden"> of {name}</span>
      </button>
    </article>
  );
}
