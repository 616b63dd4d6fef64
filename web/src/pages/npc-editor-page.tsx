/**
 * The NPC editor: the persona, its machines (settings, state diagram, states, transitions), the
 * links between machines, and everything else as JSON; save shows the server's validation errors
 * and offline-play warnings beside what they are about; publish gives the play link; the test-play
 * panel beside the editor plays what was saved last.
 */
import { AlertDialog } from "radix-ui";
import { useEffect, useId, useMemo, useState } from "react";
import { useAccount } from "../account.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { CheckboxField, EditorContext, Problems, SelectField, TextField, useEditor, type EditorState } from "../components/npc-fields.tsx";
import { MachineEditor } from "../components/npc-machine-editor.tsx";
import { PlayView } from "../components/play-view.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import { linkConditionText } from "../lib/condition-text.ts";
import { DramatisApiError, type DramatisClient, type NpcSaveWarning, type ValidationDetail } from "../lib/dramatis.ts";
import { freshKey, fromFull, getAt, inputId, locText, machineIndexOf, removeMachine, setAt, starterDefinition, type NpcDefinition, type NpcLink, type Path } from "../lib/npc-definition.ts";
import { playConnection } from "../lib/play-connection.ts";
import { Link, navigate } from "../router.tsx";

export function NpcEditorPage({ personaId }: { personaId: string | null }) {
  // A persona just created keeps its editor (and the save's answer) when the address gains its id.
  const [created, setCreated] = useState<string | null>(null);
  const editorKey = personaId && personaId === created ? "new" : (personaId ?? "new");
  return (
    <>
      <p className="small">
        <Link to="/npc">← NPC studio</Link>
      </p>
      <RequiresKey>{(client) => <Editor key={editorKey} client={client} personaId={personaId} onCreated={setCreated} />}</RequiresKey>
    </>
  );
}

