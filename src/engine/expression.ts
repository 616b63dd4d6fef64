/**
 * A tiny, safe arithmetic language for constraints (`age - years_playing >= 6`) and derived fields'
 * `formula`: numbers, field names, `+ - * /`, unary minus and parentheses. Parsed by recursive
 * descent into a tree and evaluated by walking it — never `eval`, so a blueprint cannot run code.
 */

export type Expression =
  | { kind: "number"; value: number }
  | { kind: "field"; name: string }
  | { kind: "negate"; operand: Expression }
  | { kind: "binary"; operator: "+" | "-" | "*" | "/"; left: Expression; right: Expression };

export class ExpressionError extends Error {
  override readonly name = "ExpressionError";
  constructor(
    message: string,
    readonly source: string,
    readonly position: number,
  ) {
    super(message);
  }
}

type Token =
  | { type: "number"; value: number; position: number }
  | { type: "name"; value: string; position: number }
  | { type: "symbol"; value: string; position: number }
  | { type: "end"; position: number };

const NUMBER_PATTERN = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < source.length) {
    const character = source[position] as string;
    if (/\s/.test(character)) {
      position++;
      continue;
    }
    const rest = source.slice(position);
    const number = NUMBER_PATTERN.exec(rest);
    if (number) {
      tokens.push({ type: "number", value: Number(number[0]), position });
      position += number[0].length;
      continue;
    }
    const name = NAME_PATTERN.exec(rest);
    if (name) {
      tokens.push({ type: "name", value: name[0], position });
      position += name[0].length;
      continue;
    }
    if ("+-*/()".includes(character)) {
      tokens.push({ type: "symbol", value: character, position });
      position++;
      continue;
    }
    throw new ExpressionError(`unexpected character '${character}' at position ${position}`, source, position);
  }
  tokens.push({ type: "end", position });
  return tokens;
}

/** Parses `source`; throws `ExpressionError` naming the position of the first problem. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let index = 0;
  const peek = (): Token => tokens[index] as Token;
  const describe = (token: Token): string =>
    token.type === "end" ? "end of expression" : `'${String(token.value)}' at position ${token.position}`;

  function parseSum(): Expression {
    let left = parseProduct();
    for (;;) {
      const token = peek();
      if (token.type === "symbol" && (token.value === "+" || token.value === "-")) {
        index++;
        left = { kind: "binary", operator: token.value, left, right: parseProduct() };
      } else return left;
    }
  }
  function parseProduct(): Expression {
    let left = parseUnary();
    for (;;) {
      const token = peek();
      if (token.type === "symbol" && (token.value === "*" || token.value === "/")) {
        index++;
        left = { kind: "binary", operator: token.value, left, right: parseUnary() };
      } else return left;
    }
  }
  function parseUnary(): Expression {
    const token = peek();
    if (token.type === "symbol" && token.value === "-") {
      index++;
      return { kind: "negate", operand: parseUnary() };
    }
    if (token.type === "symbol" && token.value === "+") {
      index++;
      return parseUnary();
    }
    return parseAtom();
  }
  function parseAtom(): Expression {
    const token = peek();
    index++;
    if (token.type === "number") return { kind: "number", value: token.value };
    if (token.type === "name") return { kind: "field", name: token.value };
    if (token.type === "symbol" && token.value === "(") {
      const inner = parseSum();
      const closing = peek();
      if (closing.type !== "symbol" || closing.value !== ")") {
        throw new ExpressionError(`expected ')' but found ${describe(closing)}`, source, closing.position);
      }
      index++;
      return inner;
    }
    throw new ExpressionError(`expected a number, a field name or '(' but found ${describe(token)}`, source, token.position);
  }

  if (source.trim() === "") throw new ExpressionError("empty expression", source, 0);
  const expression = parseSum();
  const trailing = peek();
  if (trailing.type !== "end") {
    throw new ExpressionError(`unexpected ${describe(trailing)}`, source, trailing.position);
  }
  return expression;
}

/** Field names an expression reads, in first-use order, without repeats. */
export function referencedFields(expression: Expression): string[] {
  const names: string[] = [];
  const visit = (node: Expression): void => {
    if (node.kind === "field") {
      if (!names.includes(node.name)) names.push(node.name);
    } else if (node.kind === "negate") visit(node.operand);
    else if (node.kind === "binary") {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(expression);
  return names;
}

/**
 * Evaluates with `lookup` supplying field values (numbers, or undefined when a field is missing or
 * not numeric, which makes the whole result undefined). Division by zero gives undefined too.
 */
export function evaluateExpression(
  expression: Expression,
  lookup: (name: string) => number | undefined,
): number | undefined {
  switch (expression.kind) {
    case "number":
      return expression.value;
    case "field":
      return lookup(expression.name);
    case "negate": {
      const value = evaluateExpression(expression.operand, lookup);
      return value === undefined ? undefined : -value;
    }
    case "binary": {
      const left = evaluateExpression(expression.left, lookup);
      if (left === undefined) return undefined;
      const right = evaluateExpression(expression.right, lookup);
      if (right === undefined) return undefined;
      switch (expression.operator) {
        case "+":
          return left + right;
        case "-":
          return left - right;
        case "*":
          return left * right;
        case "/":
          return right === 0 ? undefined : left / right;
      }
    }
  }
}

/** A closed interval, for static reasoning about what an expression can evaluate to. */
export interface Interval {
  low: number;
  high: number;
}

/** Sound bounds of an expression given bounds of its fields (undefined when a field is unbounded). */
export function expressionInterval(
  expression: Expression,
  bounds: (name: string) => Interval | undefined,
): Interval | undefined {
  switch (expression.kind) {
    case "number":
      return { low: expression.value, high: expression.value };
    case "field":
      return bounds(expression.name);
    case "negate": {
      const inner = expressionInterval(expression.operand, bounds);
      return inner && { low: -inner.high, high: -inner.low };
    }
    case "binary": {
      const left = expressionInterval(expression.left, bounds);
      const right = expressionInterval(expression.right, bounds);
      if (!left || !right) return undefined;
      switch (expression.operator) {
        case "+":
          return { low: left.low + right.low, high: left.high + right.high };
        case "-":
          return { low: left.low - right.high, high: left.high - right.low };
        case "*": {
          const products = [left.low * right.low, left.low * right.high, left.high * right.low, left.high * right.high];
          return { low: Math.min(...products), high: Math.max(...products) };
        }
        case "/": {
          if (right.low <= 0 && right.high >= 0) return undefined;
          const quotients = [left.low / right.low, left.low / right.high, left.high / right.low, left.high / right.high];
          return { low: Math.min(...quotients), high: Math.max(...quotients) };
        }
      }
    }
  }
}
