import { describe, expect, it } from "vitest";
import { cityIn, countryByCode, KNOWN_PLACES, placeByName, placesNamed } from "./geo.ts";

describe("places", () => {
  it.each([
    ["10 baristas in Seattle", "Seattle", "US", "Washington"],
    ["baristas in lyon", "Lyon", "FR", undefined],
    ["nurses in Lagos", "Lagos", "NG", undefined],
    ["teachers in Montréal", "Montreal", "CA", "Quebec"],
    ["students in Malmo", "Malmö", "SE", undefined],
    ["bakers in Kraków", "Kraków", "PL", undefined],
    ["drivers in Portland", "Portland", "US", "Oregon"],
    ["waiters in Washington, D.C.", "Washington, D.C.", "US", "District of Columbia"],
  ])("%s names %s", (text, name, country, region) => {
    const [place] = placesNamed(text);
    expect(place).toMatchObject({ name, kind: "city", country });
    expect(place?.region).toBe(region);
  });

  it("recognises US states and areas, with their largest cities", () => {
    expect(placesNamed("farmers in Ohio")[0]).toMatchObject({ name: "Ohio", kind: "region", country: "US" });
    expect(placesNamed("farmers in Ohio")[0]?.cities).toContain("Cleveland");
    expect(placesNamed("loggers in the Pacific Northwest")[0]?.cities).toContain("Seattle");
    expect(placesNamed("founders in the Bay Area")[0]).toMatchObject({ kind: "region", country: "US" });
  });

  it("reads names that are also words as places only when written as one ('in Nice', not 'nice people')", () => {
    expect(placesNamed("nice people who like reading")).toEqual([]);
    expect(placesNamed("Jackson fans")).toEqual([]);
    expect(placesNamed("baristas in Nice")[0]).toMatchObject({ name: "Nice", country: "FR" });
    expect(placesNamed("musicians in Jackson")[0]).toMatchObject({ name: "Jackson", region: "Mississippi" });
  });

  it("every place is in a known country, and every city of a US region is a city we can place in its state", () => {
    for (const place of KNOWN_PLACES) {
      expect(countryByCode(place.country), place.name).toBeDefined();
      expect(place.cities.length).toBeGreaterThan(0);
      if (place.kind === "region" && place.country === "US" && place.region) {
        for (const city of place.cities) expect(cityIn(city, "US")?.region, `${city} in ${place.name}`).toBe(place.region);
      }
    }
  });

  it("looks places up without accents or case", () => {
    expect(placeByName("SAO PAULO")?.name).toBe("São Paulo");
    expect(placeByName("münchen")?.name).toBe("Munich");
    expect(cityIn("Cleveland", "US")?.region).toBe("Ohio");
    expect(cityIn("Birmingham", "US")).toBeUndefined();
  });
});
