/**
 * The sketch reader knew the 52 countries of geo.ts's hand-kept table; prompts know every country
 * of the gazetteer. "A Ghanaian taxi driver in Accra" kept "ghanaian taxi driver" as the occupation
 * and no country.
 */
import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "./enhancer.ts";

const enhance = (sketch: string) => new OfflineEnhancer().enhanceSync({ sketch, grounding: "off", seed: 3 } as never);

describe("a sketch names any country the gazetteer knows", () => {
  it("reads a nationality and a country for countries outside the hand-kept table", () => {
    const ghanaian = enhance("A 45-year-old Ghanaian taxi driver in Accra");
    expect(ghanaian).toMatchObject({ nationality: "Ghanaian", occupation: "taxi driver", location: "Accra, Ghana", age: "45" });
    expect(enhance("A Moroccan chef in Marrakesh")).toMatchObject({ nationality: "Moroccan", occupation: "chef", location: "Marrakesh, Morocco" });
  });

  it("reads a demonym of two words as one nationality", () => {
    expect(enhance("A Sri Lankan tea picker")).toMatchObject({ nationality: "Sri Lankan", occupation: "tea picker" });
    expect(enhance("A South African wine farmer")).toMatchObject({ nationality: "South African", occupation: "wine farmer" });
  });
});
