/** Scripted play-throughs of the example personas to every outcome, and the machines each unlocks. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findMachine, type PersonaDefinition } from "./definition.ts";
import { openSession, step, type StepResult } from "./play.ts";
import { deriveProgress, playContextOf, unlockedBy } from "./progress.ts";
import type { NpcEvent } from "./session.ts";
import { playerNameFromEvents } from "./player-name.ts";
import { validateDefinition } from "./validate-definition.ts";

function loadExample(name: string): PersonaDefinition {
  const result = validateDefinition(JSON.parse(readFileSync(new URL(`../../examples/npc/${name}.json`, import.meta.url), "utf8")));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

/** Plays one machine with the given messages, on top of earlier events; returns every turn's result. */
async function play(definition: PersonaDefinition, machineKey: string, messages: string[], history: NpcEvent[] = []) {
  const context = playContextOf(deriveProgress(definition, history));
  const machine = findMachine(definition, machineKey)!;
  const opened = await openSession(definition, machineKey, { at: "2026-01-01T00:00:00Z", player_name: "Arin", seed: 7, context });
  let session = opened.session;
  const events = [...history, ...opened.events];
  const turns: StepResult[] = [];
  for (const [index, message] of messages.entries()) {
    const result = await step(definition, machine, session, message, { at: `2026-01-01T00:00:${String(index + 1).padStart(2, "0")}Z`, context });
    turns.push(result);
    session = result.session;
    events.push(...result.events);
  }
  return { opening: opened.reply, turns, last: turns[turns.length - 1]!, session, events, progress: deriveProgress(definition, events) };
}

