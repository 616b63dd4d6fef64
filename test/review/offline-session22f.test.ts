/**
 * Session 22, O5: classes of reading R21 found, on OTHER instances than R's (named periods, stated
 * experience, incomes, organisations, levels of an activity's own scale, music and art tastes).
 */
import { describe, expect, it } from "vitest";
import { design, possibleValues } from "./offline-reading.ts";

describe("R21-35's class: a music or art taste is a pastime ('who love reggae', 'opera lovers', 'metalheads')", () => {
  it.each([
    ["Plumbers who love reggae in Kingston", "reggae"],
    ["Grandmothers who enjoy gospel music in Atlanta", "gospel music"],
    ["Metalheads in Oslo", "heavy metal"],
    ["Accountants who love country music in Nashville", "country music"],
    ["Opera lovers in Vienna", "opera"],
    ["Punk fans in London", "punk rock"],
    ["Bus drivers who love Afrobeats in Lagos", "Afrobeats"],
    ["Teachers who love musicals in New York", "musical theatre"],
    ["Doctors who love techno in Berlin", "electronic dance music"],
    ["Art lovers in Florence", "visiting art galleries"],
  ])("%s: the activity is %s", (prompt, activity) => {
    expect(possibleValues(design(prompt), "activity")).toContain(activity);
  });

  it.each(["Blue helmets in Lebanon", "Rock climbers in Utah", "Gig workers in London", "Concert pianists in Berlin", "Metal workers in Sheffield", "Country doctors in Wales"])("%s: no music taste read from a word of another meaning", (prompt) => {
    expect(possibleValues(design(prompt), "activity").filter((value) => /music|blues|rock|metal|jazz|pop/.test(value))).toEqual([]);
  });
});
