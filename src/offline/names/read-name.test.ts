import { describe, expect, it } from "vitest";
import { readPersonName } from "./read-name.ts";

const read = (name: string) => readPersonName(name.split(" "));

describe("readPersonName: family-first names and the sex of their given names (R21-12, R22-9)", () => {
  it.each([
    // R's instances.
    ["Kim Min-jun", "Kim", "Min-jun", true, "male"],
    ["Park Ji-hoon", "Park", "Ji-hoon", true, "male"],
    ["Nagy László", "Nagy", "László", true, "male"],
    ["Wang Jianguo", "Wang", "Jianguo", true, "male"],
    ["Nguyen Van An", "Nguyen", "Van An", true, "male"],
    // Other instances: other cultures, other names, both orders.
    ["Choi Seo-yeon", "Choi", "Seo-yeon", true, "female"],
    ["Lim Eun-ji", "Lim", "Eun-ji", true, "female"],
    ["Le Thi Hoa", "Le", "Thi Hoa", true, "female"],
    ["Tran Van Minh", "Tran", "Van Minh", true, "male"],
    ["Yamamoto Kazuko", "Yamamoto", "Kazuko", true, "female"],
    ["Watanabe Daisuke", "Watanabe", "Daisuke", true, "male"],
    ["Kovács Péter", "Kovács", "Péter", true, "male"],
    ["Liu Xiuying", "Liu", "Xiuying", true, "female"],
    ["Hye-rim Kang", "Kang", "Hye-rim", false, "female"],
    ["Sota Nakamura", "Nakamura", "Sota", false, "male"],
    ["Yuna Sato", "Sato", "Yuna", false, "female"],
    ["Kenta Kobayashi", "Kobayashi", "Kenta", false, "male"],
  ])("%s: family %s, given %s, family first %s, %s", (name, family, given, familyFirst, sex) => {
    const reading = read(name);
    expect(reading?.family).toBe(family);
    expect(reading?.given).toBe(given);
    expect(reading?.familyFirst).toBe(familyFirst);
    expect(reading?.sex).toBe(sex);
  });

  it("reads a given name written without its hyphen or accents as the listed one", () => {
    expect(read("Kim Minjun")?.sex).toBe("male");
    expect(read("Nagy Laszlo")?.sex).toBe("male");
  });

  it.each(["John Smith", "Anna Lee", "Lee Ann", "Kim Smith", "Maria Garcia", "Grace Young"])("%s is no family-first culture's name", (name) => {
    expect(read(name)).toBeUndefined();
  });
});