describe("Merchant Kael", () => {
  const kael = loadExample("merchant-kael");

  it("is a valid save body", () => {
    expect(kael.name).toBe("Merchant Kael");
    expect(kael.description).toBe("A shrewd trader in the Hollow Market");
  });

  it("ACCEPT: greet, pick the lantern, offer a fair price; rare_goods unlocks and auto-advances", async () => {
    const run = await play(kael, "haggle", ["Hello there!", "I'd like that lantern", "I can pay 110 gold"]);
    expect(run.opening).toBe("Step in out of the drizzle, Arin. Lanterns, maps, blades. What are you after?");
    expect(run.turns.map((turn) => turn.response.current_state)).toEqual(["browsing", "haggling", "deal"]);
    expect(run.turns[1]!.reply).toBe("The lantern? A fine eye. One hundred and twenty gold, and I'm robbing myself.");
    expect(run.last.response).toMatchObject({ outcome: "ACCEPT", decision: "pass", score: 30, machine_completed: true });
    expect(run.session.vars).toEqual({ item: "lantern", offer: 110 });
    expect(run.progress.cross_machine_vars).toEqual({ item: "lantern", offer: 110 });
    expect(run.progress.available_machines.map((machine) => machine.machine_key)).toEqual(["haggle", "rare_goods"]);
    expect(unlockedBy(kael, "haggle", run.progress)).toEqual([{ machine_key: "rare_goods", name: "Below the counter", is_auto_advance: true }]);

    const secret = await play(kael, "rare_goods", ["I swear on my life", "I would find my sister"], run.events);
    expect(secret.opening).toContain("You bought the lantern like a professional, Arin.");
    expect(secret.last.response).toMatchObject({ outcome: "ACCEPT", score: 25 });
  });

  it("REJECT: a lowball is penalised but the haggle advances; walking away ends REJECT and unlocks second_chance only", async () => {
    const run = await play(kael, "haggle", ["hi", "the dagger please", "I'll give you 20 gold", "No deal, forget it"]);
    expect(run.turns[2]!.response).toMatchObject({ decision: "reject", current_state: "final_offer", score: -5, outcome: null });
    expect(run.turns[2]!.reply).toBe("20? You wound me. Ninety gold, my final word. Deal, or do you walk?");
    expect(run.last.response).toMatchObject({ decision: "reject", current_state: "walk_away", outcome: "REJECT", score: -15 });
    expect(run.progress.available_machines.map((machine) => machine.machine_key)).toEqual(["haggle", "second_chance"]);
    expect(unlockedBy(kael, "haggle", run.progress)).toEqual([{ machine_key: "second_chance", name: "Mend fences with Kael", is_auto_advance: false }]);

    const amends = await play(kael, "second_chance", ["You crook!"], run.events);
    expect(amends.last.response).toMatchObject({ outcome: "REJECT", decision: "reject", current_state: "shunned" });
  });

  it("KICK_OUT: a threat ends the haggle at once; rare_goods stays locked", async () => {
    const run = await play(kael, "haggle", ["Give me that lamp or I'll burn your stall"]);
    expect(run.last.response).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT", current_state: "thrown_out", score: -20 });
    expect(run.last.reply).toBe("Threats? Under my own awning? Out, before my friends in the market find you first.");
    expect(run.progress.available_machines.map((machine) => machine.machine_key)).not.toContain("rare_goods");
    expect(run.progress.relationship_level).toBe(-15);

    const amends = await play(kael, "second_chance", ["um", "I am sorry, I was wrong"], run.events);
    expect(amends.turns[0]!.response).toMatchObject({ decision: "redirect", follow_up: true, redirect_count: 1 });
    expect(amends.last.response).toMatchObject({ outcome: "ACCEPT", current_state: "forgiven" });
  });

  it("redirects with rotating lines while the player says nothing useful", async () => {
    const run = await play(kael, "haggle", ["...", "hmm", "well"]);
    // The first line welcomes the player on arrival; follow-ups rotate through the others.
    expect(run.turns.map((turn) => turn.reply)).toEqual([
      "Still browsing with your eyes, Arin? Say a word and I'll show you something worth your coin.",
      "Kael doesn't sell to statues. Greet a man, tell him what you need.",
      "Still browsing with your eyes, Arin? Say a word and I'll show you something worth your coin.",
    ]);
    expect(run.last.response).toMatchObject({ decision: "redirect", redirect_count: 3, current_state: "greeting" });
  });

  it("answers a greeting politely and a bare request without praising manners it did not see", async () => {
    const polite = await play(kael, "haggle", ["Good day to you"]);
    expect(polite.last.response).toMatchObject({ current_state: "browsing", score: 5 });
    expect(polite.last.reply).toMatch(/^A polite one\. Good\./);

    const blunt = await play(kael, "haggle", ["I want to buy"]);
    expect(blunt.last.response).toMatchObject({ current_state: "wares", score: 0 });
    expect(blunt.last.reply).not.toMatch(/polite/i);
    expect(blunt.last.reply).toMatch(/^Straight to business, no greeting\..*Which one\?$/);
  });

  it("does not ask which item when the player already named it", async () => {
    const direct = await play(kael, "haggle", ["I want to buy the lantern"]);
    expect(direct.last.response).toMatchObject({ current_state: "haggling", score: 5 });
    expect(direct.last.reply).toBe("The lantern? A fine eye. One hundred and twenty gold, and I'm robbing myself.");

    const greeted = await play(kael, "haggle", ["Hello! I'd like that map"]);
    expect(greeted.last.response).toMatchObject({ current_state: "haggling", score: 10 });
    expect(greeted.last.reply).toMatch(/^The map\?/);

    const afterRequest = await play(kael, "haggle", ["I want to buy", "the dagger"]);
    expect(afterRequest.last.reply).toMatch(/^The dagger\?/);
  });

  it("does not repeat the polite welcome as a follow-up while the player dithers", async () => {
    const run = await play(kael, "haggle", ["hello", "hmm", "let me think", "erm", "no idea"]);
    const followUps = run.turns.slice(1).map((turn) => turn.reply);
    expect(run.turns.slice(1).every((turn) => turn.response.decision === "redirect")).toBe(true);
    expect(followUps.filter((reply) => reply.includes("A polite one"))).toEqual([]);
    followUps.forEach((reply, index) => expect(reply).not.toBe(index === 0 ? run.turns[0]!.reply : followUps[index - 1]));
  });
});

