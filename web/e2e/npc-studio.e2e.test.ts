/**
 * The NPC studio and the play page in a real browser against a real server (offline play): build
 * an NPC with two scenarios linked by an auto-advance, see the server's validation errors and
 * offline-play warnings beside what they are about, publish it, and play it to an outcome through
 * the auto-advance and a reload mid-play, with and without an API key in the browser.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { BROWSER_SETUP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, collectPageErrors, openBrowserSession, PAGE_TIMEOUT_MS, pageChecker, type BrowserSession } from "./browser.ts";

let session: BrowserSession<TestApp>;
let app: TestApp;
let page: Page;
let errors: string[];
let playPath: string;
const pages = pageChecker("npc-studio");
const HOSTILE_DESCRIPTION = `An innkeeper <img src=x onerror="window.pwned=true"> who <b>loves</b> gossip`;
const checkPage = (target: Page, name: string) => pages.check(target, name);

/** The standing the play page shows, by its labels. */
async function standing(target: Page, label: string): Promise<string> {
  return (await target.getByRole("definition").filter({ has: target.locator("xpath=preceding-sibling::dt[1]", { hasText: label }) }).first().textContent()) ?? "";
}

async function say(target: Page, text: string): Promise<void> {
  await target.getByLabel("Your message").fill(text);
  await target.getByLabel("Your message").press("Enter");
}

beforeAll(async () => {
  session = await openBrowserSession(() => startTestApp(), { signedIn: true });
  ({ app, page, errors } = session);
}, BROWSER_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.close();
});

