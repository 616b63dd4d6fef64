import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.ts";
import { climateZoneOf } from "./profile.ts";

describe("the climate a persona lives in", () => {
  const country = (code: string) => knowledge().gazetteer.byCode.get(code) as NonNullable<ReturnType<ReturnType<typeof knowledge>["gazetteer"]["byCode"]["get"]>>;

  it("places a town the gazetteer does not list by its region, not by the country's average (Napa Valley is not snowy)", () => {
    expect(country("US").cities.some((city) => city.name === "Yountville")).toBe(false);
    expect(climateZoneOf(country("US"), undefined, "California")).toBe("mediterranean");
    expect(climateZoneOf(country("US"), undefined, "Florida")).toBe("subtropical");
    expect(climateZoneOf(country("AU"), undefined, "Queensland")).toBe("subtropical");
  });

  it("reads a region with no climate of its own by its largest listed city's latitude", () => {
    expect(climateZoneOf(country("US"), undefined, "Vermont")).toBe("continental");
    expect(climateZoneOf(country("BR"), undefined, "Bahia")).not.toBe("continental");
  });

  it("places a desert inside a country of another climate by its region (Atacama, coastal Peru, Sonora), and a highland city by its country as well as its name", () => {
    const city = (code: string, name: string) => country(code).cities.find((listed) => listed.name === name);
    expect(climateZoneOf(country("CL"), city("CL", "Calama"))).toBe("arid");
    expect(climateZoneOf(country("PE"), city("PE", "Ica"))).toBe("arid");
    expect(climateZoneOf(country("MX"), city("MX", "Hermosillo"))).toBe("arid");
    // La Paz in Baja California is a desert port, not Bolivia's capital at 3,600 m.
    expect(climateZoneOf(country("MX"), city("MX", "La Paz"))).not.toBe("highland");
    expect(climateZoneOf(country("BO"), city("BO", "La Paz"))).toBe("highland");
    expect(climateZoneOf(country("CL"), city("CL", "Santiago"))).toBe("mediterranean");
    // Andean and Himalayan towns high above their latitude's heat: Cuenca, Puno, Potosí, Shimla.
    for (const [code, name] of [["EC", "Cuenca"], ["PE", "Puno"], ["BO", "Potosi"], ["IN", "Shimla"]] as const) expect(climateZoneOf(country(code), city(code, name)), name).toBe("highland");
  });
});
