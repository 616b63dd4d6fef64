/**
 * A heavy save is checked in a worker thread, with the same answer as on the HTTP thread: the same
 * definition and warnings, the same 422 details (loc in the body as sent, caps named), and the HTTP
 * thread stays free for other requests meanwhile. On the real engine thread and the real store.
 */
import { BroadcastChannel } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../../../test/helpers/app.ts";
import type { Store } from "../../store/database.ts";
import { AccountRepository, type Account } from "../../store/accounts.ts";
import { NpcRepository } from "../../store/npc.ts";
import { MAX_MACHINES_PER_PERSONA, MAX_STATES_PER_MACHINE, MAX_TRANSITIONS_PER_MACHINE } from "../../npc/limits.ts";
import { EnginePool } from "../../workers/engine-pool.ts";
import { HEAVY_SAVE_ELEMENTS, PersonaService, SaveChecks, saveElements } from "./persona-service.ts";
import { withoutIds, type StoredDefinition } from "./stored-definition.ts";

let store: Store;
let account: Account;
/** One real engine thread for the file (a thread costs seconds of CPU to start). */
const pool = new EnginePool(1);
const threaded = new SaveChecks(() => pool);
const inline = new SaveChecks(null);

beforeAll(async () => {
  store = await openTestStore();
  account = await new AccountRepository(store.db).create("checker");
});
afterAll(async () => {
  await pool.destroy();
  await store?.close();
});

/** Heavy enough to go to the thread: `machineCount` chains of `stateCount` states, in Foil's `/full` shape. */
function heavyBody(stateCount = 200, machineCount = 3) {
  const machines = Array.from({ length: machineCount }, (_, machineIndex) => ({
    machine_key: `m${machineIndex}`,
    name: `M${machineIndex}`,
    states: Array.from({ length: stateCount }, (_, index) => ({
      state_key: `a${index}`,
      label: `A${index}`,
      ...(index === 0 ? { is_initial_state: true } : {}),
      ...(index === stateCount - 1 ? { is_terminal_state: true } : {}),
    })),
    transitions: Array.from({ length: stateCount - 1 }, (_, index) => ({ from_state_id: `A${index}`, to_state_key: `a${index + 1}`, decision_type: "pass", when: { intent: "go" } })),
  }));
  return { persona: { name: "Heavy", description: "d", persona_identity_prompt: "p" }, machines, intents: { go: ["go"] } };
}

/** Each kind of refusal, on a body heavy enough for the thread. */
const refused: Record<string, () => unknown> = {
  "a missing name (loc under `persona`, as sent)": () => ({ ...heavyBody(), persona: { description: "d", persona_identity_prompt: "p" } }),
  "a transition to a state that is not there (loc at `from_state_id`)": () => {
    const body = heavyBody();
    body.machines[1]!.transitions[5]!.from_state_id = "nowhere";
    return body;
  },
  "a wrong type deep inside": () => {
    const body = heavyBody() as any;
    body.machines[2].transitions[7].decision_type = 42;
    return body;
  },
  "an undeclared intent": () => ({ ...heavyBody(), intents: {} }),
  "too many states in a machine (the cap named)": () => heavyBody(MAX_STATES_PER_MACHINE + 1, 2),
  "too many machines (the cap named)": () => heavyBody(12, MAX_MACHINES_PER_PERSONA + 1),
  "too many transitions in a machine (the cap named)": () => {
    const body = heavyBody(20, 2) as any;
    body.machines[0].transitions = Array.from({ length: MAX_TRANSITIONS_PER_MACHINE + 1 }, () => ({ from_state_key: "a0", to_state_key: "a1", decision_type: "pass" }));
    return body;
  },
};

describe("a heavy save checked in a thread", () => {
  it("every body here is heavy (it goes to the thread)", () => {
    expect(saveElements(heavyBody())).toBeGreaterThan(HEAVY_SAVE_ELEMENTS);
    for (const make of Object.values(refused)) expect(saveElements(make())).toBeGreaterThan(HEAVY_SAVE_ELEMENTS);
  });

  it("gives the same definition and warnings as on the HTTP thread", async () => {
    const body = { ...heavyBody(), variables: [{ key: "x", type: "string" }] };
    const [here, there] = await Promise.all([inline.check(body, false), threaded.check(body, false)]);
    expect(here.ok).toBe(true);
    // JSON text: what is stored is the same bytes (a key left undefined is not stored either).
    expect(JSON.stringify(there)).toBe(JSON.stringify(here));
    if (here.ok) expect(here.warnings.length).toBeGreaterThan(0);
  });

  it("gives a new persona its ids in the thread, the same definition otherwise", async () => {
    const body = heavyBody();
    const [here, there] = await Promise.all([inline.check(body, true), threaded.check(body, true)]);
    if (!here.ok || !there.ok || !here.ids || !there.ids) throw new Error("both should pass, with ids");
    expect(withoutIds(there.definition)).toEqual(withoutIds(here.definition));
    const ids = (definition: StoredDefinition) => definition.machines.flatMap((machine) => [machine.id, ...machine.states.map((state) => state.id), ...machine.transitions.map((transition) => transition.id)]);
    expect(new Set(ids(there.definition)).size).toBe(ids(here.definition).length);
  });

  for (const [kind, make] of Object.entries(refused)) {
    it(`refuses ${kind} with the same 422 details`, async () => {
      const body = make();
      const [here, there] = await Promise.all([inline.check(body, true), threaded.check(body, true)]);
      expect(here.ok).toBe(false);
      expect(there).toEqual(here);
    });
  }

  it("names the cap in the refusal", async () => {
    const check = await threaded.check(heavyBody(MAX_STATES_PER_MACHINE + 1, 2), true);
    expect(JSON.stringify(check)).toContain(String(MAX_STATES_PER_MACHINE));
  });

  it("a service saving through the thread stores and answers as before", async () => {
    const service = new PersonaService(new NpcRepository(store.db), undefined, threaded);
    const created = await service.save(account, heavyBody());
    expect(created.row.name).toBe("Heavy");
    const stored = created.row.definition as StoredDefinition;
    expect(stored.machines[0]!.states[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    // An update keeps the ids of what it keeps.
    const updated = await service.save(account, heavyBody(), created.row.id);
    expect((updated.row.definition as StoredDefinition).machines[0]!.states[0]!.id).toBe(stored.machines[0]!.states[0]!.id);
    await expect(service.save(account, refused["a missing name (loc under `persona`, as sent)"]!())).rejects.toMatchObject({
      kind: "invalid_input",
      details: [expect.objectContaining({ loc: ["persona", "name"] })],
    });
  });
});

describe("while a heavy save is checked in its thread", () => {
  it("the service answers other requests: a light save completes before the heavy one", async () => {
    const held = new EnginePool(1, new URL("./__fixtures__/held-save-thread.mjs", import.meta.url));
    const channel = new BroadcastChannel("held-save-thread");
    try {
      const service = new PersonaService(new NpcRepository(store.db), undefined, new SaveChecks(() => held));
      const started = new Promise<void>((resolve) => (channel.onmessage = (event) => event.data === "started" && resolve()));
      const order: string[] = [];
      const heavy = service.save(account, heavyBody()).then(() => order.push("heavy"));
      // Before: the heavy body was checked on this thread and never reached a thread (this waited forever).
      await started;
      await service.save(account, { ...heavyBody(3, 1), persona: { name: "Light", description: "d", persona_identity_prompt: "p" } });
      order.push("light");
      channel.postMessage("release");
      await heavy;
      expect(order).toEqual(["light", "heavy"]);
    } finally {
      channel.close();
      await held.destroy();
    }
  });
});
