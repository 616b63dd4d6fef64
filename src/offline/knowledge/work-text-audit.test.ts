import { describe, expect, it } from "vitest";
import { readProfile, workGroupOf } from "../text/profile.ts";
import { workTextClashes } from "./work-text-audit.ts";

describe("work text chosen by how the work is done", () => {
  it("writes no occupation with a working day that contradicts its own attributes", () => {
    expect(workTextClashes()).toEqual([]);
  });

  it("puts solo, screen- and table-based work in its own groups, not its industry's", () => {
    expect(workGroupOf("professional poker player")?.id).toBe("card table");
    expect(workGroupOf("crypto day trader")?.id).toBe("markets");
    expect(workGroupOf("forex trader")?.id).toBe("markets");
    expect(workGroupOf("professional gamer")?.id).toBe("competitive gaming");
    expect(workGroupOf("twitch streamer")?.id).toBe("audience");
    expect(workGroupOf("ebay reseller")?.id).toBe("online selling");
    expect(workGroupOf("Etsy seller")?.id).toBe("handmade selling");
    expect(workGroupOf("translator")?.id).toBe("freelance desk");
    // Still by name or industry where the manner of work says nothing more.
    expect(workGroupOf("registered nurse")?.id).toBe("bedside care");
    expect(workGroupOf("professional athlete")?.id).toBe("sport");
  });

  it("writes an esports coach as competitive gaming, not as a sports coach", () => {
    expect(readProfile({ occupation: "coach", activity: "esports" }, undefined).group?.id).toBe("competitive gaming");
  });

  it("leaves out phrases true only of the other kind of worker", () => {
    const owner = readProfile({ occupation: "shop owner" }, undefined).group;
    const assistant = readProfile({ occupation: "shop assistant" }, undefined).group;
    expect(owner?.goals).not.toContain("become a store manager");
    expect(assistant?.goals).toContain("become a store manager");
    const freelance = readProfile({ occupation: "graphic designer", employment: "freelance" }, undefined).group;
    const employed = readProfile({ occupation: "museum curator" }, undefined).group;
    expect(freelance?.people).toContain("other freelancers");
    expect(employed?.people).not.toContain("other freelancers");
  });

  it("writes a group's phrases true of all its occupations: a butcher bakes no dough, a personal trainer has no final whistle", () => {
    const butcher = workGroupOf("butcher");
    expect([...(butcher?.tasks ?? []), ...(butcher?.lessons ?? []), ...(butcher?.workplaces ?? [])].join(" ")).not.toMatch(/dough|flour|oven|bakery/);
    expect(workGroupOf("baker")?.id).toBe("bakery");
    expect(workGroupOf("personal trainer")?.id).toBe("fitness coaching");
    expect(workGroupOf("football coach")?.id).toBe("sport");
    expect(workGroupOf("ski instructor")?.id).toBe("sport instruction");
    expect(workGroupOf("surf instructor")?.id).toBe("sport instruction");
    // A tutor teaches one student at a kitchen table, not thirty in a school with a staffroom.
    expect(workGroupOf("English tutor")?.id).toBe("tutoring");
  });

  it("finds a group for roles the data does not know by their head word", () => {
    expect(workGroupOf("minicab driver")?.id).toBe("passengers");
    expect(workGroupOf("options trader")?.id).toBe("markets");
    // A small business's owner keeps a shop, not a boardroom.
    expect(workGroupOf("gallery owner")?.id).toBe("retail");
    expect(workGroupOf("bookshop owner")?.id).toBe("retail");
  });
});