describe("the NPC studio and the play page, in a browser", { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("shows the server's validation errors beside what they are about, and creates the NPC once they are fixed", async () => {
    await page.goto(`${app.url}/npc`);
    await page.getByText("None yet.", { exact: false }).waitFor();
    await checkPage(page, "00-npc-list");
    await page.getByRole("link", { name: "New NPC" }).click();
    await page.getByLabel("Name", { exact: true }).first().fill("Innkeeper Wren");
    // Creator text is text, everywhere it shows: markup in it is never parsed.
    await page.getByLabel("Description", { exact: true }).first().fill(HOSTILE_DESCRIPTION);
    await page.locator("summary").filter({ hasText: /^Greeting/ }).click();
    await page.getByRole("checkbox", { name: "Start here" }).first().uncheck();
    await page.getByRole("button", { name: "Create" }).click();
    const problems = page.getByRole("region", { name: "Problems to fix" });
    await expect.poll(() => problems.textContent()).toMatch(/machine "first_meeting" › states: .*initial/);
    expect(await page.locator(".inline-error").count()).toBeGreaterThan(0);
    await checkPage(page, "01-npc-errors");
    expect(errors).toEqual(["422 POST /api/v1/creator/save"]);
    errors.length = 0;

    await page.getByRole("checkbox", { name: "Start here" }).first().check();
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/npc\/[\w-]+$/);
    await page.getByText("Saved", { exact: false }).first().waitFor();
    expect(await problems.count()).toBe(0);
  });

  it("adds a second scenario unlocked by an auto-advance link; the diagram draws every transition; offline warnings show inline", async () => {
    await page.getByRole("button", { name: "Add a scenario" }).click();
    // Scenario 2 greets without authored lines: offline play composes them, and save says so.
    await page.locator("summary").filter({ hasText: /^Greeting/ }).click();
    await page.getByLabel("Lines (offline play, one per line)").first().fill("");
    await page.getByRole("button", { name: "Add a link" }).click();
    const link = page.locator("fieldset", { hasText: "first_meeting →" });
    await link.getByLabel("To", { exact: true }).selectOption("scenario_1");
    await link.getByRole("checkbox", { name: "Auto-advance" }).check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText(/Saved, with \d+ warning/).waitFor();
    expect(await page.locator(".inline-warning").count()).toBeGreaterThan(0);
    const diagram = page.getByRole("figure", { name: /^State diagram of Scenario 2/ });
    await diagram.locator(".react-flow__edge").first().waitFor({ state: "attached" });
    expect(await diagram.locator(".react-flow__edge").count()).toBe(3);
    expect(await diagram.locator(".graph-edge-label", { hasText: 'says "hello", "hi" or "good evening" (+10)' }).count()).toBe(1);
    await checkPage(page, "02-npc-editor");
  });

  it("test-plays the saved NPC beside the editor", async () => {
    const panel = page.getByRole("complementary", { name: "Test play" });
    await panel.getByRole("button", { name: "Play First meeting" }).click();
    await panel.getByText("Welcome, Tester.", { exact: false }).waitFor();
    await say(page, "hello");
    await panel.getByText("Scenario over: ACCEPT", { exact: false }).waitFor();
  });

  it("publishes, and the play link plays to an outcome through the auto-advance and a reload mid-play", async () => {
    await page.getByRole("button", { name: "Publish" }).click();
    const link = page.getByRole("link", { name: /\/play\// });
    await link.waitFor();
    playPath = new URL((await link.textContent())!).pathname;
    await link.click();
    await page.getByRole("heading", { name: "Innkeeper Wren" }).waitFor();

    await page.getByText(HOSTILE_DESCRIPTION, { exact: true }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await page.getByLabel("Your name").fill("Arin");
    await page.getByRole("button", { name: "Play First meeting" }).click();
    const log = page.getByRole("log", { name: "Conversation" });
    await log.getByText("Welcome, Arin. Cold out, isn't it?").waitFor();
    await say(page, "hello there");
    await log.getByText("Scenario over: ACCEPT (won), score 10.").waitFor();
    await log.getByText("On to the next scenario: Scenario 2.").waitFor();
    await expect.poll(() => standing(page, "Scenario")).toBe("Scenario 2");
    await expect.poll(() => standing(page, "Relationship")).toBe("11");
    await checkPage(page, "03-play");

    // The first scenario's conversation stays above the second's until the page is left.
    await say(page, "nothing much");
    await expect.poll(() => log.locator(".bubble").count()).toBe(6);
    await page.reload();
    await expect.poll(() => standing(page, "Scenario")).toBe("Scenario 2");
    await expect.poll(() => log.locator(".bubble").count()).toBe(3);
    expect(await log.locator(".bubble").last().textContent()).not.toBe("");
    expect(await standing(page, "State")).toBe("Greeting");

    await say(page, "hi");
    await log.getByText("Scenario over: ACCEPT (won), score 10.").waitFor();
    await expect.poll(() => standing(page, "Total score")).toBe("20");
    expect(await page.getByLabel("Your message").isDisabled()).toBe(true);
    await checkPage(page, "04-play-finished");

    // A reload after the last scenario ended replays nothing: the results stand, the choice is the player's.
    await page.reload();
    await expect.poll(() => standing(page, "Total score")).toBe("20");
    await log.getByText("Choose a scenario to start.").waitFor();
    expect(await page.getByRole("button", { name: /^Replay / }).count()).toBe(2);
  });

  it("forgets the player's progress when asked, after a confirmation", async () => {
    await page.getByRole("button", { name: "Forget my progress" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Forget everything" }).click();
    await expect.poll(() => standing(page, "Total score")).toBe("0");
    expect(await page.getByRole("log", { name: "Conversation" }).locator(".bubble").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("plays without an API key too, keeping the transcript across a reload", async () => {
    const visitor = await (await session.browser.newContext({ viewport: { width: 1024, height: 800 } })).newPage();
    visitor.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const visitorErrors = collectPageErrors(visitor);
    await visitor.goto(`${app.url}${playPath}`);
    const log = visitor.getByRole("log", { name: "Conversation" });
    const welcome = log.getByText("Welcome, traveller.", { exact: false });
    // The NPC's line shows only when the page can take the answer: a player answering it at once is
    // never met by a disabled Send, which makes a form ignore Enter (the message would sit unsent).
    // The standing the page reads on entering a scenario is held back to widen that moment.
    let releaseStanding!: () => void;
    const standingHeld = new Promise<void>((resolve) => (releaseStanding = resolve));
    let standingAsked!: () => void;
    const standingRequested = new Promise<void>((resolve) => (standingAsked = resolve));
    const play = visitor.getByRole("button", { name: "Play First meeting" });
    await play.waitFor();
    await visitor.route(/\/progress\?/, async (route) => {
      standingAsked();
      await standingHeld;
      await route.continue();
    });
    await play.click();
    await standingRequested;
    await visitor.getByLabel("Your message").fill("good evening");
    await visitor.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    const send = visitor.getByRole("button", { name: "Send" });
    expect({ welcomeShown: await welcome.isVisible(), sendDisabled: await send.isDisabled() }).not.toEqual({ welcomeShown: true, sendDisabled: true });
    releaseStanding();
    await welcome.waitFor();
    await say(visitor, "good evening");
    await log.getByText("On to the next scenario: Scenario 2.").waitFor();
    await say(visitor, "what?");
    await expect.poll(() => log.locator(".bubble").count()).toBe(6);
    await visitor.reload();
    await expect.poll(() => log.locator(".bubble").count()).toBe(3);
    await checkPage(visitor, "05-play-anonymous");
    expect(visitorErrors).toEqual([]);

    await visitor.goto(`${app.url}/play/00000000-0000-4000-8000-000000000000`);
    await visitor.getByRole("heading", { name: "Nothing to play here" }).waitFor();
    await checkPage(visitor, "06-play-not-found");
  });
});
