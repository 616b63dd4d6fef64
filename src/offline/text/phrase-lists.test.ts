/**
 * A population's prose is a function of its request and seed alone, never of what the process
 * wrote before it: phrase lists compiled for one population are not handed to another whose
 * lists share a name but not their phrases (a football player's habits and a fan's).
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../engine/sampler.ts";
import { OfflineModeller } from "../modeller.ts";
import { OfflineWriter } from "../writer.ts";

async function prose(prompt: string, count = 60, seed = 11): Promise<string[]> {
  const blueprint = new OfflineModeller().designSync({ prompt, count, grounding: "off", seed });
  const sampled = sampleStructured(blueprint, count, seed);
  const session = new OfflineWriter().begin({ prompt, blueprint, seed, count });
  return (await session.writeBatch(sampled, 0)).map((fields) => `${fields.backstory ?? ""} ${fields.goals ?? ""}`);
}

const PLAYING = /\bkit\b|training (?:before|twice|through|session)|personal best|injur|usually plays/i;

describe("phrase lists shared between populations", () => {
  // Before: lists were remembered by a name ("activity:football:gear") that fans and players share,
  // so fans written after players trained and wore kit (41 of 60), and players written after fans
  // had the fans' week.
  it("fans written after players of the same sport are written as fans, and the players as they were", async () => {
    const players = await prose("Football players in Manchester");
    const fans = await prose("Football fans in Manchester");
    expect(fans.filter((text) => PLAYING.test(text))).toEqual([]);
    expect(await prose("Football players in Manchester")).toEqual(players);
    expect(await prose("Football fans in Manchester")).toEqual(fans);
  });
});
