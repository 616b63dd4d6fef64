import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { once } from "node:events";
import { randomInt } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import type { Command } from "commander";
import { GROUNDING_LEVELS, type Grounding } from "../../engine/ports.ts";
import { EXPORT_FORMATS, exportChunks, PopulationExport, type ExportFormat } from "../export.ts";
import { integerOption, oneOf } from "../options.ts";
import { remoteClient, type RemoteOptions } from "../remote.ts";
import type { CliContext, OutputStream } from "../context.ts";

interface GenerateOptions extends RemoteOptions {
  count: number;
  seed?: number;
  grounding: Grounding;
  format: ExportFormat;
  out?: string;
  progress: boolean;
}

/** The most personas one CLI process generates (under 600 MB at 100,000: decision 0011, "Session 17"). */
const IN_PROCESS_MAX_COUNT = 100_000;

/**
 * From this many personas an in-process run grows V8's heap by 15% of what a full collection leaves
 * alive (`--heap-growing-percent`), not by V8's own factor (up to 4×, 2–2.5× here). Why: each shard's
 * writing session keeps its state until the shard ends, so a large population promotes ~4 KB of
 * garbage a persona into the old generation; V8 let it grow to ~2.5× the live heap and kept the pages
 * committed after collecting it, under the diversity report's ~190 MB of arrays. Night-shift nurses in
 * Leeds, 100,000 (loaded): jsonl 742 MB → 590 at 30%; md 603 at 30% → 548 at 15% (decision 0011,
 * "Session 18"). Set for the run only.
 */
const LARGE_IN_PROCESS_COUNT = 10_000;
const HEAP_GROWING_PERCENT = 15;

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
      // Drawn on a terminal, the bar would be torn by personas written to the same terminal as they
      // are made: there they wait for the end, anywhere else (a file, a pipe) they go out at once.
      const output = options.out ? new FileOutput(context.path(options.out)) : new StreamOutput(context.stdout, Boolean(bar && context.stdout.isTTY));
      let written = 0;
      let seed: number | string = "n/a";
      let spent: string | undefined;
      try {
        try {
          if (options.server) {
            const client = await remoteClient(options, context);
            const handle = await client.populations.generate({ prompt, count: options.count, grounding: options.grounding, seed: options.seed });
            const poll = await handle.wait({ onProgress: (progress) => bar?.update(progress.produced, { phase: progress.phase }) });
            if (poll.status !== "succeeded" || !poll.result) throw new Error(`population ${poll.id} ${poll.status}: ${poll.error ?? "no result"}`);
            await output.write(exportChunks(poll.result, options.format));
            written = poll.result.personas.length;
            seed = poll.result.blueprint.seed ?? seed;
          } else {
            const config = context.config();
            // One process makes the whole population (its ids and fields stay in memory for the reports, ~2 KB a
            // persona): past this, a server stores it in shards and streams it back.
            if (options.count > IN_PROCESS_MAX_COUNT) throw new Error(`count ${options.count} is over the in-process limit of ${IN_PROCESS_MAX_COUNT.toLocaleString("en")}: generate it through a server (\`dramatis serve\`, then \`dramatis generate --server http://127.0.0.1:<port>\`), which stores it in shards`);
            // The whole configuration, from this run's environment: the model, its keys, the writer
            // model and search (a bare model string would read the keys from the process instead).
            // The engine loads only for an in-process run, the model SDKs only when a model is configured.
            const [{ loadProviders, loadReportEngine }, { generatePopulationStreamed }, { describeUsage }] = await Promise.all([
              import("../../load-providers.ts"),
              import("../../pipeline/generate.ts"),
              import("../../pipeline/usage.ts"),
            ]);
            const providers = await loadProviders(config);
            // A large population's diversity report shares its work with an engine thread (decision 0011):
            // the same report, in about 40% less time on the calling thread. Small ones are compared exactly
            // on this thread, where starting a thread would cost more than it saves.
            const engine = await loadReportEngine(options.count);
            // Each persona is exported as soon as it is rendered, and only its id and fields are kept for the
            // reports (decision 0011, "Session 17"): the same bytes as the whole population's export.
            // The export begins with the blueprint (a csv's columns), designed before any persona.
            let exported: PopulationExport | undefined;
            const exporter = (): PopulationExport => {
              if (!exported) throw new Error("a persona came before its population's blueprint");
              return exported;
            };
            const tighterHeap = options.count >= LARGE_IN_PROCESS_COUNT;
            if (tighterHeap) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
            let streamed: Awaited<ReturnType<typeof generatePopulationStreamed>>;
            try {
              streamed = await generatePopulationStreamed(
                { prompt, count: options.count, grounding: options.grounding, seed: options.seed ?? randomInt(0, 2 ** 31 - 1) },
                { ...providers, ...(engine ? { engine } : {}) },
                {
                  onProgress: async (progress) => {
                    bar?.update(progress.produced, { phase: progress.phase });
                    // Let the terminal redraw between batches.
                    await new Promise((resolve) => setImmediate(resolve));
                  },
                  onBlueprint: (blueprint) => void (exported = new PopulationExport(options.format, blueprint)),
                  onPersonas: (personas) => output.write(exporter().personas(personas)),
                },
              );
            } finally {
              // V8's own factor again (0: none set), for whatever this process does next (tests run commands in one process).
              if (tighterHeap) setFlagsFromString("--heap-growing-percent=0");
            }
            const { usage, ...population } = streamed;
            await output.write(exporter().end(population));
            written = exporter().count;
            seed = population.blueprint.seed ?? seed;
            if (usage) spent = `${describeUsage(usage)} on ${providers.populationModel?.name ?? "the model"}`;
          }
        } finally {
          bar?.stop();
        }
        await output.finish();
      } catch (error) {
        output.abandon();
        throw error;
      }
      if (spent) context.note(`Model usage: ${spent}`);
      if (options.out) context.note(`Wrote ${written} personas to ${options.out} (seed ${seed})`);
    });
}

