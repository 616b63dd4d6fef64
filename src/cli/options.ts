/** Option parsers shared by the commands. */
import { InvalidArgumentError } from "commander";

export function integerOption(name: string, { min }: { min?: number } = {}) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer`);
    const parsed = Number(value);
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
