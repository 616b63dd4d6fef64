/**
 * Validate: paste or upload personas (and optionally their blueprint), and read the report with
 * what failed first: the batch gates that failed, then every persona with a failing gate and the
 * gate's detail, then what passed.
 */
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { ErrorNotice } from "../components/error-notice.tsx";
import { MarginalChart } from "../components/fidelity-report.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { DramatisClient, EvaluationPoll, EvaluationReport } from "../lib/dramatis.ts";
import { InputError, readBlueprint, readPersonas } from "../lib/personas-input.ts";
import { useJob } from "../lib/use-job.ts";

/** Two nurses, one of them 200 years old: the schema gate catches it. */
const EXAMPLE_PERSONAS = JSON.stringify(
  [
    { persona_id: "p0001", fields: { name: "Ada Okafor", age: "34", role: "nurse" }, system_prompt: "You are Ada Okafor, a nurse.", markdown: "# Ada Okafor" },
    { persona_id: "p0002", fields: { name: "Bo Lindqvist", age: "200", role: "nurse" }, system_prompt: "You are Bo Lindqvist, a nurse.", markdown: "# Bo Lindqvist" },
  ],
  null,
  2,
);
const EXAMPLE_BLUEPRINT = JSON.stringify(
  {
    domain: "nurses",
    order: ["role", "age", "name"],
    fields: [
      { name: "role", kind: "categorical", categorical: { weights: { nurse: 1 } } },
      { name: "age", kind: "numeric", numeric: { min: 21, max: 70, mean: 40, sd: 10, integer: true } },
      { name: "name", kind: "text" },
    ],
  },
  null,
  2,
);

type Report = EvaluationReport & { blueprint_issues?: Array<{ loc: Array<string | number>; msg: string }> };

export function ValidatePage() {
  return (
    <>
      <h1>Validate personas</h1>
      <p className="muted">Check personas made anywhere against the quality gates: schema, constraints, consistency, diversity and fidelity to a blueprint.</p>
      <RequiresKey>{(client) => <ValidateForm client={client} />}</RequiresKey>
    </>
  );
}

/** A JSON text to paste, or a file to read into it, with the reason it cannot be read beside it. */
function JsonInput({ label, value, onChange, problem, accept }: { label: string; value: string; onChange(text: string): void; problem: string | null; accept: string }) {
  const ids = { text: useId(), file: useId(), problem: useId() };
  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) onChange(await file.text());
  };
  return (
    <div className="field">
      <label htmlFor={ids.text}>{label}</label>
      <textarea id={ids.text} rows={12} className="mono" value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={problem !== null} aria-describedby={problem ? ids.problem : undefined} />
      {problem && (
        <p id={ids.problem} className="inline-error" role="alert">
          {problem}
        </p>
      )}
      <label htmlFor={ids.file} className="field-hint">
        …or upload a file
      </label>
      <input id={ids.file} type="file" accept={accept} onChange={load} />
    </div>
  );
}

