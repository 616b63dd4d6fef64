/**
 * Reads a save body written from Foil Engine's docs alone, or a `/full` answer sent back as it is,
 * into the shape `validateDefinition` reads. Pure and linear in the size of the body; it never
 * refuses anything (the validator does), it only fills in what Foil's docs leave out:
 *
 * - `/full`'s shape `{persona: {name, description, …}, machines, variables, machine_links, intents}`:
 *   the persona's fields are read from `persona` when the top level does not carry them;
 * - a machine without `machine_key`: a slug of its `name` (`"The Dawn Gate"` → `the_dawn_gate`), made
 *   unique with `_2`, `_3`…; with neither, `scenario_N` (N counts machines from 1);
 * - a machine without `name`: its key in words (`gate_interrogation` → "Gate interrogation"), or
 *   "Scenario N";
 * - a state without `state_key`: a slug of its `label`, else `state_N`, unique within its machine;
 * - references by any string id Foil shows (`abc123`, not only UUIDs): a transition's
 *   `from_state_key`/`to_state_key` (or `from_state_id`/`to_state_id`) may name a state by key, by
 *   `id`, by `label`, or by a label's slug; a link's `source_machine_key`/`target_machine_key` (or
 *   `…_machine_id`) may name a machine by key, `id`, `name` or a name's slug.
 *
 * Problems stay where the author wrote them: `originalLoc` turns a `loc` of the read body back into
 * the body as sent (`["name"]` → `["persona", "name"]`, `[…, "from_state_key"]` →
 * `[…, "from_state_id"]`, a derived key → the field it was derived from).
 */
import { foldText } from "./text.ts";

type Loc = Array<string | number>;
type Fields = Record<string, unknown>;

export interface FoilBodyReading {
  /** The body in the shape the validator reads (the input itself when there was nothing to read). */
  body: unknown;
  /** Where a `loc` of `body` points in the body as it was sent. */
  originalLoc(loc: Loc): Loc;
}

/** The persona fields `/full` nests under `persona`. */
const PERSONA_FIELDS = ["name", "description", "persona_identity_prompt", "perplexity_description", "is_public"] as const;

/** Slugs are cut to this many characters (well under the validator's key cap, leaving room for `_N`). */
const SLUG_CHARS = 64;

function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(fields: Fields, key: string): unknown {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

/** Left out, null, or only whitespace: what the docs' examples mean by "not given". */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** `"The Dawn Gate!"` → `the_dawn_gate`; "" when nothing is left. */
export function slugOf(text: string): string {
  return foldText(text.slice(0, SLUG_CHARS * 4))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, SLUG_CHARS)
    .replace(/_+$/, "");
}

