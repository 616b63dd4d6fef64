/** The panel's report: arithmetic on the answers, every choice shown, values in the blueprint's order. */
import { describe, expect, it } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import { PANEL_WARNING, panelReport, respondentsOf, type PanelAnswer } from "./panel-survey.ts";

const BLUEPRINT: Blueprint = {
  domain: "voter",
  order: [],
  constraints: [],
  fields: [
    { name: "region", kind: "categorical", parents: [], conditionals: [], categorical: { weights: { north: 1, south: 1, ["__proto__"]: 1 } } },
    { name: "age", kind: "numeric", parents: [], conditionals: [], numeric: { min: 18, max: 90, mean: 40, sd: 10 } },
    { name: "name", kind: "text", parents: [], conditionals: [] },
  ],
};

const persona = (id: string, region: string): Persona => ({ persona_id: id, fields: { region, age: "40", name: id }, system_prompt: "x", markdown: "x" });
const answer = (id: string, choice: string | null): PanelAnswer => ({ persona_id: id, answer: "…", choice, reason: "…" });

describe("panelReport", () => {
  const people = [persona("p1", "south"), persona("p2", "north"), persona("p3", "south"), persona("p4", "__proto__")];

  it("tallies every choice, zeroes included, and breaks each categorical field down by the values respondents hold, in declared order", () => {
    const report = panelReport([answer("p1", "yes"), answer("p2", "no"), answer("p3", "yes"), answer("p4", "yes")], people, BLUEPRINT, ["yes", "no", "unsure"]);

    expect(report.tallies).toEqual({ yes: 3, no: 1, unsure: 0 });
    expect(Object.keys(report.breakdowns)).toEqual(["region"]);
    expect(Object.keys(report.breakdowns.region!)).toEqual(["north", "south", "__proto__"]);
    expect(report.breakdowns.region!.south).toEqual({ yes: 2, no: 0, unsure: 0 });
    expect(JSON.parse(JSON.stringify(report.breakdowns)).region.__proto__).toEqual({ yes: 1, no: 0, unsure: 0 });
    expect(report.warning).toBe(PANEL_WARNING);
  });

  it("has no tallies and no breakdowns for a free-text question", () => {
    const report = panelReport([answer("p1", null)], people, BLUEPRINT, null);
    expect(report).toEqual({ answers: [answer("p1", null)], breakdowns: {}, warning: PANEL_WARNING });
  });
});

describe("respondentsOf", () => {
  it("keeps the caller's order of the personas named, else everyone", () => {
    const people = [persona("p1", "north"), persona("p2", "south"), persona("p3", "north")];
    expect(respondentsOf(people, ["p3", "p1"]).map((one) => one.persona_id)).toEqual(["p3", "p1"]);
    expect(respondentsOf(people, null)).toEqual(people);
  });
});