function Editor({ client, personaId, onCreated }: { client: DramatisClient; personaId: string | null; onCreated(id: string): void }) {
  const [definition, setDefinition] = useState<NpcDefinition | null>(personaId ? null : starterDefinition());
  const [saved, setSaved] = useState<string | null>(null);
  const [errors, setErrors] = useState<ValidationDetail[]>([]);
  const [warnings, setWarnings] = useState<NpcSaveWarning[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [playLink, setPlayLink] = useState<string | null>(null);
  const [machineIndex, setMachineIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [testRound, setTestRound] = useState(0);

  // The definition on screen when this editor created the persona: nothing to load.
  const [createdHere, setCreatedHere] = useState<string | null>(null);
  useEffect(() => {
    if (!personaId || personaId === createdHere) return;
    client.npc.personas.full(personaId).then((full) => {
      const loaded = fromFull(full);
      setDefinition(loaded);
      setSaved(JSON.stringify(loaded));
      if (full.persona.is_public) setPlayLink(`${window.location.origin}/play/${personaId}`);
    }, setFailure);
  }, [client, personaId, createdHere]);

  const editor = useMemo<EditorState | null>(
    () => (definition ? { definition, update: (change) => setDefinition((current) => (current ? change(current) : current)), errors, warnings } : null),
    [definition, errors, warnings],
  );
  const dirty = definition !== null && JSON.stringify(definition) !== saved;

  const save = async () => {
    if (!definition) return;
    setBusy(true);
    setFailure(null);
    setStatus(null);
    try {
      const result = await client.npc.personas.save(definition, personaId ? { personaId } : {});
      setErrors([]);
      setWarnings(result.warnings);
      setSaved(JSON.stringify(definition));
      setTestRound((round) => round + 1);
      setStatus(result.warnings.length > 0 ? `Saved, with ${result.warnings.length} warning(s) about offline play.` : "Saved.");
      if (!personaId) {
        setCreatedHere(result.persona_id);
        onCreated(result.persona_id);
        navigate(`/npc/${result.persona_id}`, { replace: true });
      }
    } catch (caught) {
      if (DramatisApiError.isInstance(caught) && caught.status === 422 && caught.details.length > 0) {
        setErrors(caught.details);
        const first = caught.details.map((detail) => machineIndexOf(detail.loc)).find((index) => index !== null);
        if (first !== undefined && first !== null) setMachineIndex(first);
        setStatus(`Not saved: ${caught.details.length} problem(s) to fix.`);
      } else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (!personaId) return;
    setBusy(true);
    setFailure(null);
    try {
      const published = await client.npc.personas.publish(personaId);
      setPlayLink(published.play_link);
      setDefinition((current) => (current ? { ...current, is_public: true } : current));
      setSaved((current) => (current ? JSON.stringify({ ...JSON.parse(current), is_public: true }) : current));
      setStatus("Published: anyone with the link can play.");
    } catch (caught) {
      setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!personaId) return;
    try {
      await client.npc.personas.delete(personaId);
      navigate("/npc");
    } catch (caught) {
      setFailure(caught);
    }
  };

  if (!definition || !editor) return failure ? <ErrorNotice error={failure} title="Could not load this NPC" /> : <p className="muted">Loading…</p>;
  const index = Math.min(machineIndex, Math.max(0, definition.machines.length - 1));

  return (
    <EditorContext.Provider value={editor}>
      <div className="row">
        <h1 className="grow">{definition.name || "Unnamed NPC"}</h1>
        <button type="button" onClick={save} disabled={busy}>
          {personaId ? (dirty ? "Save changes" : "Save") : "Create"}
        </button>
        <button type="button" className="secondary" onClick={publish} disabled={busy || !personaId || dirty} title={dirty ? "Save first" : undefined}>
          Publish
        </button>
        {personaId && <DeleteButton name={definition.name} onConfirm={remove} />}
      </div>
      <div role="status" aria-live="polite">
        {status && <p className={errors.length > 0 ? "notice notice-error" : warnings.length > 0 ? "notice notice-warning" : "notice notice-success"}>{status}</p>}
      </div>
      {playLink && (
        <p className="notice notice-info">
          Play link: <Link to={new URL(playLink).pathname}>{playLink}</Link>
        </p>
      )}
      <ErrorNotice error={failure} title="That did not work" />
      <ProblemSummary definition={definition} problems={errors} kind="error" onShow={setMachineIndex} />
      <ProblemSummary definition={definition} problems={warnings} kind="warning" onShow={setMachineIndex} />
      <div className="columns-wide">
        <div className="stack">
          <section className="panel stack" aria-labelledby="persona-heading">
            <h2 id="persona-heading">Persona</h2>
            <div className="form-grid">
              <TextField path={["name"]} label="Name" required />
              <CheckboxField path={["is_public"]} label="Public (anyone may play)" />
            </div>
            <TextField path={["description"]} label="Description" />
            <TextField path={["persona_identity_prompt"]} label="Identity (who the NPC is)" multiline rows={4} />
          </section>
          <section className="panel" aria-labelledby="machines-heading">
            <h2 id="machines-heading">Scenarios (machines)</h2>
            <div className="machine-list" role="group" aria-label="Choose a scenario to edit">
              {definition.machines.map((machine, position) => (
                <button key={position} type="button" className="secondary" aria-pressed={position === index} onClick={() => setMachineIndex(position)}>
                  {machine.name || machine.machine_key}
                </button>
              ))}
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  const starter = starterDefinition().machines[0]!;
                  const key = freshKey("scenario", definition.machines.map((machine) => machine.machine_key));
                  editor.update((current) => ({ ...current, machines: [...current.machines, { ...starter, machine_key: key, name: `Scenario ${current.machines.length + 1}`, is_entry: false }] }));
                  setMachineIndex(definition.machines.length);
                }}
              >
                Add a scenario
              </button>
            </div>
            {definition.machines[index] && (
              <>
                <MachineEditor key={index} index={index} />
                <button type="button" className="danger" style={{ marginTop: "0.75rem" }} onClick={() => (editor.update((current) => removeMachine(current, index)), setMachineIndex(0))} disabled={definition.machines.length <= 1}>
                  Remove this scenario
                </button>
              </>
            )}
          </section>
          <LinksEditor />
          <JsonEditor />
        </div>
        <aside className="panel" aria-labelledby="test-heading" style={{ position: "sticky", top: "1rem" }}>
          <h2 id="test-heading">Test play</h2>
          {personaId ? (
            <>
              {dirty && <p className="notice notice-warning">Plays the last saved version: save to test your edits.</p>}
              <TestPlay key={`${personaId}:${testRound}`} personaId={personaId} />
            </>
          ) : (
            <p className="muted">Create the NPC to play it here.</p>
          )}
        </aside>
      </div>
    </EditorContext.Provider>
  );
}

function TestPlay({ personaId }: { personaId: string }) {
  const { apiKey } = useAccount();
  // A player of its own per persona, so testing never touches a real player's progress.
  const player = `studio-test-${personaId}`;
  const connection = useMemo(() => playConnection(personaId, player, apiKey), [personaId, player, apiKey]);
  return <PlayView connection={connection} personaId={personaId} player={player} playerName="Tester" compact />;
}

function ProblemSummary({ definition, problems, kind, onShow }: { definition: NpcDefinition; problems: Array<{ loc: Array<string | number>; msg: string }>; kind: "error" | "warning"; onShow(machineIndex: number): void }) {
  if (problems.length === 0) return null;
  const show = (loc: Path) => {
    const machine = machineIndexOf(loc);
    if (machine !== null) onShow(machine);
    // After the chosen scenario renders, move focus to the nearest input the problem names.
    requestAnimationFrame(() => {
      for (let length = loc.length; length > 0; length--) {
        const element = document.getElementById(inputId(loc.slice(0, length)));
        if (element) {
          element.focus();
          return;
        }
      }
    });
  };
  return (
    <section className={`notice ${kind === "error" ? "notice-error" : "notice-warning"}`} aria-label={kind === "error" ? "Problems to fix" : "Offline-play warnings"}>
      <p role={kind === "error" ? "alert" : undefined}>
        <strong>{kind === "error" ? `The server refused this definition (${problems.length} problem${problems.length === 1 ? "" : "s"}):` : "Without a language model, this may not play as intended:"}</strong>
      </p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            <button type="button" className="link" onClick={() => show(problem.loc)}>
              {locText(problem.loc, definition)}
            </button>
            : {problem.msg}
          </li>
        ))}
      </ul>
    </section>
  );
}

