import { closeSync, openSync, writeSync } from "node:fs";
import { once } from "node:events";
import { randomInt } from "node:crypto";
import type { Command } from "commander";
import { GROUNDING_LEVELS, type Grounding } from "../../engine/ports.ts";
import type { PopulationResult } from "../../engine/persona.ts";
import { EXPORT_FORMATS, exportChunks, type ExportFormat } from "../export.ts";
import { integerOption, oneOf } from "../options.ts";
import { remoteClient, type RemoteOptions } from "../remote.ts";
import type { CliContext } from "../context.ts";

interface GenerateOptions extends RemoteOptions {
  count: number;
  seed?: number;
  grounding: Grounding;
  format: ExportFormat;
  out?: string;
  progress: boolean;
}

/** The most personas one CLI process generates in memory (about 1.5 GB at 100,000). */
const IN_PROCESS_MAX_COUNT = 100_000;

export function registerGenerate(program: Command, context: CliContext): void {
  program
    .command("generate")
    .description("generate a population from a prompt (in-process, or through a server with --server)")
    .argument("<prompt>", "who to generate, in plain words")
    .option("-n, --count <n>", "how many personas", integerOption("count", { min: 1 }), 10)
    .option("-s, --seed <seed>", "seed: the same prompt, count and seed give the same population", integerOption("seed"))
    .option("-g, --grounding <level>", "off | web | research", oneOf("grounding", GROUNDING_LEVELS), "off" as Grounding)
    .option("-f, --format <format>", "json | jsonl | csv | md", oneOf("format", EXPORT_FORMATS), "json" as ExportFormat)
    .option("-o, --out <file>", "write to a file instead of standard output")
    .option("--no-progress", "no progress bar")
    .option("--server <url>", "use a Dramatis (or spec-compatible) server instead of the in-process engine")
    .option("--token <token>", "bearer token for --server (default: $DRAMATIS_TOKEN)")
    .action(async (prompt: string, options: GenerateOptions) => {
      if (!prompt.trim()) throw new Error("the prompt is empty: say who to generate, e.g. \"10 nurses in Ohio\"");
      // On a terminal, a live bar; redirected, a line every second (cli-progress's no-TTY mode).
      const { SingleBar, Presets } = await import("cli-progress");
      const bar = options.progress
        ? new SingleBar(
            {
              format: " {phase} [{bar}] {value}/{total} personas | {duration_formatted}",
              hideCursor: true,
              // cli-progress writes to the stream, and moves the cursor only when it is a terminal.
              stream: context.stderr as NodeJS.WritableStream,
              noTTYOutput: true,
              notTTYSchedule: 1000,
            },
            Presets.shades_classic,
          )
        : undefined;
      bar?.start(options.count, 0, { phase: "designing" });
      let result: PopulationResult;
      let spent: string | undefined;
      try {
        if (options.server) {
          const client = await remoteClient(options, context);
          const handle = await client.populations.generate({ prompt, count: options.count, grounding: options.grounding, seed: options.seed });
          const poll = await handle.wait({ onProgress: (progress) => bar?.update(progress.produced, { phase: progress.phase }) });
          if (poll.status !== "succeeded" || !poll.result) throw new Error(`population ${poll.id} ${poll.status}: ${poll.error ?? "no result"}`);
          result = poll.result;
        } else {
          const config = context.config();
          // One process holds the whole population until it is written (~15 KB a persona): past this, a
          // server stores it in shards and streams it back.
          if (options.count > IN_PROCESS_MAX_COUNT) throw new Error(`count ${options.count} is over the in-process limit of ${IN_PROCESS_MAX_COUNT.toLocaleString("en")}: generate it through a server (\`dramatis serve\`, then \`dramatis generate --server http://127.0.0.1:<port>\`), which stores it in shards`);
          // The whole configuration, from this run's environment: the model, its keys, the writer
          // model and search (a bare model string would read the keys from the process instead).
          // The engine loads only for an in-process run, the model SDKs only when a model is configured.
          const [{ loadProviders, loadReportEngine }, { generatePopulation }, { describeUsage }] = await Promise.all([
            import("../../load-providers.ts"),
            import("../../pipeline/generate.ts"),
            import("../../pipeline/usage.ts"),
          ]);
          const providers = await loadProviders(config);
          // A large population's diversity report shares its work with an engine thread (decision 0011):
          // the same report, in about 40% less time on the calling thread. Small ones are compared exactly
          // on this thread, where starting a thread would cost more than it saves.
          const engine = await loadReportEngine(options.count);
          const { usage, ...population } = await generatePopulation(
            { prompt, count: options.count, grounding: options.grounding, seed: options.seed ?? randomInt(0, 2 ** 31 - 1) },
            { ...providers, ...(engine ? { engine } : {}) },
            {
              onProgress: async (progress) => {
                bar?.update(progress.produced, { phase: progress.phase });
                // Let the terminal redraw between batches.
                await new Promise((resolve) => setImmediate(resolve));
              },
            },
          );
          result = population;
          if (usage) spent = `${describeUsage(usage)} on ${providers.populationModel?.name ?? "the model"}`;
        }
      } finally {
        bar?.stop();
      }
      if (spent) context.note(`Model usage: ${spent}`);
      // A persona at a time: a whole population's export can be longer than one string may be.
      if (options.out) {
        const file = openSync(context.path(options.out), "w");
        try {
          for (const chunk of exportChunks(result, options.format)) writeSync(file, chunk);
        } finally {
          closeSync(file);
        }
        context.note(`Wrote ${result.personas.length} personas to ${options.out} (seed ${result.blueprint.seed ?? "n/a"})`);
      } else {
        // A pipe that is full says so (false): wait for it to drain rather than buffer the whole export.
        for (const chunk of exportChunks(result, options.format)) if (context.stdout.write(chunk) === false && "once" in context.stdout) await once(context.stdout as unknown as NodeJS.EventEmitter, "drain");
      }
    });
}