/** `gate_interrogation` → "Gate interrogation". */
function wordsOf(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words === "" ? key : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** Hands out keys unique among those already taken, continuing each base's count (linear overall). */
class KeyMint {
  private readonly taken = new Set<string>();
  private readonly next = new Map<string, number>();
  take(key: string): void {
    this.taken.add(key);
  }
  unique(base: string): string {
    let key = base;
    let suffix = this.next.get(base) ?? 2;
    while (this.taken.has(key)) key = `${base}_${suffix++}`;
    this.next.set(base, suffix);
    this.taken.add(key);
    return key;
  }
}

/** Loc prefixes of the read body and where they were in the body as sent; the longest match wins. */
class LocMap {
  private readonly entries = new Map<string, Loc>();
  add(read: Loc, sent: Loc): void {
    this.entries.set(JSON.stringify(read), sent);
  }
  originalLoc(loc: Loc): Loc {
    for (let length = loc.length; length > 0; length--) {
      const sent = this.entries.get(JSON.stringify(loc.slice(0, length)));
      if (sent) return [...sent, ...loc.slice(length)];
    }
    return loc;
  }
}

/** Resolves a reference to a key: by key first, then by id, by name, and by a name's slug. */
class Directory {
  private readonly keys = new Set<string>();
  private readonly others = new Map<string, string>();
  addKey(key: string): void {
    this.keys.add(key);
  }
  /** An id or a name; the first owner of a text keeps it, and a key always wins over it. */
  addAlias(alias: unknown, key: string): void {
    if (typeof alias === "string" && alias !== "" && !this.others.has(alias)) this.others.set(alias, key);
  }
  resolve(reference: unknown): unknown {
    if (typeof reference !== "string" || this.keys.has(reference)) return reference;
    const aliased = this.others.get(reference);
    if (aliased !== undefined) return aliased;
    const slug = slugOf(reference);
    return this.keys.has(slug) ? slug : reference;
  }
}

/** The first of `fields`' keys that is given, with its name (`from_state_key`, else `from_state_id`). */
function firstGiven(fields: Fields, names: readonly string[]): { name: string; value: unknown } | undefined {
  for (const name of names) {
    const value = own(fields, name);
    if (!isBlank(value)) return { name, value };
  }
  return undefined;
}

/** Sets `field` from the first given of `names`, resolved; the loc of `field` maps to where it came from. */
function readReference(fields: Fields, field: string, names: readonly string[], directory: Directory, locs: LocMap, base: Loc): void {
  const given = firstGiven(fields, names);
  if (!given) return;
  fields[field] = directory.resolve(given.value);
  if (given.name !== field) locs.add([...base, field], [...base, given.name]);
}

function readStates(states: unknown[], base: Loc, locs: LocMap): Directory {
  const mint = new KeyMint();
  const directory = new Directory();
  const records = states.map((state) => (isFields(state) ? { ...state } : state));
  for (const state of records) {
    if (isFields(state) && typeof state.state_key === "string" && !isBlank(state.state_key)) mint.take(state.state_key);
  }
  records.forEach((state, index) => {
    if (!isFields(state)) return;
    if (isBlank(own(state, "state_key"))) {
      const label = own(state, "label");
      const fromLabel = typeof label === "string" ? slugOf(label) : "";
      state.state_key = mint.unique(fromLabel || `state_${index + 1}`);
      locs.add([...base, index, "state_key"], fromLabel ? [...base, index, "label"] : [...base, index]);
    }
    if (typeof state.state_key === "string") directory.addKey(state.state_key);
  });
  for (const state of records) {
    if (!isFields(state) || typeof state.state_key !== "string") continue;
    directory.addAlias(own(state, "id"), state.state_key);
    directory.addAlias(own(state, "label"), state.state_key);
  }
  states.splice(0, states.length, ...records);
  return directory;
}

function readMachine(machine: Fields, index: number, mint: KeyMint, locs: LocMap): void {
  const base: Loc = ["machines", index];
  const name = own(machine, "name");
  const hasName = typeof name === "string" && !isBlank(name);
  let keyFromNothing = false;
  if (isBlank(own(machine, "machine_key"))) {
    const fromName = hasName ? slugOf(name) : "";
    keyFromNothing = fromName === "";
    machine.machine_key = mint.unique(fromName || `scenario_${index + 1}`);
    locs.add([...base, "machine_key"], fromName ? [...base, "name"] : base);
  }
  if (!hasName && isBlank(name)) {
    const key = machine.machine_key;
    machine.name = typeof key === "string" && !keyFromNothing ? wordsOf(key) : `Scenario ${index + 1}`;
    locs.add([...base, "name"], base);
  }
  const states = own(machine, "states");
  if (!Array.isArray(states)) return;
  const copied = [...states];
  machine.states = copied;
  const directory = readStates(copied, [...base, "states"], locs);
  const transitions = own(machine, "transitions");
  if (!Array.isArray(transitions)) return;
  machine.transitions = transitions.map((transition, transitionIndex) => {
    if (!isFields(transition)) return transition;
    const copy = { ...transition };
    const here: Loc = [...base, "transitions", transitionIndex];
    readReference(copy, "from_state_key", ["from_state_key", "from_state_id", "from_state"], directory, locs, here);
    readReference(copy, "to_state_key", ["to_state_key", "to_state_id", "to_state"], directory, locs, here);
    return copy;
  });
}

function readMachines(body: Fields, locs: LocMap): Directory {
  const directory = new Directory();
  const machines = own(body, "machines");
  if (!Array.isArray(machines)) return directory;
  const records = machines.map((machine) => (isFields(machine) ? { ...machine } : machine));
  body.machines = records;
  const mint = new KeyMint();
  for (const machine of records) {
    if (isFields(machine) && typeof machine.machine_key === "string" && !isBlank(machine.machine_key)) mint.take(machine.machine_key);
  }
  records.forEach((machine, index) => {
    if (!isFields(machine)) return;
    readMachine(machine, index, mint, locs);
    if (typeof machine.machine_key === "string") directory.addKey(machine.machine_key);
  });
  for (const machine of records) {
    if (!isFields(machine) || typeof machine.machine_key !== "string") continue;
    directory.addAlias(own(machine, "id"), machine.machine_key);
    directory.addAlias(own(machine, "name"), machine.machine_key);
  }
  return directory;
}

function readLinks(body: Fields, machines: Directory, locs: LocMap): void {
  const links = own(body, "machine_links");
  if (!Array.isArray(links)) return;
  body.machine_links = links.map((link, index) => {
    if (!isFields(link)) return link;
    const copy = { ...link };
    const here: Loc = ["machine_links", index];
    readReference(copy, "source_machine_key", ["source_machine_key", "source_machine_id"], machines, locs, here);
    readReference(copy, "target_machine_key", ["target_machine_key", "target_machine_id"], machines, locs, here);
    return copy;
  });
}

/** The body `validateDefinition` reads, and the way back to the author's locs. See the header. */
export function readFoilBody(input: unknown): FoilBodyReading {
  const locs = new LocMap();
  if (!isFields(input)) return { body: input, originalLoc: (loc) => loc };
  const body: Fields = { ...input };
  const persona = own(input, "persona");
  if (isFields(persona)) {
    for (const field of PERSONA_FIELDS) {
      if (own(body, field) !== undefined) continue;
      // Even when `persona` lacks it too, that is where the author of a `/full` body looks for it.
      locs.add([field], ["persona", field]);
      if (own(persona, field) !== undefined) body[field] = own(persona, field);
    }
  }
  const machines = readMachines(body, locs);
  readLinks(body, machines, locs);
  return { body, originalLoc: (loc) => locs.originalLoc(loc) };
}
