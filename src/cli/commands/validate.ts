import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import type { Persona } from "../../engine/persona.ts";
import type { Blueprint } from "../../engine/blueprint.ts";
import { remoteClient, type RemoteOptions } from "../remote.ts";
import type { CliContext } from "../context.ts";

/** Accepts a population result (`{personas, blueprint}`), a request body, a persona list, or JSONL. */
async function readPersonaFile(path: string, shownAs: string): Promise<{ personas: Persona[]; blueprint?: Blueprint }> {
  // The schemas load when a file is read, not for every command.
  const [{ PersonaSchema }, { issuesToDetails }] = await Promise.all([import("../../engine/persona.ts"), import("../../shared/validation-details.ts")]);
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = text.split(/\r?\n/).filter((line) => line.trim()).map((line, index) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`${shownAs}: line ${index + 1} is not JSON`);
      }
    });
  }
  const container = (data && typeof data === "object" && "result" in data ? (data as { result: unknown }).result : data) as unknown;
  const personas = Array.isArray(container) ? container : (container as { personas?: unknown })?.personas;
  const parsed = z.array(PersonaSchema.extend({ system_prompt: z.string(), markdown: z.string() })).min(1).safeParse(personas, { reportInput: true });
  if (!parsed.success) {
    const detail = issuesToDetails(parsed.error.issues).slice(0, 5).map((issue) => `${["personas", ...issue.loc].join(".")}: ${issue.msg}`);
    throw new Error(`${shownAs} holds no valid personas:\n  ${detail.join("\n  ")}`);
  }
  const blueprint = !Array.isArray(container) ? ((container as { blueprint?: Blueprint }).blueprint ?? undefined) : undefined;
  return { personas: parsed.data, blueprint };
}

export function registerValidate(program: Command, context: CliContext): void {
  program
    .command("validate")
    .description("check personas against the quality gates; exits 2 when a gate fails")
    .argument("<file>", "a population (JSON result, request body, persona array or JSONL)")
    .option("-b, --blueprint <file>", "blueprint JSON to check against (default: the file's own blueprint, if any)")
    .option("--no-blueprint", "structural checks only")
    .option("--server <url>", "use a Dramatis (or spec-compatible) server")
    .option("--token <token>", "bearer token for --server (default: $DRAMATIS_TOKEN)")
    .action(async (file: string, options: RemoteOptions & { blueprint?: string | boolean }) => {
      const input = await readPersonaFile(context.path(file), file);
      let blueprint: Blueprint | undefined = input.blueprint;
      if (typeof options.blueprint === "string") blueprint = JSON.parse(readFileSync(context.path(options.blueprint), "utf8")) as Blueprint;
      if (options.blueprint === false) blueprint = undefined;
      let report: unknown;
      if (options.server) {
        const poll = await (await (await remoteClient(options, context)).populations.validate({ personas: input.personas, blueprint })).wait();
        if (poll.status !== "succeeded") throw new Error(`evaluation ${poll.id} failed: ${poll.error}`);
        report = poll.result;
      } else {
        const { evaluatePopulation } = await import("../../pipeline/validate.ts");
        report = evaluatePopulation(input.personas, blueprint);
      }
      context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (!(report as { passed: boolean }).passed) context.exitCode = 2;
    });
}
