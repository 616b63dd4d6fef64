/** Option parsers shared by the commands. */
import { InvalidArgumentError } from "commander";

/**
 * A whole number. Past 2^53 JavaScript numbers round silently (9007199254740993 reads as …992),
 * so those are refused rather than used as a different number than the one typed.
 */
export function integerOption(name: string, { min }: { min?: number } = {}) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer`);
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`${name} must be between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
    if (min !== undefined && parsed < min) throw new InvalidArgumentError(`${name} must be at least ${min}`);
    return parsed;
  };
}

export function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`${name} must be one of ${values.join(", ")}`);
    return value as T;
  };
}