function ValidateForm({ client }: { client: DramatisClient }) {
  const [personasText, setPersonasText] = useState("");
  const [blueprintText, setBlueprintText] = useState("");
  const [inputProblem, setInputProblem] = useState<{ where: "personas" | "blueprint"; message: string } | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const job = useJob<EvaluationPoll>();
  const { poll } = job;

  /** The request from what was pasted, or null after saying which input cannot be read and why. */
  const request = () => {
    let where: "personas" | "blueprint" = "personas";
    try {
      const read = readPersonas(personasText);
      where = "blueprint";
      const blueprint = readBlueprint(blueprintText) ?? read.blueprint;
      setNotes(read.notes);
      return blueprint ? { personas: read.personas, blueprint } : { personas: read.personas };
    } catch (caught) {
      if (!(caught instanceof InputError)) throw caught;
      setInputProblem({ where, message: caught.message });
      return null;
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInputProblem(null);
    const body = request();
    if (!body) return;
    void job.run(async (wait) => {
      const handle = await client.populations.validate(body);
      await handle.wait(wait);
    });
  };

  return (
    <>
      <form className="panel stack" onSubmit={submit}>
        <div className="columns">
          <JsonInput label="Personas (JSON list, a population, or JSON Lines)" value={personasText} onChange={setPersonasText} problem={inputProblem?.where === "personas" ? inputProblem.message : null} accept=".json,.jsonl,application/json" />
          <JsonInput label="Blueprint (optional JSON object)" value={blueprintText} onChange={setBlueprintText} problem={inputProblem?.where === "blueprint" ? inputProblem.message : null} accept=".json,application/json" />
        </div>
        <div className="row">
          <button type="submit" disabled={job.busy || !personasText.trim()}>
            {job.busy ? "Validating…" : "Validate"}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setPersonasText(EXAMPLE_PERSONAS);
              setBlueprintText(EXAMPLE_BLUEPRINT);
            }}
          >
            Load an example with a broken persona
          </button>
        </div>
        {notes.length > 0 && (
          <ul className="small muted">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        <ErrorNotice error={job.error} title="Could not validate" />
      </form>
      {poll && (poll.status === "pending" || poll.status === "running") && <ProgressBar progress={poll.progress} status={poll.status} label="Validation progress" />}
      {poll?.status === "failed" && (
        <p className="notice notice-error" role="alert">
          The evaluation failed ({poll.error}).
        </p>
      )}
      {poll?.status === "succeeded" && poll.result && <ValidationReport report={poll.result as Report} />}
    </>
  );
}

function GateLine({ name, detail, passed }: { name: string; detail: string; passed: boolean }) {
  return (
    <li className={passed ? "gate-passed" : "gate-failed"}>
      <span className={`badge ${passed ? "badge-pass" : "badge-fail"}`}>{passed ? "passed" : "failed"}</span> <strong>{name}</strong>
      {detail && <div className="small">{detail}</div>}
    </li>
  );
}

function ValidationReport({ report }: { report: Report }) {
  const failingBatch = report.gates.filter((gate) => !gate.passed);
  const passingBatch = report.gates.filter((gate) => gate.passed);
  const failingPersonas = report.scorecards.filter((card) => card.gates.some((gate) => !gate.passed));
  const passingPersonas = report.scorecards.filter((card) => card.gates.every((gate) => gate.passed));
  return (
    <section className="panel stack" aria-labelledby="report-heading">
      <h2 id="report-heading">
        Report <span className={`badge ${report.passed ? "badge-pass" : "badge-fail"}`}>{report.passed ? "passed" : "failed"}</span>
      </h2>
      <p>
        {failingPersonas.length} of {report.scorecards.length} persona{report.scorecards.length === 1 ? "" : "s"} fail a gate; {failingBatch.length} of {report.gates.length} batch gate{report.gates.length === 1 ? "" : "s"} failed.
      </p>
      {(failingBatch.length > 0 || failingPersonas.length > 0) && (
        <section aria-labelledby="failing-heading">
          <h3 id="failing-heading">Failing</h3>
          <ul className="list-plain">
            {failingBatch.map((gate) => (
              <GateLine key={gate.name} name={`${gate.name} (whole batch)`} detail={gate.detail} passed={false} />
            ))}
          </ul>
          {failingPersonas.map((card) => (
            <article key={card.persona_id} aria-label={`Persona ${card.persona_id}`}>
              <h4>{card.persona_id}</h4>
              <ul className="list-plain">
                {card.gates
                  .filter((gate) => !gate.passed)
                  .map((gate) => (
                    <GateLine key={gate.name} name={gate.name} detail={gate.detail} passed={false} />
                  ))}
              </ul>
            </article>
          ))}
        </section>
      )}
      {report.blueprint_issues && report.blueprint_issues.length > 0 && (
        <section aria-labelledby="blueprint-issues-heading">
          <h3 id="blueprint-issues-heading">About the blueprint</h3>
          <p className="small muted">Reported, not fatal: the gates checked what the blueprint declares.</p>
          <ul>
            {report.blueprint_issues.map((issue, index) => (
              <li key={index}>
                {issue.loc.length > 0 && <code>{issue.loc.join(" › ")}</code>} {issue.msg}
              </li>
            ))}
          </ul>
        </section>
      )}
      <details>
        <summary>
          Passing: {passingBatch.length} batch gate{passingBatch.length === 1 ? "" : "s"}, {passingPersonas.length} persona{passingPersonas.length === 1 ? "" : "s"}
        </summary>
        <ul className="list-plain">
          {passingBatch.map((gate) => (
            <GateLine key={gate.name} name={gate.name} detail={gate.detail} passed />
          ))}
        </ul>
        <p className="small">{passingPersonas.map((card) => card.persona_id).join(", ")}</p>
      </details>
      {report.diversity && (
        <p>
          Mean similarity {report.diversity.mean_pairwise_similarity.toFixed(4)}, most similar pair {report.diversity.max_pairwise_similarity.toFixed(4)}, {report.diversity.duplicate_pairs} duplicate pair(s).
        </p>
      )}
      {report.marginals && report.marginals.length > 0 && (
        <div className="chart-grid">
          {report.marginals.map((marginal) => (
            <MarginalChart key={marginal.attribute} marginal={marginal} label={marginal.attribute} />
          ))}
        </div>
      )}
    </section>
  );
}
