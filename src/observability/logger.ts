/**
 * Structured logs: pino (the logger Fastify itself uses), one JSON object per line on standard
 * output, so a log shipper reads fields rather than sentences. Request lines carry Fastify's
 * `reqId` (the same id as the `x-request-id` response header); job lines carry `job_id` and `kind`.
 *
 * `DRAMATIS_LOG_FORMAT=pretty` prints one readable line per entry instead (time, level, message,
 * then the fields as key=value) for a person at a terminal; without it, a terminal gets pretty
 * lines and anything else (a pipe, a container's log) gets JSON. `DRAMATIS_LOG_LEVEL` sets the
 * threshold (default `info`).
 */
import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };
export type LogFormat = "json" | "pretty";
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const satisfies readonly LevelWithSilent[];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** Unset: `pretty` when the destination is a terminal, `json` otherwise. */
  format?: LogFormat;
  level?: LogLevel;
  /** Where lines go (standard output by default); tests pass a collector. */
  destination?: { write(line: string): unknown; isTTY?: boolean };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const format = options.format ?? (destination.isTTY ? "pretty" : "json");
  const stream = format === "pretty" ? { write: (line: string) => destination.write(prettyLine(line)) } : destination;
  return pino({ level: options.level ?? "info", base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream as pino.DestinationStream);
}

/** A logger for code running without one (library use, tests): only warnings and errors, as JSON. */
export const quietLogger: Logger = createLogger({ level: "warn", format: "json", destination: process.stderr });

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
/** Fields every line has, shown in the line's head rather than repeated as key=value. */
const HEAD_FIELDS = new Set(["level", "time", "msg", "pid", "hostname"]);

/** One JSON line from pino as `12:00:01.234 INFO  message key=value …`. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `${[time, level, entry.msg ?? "", ...fields].filter((part) => part !== "").join(" ")}\n`;
}
