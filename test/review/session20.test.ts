/**
 * Session 20's review (R): findings that an owner's fix has closed, read on inputs other than those the
 * fix was shown. Each describe names the finding (/work/notes/s20/R-findings.md) and the commit that
 * fixed it; every test here failed before that commit.
 */
import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { countryNamed } from "../../src/offline/knowledge/gazetteer.ts";
import { namingCulture } from "../../src/offline/names/cultures.ts";
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

describe("R20-9 (part): a job a sketch's person hopes or trains for is not their job yet, and 'used to be X, now Y' does Y (bf07b66)", () => {
  it.each([
    ["Kemal, 15, wants to become a pilot, lives in Izmir", /pilot/],
    ["Aisha, 17, hoping to become a nurse in Nairobi", /nurse/],
    ["Tomás, 22, training to be a chef in Lima", /^chef$/],
  ])("R20-9 %s: not yet the job (%s)", (sketch, job) => {
    expect(enhanced(sketch).occupation ?? "").not.toMatch(job);
  });
  it("R20-9 Paul, 50, used to be a banker, now drives a bus in Leeds: a bus driver who was a banker", () => {
    const fields = enhanced("Paul, 50, used to be a banker, now drives a bus in Leeds");
    expect([fields.occupation, fields.former_occupation, fields.status]).toEqual(["bus driver", "banker", undefined]);
  });
});

describe("R20-13 (part) and R20-8 (part): toddlers are preschool children, schoolboys and schoolgirls are pupils (14889cf)", () => {
  it.each([
    ["Toddlers in Nairobi", 1, 3],
    ["Children aged 2 in Lima", 2, 2],
    ["Schoolboys in Lagos", 6, 18],
    ["Schoolgirls in Lyon", 6, 18],
  ])("R20-13 %s: aged %i to %i, at the school stage of that age, no adult jobs", async (prompt, youngest, oldest) => {
    const wrong = (await personasOf(prompt, 12)).filter((persona) => Number(persona.age) < youngest || Number(persona.age) > oldest || !/pupil|preschool|child|student/.test(String(persona.occupation)) || (Number(persona.age) < 5 && /primary|secondary/.test(String(persona.occupation))));
    expect(wrong.map((persona) => `${persona.name}: ${persona.age}, ${persona.occupation}`)).toEqual([]);
  });
});

describe("R20-3 (part): a -maid word, king, prince or emperor fixes the gender (6800260)", () => {
  it.each([
    ["Dairymaids in Normandy", "female"],
    ["Bridesmaids in Texas", "female"],
    ["Kitchen maids in Edwardian England", "female"],
    ["Chambermaids in Paris", "female"],
    ["Housemaids in Edwardian England", "female"],
    ["Nursemaids in Victorian London", "female"],
    ["Kings in medieval Europe", "male"],
    ["Princes in medieval Europe", "male"],
  ])("R20-3 %s are all %s", async (prompt, sex) => {
    const personas = await personasOf(prompt, 40);
    expect(personas.filter((persona) => persona.gender !== sex).map((persona) => `${persona.name}: ${persona.gender}`)).toEqual([]);
  });
});

describe("R20-8 (part): these job words are jobs, not identities over the everyday mix (6800260)", () => {
  it.each([
    ["Jockeys in Kentucky", /jockey/],
    ["Valets in Paris", /valet/],
    ["Caddies in Scotland", /caddie/],
    ["Roadies in Nashville", /roadie/],
    ["Busboys in New York", /busser|busboy/],
    ["Milkmaids in 18th century England", /milkmaid/],
    ["Delivery boys in Mumbai", /delivery/],
    ["Newsboys in New York in 1900", /newspaper|newsboy/],
  ])("R20-8 %s: every persona's occupation is the prompt's job", async (prompt, job) => {
    const others = (await personasOf(prompt, 12)).filter((persona) => !job.test(String(persona.occupation))).map((persona) => `${persona.name}: ${persona.occupation}`);
    expect(others).toEqual([]);
  });
});

describe("R20-19 (part): a stated African place decides the family name of a first name its lists lack (1145309)", () => {
  it.each([
    ["Elizabeth, 41, nurse in Harare", "Zimbabwe"],
    ["Michael, 38, driver in Lilongwe", "Malawi"],
    ["Maria, 40, nurse in Nairobi", "Kenya"],
    ["Anna, 33, doctor in Accra", "Ghana"],
  ])("R20-19 %s: a family name of %s's lists", (sketch, country) => {
    const culture = namingCulture(countryNamed(country)!.names);
    const surnames = new Set([...culture.family("female"), ...culture.family("male")]);
    const surname = String(enhanced(sketch).name).split(" ").at(-1) ?? "";
    expect(surnames.has(surname) ? "theirs" : surname).toBe("theirs");
  });
});
