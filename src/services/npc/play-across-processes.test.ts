/**
 * Processes sharing one database, each remembering the players and personas it served: whatever one
 * process changes — a turn, a reset, an edit of the persona, making it private, deleting it — the
 * next turn in another process is played from what the store holds now, and no turn is lost or
 * doubled. Each "process" here is its own repository and services (their own memory) on one store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestStore } from "../../../test/helpers/app.ts";
import { AccountRepository } from "../../store/accounts.ts";
import type { Store } from "../../store/database.ts";
import { NpcRepository, type NpcPersonaRow } from "../../store/npc.ts";
import { ServiceError } from "../errors.ts";
import { PersonaService, storedDefinitionOf } from "./persona-service.ts";
import { PlayService } from "./play-service.ts";
import type { NpcPlayProvider } from "./caller-llm.ts";
import { seedExampleNpcs } from "./seed-examples.ts";

let store: Store;
let ownerId: string;

/** One process: its own repository (persona rows it read) and play service (players it served). */
function process(): { npc: NpcRepository; personas: PersonaService; play: PlayService } {
  const npc = new NpcRepository(store.db);
  return { npc, personas: new PersonaService(npc), play: new PlayService(npc) };
}

let first: ReturnType<typeof process>;
let second: ReturnType<typeof process>;
let kael: NpcPersonaRow;

beforeAll(async () => {
  store = await openTestStore();
  ownerId = (await new AccountRepository(store.db).create("processes", 0)).id;
}, 60_000);
afterAll(async () => store?.close());

beforeEach(async () => {
  // A fresh Kael for each test (edits and deletes below).
  const existing = await new NpcRepository(store.db).findPersonaByName(ownerId, "Merchant Kael");
  if (existing) await new NpcRepository(store.db).deletePersona(store.db, existing.id);
  await seedExampleNpcs(store.db, ownerId);
  kael = (await new NpcRepository(store.db).findPersonaByName(ownerId, "Merchant Kael")) as NpcPersonaRow;
  first = process();
  second = process();
});

/** A message from an anonymous player, as the chat route sends it (the persona as the process last read it). */
async function say(at: ReturnType<typeof process>, player: string, message: string) {
  const persona = await at.personas.playable(kael.id, null);
  return (await at.play.sendMessage(persona, { userSessionId: player, machineId: "haggle", message })).response;
}

describe("turns of one player served by two processes in turn", () => {
  it("are each played from the latest state, and all of them are stored", async () => {
    const messages = ["hello", "what do you sell?", "I want to buy a lantern", "hmm", "too much", "really?"];
    const alternating = [];
    for (const [index, message] of messages.entries()) alternating.push(await say(index % 2 === 0 ? first : second, "alternating", message));
    const alone = [];
    for (const message of messages) alone.push(await say(first, "alone", message));

    const turnOf = (response: { message: string; current_state: string; score: number; redirect_count: number }) => [response.message, response.current_state, response.score, response.redirect_count];
    expect(alternating.map(turnOf)).toEqual(alone.map(turnOf));
    const stored = async (player: string) => (await first.npc.playerEvents(kael.id, player)).map((row) => (row.payload as { type: string }).type);
    expect(await stored("alternating")).toEqual(await stored("alone"));
  });
});

describe("with a model provider", () => {
  it("a turn is computed once even when another process served the player's previous turn: the model is never asked twice", async () => {
    let computed = 0;
    // Parts as a model provider's look: turns computed, and a key check (not offline).
    const modelParts: NpcPlayProvider = {
      description: "counting",
      conversationWindow: 0,
      forTurn: () => ((computed += 1), {}),
      forCaller: () => modelParts,
      checkCaller: async () => ({ valid: true, model: "counting", error: null }),
    };
    const withModel = () => {
      const npc = new NpcRepository(store.db);
      return { npc, personas: new PersonaService(npc), play: new PlayService(npc, modelParts) };
    };
    const [one, two] = [withModel(), withModel()];
    const messages = ["hello", "I want to buy a lantern", "hmm", "too much"];
    for (const [index, message] of messages.entries()) await say(index % 2 === 0 ? one : two, "with-model", message);

    // One opening (the first message opens the haggle), then one computation per message.
    expect(computed).toBe(1 + messages.length);
  });
});

describe("a change made by another process", () => {
  it("a reset: the next turn here starts the machine again", async () => {
    await say(first, "reset", "I want to buy a lantern");
    await say(first, "reset", "hmm");
    await second.play.resetMachine(kael, "reset", "haggle");
    const after = await say(first, "reset", "I want to buy a lantern");
    expect(after).toMatchObject({ current_state: "haggling", score: 5, redirect_count: 0 });
    expect((await first.npc.playerEvents(kael.id, "reset")).filter((row) => row.type === "machine-start")).toHaveLength(1);
  });

  it("an edit of the persona: the next turn here plays the new definition", async () => {
    await say(first, "edit", "I want to buy a lantern");
    const definition = storedDefinitionOf(kael);
    const edited = {
      ...definition,
      machines: definition.machines.map((machine) =>
        machine.machine_key !== "haggle" ? machine : { ...machine, states: machine.states.map((state) => (state.state_key === "haggling" ? { ...state, lines: ["The edited line."] } : state)) },
      ),
    };
    await second.npc.updatePersona(store.db, kael.id, { definition: edited });
    expect((await say(first, "edit", "hmm")).message).toBe("The edited line.");
  });

  it("the persona made private: an anonymous player's next turn here is 404, and nothing is stored", async () => {
    await say(first, "private", "I want to buy a lantern");
    const before = await first.npc.playCounts(kael.id);
    await second.npc.updatePersona(store.db, kael.id, { isPublic: false });
    await expect(say(first, "private", "hmm")).rejects.toSatisfy((error) => ServiceError.isInstance(error) && (error as ServiceError).kind === "not_found");
    expect(await first.npc.playCounts(kael.id)).toEqual(before);
  });

  it("the persona deleted: the next turn here is 404", async () => {
    await say(first, "deleted", "I want to buy a lantern");
    await second.npc.deletePersona(store.db, kael.id);
    await expect(say(first, "deleted", "hmm")).rejects.toSatisfy((error) => ServiceError.isInstance(error) && (error as ServiceError).kind === "not_found");
  });
});
