/**
 * Asking a population's panel: the port a model implements (`PanelRespondents`: one batch of
 * personas answers one question), and the report made from the answers (tallies per choice and, per
 * categorical field of the blueprint, per value). The report is arithmetic on what was answered: it
 * never adds or smooths anything, and it carries a warning, because simulated respondents are more
 * alike than real people and their answers are hypotheses, not survey data.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import { declaredCategories } from "../engine/blueprint-check.ts";
import type { Persona } from "../engine/persona.ts";
import type { UsageRecorder } from "../engine/ports.ts";

export const PANEL_WARNING = "Simulated respondents vary less than real people: treat these answers as hypotheses, not survey data.";

export interface PanelQuestion {
  question: string;
  /** The options of a multiple-choice question, in the caller's order; null for free text. */
  choices: readonly string[] | null;
}

export interface PanelAnswer {
  persona_id: string;
  answer: string;
  /** Exactly one of `choices` for a multiple-choice question; null for free text. */
  choice: string | null;
  reason: string;
}

export interface PanelBatchRequest extends PanelQuestion {
  /** The population's prompt: who these people are, as the caller described them. */
  populationPrompt: string;
  personas: readonly Persona[];
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

/**
 * A model answering for a batch of personas. Every answer it returns is valid (one per persona, in
 * order; a choice among the choices): it re-asks the personas whose answers were not, and gives up
 * with `ModelFailureError` when they stay invalid.
 */
export interface PanelRespondents {
  readonly name: string;
  /** Personas per call. */
  readonly batchSize: number;
  answerBatch(request: PanelBatchRequest): Promise<PanelAnswer[]>;
}

export interface PanelReport {
  answers: PanelAnswer[];
  tallies?: Record<string, number>;
  breakdowns: Record<string, Record<string, Record<string, number>>>;
  warning: string;
}

/**
 * The answers with their tallies and breakdowns. Every choice is listed, also when nobody picked it
 * (a chart must show the zero); a field's values are those the respondents hold, in the blueprint's
 * declared order, then any others in the order met.
 */
export function panelReport(answers: readonly PanelAnswer[], respondents: readonly Persona[], blueprint: Blueprint, choices: readonly string[] | null): PanelReport {
  if (!choices) return { answers: [...answers], breakdowns: {}, warning: PANEL_WARNING };
  const zeroes = () => Object.fromEntries(choices.map((choice) => [choice, 0])) as Record<string, number>;
  const tallies = zeroes();
  const fieldsOf = new Map(respondents.map((persona) => [persona.persona_id, persona.fields]));
  const categorical = blueprint.fields.filter((field) => field.kind === "categorical");
  // Field names and values are the caller's words: `__proto__` must be a key like any other.
  const breakdowns: PanelReport["breakdowns"] = Object.create(null);
  for (const field of categorical) {
    const held = new Set(answers.map((answer) => fieldsOf.get(answer.persona_id)?.[field.name]).filter((value): value is string => value !== undefined));
    const declared = declaredCategories(field);
    const ordered = [...declared.filter((value) => held.has(value)), ...[...held].filter((value) => !declared.includes(value))];
    breakdowns[field.name] = Object.fromEntries(ordered.map((value) => [value, zeroes()]));
  }
  for (const answer of answers) {
    if (answer.choice === null || !Object.hasOwn(tallies, answer.choice)) continue;
    tallies[answer.choice] = (tallies[answer.choice] ?? 0) + 1;
    const fields = fieldsOf.get(answer.persona_id) ?? {};
    for (const field of categorical) {
      const cell = fields[field.name] === undefined ? undefined : breakdowns[field.name]?.[fields[field.name] as string];
      if (cell) cell[answer.choice] = (cell[answer.choice] ?? 0) + 1;
    }
  }
  return { answers: [...answers], tallies, breakdowns, warning: PANEL_WARNING };
}

/** The personas a survey asks: those named, in the caller's order, else the whole population. */
export function respondentsOf(personas: readonly Persona[], personaIds: readonly string[] | null): Persona[] {
  if (!personaIds) return [...personas];
  const byId = new Map(personas.map((persona) => [persona.persona_id, persona]));
  return personaIds.map((id) => byId.get(id)).filter((persona): persona is Persona => persona !== undefined);
}
