/**
 * The calls of the studio's newer routes (population history, generate from an edited blueprint,
 * interview, ask the panel, balance), in one place while their SDK methods land
 * (/work/notes/U-api.md is the contract). Shapes are the contract's.
 */
import type { Blueprint, DramatisClient, Grounding, PopulationPoll } from "./dramatis.ts";

export interface PopulationListItem {
  id: string;
  created_at: string;
  updated_at: string;
  status: PopulationPoll["status"];
  prompt: string;
  count: number;
  grounding: Grounding;
  progress: { phase: string; produced: number; total: number } | null;
}
export interface PopulationPage {
  items: PopulationListItem[];
  next_cursor: string | null;
}
export interface InterviewMessage {
  role: "user" | "persona";
  content: string;
}
export interface PanelAnswer {
  persona_id: string;
  answer: string;
  choice: string | null;
  reason: string;
}
export interface PanelResult {
  answers: PanelAnswer[];
  tallies?: Record<string, number>;
  breakdowns?: Record<string, Record<string, Record<string, number>>>;
  warning: string;
}
export interface PanelPoll {
  id: string;
  status: PopulationPoll["status"];
  progress: { phase: string; produced: number; total: number } | null;
  question: string;
  choices: string[] | null;
  result: PanelResult | null;
  error: string | null;
}

type Extended = {
  populations: {
    list?(query: { limit?: number; cursor?: string }): Promise<PopulationPage>;
    generate(input: { prompt: string; count?: number; seed?: number; grounding?: Grounding; blueprint?: Blueprint }): Promise<{ id: string }>;
    interview?(input: { population_id: string; persona_id: string; messages: InterviewMessage[] }): Promise<{ message: string }>;
    askPanel?(input: { population_id: string; question: string; choices?: string[]; persona_ids?: string[] }): Promise<{ id: string; wait(options?: { onPoll?(poll: PanelPoll): void; signal?: AbortSignal; intervalMs?: number }): Promise<PanelPoll> }>;
  };
  account: { balance?(): Promise<{ account_id: string; balance: number }> };
};

function extended(client: DramatisClient): Extended {
  return client as unknown as Extended;
}

function missing(what: string): never {
  throw new Error(`${what} is not in this build's SDK yet`);
}

export function listPopulations(client: DramatisClient, query: { limit?: number; cursor?: string } = {}): Promise<PopulationPage> {
  const list = extended(client).populations.list;
  return list ? list(query) : missing("listing populations");
}

export function generateFromBlueprint(client: DramatisClient, input: { prompt: string; count: number; seed?: number; grounding?: Grounding; blueprint: Blueprint }): Promise<{ id: string }> {
  return extended(client).populations.generate(input);
}

export function interview(client: DramatisClient, input: { population_id: string; persona_id: string; messages: InterviewMessage[] }): Promise<{ message: string }> {
  const call = extended(client).populations.interview;
  return call ? call(input) : missing("interviews");
}

export function askPanel(client: DramatisClient, input: { population_id: string; question: string; choices?: string[]; persona_ids?: string[] }) {
  const call = extended(client).populations.askPanel;
  return call ? call(input) : missing("ask the panel");
}

export function balance(client: DramatisClient): Promise<{ account_id: string; balance: number }> {
  const call = extended(client).account.balance;
  return call ? call() : missing("the balance");
}
