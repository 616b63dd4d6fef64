/**
 * What a CLI command may touch of the world: its two output streams, its environment and its
 * working folder, passed in rather than read from `process`, so the whole CLI runs as a function
 * (`runCli`) in tests and in `main.ts` alike.
 */
import { isAbsolute, resolve } from "node:path";
import { loadConfig, type Config } from "../config.ts";

/** The part of a stream the CLI writes to; `process.stdout` is one, so is a string collector. */
export interface OutputStream {
  write(text: string): unknown;
  /** Only a terminal gets a live progress bar. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Relative paths (files, `./.dramatis`) are read from here. */
  cwd: string;
}

export interface CliContext extends CliIo {
  /** A line on standard output. */
  print(line: string): void;
  /** A line on standard error: progress, notes and anything that is not the command's product. */
  note(line: string): void;
  /** A path as the user meant it: relative to the working folder. */
  path(path: string): string;
  /** The configuration from this run's environment, with the data folder made absolute. */
  config(): Config;
  /** The process's exit code once the command has finished (0 unless a command sets it). */
  exitCode: number;
}

export function createContext(io: CliIo): CliContext {
  const context: CliContext = {
    ...io,
    exitCode: 0,
    print: (line) => void io.stdout.write(`${line}\n`),
    note: (line) => void io.stderr.write(`${line}\n`),
    path: (path) => (isAbsolute(path) ? path : resolve(io.cwd, path)),
    config: () => {
      const config = loadConfig(io.env as NodeJS.ProcessEnv);
      return { ...config, dataDir: context.path(config.dataDir) };
    },
  };
  return context;
}