/**
 * The export's file, written as the population is made under a name of its own beside it and given
 * the file's name once complete: a run that fails leaves no half-written file, and an earlier file
 * of that name as it was.
 */
class FileOutput {
  private readonly partial: string;
  private readonly file: number;

  constructor(private readonly path: string) {
    this.partial = `${path}.${process.pid}.partial`;
    this.file = openSync(this.partial, "w");
  }

  async write(chunks: Iterable<string>): Promise<void> {
    for (const chunk of chunks) writeSync(this.file, chunk);
  }

  async finish(): Promise<void> {
    closeSync(this.file);
    renameSync(this.partial, this.path);
  }

  abandon(): void {
    try {
      closeSync(this.file);
    } catch {
      // Closed by finish, which then failed to rename.
    }
    rmSync(this.partial, { force: true });
  }
}

/**
 * The export on standard output, a persona at a time as the population is made (a run that fails
 * after its first batch leaves the personas written so far, then its error on standard error), or
 * held to the end when `waitForEnd` (a terminal that also shows the progress bar).
 */
class StreamOutput {
  private readonly held: string[] = [];

  constructor(
    private readonly stream: OutputStream,
    private readonly waitForEnd: boolean,
  ) {}

  async write(chunks: Iterable<string>): Promise<void> {
    if (this.waitForEnd) for (const chunk of chunks) this.held.push(chunk);
    else await this.send(chunks);
  }

  async finish(): Promise<void> {
    await this.send(this.held.splice(0));
  }

  abandon(): void {
    this.held.length = 0;
  }

  /** A pipe that is full says so (false): wait for it to drain rather than buffer the whole export. */
  private async send(chunks: Iterable<string>): Promise<void> {
    for (const chunk of chunks) if (this.stream.write(chunk) === false && "once" in this.stream) await once(this.stream as unknown as NodeJS.EventEmitter, "drain");
  }
}
