/**
 * `dramatis generate` and `dramatis enhance` in-process with `DRAMATIS_MODEL` set in their
 * environment: they use the model (a scripted OpenAI-compatible server on 127.0.0.1), show the same
 * progress bar, report what the model calls cost on standard error, and a failing model exits
 * non-zero with the cause.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BAKER_SKETCH, scriptedPopulationModel } from "../../llm/population/testing/scripted-population.ts";
import { conversationOfChat, startScriptedChatServer, type ScriptedChatServer } from "../../llm/testing/scripted-chat-server.ts";
import { runCli } from "../run-cli.ts";


let chat: ScriptedChatServer;
let env: Record<string, string>;

async function dramatis(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env, cwd: process.cwd() });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  chat = await startScriptedChatServer((request) => scriptedPopulationModel(conversationOfChat(request)));
  env = { DRAMATIS_MODEL: `openai-compatible:${chat.baseUrl}|scripted-model` };
});
afterAll(async () => {
  await chat?.close();
});
beforeEach(() => {
  chat.requests.length = 0;
  chat.setScript((request) => scriptedPopulationModel(conversationOfChat(request)));
});

describe("the CLI with a model configured", () => {
  it("generate uses the model, with the progress bar, and says what the calls cost", async () => {
    const run = await dramatis(["generate", "Dairy farmers in New Zealand", "-n", "12", "-s", "3"]);
    expect(run.code, run.stderr).toBe(0);
    const population = JSON.parse(run.stdout);
    expect(population.blueprint.domain).toBe("new_zealand_dairy_farmer");
    expect(population.personas).toHaveLength(12);
    expect(population).not.toHaveProperty("usage");
    expect(run.stderr).toMatch(/complete \[[^\]]*\] 12\/12 personas/);
    expect(run.stderr).toContain("Model usage: 4 calls, 400 prompt and 80 completion tokens on openai-compatible:scripted-model");
    expect(chat.requests).toHaveLength(4);
  });

  it("enhance uses the model", async () => {
    const run = await dramatis(["enhance", BAKER_SKETCH]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).fields).toMatchObject({ name: "Maria Okafor", age: "34" });
    expect(run.stderr).toContain("Model usage: 1 call, 100 prompt and 20 completion tokens on openai-compatible:scripted-model");
  });

  it("a failing model exits non-zero with the cause, and prints no population", async () => {
    // Asked to retry at once (`retry-after-ms: 0`, taken as given): the same four attempts without
    // the backoff's ~5 s of waiting (backoff.test.ts covers the delays).
    chat.setScript(() => ({ status: 500, error: "the scripted model is down", headers: { "retry-after-ms": "0" } }));
    const run = await dramatis(["generate", "Dairy farmers in New Zealand", "-n", "3", "--no-progress"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^dramatis: design: openai-compatible:scripted-model at .*: .*500.*the scripted model is down.*\(4 attempts\)/m);

    const enhance = await dramatis(["enhance", BAKER_SKETCH]);
    expect(enhance.code).toBe(1);
    expect(enhance.stderr).toMatch(/^dramatis: enhance: .*the scripted model is down/m);
  });
});
