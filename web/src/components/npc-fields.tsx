/**
 * Inputs bound to a place in the NPC definition (by `Path`), each showing the save answer's
 * errors and offline-play warnings for that place right beside it.
 */
import { createContext, useContext, useId, type ReactNode } from "react";
import type { NpcSaveWarning, ValidationDetail } from "../lib/dramatis.ts";
import { getAt, inputId, problemsAt, setAt, type NpcDefinition, type Path } from "../lib/npc-definition.ts";

export interface EditorState {
  definition: NpcDefinition;
  update(change: (definition: NpcDefinition) => NpcDefinition): void;
  errors: ValidationDetail[];
  warnings: NpcSaveWarning[];
}

export const EditorContext = createContext<EditorState | null>(null);

export function useEditor(): EditorState {
  const state = useContext(EditorContext);
  if (!state) throw new Error("useEditor outside the NPC editor");
  return state;
}

/** Errors and warnings at exactly `path` (or under it, with `within`), as lines with ids for aria-describedby. */
export function Problems({ path, within = false, id }: { path: Path; within?: boolean; id?: string }) {
  const { errors, warnings } = useEditor();
  const here = problemsAt(errors, path, within);
  const warned = problemsAt(warnings, path, within);
  if (here.length === 0 && warned.length === 0) return null;
  return (
    <div id={id}>
      {here.map((problem, index) => (
        <p key={`e${index}`} className="inline-error">
          {problem.msg}
        </p>
      ))}
      {warned.map((problem, index) => (
        <p key={`w${index}`} className="inline-warning">
          Offline play: {problem.msg}
        </p>
      ))}
    </div>
  );
}

function useBinding(path: Path) {
  const { definition, update, errors } = useEditor();
  const problemId = useId();
  const invalid = problemsAt(errors, path).length > 0;
  return {
    value: getAt(definition, path),
    set: (next: unknown) => update((current) => setAt(current, path, next)),
    inputProps: { id: inputId(path), "aria-invalid": invalid || undefined, "aria-describedby": problemId },
    problemId,
  };
}

export function TextField({ path, label, multiline = false, rows = 3, hint, required = false }: { path: Path; label: string; multiline?: boolean; rows?: number; hint?: ReactNode; required?: boolean }) {
  const { value, set, inputProps, problemId } = useBinding(path);
  const text = typeof value === "string" ? value : "";
  return (
    <div className="field">
      <label htmlFor={inputProps.id}>{label}</label>
      {multiline ? (
        <textarea {...inputProps} rows={rows} value={text} required={required} onChange={(event) => set(event.target.value)} />
      ) : (
        <input {...inputProps} type="text" value={text} required={required} onChange={(event) => set(event.target.value)} />
      )}
      {hint && <span className="field-hint">{hint}</span>}
      <Problems path={path} id={problemId} />
    </div>
  );
}

export function NumberField({ path, label }: { path: Path; label: string }) {
  const { value, set, inputProps, problemId } = useBinding(path);
  return (
    <div className="field">
      <label htmlFor={inputProps.id}>{label}</label>
      <input {...inputProps} type="number" className="number-input" value={typeof value === "number" ? value : ""} onChange={(event) => set(event.target.value === "" ? undefined : Number(event.target.value))} />
      <Problems path={path} id={problemId} />
    </div>
  );
}

export function SelectField({ path, label, options, onChange }: { path: Path; label: string; options: Array<{ value: string; label: string }>; onChange?(value: string): void }) {
  const { value, set, inputProps, problemId } = useBinding(path);
  return (
    <div className="field">
      <label htmlFor={inputProps.id}>{label}</label>
      <select {...inputProps} value={typeof value === "string" ? value : ""} onChange={(event) => (onChange ? onChange(event.target.value) : set(event.target.value || undefined))}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Problems path={path} id={problemId} />
    </div>
  );
}

export function CheckboxField({ path, label, onChange }: { path: Path; label: string; onChange?(checked: boolean): void }) {
  const { value, set, inputProps, problemId } = useBinding(path);
  return (
    <div className="field">
      <label className="checkbox-label">
        <input {...inputProps} type="checkbox" checked={value === true} onChange={(event) => (onChange ? onChange(event.target.checked) : set(event.target.checked))} />
        {label}
      </label>
      <Problems path={path} id={problemId} />
    </div>
  );
}

/** Lines of text, one per line (a state's `lines`, an intent's phrases). */
export function LinesField({ path, label, hint }: { path: Path; label: string; hint?: string }) {
  const { value, set, inputProps, problemId } = useBinding(path);
  const lines = Array.isArray(value) ? (value as unknown[]).map(String) : [];
  return (
    <div className="field">
      <label htmlFor={inputProps.id}>{label}</label>
      <textarea {...inputProps} rows={Math.max(2, Math.min(6, lines.length + 1))} value={lines.join("\n")} onChange={(event) => set(event.target.value === "" ? [] : event.target.value.split("\n"))} />
      {hint && <span className="field-hint">{hint}</span>}
      <Problems path={path} within id={problemId} />
    </div>
  );
}
