import { describe, expect, it } from "vitest";
import { namingCulture } from "./cultures.ts";

describe("family names borrowed from faker", () => {
  it("leave out the women's given names faker lists as Nigerian family names ('Muyiwa Maryjane')", () => {
    const family = new Set([...namingCulture("en_NG").family("male"), ...namingCulture("en_NG").family("female")]);
    for (const given of ["Maryjane", "Kimberly", "Katherine", "Grace", "Aminat", "Sekinat"]) expect(family.has(given)).toBe(false);
    for (const surname of ["Okonkwo", "Adebayo", "Balogun", "Nwachukwu"]) expect(family.has(surname)).toBe(true);
  });
});
