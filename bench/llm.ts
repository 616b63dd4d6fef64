/**
 * `npm run bench:llm`: a model-backed population end to end (the real AI SDK, modeller, writer,
 * limiter and pipeline) against a scripted OpenAI-compatible server on 127.0.0.1 that answers every
 * call after 200 ms, at N = 100 and N = 1,000 (`BENCH_LLM_SIZES=100,1000`), each size in a fresh
 * process so its peak memory is its own. Prints per size:
 *
 * - model calls per persona (target ≤ 0.12: ~10 personas per writer call, never a call per field);
 * - prompt and completion tokens per persona, as the server reports them, counted with
 *   `gpt-tokenizer` (o200k_base, the encoding of OpenAI's current models) over the request's
 *   messages and the answer's text;
 * - wall time against the ideal `calls × 200 ms / concurrency` (target ≤ 1.3×), where concurrency is
 *   the most calls the run may have in flight (the writer's parallel batches, bounded by the limiter's
 *   maximum), and the peak the server saw;
 * - the wall time with no call in flight (design checks, sampling, rendering, reports: our own CPU
 *   work between the model's answers, which a loaded machine stretches);
 * - peak resident memory.
 *
 * Each process first generates 10 personas against a server of its own, unmeasured: a running
 * server pays the AI SDK's and the schemas' first-use costs once, not per population.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { countTokens } from "gpt-tokenizer";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generatePopulation } from "../src/pipeline/generate.ts";
import { createProviders } from "../src/providers.ts";
import { scriptedPopulationModel } from "../src/llm/population/testing/scripted-population.ts";
import { conversationOfChat, startScriptedChatServer, type ChatCompletionRequest, type ScriptedAnswer } from "../src/llm/testing/scripted-chat-server.ts";

const ANSWER_DELAY_MS = 200;
const PROMPT = "Dairy farmers in New Zealand";
const TARGET_CALLS_PER_PERSONA = 0.12;
const TARGET_TIME_RATIO = 1.3;
/** The limiter's ceiling (`AdaptiveLimiterOptions.maximum` default). */
const LIMITER_MAXIMUM = 16;
/** Personas of the unmeasured first population of each process. */
const WARM_UP_COUNT = 10;

/** Tokens as a tokenizer counts them (the scripted server reports these as the call's usage). */
function tokensOf(text: string): number {
  return countTokens(text);
}

interface Figures {
  count: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  seconds: number;
  concurrency: number;
  peakInFlight: number;
  /** Seconds of the run during which no model call was in flight. */
  secondsWithoutCalls: number;
  cpuSeconds: number;
  maxRssMb: number;
}

async function runOnce(count: number): Promise<Figures> {
  let inFlight = 0;
  let peakInFlight = 0;
  let idleSince = performance.now();
  let idleMs = 0;
  const server = await startScriptedChatServer(async (request: ChatCompletionRequest) => {
    if (inFlight === 0) idleMs += performance.now() - idleSince;
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const answer = scriptedPopulationModel(conversationOfChat(request));
    // Held for ANSWER_DELAY_MS by the server; counted out of flight when the delay ends.
    setTimeout(() => {
      inFlight -= 1;
      if (inFlight === 0) idleSince = performance.now();
    }, ANSWER_DELAY_MS);
    if (!("content" in answer)) return { ...answer, delayMs: ANSWER_DELAY_MS };
    const requestText = request.messages.map((message) => (typeof message.content === "string" ? message.content : message.content.map((part) => part.text ?? "").join(""))).join("\n");
    const scripted: ScriptedAnswer = { ...answer, delayMs: ANSWER_DELAY_MS, usage: { prompt_tokens: tokensOf(requestText), completion_tokens: tokensOf(answer.content) } };
    return scripted;
  });
  try {
    const providers = createProviders({ model: `openai-compatible:${server.baseUrl}|bench-model` });
    const concurrency = Math.min(providers.writer.parallelBatches ?? 1, LIMITER_MAXIMUM);
    const cpuBefore = process.cpuUsage();
    idleSince = performance.now();
    const started = process.hrtime.bigint();
    const result = await generatePopulation({ prompt: PROMPT, count, grounding: "off", seed: 20261122 }, providers);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (inFlight === 0) idleMs += performance.now() - idleSince;
    const cpu = process.cpuUsage(cpuBefore);
    if (result.personas.length !== count) throw new Error(`expected ${count} personas, got ${result.personas.length}`);
    const usage = result.usage ?? { calls: 0, prompt_tokens: 0, completion_tokens: 0 };
    if (usage.calls !== server.requests.length) throw new Error(`usage says ${usage.calls} calls, the server answered ${server.requests.length}`);
    return {
      count,
      calls: usage.calls,
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      seconds,
      concurrency,
      peakInFlight,
      secondsWithoutCalls: idleMs / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await server.close();
  }
}

function report(figures: Figures): string {
  const perPersona = figures.calls / figures.count;
  const ideal = (figures.calls * ANSWER_DELAY_MS) / 1000 / figures.concurrency;
  const ratio = figures.seconds / ideal;
  const met = (ok: boolean) => (ok ? "met" : "MISSED");
  return [
    `N = ${figures.count.toLocaleString("en-US")}`,
    `  model calls: ${figures.calls} (${perPersona.toFixed(3)} per persona; target ≤ ${TARGET_CALLS_PER_PERSONA}: ${met(perPersona <= TARGET_CALLS_PER_PERSONA)})`,
    `  tokens per persona: ${Math.round(figures.promptTokens / figures.count)} prompt, ${Math.round(figures.completionTokens / figures.count)} completion` +
      ` (total ${figures.promptTokens.toLocaleString("en-US")} + ${figures.completionTokens.toLocaleString("en-US")})`,
    `  wall time: ${figures.seconds.toFixed(2)} s; ideal ${figures.calls} × ${ANSWER_DELAY_MS} ms / ${figures.concurrency} = ${ideal.toFixed(2)} s;` +
      ` ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_TIME_RATIO}×: ${met(ratio <= TARGET_TIME_RATIO)}); peak calls in flight ${figures.peakInFlight}`,
    `  with no call in flight: ${figures.secondsWithoutCalls.toFixed(2)} s (our own work between answers); process CPU time ${figures.cpuSeconds.toFixed(2)} s`,
    `  peak memory (RSS): ${figures.maxRssMb} MB`,
  ].join("\n");
}

if (process.argv[2] === "--once") {
  await runOnce(WARM_UP_COUNT);
  console.log(JSON.stringify(await runOnce(Number(process.argv[3]))));
} else {
  const here = fileURLToPath(import.meta.url);
  const tsx = `${dirname(createRequire(import.meta.url).resolve("tsx/package.json"))}/dist/cli.mjs`;
  const sizes = (process.env.BENCH_LLM_SIZES ?? "100,1000").split(",").map(Number);
  console.log("Dramatis model-backed population benchmark (scripted OpenAI-compatible server, every call answered in 200 ms)");
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; tokens counted with gpt-tokenizer (o200k_base) and reported by the scripted server as each call's usage\n`);
  for (const count of sizes) {
    const output = execFileSync(process.execPath, [tsx, here, "--once", String(count)], { encoding: "utf8" });
    console.log(report(JSON.parse(output.trim().split("\n").at(-1) as string) as Figures));
  }
}
