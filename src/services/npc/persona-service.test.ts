/**
 * Saving large personas without stalling the server: with no worker threads, a save at the caps is
 * checked in slices with turns of the event loop between them (in a thread: `save-check.test.ts`),
 * and heavy saves take turns (a few at once, a few waiting, the rest refused with a time to retry).
 * On the real embedded store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../../../test/helpers/app.ts";
import type { Store } from "../../store/database.ts";
import { AccountRepository, type Account } from "../../store/accounts.ts";
import { NpcRepository } from "../../store/npc.ts";
import { MAX_MACHINES_PER_PERSONA, MAX_STATES_PER_MACHINE } from "../../npc/limits.ts";
import { HEAVY_SAVE_ELEMENTS, PersonaService, SaveChecks, saveElements } from "./persona-service.ts";
import { SaveQueueFullError } from "./save-admission.ts";

let store: Store;
let account: Account;
/** Every check on this thread, as with `DRAMATIS_ENGINE_THREADS=0`. */
const onThisThread = new SaveChecks(null);

beforeAll(async () => {
  store = await openTestStore();
  account = await new AccountRepository(store.db).create("saver");
});
afterAll(async () => store?.close());

/** `machineCount` machines, each a chain of `stateCount` states (the review's body at the caps: 200 × 50, 0.9 MB). */
function chains(stateCount: number, machineCount: number) {
  const machines = Array.from({ length: machineCount }, (_, machineIndex) => ({
    machine_key: `m${machineIndex}`,
    name: "M",
    states: Array.from({ length: stateCount }, (_, index) => ({
      state_key: `a${index}`,
      ...(index === 0 ? { is_initial_state: true } : {}),
      ...(index === stateCount - 1 ? { is_terminal_state: true } : {}),
    })),
    transitions: Array.from({ length: stateCount - 1 }, (_, index) => ({ from_state_key: `a${index}`, to_state_key: `a${index + 1}`, decision_type: "pass" })),
  }));
  const machine_links = machines.slice(1).map((machine, index) => ({ source_machine_key: `m${index}`, target_machine_key: machine.machine_key, condition: { type: "outcome", value: "ACCEPT" } }));
  return { name: "Chains", description: "d", persona_identity_prompt: "p", machines, machine_links };
}

/** A repository whose inserts record themselves in `events` and, when `hold` is set, wait for it. */
function recordingRepository(events: string[], hold?: Promise<void>): NpcRepository {
  const repository = new NpcRepository(store.db);
  const insert = repository.insertPersona.bind(repository);
  repository.insertPersona = async (...args) => {
    events.push("insert");
    await hold;
    return insert(...args);
  };
  return repository;
}

describe("a save at the caps, with no worker threads", () => {
  it("lets the event loop turn while it is checked: other work runs between the save's start and its insert", async () => {
    const events: string[] = [];
    const service = new PersonaService(recordingRepository(events), undefined, onThisThread);
    const body = chains(MAX_STATES_PER_MACHINE, MAX_MACHINES_PER_PERSONA);
    // Something else that wants the event loop (a /healthz request, a chat turn): a turn each time it gets one.
    let saving = true;
    const otherWork = () => {
      events.push("other work");
      if (saving) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    events.push("save started");
    const saved = await service.save(account, body);
    saving = false;
    expect(saved.row.name).toBe("Chains");
    const started = events.indexOf("save started");
    const inserted = events.indexOf("insert");
    // Before: the whole check ran in one go, and the insert came straight after the start.
    const turnsWhileChecking = events.slice(started, inserted).filter((event) => event === "other work").length;
    expect(turnsWhileChecking).toBeGreaterThanOrEqual(MAX_MACHINES_PER_PERSONA);
  });
});

describe("heavy saves take turns", () => {
  const heavy = () => chains(200, Math.ceil(HEAVY_SAVE_ELEMENTS / 399) + 1);

  it("counts states and transitions as sent, whatever the body's shape", () => {
    expect(saveElements(chains(3, 2))).toBe(10);
    expect(saveElements(heavy())).toBeGreaterThan(HEAVY_SAVE_ELEMENTS);
    expect(saveElements({ machines: [null, 1, { states: "x" }] })).toBe(0);
    expect(saveElements("text")).toBe(0);
  });

  it("runs `atOnce` heavy saves, queues `waiting` more, refuses the next with a retry hint, and lets light saves through", async () => {
    const events: string[] = [];
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const service = new PersonaService(recordingRepository(events, hold), { atOnce: 1, waiting: 1, retryAfterSeconds: 7 }, onThisThread);
    const first = service.save(account, heavy());
    const second = service.save(account, heavy());
    // Let the first reach its (held) insert; the second waits in the queue meanwhile.
    while (!events.includes("insert")) await new Promise((resolve) => setImmediate(resolve));
    const third = service.save(account, heavy());
    await expect(third).rejects.toBeInstanceOf(SaveQueueFullError);
    await expect(third).rejects.toMatchObject({ retryAfterSeconds: 7, message: expect.stringMatching(/retry in 7 s/) });
    // A hand-sized persona is not held up behind the heavy ones (its insert is held like theirs).
    const light = service.save(account, chains(3, 2));
    while (events.filter((event) => event === "insert").length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["insert", "insert"]);
    release();
    const saved = await Promise.all([first, second, light]);
    expect(saved.map((result) => result.row.name)).toEqual(["Chains", "Chains", "Chains"]);
    // The queue drained: the next heavy save runs again.
    await expect(service.save(account, heavy())).resolves.toMatchObject({ row: { name: "Chains" } });
  });

  it("a refused or failed heavy save frees its turn", async () => {
    const service = new PersonaService(new NpcRepository(store.db), { atOnce: 1, waiting: 0, retryAfterSeconds: 1 }, onThisThread);
    const broken = { ...heavy(), name: "" };
    await expect(service.save(account, broken)).rejects.toMatchObject({ kind: "invalid_input" });
    await expect(service.save(account, heavy())).resolves.toMatchObject({ row: { name: "Chains" } });
  });
});