const LINK_TYPES = [
  { value: "outcome", label: "ends with an outcome" },
  { value: "score_gte", label: "score at least" },
  { value: "score_lte", label: "score at most" },
  { value: "always", label: "always" },
];

function LinksEditor() {
  const { definition, update } = useEditor();
  const machines = definition.machines.map((machine) => ({ value: machine.machine_key, label: machine.name || machine.machine_key }));
  const add = () => {
    const first = definition.machines[0]?.machine_key ?? "";
    const second = definition.machines[1]?.machine_key ?? first;
    const link: NpcLink = { source_machine_key: first, target_machine_key: second, condition: { type: "outcome", value: "ACCEPT" }, auto_advance: false };
    update((current) => ({ ...current, machine_links: [...current.machine_links, link] }));
  };
  return (
    <section className="panel" aria-labelledby="links-heading">
      <h2 id="links-heading">Links between scenarios</h2>
      <p className="small muted">A link unlocks its target when its source ends as it says; with auto-advance the player moves on at once.</p>
      <Problems path={["machine_links"]} />
      {definition.machine_links.map((link, position) => {
        const base: Path = ["machine_links", position];
        const type = link.condition?.type ?? "always";
        return (
          <fieldset key={position}>
            <legend>
              {link.source_machine_key} → {link.target_machine_key}: {linkConditionText(link.condition)}
              {link.auto_advance ? ", auto-advance" : ""}
            </legend>
            <div className="form-grid">
              <SelectField path={[...base, "source_machine_key"]} label="From" options={machines} />
              <SelectField path={[...base, "target_machine_key"]} label="To" options={machines} />
              <SelectField
                path={[...base, "condition", "type"]}
                label="When the source"
                options={LINK_TYPES}
                onChange={(value) => update((current) => setAt(current, [...base, "condition"], value === "outcome" ? { type: value, value: "ACCEPT" } : value === "always" ? { type: value } : { type: value, value: 0 }))}
              />
              {type === "outcome" && <SelectField path={[...base, "condition", "value"]} label="Outcome" options={["ACCEPT", "REJECT", "KICK_OUT"].map((outcome) => ({ value: outcome, label: outcome }))} />}
              {(type === "score_gte" || type === "score_lte") && <LinkScoreField path={[...base, "condition", "value"]} />}
              <CheckboxField path={[...base, "auto_advance"]} label="Auto-advance" />
            </div>
            <Problems path={base} within />
            <button type="button" className="danger" onClick={() => update((current) => ({ ...current, machine_links: current.machine_links.filter((_, index) => index !== position) }))}>
              Remove link {position + 1}
            </button>
          </fieldset>
        );
      })}
      <button type="button" className="secondary" onClick={add} disabled={definition.machines.length < 2}>
        Add a link
      </button>
    </section>
  );
}