describe("Guard Captain Sera", () => {
  const sera = loadExample("guard-captain-sera");

  it("ACCEPT (pass_fail): name, business, writ; night_watch unlocks, appeal does not", async () => {
    const run = await play(sera, "gate_interrogation", ["My name is Arin", "I come to pray at the temple", "Here is my writ, sealed by the magistrate"]);
    expect(run.turns[0]!.reply).toBe("Arin. Noted. What business brings you to Aldermere?");
    expect(run.turns[1]!.reply).toBe("Pilgrimage is an acceptable reason. Your writ of passage.");
    expect(run.last.response).toMatchObject({ outcome: "ACCEPT", current_state: "admitted", scoring_mode: "pass_fail", score: 40 });
    expect(run.last.reply).toBe("Your writ is in order. Welcome to Aldermere, Arin. Keep out of trouble; my watch is everywhere.");
    expect(run.progress.cross_machine_vars).toEqual({ stated_name: "Arin", player_business: "pilgrimage" });
    expect(unlockedBy(sera, "gate_interrogation", run.progress)).toEqual([{ machine_key: "night_watch", name: "The night watch", is_auto_advance: false }]);

    const night = await play(sera, "night_watch", ["Ready, lead the way", "Movement at the docks!", "I counted 4 smugglers"], run.events);
    expect(night.last.response).toMatchObject({ outcome: "ACCEPT", score: 35 });
    expect(night.last.reply).toBe("4 at the docks. Good eyes. The watch owes you one, Arin.");
    expect(night.progress.total_score).toBe(75);
    expect(night.progress.route_path).toEqual(["gate_interrogation", "night_watch"]);
  });

  it("REJECT (pass_fail): a sellsword is turned away at once; appeal unlocks with auto-advance", async () => {
    const run = await play(sera, "gate_interrogation", ["Call me Brann", "I'm a sellsword looking for work"]);
    expect(run.last.response).toMatchObject({ decision: "reject", outcome: "REJECT", current_state: "turned_away" });
    expect(unlockedBy(sera, "gate_interrogation", run.progress)).toEqual([{ machine_key: "appeal", name: "Appeal at the gate", is_auto_advance: true }]);
    expect(run.progress.available_machines.map((machine) => machine.machine_key)).toEqual(["gate_interrogation", "appeal"]);
  });

  it("REJECT (pass_fail): stalling three times on papers ends the interrogation", async () => {
    const run = await play(sera, "gate_interrogation", ["I am Arin", "visiting my sister", "one moment", "let me look", "hmm"]);
    expect(run.turns.map((turn) => turn.decision.decision_type)).toEqual(["pass", "pass", "redirect", "redirect", "reject"]);
    expect(run.last.decision.reason).toContain("turns_in_state = 3 ≥ 3");
    expect(run.last.response.outcome).toBe("REJECT");
  });

  it("KICK_OUT: a bribe gets the player arrested", async () => {
    const run = await play(sera, "gate_interrogation", ["I am Arin", "Perhaps a few coins for you, captain, and you look the other way?"]);
    expect(run.last.response).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT", current_state: "arrested" });
    expect(run.progress.available_machines.map((machine) => machine.machine_key)).toEqual(["gate_interrogation"]);
  });

  it("night_watch reaches REJECT and KICK_OUT too", async () => {
    const admitted = await play(sera, "gate_interrogation", ["My name is Arin", "trade goods", "my papers"]);
    const nothing = await play(sera, "night_watch", ["I'm ready", "I see nothing"], admitted.events);
    expect(nothing.last.response).toMatchObject({ outcome: "REJECT", current_state: "dismissed", score: -5 });
    const quitter = await play(sera, "night_watch", ["I'm ready", "I need a nap"], admitted.events);
    expect(quitter.last.response).toMatchObject({ outcome: "KICK_OUT", current_state: "relieved" });
  });

  it("starts a sentence with a capital after a variable fills it in", async () => {
    const run = await play(sera, "gate_interrogation", ["I am Arin", "I bring trade goods to the market"]);
    expect(run.last.reply).toBe("Trade is an acceptable reason. Your writ of passage.");
  });

  it("carries the player's name into later machines of the same user_session_id", async () => {
    const gate = await play(sera, "gate_interrogation", ["My name is Tom", "trade goods", "my papers"]);
    const givenAtGate = playerNameFromEvents(gate.events);
    expect(givenAtGate).toBe("Arin");
    const machine = findMachine(sera, "night_watch")!;
    const context = playContextOf(deriveProgress(sera, gate.events));
    // No name passed to this session: the name given at the gate's init carries over.
    const carried = await openSession(sera, machine.machine_key, { at: "2026-01-01T00:01:00Z", player_name: givenAtGate, context });
    expect(carried.reply).toMatch(/^Arin\. You came through my gate honestly/);
    // With no name given anywhere, the name the player stated at the gate (an output variable) is used.
    const stated = await openSession(sera, machine.machine_key, { at: "2026-01-01T00:01:00Z", context });
    expect(stated.reply).toMatch(/^Tom\. You came through my gate honestly/);
    expect(stated.reply).not.toMatch(/travell?er/i);
  });

  it("composes replies in character when a state has no lines (appeal machine)", async () => {
    const run = await play(sera, "appeal", ["Nobody, I fear"]);
    expect(run.opening).toMatch(/^[A-Z][^{}]*\. Who inside the walls will vouch for you\?$/);
    expect(run.opening).not.toMatch(/plea/i);
    expect(run.last.response).toMatchObject({ outcome: "REJECT", current_state: "denied" });
    expect(run.last.reply).toMatch(/Your appeal is denied\.$/);
    expect(run.last.reply).not.toContain("Now, ");
  });
});
