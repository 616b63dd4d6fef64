/**
 * Playing an NPC: the scenarios this player may play, the conversation with the current one, and
 * the standing (state, score, total score, relationship). A reload resumes the scenario the player
 * is in with its transcript; a scenario that ends with an auto-advance link moves on by itself;
 * "forget my progress" starts over. Used by the play page and by the studio's test-play panel.
 */
import { AlertDialog } from "radix-ui";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import type { NpcPersonaFull, NpcProgress } from "../lib/dramatis.ts";
import { localTranscript, type PlayConnection, type TranscriptLine } from "../lib/play-connection.ts";
import { ErrorNotice } from "./error-notice.tsx";

type LogLine = TranscriptLine | { role: "note"; content: string };

interface TurnState {
  current_state: string | null;
  score: number;
  outcome: string | null;
  completed: boolean;
}

const OUTCOME_TEXT: Record<string, string> = { ACCEPT: "won", REJECT: "lost", KICK_OUT: "thrown out" };

export function PlayView({ connection, personaId, player, playerName, compact = false }: { connection: PlayConnection; personaId: string; player: string; playerName: string; compact?: boolean }) {
  const [full, setFull] = useState<NpcPersonaFull | null>(null);
  const [progress, setProgress] = useState<NpcProgress | null>(null);
  const [machineId, setMachineId] = useState<string | null>(null);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [turn, setTurn] = useState<TurnState | null>(null);
  /** The anonymous visitor's session in the current scenario (its transcript is stored under it). */
  const [sessionId, setSessionId] = useState<string | null>(null);
  /** The current scenario's own conversation (the log may also show earlier scenarios above it). */
  const [transcript, setTranscript] = useState<TranscriptLine[]>([]);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [lines]);

  const machines = full?.machines ?? [];
  const machine = machines.find((candidate) => candidate.id === machineId);
  const stateLabel = useMemo(() => {
    const states = (machine?.states ?? []) as Array<{ state_key: string; label?: string }>;
    return (key: string | null) => (key ? (states.find((state) => state.state_key === key)?.label ?? key) : "—");
  }, [machine]);

  const transcriptOf = useCallback((id: string) => localTranscript(personaId, player, id), [personaId, player]);

  /** Opens (or resumes) a scenario and shows its conversation so far. */
  const enter = useCallback(
    async (id: string, notes: LogLine[] = []) => {
      setMachineId(id);
      const opened = await connection.open(id, playerName.trim() || null);
      // The standing is read before anything is shown: the NPC's line appears in the same render
      // that ends `busy`, so a player answering at once is never refused by a disabled Send (a
      // form whose submit button is disabled ignores Enter, and the message would sit unsent).
      const [history, standing] = await Promise.all([connection.history(id), connection.progress()]);
      setProgress(standing);
      if (history) {
        setTranscript(history.lines);
        setLines([...notes, ...history.lines]);
        setTurn({ current_state: history.current_state, score: history.score, outcome: history.outcome, completed: history.outcome !== null });
      } else {
        // Anonymous: the transcript lives here; the same session id means the scenario resumed.
        const stored = transcriptOf(id);
        const previous = stored.read();
        const resumed = previous.lines.length > 0 && previous.sessionId === opened.session_id;
        const next = resumed ? previous.lines : [{ role: "npc" as const, content: opened.message }];
        stored.write(opened.session_id, next);
        setSessionId(opened.session_id);
        setTranscript(next);
        setLines([...notes, ...next]);
        setTurn(resumed ? null : { current_state: null, score: 0, outcome: null, completed: false });
      }
      input.current?.focus();
    },
    [connection, playerName, personaId, player, transcriptOf],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const [persona, standing] = await Promise.all([connection.full(), connection.progress()]);
      if (cancelled) return;
      setFull(persona);
      setProgress(standing);
      if (standing.current_machine_id) await enter(standing.current_machine_id);
    })().catch((caught: unknown) => !cancelled && setError(caught));
    return () => {
      cancelled = true;
    };
    // Loads once per persona and player; `enter` changes with the name typed, which must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || !machineId) return;
    setDraft("");
    void act(async () => {
      const withPlayer: LogLine[] = [...lines, { role: "player", content: text }];
      setLines(withPlayer);
      const response = await connection.say(machineId, text);
      let next: LogLine[] = [...withPlayer, { role: "npc", content: response.message }];
      const scenarioLines: TranscriptLine[] = [...transcript, { role: "player", content: text }, { role: "npc", content: response.message }];
      setTranscript(scenarioLines);
      if (!connection.keepsHistory && sessionId) transcriptOf(machineId).write(sessionId, scenarioLines);
      setTurn({ current_state: response.current_state, score: response.score, outcome: response.outcome, completed: response.machine_completed });
      if (!response.machine_completed) {
        setLines(next);
        return;
      }
      next = [...next, { role: "note", content: `Scenario over: ${response.outcome ?? "done"}${response.outcome ? ` (${OUTCOME_TEXT[response.outcome] ?? response.outcome})` : ""}, score ${response.score}.` }];
      const automatic = response.unlocked_machines.find((unlocked) => unlocked.is_auto_advance);
      const others = response.unlocked_machines.filter((unlocked) => !unlocked.is_auto_advance);
      if (others.length > 0) next = [...next, { role: "note", content: `Unlocked: ${others.map((unlocked) => unlocked.name).join(", ")}.` }];
      if (automatic) {
        await enter(automatic.machine_id, [...next, { role: "note", content: `On to the next scenario: ${automatic.name}.` }]);
        return;
      }
      const standing = await connection.progress();
      setLines(next);
      setProgress(standing);
    });
  };

  const resetEverything = () =>
    act(async () => {
      await connection.resetAll();
      for (const candidate of machines) transcriptOf(candidate.id).clear();
      setLines([]);
      setTranscript([]);
      setTurn(null);
      setMachineId(null);
      setProgress(await connection.progress());
    });

  const completed = new Map((progress?.completed_machines ?? []).map((entry) => [entry.machine_id, entry]));
  const ended = turn?.completed ?? false;

  return (
    <div className="stack">
      <ErrorNotice error={error} title="The NPC did not answer" />
      {progress && (
        <dl className="stats" aria-label="Your standing">
          <div>
            <dt>Scenario</dt>
            <dd>{machine?.name ?? "—"}</dd>
          </div>
          <div>
            <dt>State</dt>
            <dd>{stateLabel(turn?.current_state ?? null)}</dd>
          </div>
          <div>
            <dt>Score</dt>
            <dd>{turn ? turn.score : "—"}</dd>
          </div>
          <div>
            <dt>Total score</dt>
            <dd>{progress.total_score}</dd>
          </div>
          <div>
            <dt>Relationship</dt>
            <dd>{progress.relationship_level}</dd>
          </div>
        </dl>
      )}
      <section aria-label="Scenarios">
        <h3 className={compact ? "small" : undefined}>Scenarios</h3>
        <ul className="list-plain">
          {(progress?.available_machines ?? []).map((available) => {
            const result = completed.get(available.machine_id);
            const current = available.machine_id === machineId;
            return (
              <li key={available.machine_id} className="row">
                <span className="grow">
                  <strong>{available.name}</strong>
                  {current && (ended ? " (just played)" : " (playing)")}
                  {result && (
                    <>
                      {" "}
                      <span className={`badge ${result.outcome === "ACCEPT" ? "badge-pass" : "badge-fail"}`}>
                        {result.outcome} · {result.score}
                      </span>
                    </>
                  )}
                  {!compact && available.description && <span className="muted small"> · {available.description}</span>}
                </span>
                {!(current && !ended) && (
                  <button type="button" className="secondary" disabled={busy} onClick={() => act(() => enter(available.machine_id))} aria-label={`${result ? "Replay" : current ? "Continue" : "Play"} ${available.name}`}>
                    {result ? "Replay" : "Play"}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <div className="chat-log" ref={log} role="log" aria-live="polite" aria-label="Conversation">
        {lines.length === 0 && <p className="chat-meta">{machines.length > 0 ? "Choose a scenario to start." : "Loading…"}</p>}
        {lines.map((line, index) =>
          line.role === "note" ? (
            <p key={index} className="chat-meta">
              {line.content}
            </p>
          ) : (
            <div key={index} className={`bubble ${line.role === "player" ? "me" : "them"}`}>
              <span className="speaker">{line.role === "player" ? playerName.trim() || "You" : (full?.persona.name ?? "NPC")}</span>
              {line.content}
            </div>
          ),
        )}
        {busy && <p className="chat-meta">…</p>}
      </div>
      {ended && machine && <p className="notice notice-info">This scenario has ended. Replay it or choose another above.</p>}
      <form className="chat-form" onSubmit={send}>
        <label htmlFor={inputId} className="visually-hidden">
          Your message
        </label>
        <input id={inputId} ref={input} type="text" autoComplete="off" maxLength={4000} placeholder={machine ? "Say something…" : "Choose a scenario first"} value={draft} onChange={(event) => setDraft(event.target.value)} disabled={!machine || ended} />
        <button type="submit" disabled={busy || !machine || ended || !draft.trim()}>
          Send
        </button>
      </form>
      <AlertDialog.Root>
        <AlertDialog.Trigger asChild>
          <button type="button" className="danger" disabled={busy}>
            Forget my progress
          </button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="dialog-overlay" />
          <AlertDialog.Content className="dialog-content" style={{ width: "min(28rem, 94vw)" }}>
            <AlertDialog.Title>Forget your progress?</AlertDialog.Title>
            <AlertDialog.Description>Every scenario with {full?.persona.name ?? "this character"} starts over: results, scores and conversations are deleted.</AlertDialog.Description>
            <div className="row" style={{ marginTop: "1rem" }}>
              <AlertDialog.Cancel className="secondary">Keep it</AlertDialog.Cancel>
              <AlertDialog.Action className="danger" onClick={resetEverything}>
                Forget everything
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </div>
  );
}