function LinkScoreField({ path }: { path: Path }) {
  const { definition, update } = useEditor();
  const value = getAt(definition, path);
  return (
    <div className="field">
      <label htmlFor={inputId(path)}>Score</label>
      <input id={inputId(path)} type="number" className="number-input" value={typeof value === "number" ? value : 0} onChange={(event) => update((current) => setAt(current, path, Number(event.target.value)))} />
    </div>
  );
}

/** Everything the forms do not cover (variables, intents, output variables, LLM prompts), as the JSON save takes. */
function JsonEditor() {
  const { definition, update } = useEditor();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const textId = useId();
  const apply = () => {
    try {
      const parsed = JSON.parse(draft ?? "") as NpcDefinition;
      if (typeof parsed !== "object" || parsed === null || !Array.isArray(parsed.machines)) throw new Error("the definition needs a machines list");
      update(() => ({ ...parsed, machine_links: parsed.machine_links ?? [] }));
      setDraft(null);
      setProblem(null);
    } catch (caught) {
      setProblem((caught as Error).message);
    }
  };
  return (
    <details className="panel">
      <summary>Edit as JSON (variables, intents, prompts, everything)</summary>
      <div className="field" style={{ marginTop: "0.5rem" }}>
        <label htmlFor={textId}>Definition</label>
        <textarea id={textId} className="mono" rows={18} value={draft ?? JSON.stringify(definition, null, 2)} onChange={(event) => setDraft(event.target.value)} aria-invalid={Boolean(problem) || undefined} />
        {problem && (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="row">
        <button type="button" onClick={apply} disabled={draft === null}>
          Apply JSON
        </button>
        <button type="button" className="secondary" onClick={() => (setDraft(null), setProblem(null))} disabled={draft === null}>
          Discard
        </button>
      </div>
    </details>
  );
}

function DeleteButton({ name, onConfirm }: { name: string; onConfirm(): void }) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button type="button" className="danger">
          Delete
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog-content" style={{ width: "min(28rem, 94vw)" }}>
          <AlertDialog.Title>Delete {name}?</AlertDialog.Title>
          <AlertDialog.Description>Its scenarios, its players' progress and their conversations are deleted too. This cannot be undone.</AlertDialog.Description>
          <div className="row" style={{ marginTop: "1rem" }}>
            <AlertDialog.Cancel className="secondary">Keep it</AlertDialog.Cancel>
            <AlertDialog.Action className="danger" onClick={onConfirm}>
              Delete
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
