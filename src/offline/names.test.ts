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
});
