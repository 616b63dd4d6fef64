import { describe, expect, it } from "vitest";
import { NameGenerator, NameRegistry } from "./names.ts";

describe("names", () => {
  const names = new NameGenerator();

  it("is a pure function of locale, sex and seed", () => {
    expect(names.name("ko", "female", 7)).toEqual(new NameGenerator().name("ko", "female", 7));
  });

  it.each([
    ["ko", /^[\uAC00-\uD7A3]+$/],
    ["ja", /^[\u3040-\u30FF\u4E00-\u9FFF]+$/],
    ["zh_CN", /^[\u4E00-\u9FFF]+$/],
    ["ru", /^[\u0400-\u04FF\s-]+$/],
    ["pt_BR", /^[A-Za-zÀ-ÿ'\s-]+$/],
  ] as const)("%s names are written in the locale's script", (locale, pattern) => {
    for (let seed = 0; seed < 50; seed++) expect(names.name(locale, "male", seed).full).toMatch(pattern);
  });

  it("a registry never hands out the same name twice, even from a tiny pool", () => {
    const registry = new NameRegistry();
    const seen = new Set<string>();
    for (let index = 0; index < 300; index++) {
      const { display } = registry.claim(() => names.name("en_US", "female", 1));
      expect(seen.has(display)).toBe(false);
      seen.add(display);
    }
  });

  it("English-speaking locales draw common real surnames, never faker's invented ones", () => {
    for (const locale of ["en_US", "en_GB", "en_CA", "en_AU", "en_IE"] as const) {
      const families = new Set(Array.from({ length: 500 }, (_, seed) => names.name(locale, seed % 2 ? "male" : "female", seed).family));
      expect(families.size).toBeLessThanOrEqual(100);
      for (const fake of ["Kuphal", "Watsica", "Wiza", "Paucek", "Crona", "Gorczany", "Stoltenberg", "Ratke"]) expect(families.has(fake)).toBe(false);
    }
    expect(new Set(Array.from({ length: 500 }, (_, seed) => names.name("en_US", "female", seed).family))).toContain("Smith");
  });

  it("Nigerian given names follow the sex they are given to", () => {
    const female = new Set(Array.from({ length: 800 }, (_, seed) => names.name("en_NG", "female", seed).given));
    const male = new Set(Array.from({ length: 800 }, (_, seed) => names.name("en_NG", "male", seed).given));
    expect([...female].filter((given) => male.has(given))).toEqual([]);
    for (const woman of ["Shade", "Bukola", "Funmilayo", "Kemi"]) expect(male.has(woman)).toBe(false);
    expect(female.has("Aminu")).toBe(false);
  });

  it("Kenyan names come from Kenyan lists, not Nigerian ones", () => {
    for (let seed = 0; seed < 300; seed++) {
      const name = names.name("en_KE", seed % 2 ? "male" : "female", seed);
      expect(names.originsOf(name.given)).toContain("en_KE");
      expect(name.full).not.toMatch(/Uzodimma|Adegoke|Chinedu|Emeka|Ifeoma/);
    }
    expect(names.sexOf("Wanjiku", "en_KE")).toBe("female");
    expect(names.sexOf("Otieno", "en_KE")).toBe("male");
  });

  it("Vietnamese names are a family, a middle and a given name, never a place", () => {
    for (let seed = 0; seed < 400; seed++) {
      const name = names.name("vi", seed % 2 ? "male" : "female", seed);
      expect(name.full.split(" ")).toHaveLength(3);
      expect(name.given).not.toMatch(/Hoàn Kiếm|Bình Định|Bình Dương|Bình Thuận|Hải Dương/);
    }
    expect(names.name("vi", "female", 1).given).toMatch(/^(?:Thị|Ngọc|Thu|Thanh|Minh|Phương|Hồng|Kim) /);
  });
});
