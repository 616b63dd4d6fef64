/**
 * One population: its progress while it is made (fed by the poll), then its personas, blueprint,
 * fidelity, diversity and downloads. A population re-sampled from another says so and links back.
 */
import { Tabs } from "radix-ui";
import { useMemo, useState } from "react";
import { BlueprintStudio } from "../components/blueprint-studio.tsx";
import { DiversityReport } from "../components/diversity-report.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FidelityReport } from "../components/fidelity-report.tsx";
import { PersonaBrowser } from "../components/persona-browser.tsx";
import { PersonaSheet } from "../components/persona-sheet.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { Blueprint, DramatisClient, Persona, PopulationPoll, PopulationResult } from "../lib/dramatis.ts";
import { downloadCharacterCards, downloadCsv, downloadJsonl, downloadPopulationJson, fileStem } from "../lib/downloads.ts";
import { fieldLabel } from "../lib/persona-display.ts";
import { usePopulation } from "../lib/use-population.ts";
import { Link } from "../router.tsx";

/** What each failure category means to the person who asked. */
export const FAILURE_TEXT: Record<string, string> = {
  provider_error: "the language model or search provider failed; nothing was charged. Try again, or check the server's model settings.",
  invalid_blueprint: "the blueprint could not be used (a field or its distribution is inconsistent).",
  impossible_constraints: "no persona could satisfy every constraint of the blueprint: loosen a range or a constraint.",
  internal_error: "the server failed on its side; nothing was charged. Try again.",
};

export function PopulationPage({ id, from }: { id: string; from: string | null }) {
  return <RequiresKey>{(client) => <PopulationView key={id} client={client} id={id} from={from} />}</RequiresKey>;
}

function PopulationView({ client, id, from }: { client: DramatisClient; id: string; from: string | null }) {
  const { poll, error } = usePopulation(client, id, { follow: true });
  const title = poll?.prompt ?? "Population";
  return (
    <>
      <p className="small">
        <Link to="/">← Population studio</Link>
      </p>
      <h1>{title}</h1>
      {from && (
        <p className="notice notice-info">
          Re-sampled from <Link to={`/populations/${from}`}>an earlier population</Link> with your edited blueprint and the same seed.
        </p>
      )}
      <ErrorNotice error={error} title="Could not load this population" />
      {poll && (poll.status === "pending" || poll.status === "running") && <ProgressBar progress={poll.progress} status={poll.status} label="Generation progress" />}
      {poll?.status === "failed" && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>This population failed</strong> ({poll.error ?? "unknown"}): {FAILURE_TEXT[poll.error ?? ""] ?? "see the server's log."}
          </p>
        </div>
      )}
      {poll?.status === "succeeded" && poll.result && <PopulationResultView client={client} poll={poll} result={poll.result} />}
    </>
  );
}

function PopulationResultView({ client, poll, result }: { client: DramatisClient; poll: PopulationPoll; result: PopulationResult }) {
  const [open, setOpen] = useState<Persona | null>(null);
  const blueprint = result.blueprint as Blueprint;
  const prompt = poll.prompt ?? blueprint.domain;
  const stem = useMemo(() => fileStem(prompt), [prompt]);
  const extras = result as PopulationResult & { fidelity?: unknown };
  return (
    <>
      <p className="muted">
        {result.personas.length} personas · grounding {poll.grounding ?? "off"}
        {blueprint.seed !== undefined ? ` · seed ${blueprint.seed}` : ""} · made {new Date(poll.created_at).toLocaleString()}
      </p>
      <div className="row">
        <Link to={`/populations/${poll.id}/interview`} className="button-link">
          Interview a persona
        </Link>
        <Link to={`/populations/${poll.id}/panel`} className="button-link">
          Ask the panel
        </Link>
      </div>
      <Tabs.Root defaultValue="personas">
        <Tabs.List className="tabs-list" aria-label="Population views">
          <Tabs.Trigger value="personas">Personas</Tabs.Trigger>
          <Tabs.Trigger value="blueprint">Blueprint</Tabs.Trigger>
          <Tabs.Trigger value="fidelity">Fidelity</Tabs.Trigger>
          <Tabs.Trigger value="diversity">Diversity</Tabs.Trigger>
          <Tabs.Trigger value="downloads">Downloads</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="personas" className="tab-panel">
          <PersonaBrowser personas={result.personas} blueprint={blueprint} onOpen={setOpen} />
        </Tabs.Content>
        <Tabs.Content value="blueprint" className="tab-panel">
          <BlueprintStudio client={client} blueprint={blueprint} personas={result.personas} prompt={prompt} count={poll.count ?? result.personas.length} grounding={poll.grounding} populationId={poll.id} />
          {blueprint.rationale && (
            <section className="panel">
              <h3>Rationale</h3>
              <p>{blueprint.rationale}</p>
            </section>
          )}
          {blueprint.sources && blueprint.sources.length > 0 && (
            <section className="panel">
              <h3>Sources</h3>
              <ul>
                {blueprint.sources.map((source) => (
                  <li key={source}>{source}</li>
                ))}
              </ul>
            </section>
          )}
        </Tabs.Content>
        <Tabs.Content value="fidelity" className="tab-panel">
          <FidelityReport marginals={result.marginals} fidelity={extras.fidelity} labelOf={(field) => fieldLabel(field, blueprint)} />
        </Tabs.Content>
        <Tabs.Content value="diversity" className="tab-panel">
          <DiversityReport result={result} onOpen={setOpen} />
        </Tabs.Content>
        <Tabs.Content value="downloads" className="tab-panel">
          <section className="panel stack">
            <p>Download the {result.personas.length} personas.</p>
            <div className="row">
              <button type="button" onClick={() => downloadPopulationJson(result, stem)}>
                JSON (whole population)
              </button>
              <button type="button" onClick={() => downloadJsonl(result.personas, stem)}>
                JSON Lines
              </button>
              <button type="button" onClick={() => downloadCsv(result.personas, blueprint, stem)}>
                CSV
              </button>
              <button type="button" onClick={() => downloadCharacterCards(result.personas, { prompt, blueprint }, stem)}>
                Character Cards V2
              </button>
            </div>
            <p className="muted small">Character Cards V2 is the format SillyTavern and character platforms import: one card per line here; each persona's sheet downloads its own card file.</p>
          </section>
        </Tabs.Content>
      </Tabs.Root>
      <PersonaSheet persona={open} blueprint={blueprint} populationId={poll.id} prompt={prompt} onClose={() => setOpen(null)} />
    </>
  );
}
