/** The model calls and tokens one job spent, added up as its parts report them. */
import type { ModelUsage, UsageRecorder } from "../engine/ports.ts";

export class UsageTally implements UsageRecorder {
  calls = 0;
  prompt_tokens = 0;
  completion_tokens = 0;

  /** `forward` also receives every record (a caller keeping the cost of a job that later fails). */
  constructor(private readonly forward?: UsageRecorder) {}

  record(usage: ModelUsage): void {
    this.calls += usage.calls;
    this.prompt_tokens += usage.prompt_tokens;
    this.completion_tokens += usage.completion_tokens;
    this.forward?.record(usage);
  }

  snapshot(): ModelUsage {
    return { calls: this.calls, prompt_tokens: this.prompt_tokens, completion_tokens: this.completion_tokens };
  }
}

/** "12 calls, 10,400 prompt and 3,100 completion tokens", for a person reading a terminal or a log. */
export function describeUsage(usage: ModelUsage): string {
  const number = (value: number) => value.toLocaleString("en-US");
  return `${number(usage.calls)} call${usage.calls === 1 ? "" : "s"}, ${number(usage.prompt_tokens)} prompt and ${number(usage.completion_tokens)} completion tokens`;
}
