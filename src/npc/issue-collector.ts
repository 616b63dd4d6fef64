/**
 * Where validation puts its problems, up to `MAX_VALIDATION_ISSUES`. Once one more is found than it
 * keeps, it is `full` and the checks stop walking: a body with fifty thousand bad elements costs
 * about the same as one with a hundred, and its 422 stays small.
 */
import type { ValidationDetail } from "../shared/validation-details.ts";
import { MAX_VALIDATION_ISSUES } from "./limits.ts";

export class IssueCollector {
  readonly issues: ValidationDetail[] = [];
  /** Whether problems were left out because the collector was full. */
  truncated = false;

  constructor(readonly limit: number = MAX_VALIDATION_ISSUES) {}

  /** A problem was left out: checking further only finds more to leave out. */
  get full(): boolean {
    return this.truncated;
  }

  add(issue: ValidationDetail): void {
    if (this.issues.length < this.limit) this.issues.push(issue);
    else this.truncated = true;
  }
}
