/**
 * Enhance: paste a sketch, get the full persona, and see where the sketch's facts landed: the
 * fields that took a stated value are marked, and so are the sketch's words in the written text.
 */
import { useId, useMemo, useState, type FormEvent } from "react";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FieldsTable } from "../components/fields-table.tsx";
import { GroundingSelect } from "../components/grounding-select.tsx";
import { Markdown } from "../components/markdown.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { DramatisClient, EnhancementPoll, Grounding, Persona } from "../lib/dramatis.ts";
import { personaName } from "../lib/persona-display.ts";
import { highlightSegments, sketchFacts } from "../lib/sketch-facts.ts";
import { useJob } from "../lib/use-job.ts";
import { FAILURE_TEXT } from "./population-page.tsx";

const EXAMPLE = "Sam is a 30-year-old support main from Lyon. Friendly, a bit shy on voice chat. Plays Thresh and works nights at a bakery.";

export function EnhancePage() {
  return (
    <>
      <h1>Enhance a sketch</h1>
      <p className="muted">Write a few facts about someone; the enhancer keeps them and fills in the rest.</p>
      <RequiresKey>{(client) => <EnhanceForm client={client} />}</RequiresKey>
    </>
  );
}

function EnhanceForm({ client }: { client: DramatisClient }) {
  const [sketch, setSketch] = useState("");
  const [grounding, setGrounding] = useState<Grounding>("off");
  const [sent, setSent] = useState("");
  const job = useJob<EnhancementPoll>();
  const sketchId = useId();
  const { poll } = job;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void job.run(async (wait) => {
      const handle = await client.populations.enhance({ persona: sketch, grounding });
      setSent(sketch);
      await handle.wait(wait);
    });
  };

  return (
    <>
      <form className="panel stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={sketchId}>Sketch</label>
          <textarea id={sketchId} rows={4} required value={sketch} onChange={(event) => setSketch(event.target.value)} placeholder={EXAMPLE} />
          <div className="row small">
            <button type="button" className="link" onClick={() => setSketch(EXAMPLE)}>
              Use an example
            </button>
          </div>
        </div>
        <div className="row">
          <GroundingSelect value={grounding} onChange={setGrounding} />
          <button type="submit" disabled={job.busy || !sketch.trim()}>
            {job.busy ? "Enhancing…" : "Enhance"}
          </button>
        </div>
        <ErrorNotice error={job.error} title="Could not enhance" />
      </form>
      {poll && (poll.status === "pending" || poll.status === "running") && <ProgressBar progress={null} status={poll.status} label="Enhancement progress" />}
      {poll?.status === "failed" && (
        <p className="notice notice-error" role="alert">
          <strong>The enhancement failed</strong> ({poll.error}): {FAILURE_TEXT[poll.error ?? ""] ?? "see the server's log."}
        </p>
      )}
      {poll?.status === "succeeded" && poll.persona && <EnhancedPersona sketch={sent} persona={poll.persona} />}
    </>
  );
}

/** Long values (a backstory) are text: their sketch words are marked, not the whole field. */
const TEXT_LENGTH = 60;

function EnhancedPersona({ sketch, persona }: { sketch: string; persona: Persona }) {
  const textFields = useMemo(() => new Set(Object.entries(persona.fields).filter(([, value]) => value.length > TEXT_LENGTH).map(([name]) => name)), [persona]);
  const facts = useMemo(() => sketchFacts(sketch, persona.fields, textFields), [sketch, persona, textFields]);
  return (
    <section className="panel" aria-labelledby="enhanced-heading">
      <h2 id="enhanced-heading">{personaName(persona)}</h2>
      <p className="small">
        <mark>Marked</mark> : taken from your sketch ({facts.fields.length} field{facts.fields.length === 1 ? "" : "s"} stated outright). Everything else was filled in.
      </p>
      <div className="columns">
        <div>
          <h3>Your sketch</h3>
          <blockquote className="prompt">
            <Highlighted text={sketch} terms={facts.terms} />
          </blockquote>
          <h3>Fields</h3>
          <FieldsTable
            fields={persona.fields}
            caption="Fields of the enhanced persona"
            labelOf={(field) => field.replace(/_/g, " ")}
            marked={(field) => facts.fields.includes(field)}
            markText="from your sketch"
            renderValue={(field, value) => (facts.fields.includes(field) ? <mark>{value}</mark> : <Highlighted text={value} terms={facts.terms} />)}
          />
        </div>
        <div>
          <h3>Sheet</h3>
          <Markdown text={persona.markdown} />
        </div>
      </div>
    </section>
  );
}

function Highlighted({ text, terms }: { text: string; terms: ReadonlySet<string> }) {
  return (
    <>
      {highlightSegments(text, terms).map((segment, index) => (segment.marked ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
    </>
  );
}
