import { describe, expect, it } from "vitest";
import { evaluateConstraint } from "./constraints.ts";
import { evaluateExpression, parseExpression, ExpressionError } from "./expression.ts";
import { apportion, optimalTvd } from "./apportion.ts";

describe("expressions", () => {
  it("follows precedence, unary minus and parentheses", () => {
    const evaluate = (source: string) => evaluateExpression(parseExpression(source), (name) => ({ a: 10, b: 4 })[name]);
    expect(evaluate("a - b * 2")).toBe(2);
    expect(evaluate("(a - b) * 2")).toBe(12);
    expect(evaluate("-a / -b")).toBe(2.5);
    expect(evaluate("a / (b - 4)")).toBeUndefined();
  });
  it("rejects anything but arithmetic", () => {
    expect(() => parseExpression("process.exit()")).toThrowError(ExpressionError);
    expect(() => parseExpression("a ** 2")).toThrowError(/position 3/);
    expect(() => parseExpression("")).toThrowError(ExpressionError);
  });
});

describe("evaluateConstraint", () => {
  const constraint = { name: "hours_nonneg", lhs: "hours_per_week", op: ">=" as const, rhs: "0" };
  it("words details like the spec", () => {
    expect(evaluateConstraint(constraint, { hours_per_week: "34" })).toEqual({ applicable: true, passed: true, detail: "hours_per_week=34 >= 0 (0)" });
    expect(evaluateConstraint(constraint, { hours_per_week: "-3" })).toEqual({ applicable: true, passed: false, detail: "hours_per_week=-3 >= 0 (0)" });
    expect(evaluateConstraint({ name: "start", lhs: "age - years", op: ">=", rhs: "6" }, { age: 20, years: 3 }).detail).toBe("age - years=17 >= 6 (6)");
  });
  it("is not applicable, and passes, on a missing or non-numeric field", () => {
    expect(evaluateConstraint(constraint, {})).toEqual({ applicable: false, passed: true, detail: "field 'hours_per_week' is missing; constraint not applicable" });
    expect(evaluateConstraint(constraint, { hours_per_week: "lots" })).toEqual({ applicable: false, passed: true, detail: 'field \'hours_per_week\' is not numeric ("lots"); constraint not applicable' });
  });
});

describe("apportion", () => {
  it("gives largest remainders the leftovers, ties to the first declared", () => {
    expect(apportion([1, 1, 1], 4)).toEqual([2, 1, 1]);
    expect(apportion([0.2, 0.3, 0.25, 0.15, 0.07, 0.03], 10)).toEqual([2, 3, 3, 1, 1, 0]);
    expect(optimalTvd([0.5, 0.5], 3)).toBeCloseTo(1 / 6, 12);
  });
});
