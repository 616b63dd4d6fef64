import { describe, expect, it } from "vitest";
import { renderPersona } from "./render.ts";

const blueprint = {
  domain: "lol_player",
  fields: [
    { name: "rank", kind: "categorical" as const, description: "ranked tier", ordered_values: ["Bronze", "Silver", "Gold"] },
    { name: "hours_per_week", kind: "numeric" as const, label: "Weekly hours" },
    { name: "name", kind: "text" as const },
    { name: "backstory", kind: "text" as const },
  ],
};

describe("renderPersona", () => {
  const fields = { rank: "Gold", hours_per_week: "34", name: "Mara\nVelez", backstory: "Climbed all winter. Counts wards | never sleeps." };
  const rendered = renderPersona(blueprint, fields, "p0001");

  it("writes a role-play prompt that names the persona, uses every field and keeps the character", () => {
    expect(rendered.system_prompt.startsWith("You are Mara Velez")).toBe(true);
    for (const text of ["ranked tier", "Gold", "Weekly hours", "34", "Climbed all winter"]) expect(rendered.system_prompt).toContain(text);
    expect(rendered.system_prompt).toMatch(/Stay in character/);
  });

  it("writes a character sheet whose structure values cannot break", () => {
    const lines = rendered.markdown.split("\n");
    expect(lines[0]).toBe("# Mara Velez");
    expect(lines[2]).toMatch(/^_.*_$/);
    expect(rendered.markdown).toContain("| Weekly hours | 34 |");
    expect(rendered.markdown).toContain("## Backstory\n\nClimbed all winter. Counts wards | never sleeps.");
  });

  it("falls back to a title when there is no name", () => {
    expect(renderPersona(undefined, { mood: "calm" }, "p0002").markdown.startsWith("# Persona p0002")).toBe(true);
  });
});
