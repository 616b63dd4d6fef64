/**
 * The population studio in a real browser against a real server (offline model): generate 30
 * personas and read their charts and blueprint graph, edit a weight and re-sample, open a persona's
 * sheet, validate a broken persona, enhance a sketch, and the account page. Every page is checked
 * with axe-core and photographed.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { BROWSER_SETUP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, openBrowserSession, pageChecker, type BrowserSession } from "./browser.ts";

let session: BrowserSession<TestApp>;
let app: TestApp;
let page: Page;
let errors: string[];
/** The re-sampled population's page, the newest in the history. */
let resampled: string;
const pages = pageChecker("population-studio");
const checkPage = (name: string) => pages.check(page, name);

beforeAll(async () => {
  session = await openBrowserSession(() => startTestApp());
  ({ app, page, errors } = session);
}, BROWSER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.close();
});

describe("the population studio, in a browser", { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("asks for a key first, keeps it in the browser, and shows the account's credits", async () => {
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.getByRole("heading", { name: "Paste your API key to start" }).isVisible()).toBe(true);
    await page.getByRole("textbox", { name: "API key" }).fill(app.devKey);
    await page.getByRole("button", { name: "Save key" }).click();
    await page.getByRole("heading", { name: "Generate a population" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("dramatis-api-key"))).toBe(app.devKey);
    await checkPage("01-studio");
  });

  it("generates 30 personas and shows their requested-vs-achieved charts and the blueprint graph", async () => {
    await page.getByLabel("Who should they be?").fill("30 nurses in Lagos");
    await page.getByLabel("How many").fill("30");
    await page.getByLabel("Seed (optional)").fill("42");
    await page.getByRole("button", { name: "Generate" }).click();
    await page.waitForURL(/\/populations\/[\w-]+$/);
    await page.getByText("30 personas", { exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.locator(".persona-card").count()).toBe(30);
    await checkPage("02-personas");

    await page.getByRole("tab", { name: "Fidelity" }).click();
    const gender = page.locator("figure", { hasText: "Gender: requested vs achieved" });
    await gender.locator(".recharts-bar-rectangle").first().waitFor();
    await expect.poll(() => gender.locator("figcaption").textContent()).toMatch(/TVD \d\.\d{4}/);
    // The contingency and numeric fidelity the server reports beside the marginals.
    await page.getByRole("region", { name: "Inside parent cells" }).getByText(/^Coverage/).waitFor();
    expect(await page.getByRole("region", { name: "Inside parent cells" }).getByText(/^Age/).count()).toBeGreaterThan(0);
    await checkPage("03-fidelity");

    await page.getByRole("tab", { name: "Diversity" }).click();
    await page.getByRole("heading", { name: "Closest pairs" }).waitFor();
    expect(await page.locator(".pair").count()).toBe(3);
    await checkPage("03b-diversity");

    await page.getByRole("tab", { name: "Blueprint" }).click();
    const graph = page.getByRole("figure", { name: /^Blueprint of / });
    await graph.locator(".react-flow__node").first().waitFor();
    const fields = await page.locator("#fields-heading + .table-wrap tbody tr").count();
    expect(await graph.locator(".react-flow__node").count()).toBe(fields);
    // React Flow draws edges a render after the nodes, once it has measured them: waited for, not counted at once.
    await graph.locator(".react-flow__edge").first().waitFor({ state: "attached" });
    await checkPage("04-blueprint");
  });

  it("edits a weight and re-samples with the same seed: the population follows the new weight", async () => {
    // Chosen in the graph with the keyboard: Tab reaches a node, Enter selects it.
    await page.locator('.react-flow__node[data-id="gender"]').focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Edit Gender" }).waitFor();
    const male = page.getByRole("spinbutton", { name: "Weight of male" });
    await male.fill("1");
    await male.press("Enter");
    await page.getByText("Edited: gender").waitFor();
    await checkPage("05-blueprint-edited");
    await page.getByRole("button", { name: /Re-sample 30 with the same seed/ }).click();
    await page.getByText(/Re-sampled from/).waitFor();
    await page.getByText("30 personas", { exact: true }).waitFor({ timeout: 60_000 });
    resampled = new URL(page.url()).pathname;

    // Asked: 1 / (0.87 + 1) = 53.5% men; quota sampling gives round(0.535 × 30) = 16 of 30.
    await page.getByText(/Filter by field/).click();
    await page.getByLabel("Gender").selectOption("male");
    await page.getByText("16 of 30 personas match").waitFor();
    await page.getByRole("tab", { name: "Fidelity" }).click();
    const gender = page.locator("figure", { hasText: "Gender: requested vs achieved" });
    await gender.getByText("Show as a table").click();
    const maleRow = gender.locator("tr").filter({ has: page.getByRole("rowheader", { name: "male", exact: true }) });
    await expect.poll(() => maleRow.textContent()).toBe("male53.5%53.3%");
  });

  it("lists both populations in the history, newest first", async () => {
    await page.getByRole("link", { name: "Populations" }).click();
    const history = page.getByRole("region", { name: "Earlier populations" });
    await history.getByRole("link", { name: "30 nurses in Lagos" }).first().waitFor();
    expect(await history.getByRole("link", { name: "30 nurses in Lagos" }).count()).toBe(2);
    expect(await history.getByRole("link", { name: "30 nurses in Lagos" }).first().getAttribute("href")).toBe(resampled);
    await history.getByRole("link", { name: "30 nurses in Lagos" }).first().click();
    await page.getByText("30 personas", { exact: true }).waitFor();
  });

  it("says plainly that interviews and panel questions need a language model on an offline server", async () => {
    const population = new URL(page.url()).pathname;
    await page.goto(`${app.url}${population}/interview`);
    await page.getByLabel("Your question").fill("What do you worry about?");
    await page.getByLabel("Your question").press("Enter");
    await page.getByText("Interviews need a language model, and this server runs without one.").waitFor();
    expect(await page.getByLabel("Your question").isDisabled()).toBe(true);
    await checkPage("10-interview-offline");
    await page.goto(`${app.url}${population}/panel`);
    await page.getByLabel("Question").fill("Would you work nights for more pay?");
    await page.getByRole("button", { name: /^Ask 30 personas$/ }).click();
    await page.getByText("Panel questions need a language model, and this server runs without one.").waitFor();
    // The 503s were the server saying so; nothing else failed.
    expect(errors.filter((error) => !/^503 POST \/v1\/personas\/actions\/(interview|ask-panel)$/.test(error))).toEqual([]);
    errors.length = 0;
    await page.goto(`${app.url}${population}`);
    await page.getByText("30 personas", { exact: true }).waitFor();
  });

  it("opens a persona's sheet: rendered markdown, system prompt and fields, with the keyboard alone", async () => {
    await page.getByRole("tab", { name: "Personas" }).click();
    const open = page.getByRole("button", { name: /^Open sheet of / }).first();
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const name = (await dialog.getByRole("heading").first().textContent())!;
    await expect.poll(() => dialog.locator(".markdown h1").textContent()).toBe(name);
    expect(await dialog.locator(".markdown table tr").count()).toBeGreaterThan(5);
    await checkPage("06-persona-sheet");
    await dialog.getByRole("tab", { name: "System prompt" }).click();
    await expect.poll(() => dialog.locator("pre.prompt").textContent()).toMatch(new RegExp(`^You are ${name}`));
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("validates a broken persona and shows its failing gate first, with the detail", async () => {
    await page.getByRole("link", { name: "Validate" }).click();
    await page.getByRole("button", { name: "Load an example with a broken persona" }).click();
    await page.getByRole("button", { name: "Validate", exact: true }).click();
    const failing = page.getByRole("region", { name: "Failing" });
    await failing.waitFor({ timeout: 30_000 });
    const broken = failing.getByRole("article", { name: "Persona p0002" });
    await expect.poll(() => broken.textContent()).toMatch(/failed.*schema.*200/);
    expect(await failing.getByRole("article", { name: "Persona p0001" }).count()).toBe(0);
    await checkPage("07-validate");
  });

  it("says which pasted text cannot be read, beside it", async () => {
    await page.getByLabel("Personas (JSON list, a population, or JSON Lines)").fill("{oops");
    await page.getByRole("button", { name: "Validate", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/not valid JSON/);
  });

  it("enhances a sketch and marks where its facts landed", async () => {
    await page.getByRole("link", { name: "Enhance" }).click();
    await page.getByLabel("Sketch").fill("Sam is a 30-year-old support main from Lyon. Friendly. Plays Thresh.");
    await page.getByRole("button", { name: "Enhance", exact: true }).click();
    await page.locator("#enhanced-heading").waitFor({ timeout: 30_000 });
    expect(await page.locator("tr.from-sketch").count()).toBeGreaterThan(0);
    expect(await page.locator("mark", { hasText: "Lyon" }).count()).toBeGreaterThan(0);
    await checkPage("08-enhance");
  });

  it("shows credits spent and the usage chart on the account page", async () => {
    await page.getByRole("link", { name: "Account" }).click();
    const usage = page.getByRole("figure").filter({ hasText: "Requests per day" });
    await usage.locator(".recharts-bar-rectangle").first().waitFor();
    await checkPage("09-account");
    expect(errors).toEqual([]);
  });
});
