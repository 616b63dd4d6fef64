/**
 * Interview a persona and ask a panel, in a real browser against a real server whose language
 * model is the scripted OpenAI-compatible server: the model's answers appear in the conversation,
 * and the panel's answers are tallied, broken down by a field and shown with their reasons under
 * the warning that simulated respondents vary less than real people.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { dataBlockOf, json, scriptedPopulationModel } from "../../src/llm/population/testing/scripted-population.ts";
import { conversationOfChat, startScriptedChatServer, type ScriptedChatServer, type ScriptedConversation } from "../../src/llm/testing/scripted-chat-server.ts";
import { INTERVIEW_RULES } from "../../src/llm/interviewer.ts";
import { createProviders } from "../../src/providers.ts";
import { createClient } from "../../src/sdk/index.ts";
import { BROWSER_SETUP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, openBrowserSession, pageChecker, type BrowserSession } from "./browser.ts";

type Respondent = { persona_id: string } & Record<string, string>;

/** Owners would pay, everyone else would not; every answer gives its reason. */
function answerPanel(conversation: ScriptedConversation) {
  const respondents = dataBlockOf<Respondent[]>(conversation, "the people who answer") ?? [];
  return json({
    answers: respondents.map((respondent) => {
      const choice = respondent.role === "owner_operator" ? "Yes" : "No";
      return { persona_id: respondent.persona_id, answer: `As a ${respondent.role}, ${choice.toLowerCase()}.`, choice, reason: `runs a ${respondent.herd_size} herd` };
    }),
  });
}

let chat: ScriptedChatServer;
let session: BrowserSession<TestApp>;
let app: TestApp;
let page: Page;
let errors: string[];
let populationId: string;
const pages = pageChecker("interview-panel");
const checkPage = (name: string) => pages.check(page, name);

beforeAll(async () => {
  chat = await startScriptedChatServer((request) => {
    const conversation = conversationOfChat(request);
    if (conversation.system.includes(INTERVIEW_RULES)) return json({ message: `You asked: ${conversation.messages.at(-1)?.text}. The payout worries me more than the weather.` });
    if (conversation.system.startsWith("You answer a survey question")) return answerPanel(conversation);
    return scriptedPopulationModel(conversation);
  });
  const model = `openai-compatible:${chat.baseUrl}|scripted-model`;
  session = await openBrowserSession(() => startTestApp({ model }, { providers: createProviders({ model }) }), { signedIn: true });
  ({ app, page, errors } = session);
  const handle = await createClient({ baseUrl: app.url, token: app.devKey, pollIntervalMs: 50 }).populations.generate({ prompt: "Dairy farmers in New Zealand", count: 12, seed: 5 });
  populationId = handle.id;
  await handle.wait({ intervalMs: 50 });
}, BROWSER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.close();
  await chat?.close();
});

describe("interview and panel with a language model, in a browser", { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("interviews a persona: the model's answer, in the persona's name", async () => {
    await page.goto(`${app.url}/populations/${populationId}/interview?persona=p0002`);
    const question = page.getByLabel("Your question");
    await question.fill("What do you worry about?");
    await question.press("Enter");
    const log = page.getByRole("log", { name: "Conversation" });
    await log.getByText("You asked: What do you worry about?. The payout worries me more than the weather.").waitFor();
    expect(await log.locator(".bubble").count()).toBe(2);
    await checkPage("01-interview");
  });

  it("asks the panel a multiple-choice question: tallies, a breakdown by role, every answer with its reason, and the warning", async () => {
    await page.goto(`${app.url}/populations/${populationId}/panel`);
    await page.getByLabel("Question").fill("Would you pay $5 a month for an app that plans milking rosters?");
    await page.getByRole("button", { name: /^Ask 12 personas$/ }).click();
    const answers = page.getByRole("region", { name: /^Answers to/ });
    await answers.waitFor({ timeout: 60_000 });
    await answers.getByText("Simulated respondents vary less than real people", { exact: false }).waitFor();
    await answers.getByText("Show as a table").click();
    const yes = Number(await answers.locator("tr", { has: page.getByRole("rowheader", { name: "Yes", exact: true }) }).locator("td").first().textContent());
    const no = Number(await answers.locator("tr", { has: page.getByRole("rowheader", { name: "No", exact: true }) }).locator("td").first().textContent());
    expect(yes + no).toBe(12);
    await page.getByLabel("Break down by").selectOption("role");
    const byRole = answers.locator("table", { has: page.locator("caption", { hasText: "Choices by Role" }) });
    const owners = byRole.locator("tr", { has: page.getByRole("rowheader", { name: "owner_operator", exact: true }) });
    expect(Number(await owners.locator("td").first().textContent())).toBe(yes);
    expect(await answers.getByText(/^runs a (small|medium|large) herd$/).count()).toBe(12);
    await checkPage("02-panel");
    expect(errors).toEqual([]);
  });
});
