/**
 * Session 20's review (R): findings that an owner's fix has closed, read on inputs other than those the
 * fix was shown. Each describe names the finding (/work/notes/s20/R-findings.md) and the commit that
 * fixed it; every test here failed before that commit.
 */
import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { design, personasOf } from "./offline-reading.ts";

const enhanced = (sketch: string) => new OfflineEnhancer().enhanceSync({ sketch, grounding: "off", seed: 5 }) as Record<string, string | undefined>;

/** Given or family names that only Muslims carry (the Prophet's, his family's, Islamic titles' names). */
const MUSLIM_NAME = /\b(?:Mohamed|Mohammed|Muhammad|Mohammad|Ahmed|Ahmad|Hussain|Hussein|Hassan|Ali|Abdel\w*|Abdul\w*|Abd\w*|Siddiqui|Qureshi|Mostafa|Mustafa|Usman|Osman|Hamza|Fatima|Fatma|Zainab|Ayesha|Aisha|Khadija|Bilal|Imran|Mahmoud|Mahmood|Omar|Umar|Kabiru|Yakubu|Abubakar|Aminu|Ibrahim|Yusuf|Faisal|Tariq|Zubair)\b/;

describe("R20-1: Christians where most people are Muslim carry their own community's names, not the majority's (106b9c2)", () => {
  it.each(["Christian nurses in Karachi", "Christian farmers in Egypt", "Christian teachers in Islamabad", "Christian families in Alexandria", "Catholic priests in Kano"])("R20-1 %s: no Muslim names, or the names are declared unmodelled", async (prompt) => {
    const declared = design(prompt).unmodelled.some((item) => /name/i.test(item));
    const named = (await personasOf(prompt, 20)).map((persona) => String(persona.name)).filter((name) => MUSLIM_NAME.test(name));
    expect(declared || named.length === 0 ? [] : named).toEqual([]);
  });
});

describe("R20-9 (part): a sketch's former job beside a job they do now is not retirement (2d42384)", () => {
  it.each([
    ["Tom, 41, former soldier now working as a plumber in Cardiff", "plumber", "soldier"],
    ["Lena, 29, ex-dancer now working as a nurse in Munich", "nurse", "dancer"],
  ])("R20-9 %s: works as a %s, was a %s, not retired", (sketch, job, former) => {
    const fields = enhanced(sketch);
    expect([fields.occupation, fields.former_occupation, fields.status]).toEqual([job, former, undefined]);
  });
});
