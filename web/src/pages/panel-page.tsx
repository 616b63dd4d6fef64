/**
 * Ask the panel: one question to every persona of a population, answered by the model in each
 * persona's voice, tabulated with reasons and broken down by any field, under a plain warning
 * that simulated respondents vary less than real people.
 */
import { useId, useMemo, useState, type FormEvent } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure, percent } from "../components/chart-figure.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { ModelNeeded } from "../components/model-needed.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { DramatisClient, PanelSurveyPoll, Persona } from "../lib/dramatis.ts";
import { fieldLabel, personaName } from "../lib/persona-display.ts";
import { useJob } from "../lib/use-job.ts";
import { needsModel, usePopulation } from "../lib/use-population.ts";
import { Link } from "../router.tsx";

const MIN_CHOICES = 2;
const MAX_CHOICES = 12;

export function PanelPage({ populationId }: { populationId: string }) {
  return (
    <>
      <p className="small">
        <Link to={`/populations/${populationId}`}>← Back to the population</Link>
      </p>
      <h1>Ask the panel</h1>
      <RequiresKey>{(client) => <Panel client={client} populationId={populationId} />}</RequiresKey>
    </>
  );
}

function Panel({ client, populationId }: { client: DramatisClient; populationId: string }) {
  const { poll: population, error: loadError } = usePopulation(client, populationId);
  const [question, setQuestion] = useState("");
  const [multipleChoice, setMultipleChoice] = useState(true);
  const [choices, setChoices] = useState<string[]>(["Yes", "No"]);
  const job = useJob<PanelSurveyPoll>();
  const survey = job.poll;
  const offline = needsModel(job.error);
  const ids = { question: useId(), mode: useId() };
  const personas = population?.result?.personas ?? [];

  const cleanChoices = choices.map((choice) => choice.trim()).filter(Boolean);
  const choicesProblem = multipleChoice && (cleanChoices.length < MIN_CHOICES || new Set(cleanChoices).size !== cleanChoices.length) ? `Give ${MIN_CHOICES} to ${MAX_CHOICES} different choices.` : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choicesProblem) return;
    void job.run(async (wait) => {
      const handle = await client.populations.askPanel({ population_id: populationId, question, ...(multipleChoice ? { choices: cleanChoices } : {}) });
      await handle.wait(wait);
    });
  };

  if (loadError) return <ErrorNotice error={loadError} title="Could not load the population" />;
  return (
    <>
      <p className="muted">{population ? `${personas.length} personas of “${population.prompt ?? populationId}” will answer.` : "Loading the population…"}</p>
      {offline && <ModelNeeded feature="Panel questions" />}
      <form className="panel stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.question}>Question</label>
          <textarea id={ids.question} rows={2} required maxLength={2000} value={question} onChange={(event) => setQuestion(event.target.value)} placeholder="Would you pay $5 a month for an app that plans your shifts?" />
        </div>
        <fieldset>
          <legend>Answers</legend>
          <div className="row">
            <label>
              <input type="radio" name={ids.mode} checked={multipleChoice} onChange={() => setMultipleChoice(true)} /> Multiple choice
            </label>
            <label>
              <input type="radio" name={ids.mode} checked={!multipleChoice} onChange={() => setMultipleChoice(false)} /> Free text
            </label>
          </div>
          {multipleChoice && (
            <div className="stack">
              {choices.map((choice, index) => (
                <div className="row" key={index}>
                  <input aria-label={`Choice ${index + 1}`} value={choice} maxLength={200} onChange={(event) => setChoices(choices.map((old, position) => (position === index ? event.target.value : old)))} />
                  <button type="button" className="secondary" disabled={choices.length <= MIN_CHOICES} onClick={() => setChoices(choices.filter((_, position) => position !== index))} aria-label={`Remove choice ${index + 1}`}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" className="secondary" disabled={choices.length >= MAX_CHOICES} onClick={() => setChoices([...choices, ""])}>
                Add a choice
              </button>
              {choicesProblem && <p className="inline-error">{choicesProblem}</p>}
            </div>
          )}
        </fieldset>
        <div className="row">
          <button type="submit" disabled={job.busy || offline || !question.trim() || Boolean(choicesProblem) || personas.length === 0}>
            {job.busy ? "Asking…" : `Ask ${personas.length} personas`}
          </button>
        </div>
        {!offline && <ErrorNotice error={job.error} title="Could not ask the panel" />}
      </form>
      {survey && (survey.status === "pending" || survey.status === "running") && <ProgressBar progress={survey.progress} status={survey.status} label="Panel progress" />}
      {survey?.status === "failed" && (
        <p className="notice notice-error" role="alert">
          The panel could not answer ({survey.error}); nothing was charged.
        </p>
      )}
      {survey?.status === "succeeded" && survey.result && <PanelResults survey={survey} personas={personas} blueprintFields={population?.result?.blueprint} />}
    </>
  );
}

function PanelResults({ survey, personas, blueprintFields }: { survey: PanelSurveyPoll; personas: Persona[]; blueprintFields: Parameters<typeof fieldLabel>[1] }) {
  const result = survey.result!;
  const byId = useMemo(() => new Map(personas.map((persona) => [persona.persona_id, persona])), [personas]);
  const fields = useMemo(() => [...new Set(personas.flatMap((persona) => Object.keys(persona.fields)))].filter((field) => new Set(personas.map((persona) => persona.fields[field])).size <= Math.max(12, personas.length / 3)), [personas]);
  const [groupBy, setGroupBy] = useState<string>(Object.keys(result.breakdowns ?? {})[0] ?? "");
  const groupId = useId();
  const total = result.answers.length;
  const tallies = result.tallies ? Object.entries(result.tallies).map(([choice, count]) => ({ choice, count, share: total > 0 ? count / total : 0 })) : null;
  const groups = useMemo(() => {
    const grouped = new Map<string, typeof result.answers>();
    for (const answer of result.answers) {
      const key = groupBy ? (byId.get(answer.persona_id)?.fields[groupBy] ?? "—") : "All";
      grouped.set(key, [...(grouped.get(key) ?? []), answer]);
    }
    return [...grouped].sort(([a], [b]) => a.localeCompare(b));
  }, [result.answers, groupBy, byId]);

  return (
    <section className="panel stack" aria-labelledby="answers-heading">
      <h2 id="answers-heading">Answers to “{survey.question}”</h2>
      <p className="notice notice-warning" role="note">
        {result.warning}
      </p>
      {tallies && (
        <ChartFigure caption="Choices" table={{ columns: ["Choice", "Answers", "Share"], rows: tallies.map((tally) => [tally.choice, tally.count, percent(tally.share)]) }}>
          <ResponsiveContainer width="100%" height={Math.max(140, 40 + tallies.length * 34)}>
            <BarChart data={tallies} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
              <CartesianGrid horizontal={false} stroke="#d0d7de" />
              <XAxis type="number" allowDecimals={false} tick={{ fill: "#1f2328", fontSize: 12 }} />
              <YAxis type="category" dataKey="choice" width={140} tick={{ fill: "#1f2328", fontSize: 12 }} interval={0} />
              <Tooltip />
              <Bar dataKey="count" name="Answers" fill="#0a58a8" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
      <div className="row">
        <label htmlFor={groupId}>Break down by</label>
        <select id={groupId} value={groupBy} onChange={(event) => setGroupBy(event.target.value)}>
          <option value="">Nothing (all answers)</option>
          {fields.map((field) => (
            <option key={field} value={field}>
              {fieldLabel(field, blueprintFields)}
            </option>
          ))}
        </select>
      </div>
      {tallies && groupBy && result.breakdowns?.[groupBy] && <BreakdownTable breakdown={result.breakdowns[groupBy]!} choices={tallies.map((tally) => tally.choice)} label={fieldLabel(groupBy, blueprintFields)} />}
      {groups.map(([group, answers]) => (
        <section key={group} aria-label={groupBy ? `${fieldLabel(groupBy, blueprintFields)}: ${group}` : "All answers"}>
          {groupBy && (
            <h3>
              {fieldLabel(groupBy, blueprintFields)}: {group} <span className="muted">({answers.length})</span>
            </h3>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Persona</th>
                  {tallies && <th scope="col">Choice</th>}
                  <th scope="col">Answer</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {answers.map((answer) => {
                  const persona = byId.get(answer.persona_id);
                  return (
                    <tr key={answer.persona_id}>
                      <th scope="row">{persona ? personaName(persona) : answer.persona_id}</th>
                      {tallies && <td>{answer.choice ?? "—"}</td>}
                      <td>{answer.answer}</td>
                      <td>{answer.reason}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}

function BreakdownTable({ breakdown, choices, label }: { breakdown: Record<string, Record<string, number>>; choices: string[]; label: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Choices by {label}</caption>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            {choices.map((choice) => (
              <th key={choice} scope="col" className="number">
                {choice}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(breakdown).map(([value, counts]) => (
            <tr key={value}>
              <th scope="row">{value}</th>
              {choices.map((choice) => (
                <td key={choice} className="number">
                  {counts[choice] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
