import { randomInt } from "node:crypto";
import type { Command } from "commander";
import { GROUNDING_LEVELS, type Grounding } from "../../engine/ports.ts";
import type { Persona } from "../../engine/persona.ts";
import { integerOption, oneOf } from "../options.ts";
import { remoteClient, type RemoteOptions } from "../remote.ts";
import type { CliContext } from "../context.ts";

export function registerEnhance(program: Command, context: CliContext): void {
  program
    .command("enhance")
    .description("turn a rough persona sketch into a full persona")
    .argument("<sketch>", 'the sketch, e.g. "Sam is a 30-year-old support main. Friendly. Plays Thresh."')
    .option("-s, --seed <seed>", "seed for the filled-in details", integerOption("seed"))
    .option("-g, --grounding <level>", "off | web | research", oneOf("grounding", GROUNDING_LEVELS), "off" as Grounding)
    .option("--format <format>", "json | md", oneOf("format", ["json", "md"] as const), "json" as "json" | "md")
    .option("--server <url>", "use a Dramatis (or spec-compatible) server")
    .option("--token <token>", "bearer token for --server (default: $DRAMATIS_TOKEN)")
    .action(async (sketch: string, options: RemoteOptions & { seed?: number; grounding: Grounding; format: "json" | "md" }) => {
      if (!sketch.trim()) throw new Error("the sketch is empty");
      let persona: Persona;
      if (options.server) {
        const handle = await (await remoteClient(options, context)).populations.enhance({ persona: sketch, grounding: options.grounding, seed: options.seed });
        const poll = await handle.wait();
        if (poll.status !== "succeeded" || !poll.persona) throw new Error(`enhancement ${poll.id} ${poll.status}: ${poll.error ?? "no persona"}`);
        persona = poll.persona;
      } else {
        // The engine loads only for an in-process run, the model SDKs only when a model is configured.
        const [{ loadProviders }, { enhancePersona }, { describeUsage, UsageTally }] = await Promise.all([
          import("../../load-providers.ts"),
          import("../../pipeline/enhance.ts"),
          import("../../pipeline/usage.ts"),
        ]);
        const providers = await loadProviders(context.config());
        const usage = new UsageTally();
        persona = await enhancePersona({ sketch, grounding: options.grounding, seed: options.seed ?? randomInt(0, 2 ** 31 - 1) }, providers, { usage });
        if (usage.calls > 0) context.note(`Model usage: ${describeUsage(usage.snapshot())} on ${providers.populationModel?.name ?? "the model"}`);
      }
      context.stdout.write(options.format === "md" ? `${persona.markdown.trimEnd()}\n` : `${JSON.stringify(persona, null, 2)}\n`);
    });
}
