/**
 * `dramatis` as a function: parse `argv` (the user's arguments, without `node` and the script),
 * run the command against the given streams, environment and folder, and answer the exit code.
 * Nothing here exits the process, so tests run the CLI in-process and `main.ts` stays three lines.
 *
 * @example
 * const code = await runCli(["generate", "5 nurses", "-n", "5"], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 */
import { Command, CommanderError } from "commander";
import { createContext, type CliIo } from "./context.ts";
import { registerServe } from "./commands/serve.ts";
import { registerWorker } from "./commands/worker.ts";
import { registerGenerate } from "./commands/generate.ts";
import { registerEnhance } from "./commands/enhance.ts";
import { registerValidate } from "./commands/validate.ts";
import { registerKeys } from "./commands/keys.ts";
import { registerCredits } from "./commands/credits.ts";

export type { CliIo, OutputStream } from "./context.ts";

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context = createContext(io);
  // A fresh program per run: commander keeps parsed values on its commands.
  const program = new Command()
    .name("dramatis")
    .description("Self-hostable persona platform: populations, enhancement, validation and NPCs. Offline by default.")
    // Settings made before the subcommands are added are inherited by them.
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .showHelpAfterError();

  registerServe(program, context);
  registerWorker(program, context);
  registerGenerate(program, context);
  registerEnhance(program, context);
  registerValidate(program, context);
  registerKeys(program, context);
  registerCredits(program, context);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return context.exitCode;
  } catch (error) {
    // Commander has already said what was wrong (or printed the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode;
    context.note(`dramatis: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
