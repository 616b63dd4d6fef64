#!/usr/bin/env node
/**
 * `dramatis`: serve the API, generate/enhance/validate in-process (or through a server with
 * `--server URL --token T`), and manage keys and credits of the embedded store.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { registerServe } from "./commands/serve.ts";
import { registerGenerate } from "./commands/generate.ts";
import { registerEnhance } from "./commands/enhance.ts";
import { registerValidate } from "./commands/validate.ts";
import { registerKeys } from "./commands/keys.ts";
import { registerCredits } from "./commands/credits.ts";

const program = new Command()
  .name("dramatis")
  .description("Self-hostable persona platform: populations, enhancement, validation and NPCs. Offline by default.")
  .showHelpAfterError();

registerServe(program);
registerGenerate(program);
registerEnhance(program);
registerValidate(program);
registerKeys(program);
registerCredits(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`dramatis: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

export { InvalidArgumentError, Option };
