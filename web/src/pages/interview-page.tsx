/**
 * Interview one persona of a population: the model plays the persona's `system_prompt`, the
 * conversation is yours. Without a language model the server says so, and so does the page.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ErrorNotice } from "../components/error-notice.tsx";
import { ModelNeeded } from "../components/model-needed.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { DramatisClient, InterviewMessage, Persona } from "../lib/dramatis.ts";
import { personaName } from "../lib/persona-display.ts";
import { conversationWindow, MAX_MESSAGES } from "../lib/interview.ts";
import { needsModel, usePopulation } from "../lib/use-population.ts";
import { Link, navigate } from "../router.tsx";

export function InterviewPage({ populationId, personaId }: { populationId: string; personaId: string | null }) {
  return (
    <>
      <p className="small">
        <Link to={`/populations/${populationId}`}>← Back to the population</Link>
      </p>
      <h1>Interview</h1>
      <RequiresKey>{(client) => <Interview client={client} populationId={populationId} personaId={personaId} />}</RequiresKey>
    </>
  );
}

function Interview({ client, populationId, personaId }: { client: DramatisClient; populationId: string; personaId: string | null }) {
  const { poll, error: loadError } = usePopulation(client, populationId);
  const personas = poll?.result?.personas ?? [];
  const persona = personas.find((candidate) => candidate.persona_id === personaId) ?? personas[0];
  const selectId = useId();
  if (loadError) return <ErrorNotice error={loadError} title="Could not load the population" />;
  if (!poll) return <p className="muted">Loading…</p>;
  if (!persona) return <p>This population has no personas yet.</p>;
  return (
    <>
      <div className="row">
        <label htmlFor={selectId}>Persona</label>
        <select id={selectId} value={persona.persona_id} onChange={(event) => navigate(`/populations/${populationId}/interview?persona=${encodeURIComponent(event.target.value)}`, { replace: true })}>
          {personas.map((candidate) => (
            <option key={candidate.persona_id} value={candidate.persona_id}>
              {personaName(candidate)} ({candidate.persona_id})
            </option>
          ))}
        </select>
      </div>
      <Conversation key={persona.persona_id} client={client} populationId={populationId} persona={persona} />
    </>
  );
}

function Conversation({ client, populationId, persona }: { client: DramatisClient; populationId: string; persona: Persona }) {
  const [messages, setMessages] = useState<InterviewMessage[]>([]);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [offline, setOffline] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  const inputId = useId();
  const name = personaName(persona);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const next = [...messages, { role: "user" as const, content: text }];
    setMessages(next);
    setDraft("");
    setBusy(true);
    setError(null);
    try {
      const answer = await client.populations.interview({ population_id: populationId, persona_id: persona.persona_id, messages: conversationWindow(next) });
      setMessages([...next, { role: "persona", content: answer.message }]);
    } catch (caught) {
      if (needsModel(caught)) setOffline(true);
      else setError(caught);
      setMessages(messages);
      setDraft(text);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-label={`Interview with ${name}`}>
      {offline && <ModelNeeded feature="Interviews" />}
      <div className="chat-log" ref={log} role="log" aria-live="polite" aria-label="Conversation">
        {messages.length === 0 && <p className="chat-meta">Ask {name} anything. They answer as the persona their system prompt describes.</p>}
        {messages.map((message, index) => (
          <div key={index} className={`bubble ${message.role === "user" ? "me" : "them"}`}>
            <span className="speaker">{message.role === "user" ? "You" : name}</span>
            {message.content}
          </div>
        ))}
        {busy && <p className="chat-meta">{name} is answering…</p>}
      </div>
      {messages.length >= MAX_MESSAGES && <p className="small muted">{name} remembers the latest {MAX_MESSAGES} messages.</p>}
      <form className="chat-form" onSubmit={send}>
        <label htmlFor={inputId} className="visually-hidden">
          Your question
        </label>
        <input id={inputId} type="text" autoComplete="off" placeholder={`Ask ${name} something…`} value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={4000} disabled={offline} />
        <button type="submit" disabled={busy || offline || !draft.trim()}>
          Send
        </button>
      </form>
      <ErrorNotice error={error} title="No answer" />
    </section>
  );
}
