/**
 * The root of every error the SDK throws. `isInstance` checks a registered symbol rather than
 * `instanceof`, so it still answers correctly when two copies of the SDK end up in one bundle.
 */
const marker: unique symbol = Symbol.for("dramatis.sdk.error");

export class DramatisError extends Error {
  private readonly [marker] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DramatisError";
  }

  static isInstance(error: unknown): error is DramatisError {
    return hasMarker(error, marker);
  }
}

/** Shared by the subclasses: each brands its instances with its own registered symbol. */
export function hasMarker(error: unknown, symbol: symbol): boolean {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
}
