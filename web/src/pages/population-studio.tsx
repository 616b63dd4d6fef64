/**
 * The studio's front page: ask for a population (prompt, count, grounding, seed) and find earlier
 * ones. Submitting goes straight to the population's page, which follows its progress.
 */
import { useEffect, useId, useState, type FormEvent } from "react";
import { ErrorNotice } from "../components/error-notice.tsx";
import { GroundingSelect } from "../components/grounding-select.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { DramatisClient, Grounding, PopulationSummary } from "../lib/dramatis.ts";
import { Link, navigate } from "../router.tsx";

const EXAMPLES = ["30 nurses in Lagos", "20 League of Legends players from around the globe", "25 retired teachers in rural Japan"];

export function PopulationStudio() {
  return (
    <>
      <h1>Population studio</h1>
      <RequiresKey>
        {(client) => (
          <>
            <GenerateForm client={client} />
            <History client={client} />
          </>
        )}
      </RequiresKey>
    </>
  );
}

function GenerateForm({ client }: { client: DramatisClient }) {
  const [prompt, setPrompt] = useState("");
  const [count, setCount] = useState("30");
  const [grounding, setGrounding] = useState<Grounding>("off");
  const [seed, setSeed] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ids = { prompt: useId(), count: useId(), seed: useId(), seedHint: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const handle = await client.populations.generate({
        prompt,
        count: Number(count),
        grounding,
        ...(seed.trim() ? { seed: Number(seed) } : {}),
      });
      navigate(`/populations/${handle.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="generate-heading">
      <h2 id="generate-heading">Generate a population</h2>
      <div className="field">
        <label htmlFor={ids.prompt}>Who should they be?</label>
        <textarea id={ids.prompt} rows={3} required value={prompt} onChange={(event) => setPrompt(event.target.value)} placeholder={EXAMPLES[0]} />
        <div className="row small">
          <span className="muted">Try:</span>
          {EXAMPLES.map((example) => (
            <button key={example} type="button" className="link" onClick={() => setPrompt(example)}>
              {example}
            </button>
          ))}
        </div>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.count}>How many</label>
          <input id={ids.count} type="number" min={1} required value={count} onChange={(event) => setCount(event.target.value)} />
        </div>
        <GroundingSelect value={grounding} onChange={setGrounding} stacked />
        <div className="field">
          <label htmlFor={ids.seed}>Seed (optional)</label>
          <input id={ids.seed} type="number" step={1} value={seed} onChange={(event) => setSeed(event.target.value)} aria-describedby={ids.seedHint} />
          <span id={ids.seedHint} className="field-hint">
            The same seed gives the same population.
          </span>
        </div>
      </div>
      <div className="row">
        <button type="submit" disabled={busy || !prompt.trim()}>
          {busy ? "Starting…" : "Generate"}
        </button>
      </div>
      <ErrorNotice error={error} title="Could not start" />
    </form>
  );
}

const STATUS_TEXT: Record<string, string> = { pending: "waiting", running: "running", succeeded: "ready", failed: "failed" };

function History({ client }: { client: DramatisClient }) {
  const [items, setItems] = useState<PopulationSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);

  const load = async (after?: string) => {
    try {
      const page = await client.populations.list({ limit: 20, cursor: after ?? null });
      setItems((previous) => (after ? [...previous, ...page.items] : page.items));
      setCursor(page.next_cursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoaded(true);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per client
  }, [client]);

  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">Earlier populations</h2>
      <ErrorNotice error={error} title="Could not list populations" />
      {loaded && items.length === 0 && !error && <p className="muted">None yet: generate your first above.</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Prompt</th>
                <th scope="col" className="number">
                  Count
                </th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/populations/${item.id}`}>{item.prompt}</Link>
                  </td>
                  <td className="number">{item.count}</td>
                  <td>
                    <span className={`badge ${item.status === "succeeded" ? "badge-pass" : item.status === "failed" ? "badge-fail" : "badge-neutral"}`}>{STATUS_TEXT[item.status] ?? item.status}</span>
                  </td>
                  <td>{new Date(item.created_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => load(cursor)}>
          Show older
        </button>
      )}
    </section>
  );
}
