/**
 * The work one chat turn may do on a player's message, shared by variable extraction and every
 * condition of the turn. A definition accepted at save never needs more than these budgets (save
 * sums what each state can need, see `limits.ts`); a definition stored before those caps existed
 * can, and then its remaining tests are not run: they count as not matching, and the turn's reason
 * says which were skipped and why.
 *
 * Deterministic: it counts work units, never time, so the same turn decides the same way anywhere.
 */
import { MAX_PHRASE_CHECKS_PER_TURN, MAX_REGEX_WORK_PER_TURN } from "./limits.ts";
import { foldText, readText, type ReadText } from "./text.ts";

export type SkippedKind = "regex" | "phrases" | "condition";

export interface SkippedTest {
  kind: SkippedKind;
  /** What was skipped and why: `/^(a)\1$/i: unsupported regex: backreferences …`. */
  note: string;
}

export class TurnBudget {
  private regexWorkLeft: number;
  private phraseChecksLeft: number;
  private readonly skippedNotes = new Map<string, SkippedTest>();
  private lastRead: { text: string; read: ReadText } | null = null;
  private readonly foldedTexts = new Map<string, string>();

  constructor(limits: { regexWork?: number; phraseChecks?: number } = {}) {
    this.regexWorkLeft = limits.regexWork ?? MAX_REGEX_WORK_PER_TURN;
    this.phraseChecksLeft = limits.phraseChecks ?? MAX_PHRASE_CHECKS_PER_TURN;
  }

  /** Takes `units` (instructions × characters) of regex work, or nothing when that much is not left. */
  spendRegexWork(units: number): boolean {
    if (units > this.regexWorkLeft) return false;
    this.regexWorkLeft -= units;
    return true;
  }

  /** Takes one phrase look-up, or nothing when none is left. */
  spendPhraseCheck(): boolean {
    if (this.phraseChecksLeft <= 0) return false;
    this.phraseChecksLeft -= 1;
    return true;
  }

  /** Records a test that was not run; each distinct note once, in the order first met. */
  skip(kind: SkippedKind, note: string): void {
    if (!this.skippedNotes.has(note)) this.skippedNotes.set(note, { kind, note });
  }

  get skipped(): SkippedTest[] {
    return [...this.skippedNotes.values()];
  }

  /** The message read into tokens, once per turn rather than once per test. */
  read(text: string): ReadText {
    if (this.lastRead?.text !== text) this.lastRead = { text, read: readText(text) };
    return this.lastRead.read;
  }

  /** `foldText`, remembered: comparisons against the message fold it once per turn. */
  fold(text: string): string {
    let folded = this.foldedTexts.get(text);
    if (folded === undefined) {
      // A turn compares against few distinct strings; the bound only guards a pathological definition.
      if (this.foldedTexts.size >= 256) this.foldedTexts.clear();
      folded = foldText(text);
      this.foldedTexts.set(text, folded);
    }
    return folded;
  }
}
