import { describe, expect, it } from "vitest";
import { describeError, elide, MAX_LOGGED_ERROR_CHARS } from "./describe-error.ts";

describe("describeError", () => {
  it("keeps a failed query's start and its cause, and says how long it was, within the bound", () => {
    const query = new Error(`Failed query: update "evaluations" set "result" = $1\nparams: ${"{}".repeat(5_000_000)}`, {
      cause: new Error("invalid input syntax for type json"),
    });
    const line = describeError(query);
    expect(line.length).toBeLessThanOrEqual(MAX_LOGGED_ERROR_CHARS);
    expect(line.startsWith('Failed query: update "evaluations"')).toBe(true);
    expect(line).toMatch(/\[cut from 10,000,[\d,]+ characters\]/);
    expect(line.endsWith("[cause: invalid input syntax for type json]")).toBe(true);
  });

  it("bounds a stack too, and leaves a short message as it is", () => {
    const error = new Error("x".repeat(100_000));
    expect(describeError(error, 500, { stack: true }).length).toBeLessThanOrEqual(500);
    expect(describeError(new Error("Connection terminated unexpectedly"))).toBe("Connection terminated unexpectedly");
    expect(describeError("plain text")).toBe("plain text");
  });

  it("elides in the middle", () => {
    expect(elide("abcdefghij", 100)).toBe("abcdefghij");
    const cut = elide("a".repeat(1000) + "END", 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith("END")).toBe(true);
  });
});
