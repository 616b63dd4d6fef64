/**
 * Hostile NPC definitions and turns against a running server (issue 12's D1/D2/D4 classes with
 * inputs of our own):
 *   PROBE_BASE=http://127.0.0.1:8787 PROBE_KEY=ak_… npx tsx test/fuzz/npc-probe.ts [probe…]
 */
import { auth, findingCount, send, verdict } from "./probe-lib.ts";

const json = (value: unknown) => JSON.stringify(value);

function persona(machine: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { name: "Probe", description: "probe", persona_identity_prompt: "You are a probe.", is_public: true, machines: [{ machine_key: "m", name: "M", is_entry: true, ...machine }], ...extra };
}

async function save(label: string, body: unknown): Promise<any> {
  const started = performance.now();
  const answer = await send("POST", "/api/v1/creator/save", json(body), auth());
  verdict(`${label} (${Math.round(performance.now() - started)} ms)`, answer);
  try {
    return JSON.parse(answer.body);
  } catch {
    return null;
  }
}

async function turn(label: string, personaId: string, message: string, session = "probe-player"): Promise<void> {
  const started = performance.now();
  const answer = await send("POST", `/api/v1/chat/${personaId}/message`, json({ user_session_id: session, message }), auth());
  const ms = Math.round(performance.now() - started);
  verdict(`${label} turn (${ms} ms, ${answer.body.length} bytes)`, answer, () => (ms > 2000 ? `turn took ${ms} ms` : null));
}

/**
 * /healthz answered every 20 ms while `concurrent` copies of a large save run: how long the server's
 * thread is held by checking and storing them (the figure a heavy save must keep small).
 */
async function healthDuringSaves(concurrent: number, body: string): Promise<void> {
  let saving = true;
  const probes: number[] = [];
  const prober = (async () => {
    while (saving) {
      const started = performance.now();
      await send("GET", "/healthz");
      probes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const saves = await Promise.all(Array.from({ length: concurrent }, () => send("POST", "/api/v1/creator/save", body, auth())));
  saving = false;
  await prober;
  probes.sort((left, right) => left - right);
  console.log(`${concurrent} concurrent big saves:`, saves.map((answer) => answer.status).join(" "));
  console.log(`healthz during them: ${probes.length} probes, p50 ${Math.round(probes[probes.length >> 1] ?? 0)} ms, max ${Math.round(probes.at(-1) ?? 0)} ms`);
}

const probes: Record<string, () => Promise<void>> = {
  // A player's value repeated by a line's placeholders: the reply's tidying must stay linear.
  async placeholderAmplification() {
    const line = "{{vars.x}}".repeat(199);
    const saved = await save("placeholder line", persona(
      {
        states: [
          { state_key: "s1", label: "S1", is_initial_state: true, lines: ["Say something."] },
          { state_key: "s2", label: "S2", lines: [line] },
          { state_key: "s3", label: "S3", is_terminal_state: true },
        ],
        transitions: [
          { from_state_key: "s1", to_state_key: "s2", decision_type: "pass", priority: 0, when: { exists: { var: "vars.x" } } },
          { from_state_key: "s2", to_state_key: "s3", decision_type: "pass", priority: 0, when: { intent: "go" } },
          { from_state_key: "s1", to_state_key: "s1", decision_type: "redirect", priority: 5 },
          { from_state_key: "s2", to_state_key: "s2", decision_type: "redirect", priority: 5 },
        ],
      },
      { intents: { go: ["go"] }, variables: [{ key: "x", type: "string", extract: [{ regex: "(a[\\s\\S]*b)" }] }] },
    ));
    const id = saved?.persona_id ?? saved?.id;
    if (!id) return;
    for (const size of [500, 1000, 2000, 3990]) await turn(`placeholders x newlines ${size}`, id, `a${"\n".repeat(size)}b`, `pl-${size}`);
    await turn("placeholders x spaces", id, `a${" \u00a0".repeat(1990)}b`, "pl-nbsp");
  },
  // Messages built to be slow for the offline engine's own text handling, on the seeded personas.
  async slowMessages() {
    const list = JSON.parse((await send("GET", "/api/v1/personas?limit=50", undefined, auth())).body) as any[];
    const seeded = list.filter((row) => row.name === "Merchant Kael" || row.name === "Guard Captain Sera");
    const shapes: Record<string, string> = {
      spaces: `a${" ".repeat(3998)}b`,
      newlines: `a${"\n".repeat(3998)}b`,
      mixedSpace: `a${" \u00a0\t\n".repeat(999)}b`,
      dots: ".".repeat(4000),
      dotSpace: ". ".repeat(2000),
      commas: `a${" ,".repeat(1999)}`,
      digits: "9".repeat(4000),
      digitSpaces: "1 ".repeat(2000),
      digitCommas: "1,".repeat(2000),
      words: "name ".repeat(800),
      myName: "my name is ".repeat(363),
      apostrophes: "'".repeat(4000),
      quotes: `"${"a\" ".repeat(1333)}`,
      dashes: "a-".repeat(2000),
      letters: "a".repeat(4000),
      capitals: "Aa".repeat(2000),
      emoji: "😀".repeat(2000),
      combining: `a${"\u0301".repeat(3999)}`,
      currency: "$1,000 ".repeat(571),
      questionMarks: "?".repeat(4000),
      braces: "{{vars.x}}".repeat(400),
    };
    for (const row of seeded) {
      for (const [shape, message] of Object.entries(shapes)) await turn(`${row.name} ${shape}`, row.id, message, `slow-${shape}`);
    }
  },
  // A creator's long texts (instructions, identity) are read every turn when a state has no lines.
  async creatorTexts() {
    const shapes: Record<string, string> = {
      spaces: `Ask ${" ".repeat(19_990)}x`,
      words: "Ask the traveller what they want and ".repeat(540),
      dots: `Ask${".".repeat(19_990)}`,
      commas: `Ask them${" ,".repeat(9_990)}`,
      quotes: `Ask "${"a' ".repeat(6_600)}`,
      clauses: "Tell me, if you will, whether you ".repeat(580),
      newlines: `Ask\n${"\n ".repeat(9_990)}x`,
      youYour: "you your you're yours ".repeat(900),
    };
    for (const [shape, text] of Object.entries(shapes)) {
      const saved = await save(`instruction ${shape}`, {
        ...persona(
          {
            states: [
              { state_key: "s1", label: "S1", is_initial_state: true, prompt_instruction: text },
              { state_key: "s2", label: "S2", is_terminal_state: true },
            ],
            transitions: [
              { from_state_key: "s1", to_state_key: "s2", decision_type: "pass" },
              { from_state_key: "s1", to_state_key: "s1", decision_type: "redirect" },
            ],
          },
          { persona_identity_prompt: text, description: text.slice(0, 2000) },
        ),
      });
      const id = saved?.persona_id;
      if (!id) continue;
      const started = performance.now();
      const opened = await send("POST", `/api/v1/chat/${id}/init-session`, json({ user_session_id: `ct-${shape}` }), auth());
      verdict(`init ${shape} (${Math.round(performance.now() - started)} ms)`, opened);
      await turn(`foil-style ${shape} hostile`, id, "I will kill you, you fool", `ct-${shape}`);
      await turn(`foil-style ${shape} long`, id, `${"why ".repeat(999)}`, `ct2-${shape}`);
    }
  },
  // Patterns whose compiled program is huge: refused at save, quickly, naming the cap.
  async regexCompile() {
    const patterns = [
      "(((a{1,1000}){1,1000}){1,1000})",
      "((((((((((a{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
      "(?:a{1000}){1000}",
      "[\\s\\S]{1000}",
      "\\p{L}{1000}",
      "(?:\\p{L}|\\p{N}|\\p{P}){500}",
      "(a|b|c|d|e|f|g|h|i|j|k){1000}",
      "(?i)[^a]{1000}",
      "a{1001}",
      "(?P<n>a)(?P<n>b)",
      "\\1",
      "(?=a)",
      "x".repeat(501),
    ];
    for (const regex of patterns) {
      await save(`regex ${regex.slice(0, 40)}`, persona(
        {
          states: [
            { state_key: "s1", label: "S1", is_initial_state: true, lines: ["Hi."] },
            { state_key: "s2", label: "S2", is_terminal_state: true, lines: ["Bye."] },
          ],
          transitions: [{ from_state_key: "s1", to_state_key: "s2", decision_type: "pass", when: { regex } }],
        },
      ));
    }
    // Many patterns at the per-pattern cap.
    const many = Array.from({ length: 300 }, (_, index) => ({ from_state_key: "s1", to_state_key: "s2", decision_type: "pass", priority: index, when: { regex: `[a-z]{1,120}${index}` } }));
    await save("300 big regexes", persona({ states: [{ state_key: "s1", label: "S1", is_initial_state: true, lines: ["Hi."] }, { state_key: "s2", label: "S2", is_terminal_state: true }], transitions: many }));
  },
  // Definitions at the caps: deep, wide and big saves are refused or accepted quickly.
  async bigDefinitions() {
    let deep: unknown = { intent: "go" };
    for (let depth = 0; depth < 40; depth++) deep = { not: deep };
    const base = { states: [{ state_key: "s1", label: "S1", is_initial_state: true, lines: ["Hi."] }, { state_key: "s2", label: "S2", is_terminal_state: true }] };
    await save("not x40", persona({ ...base, transitions: [{ from_state_key: "s1", to_state_key: "s2", decision_type: "pass", when: deep }] }, { intents: { go: ["go"] } }));
    await save("all x5000", persona({ ...base, transitions: [{ from_state_key: "s1", to_state_key: "s2", decision_type: "pass", when: { all: Array.from({ length: 5000 }, () => ({ intent: "go" })) } }] }, { intents: { go: ["go"] } }));
    // As many machines, states and transitions as fit in the body limit, every state reachable.
    const machines = Array.from({ length: 50 }, (_, machine) => {
      const states = Array.from({ length: 200 }, (_, index) => ({ state_key: `s${index}`, label: `S${index}`, ...(index === 0 ? { is_initial_state: true } : {}), ...(index === 199 ? { is_terminal_state: true } : {}) }));
      const transitions = Array.from({ length: 300 }, (_, index) => ({ from_state_key: `s${index % 199}`, to_state_key: `s${(index % 199) + 1}`, decision_type: "pass", priority: index }));
      return { machine_key: `m${machine}`, name: `M${machine}`, is_entry: machine === 0, states, transitions };
    });
    const body = { name: "Big", description: "big", persona_identity_prompt: "You are big.", is_public: false, machines };
    console.log(`body ${JSON.stringify(body).length} bytes`);
    await save("50x200 states, 50x300 transitions", body);
    const smaller = { ...body, machines: machines.slice(0, 25) };
    console.log(`body ${JSON.stringify(smaller).length} bytes`);
    const saved = await save("25x200 states, 25x300 transitions", smaller);
    const id = saved?.persona_id;
    if (id) await turn("big definition", id, "hello");
    for (const concurrent of [1, 8]) await healthDuringSaves(concurrent, JSON.stringify(smaller));
  },
};

const chosen = process.argv.slice(2);
for (const [name, probe] of Object.entries(probes)) {
  if (chosen.length === 0 || chosen.includes(name)) {
    console.log(`--- ${name}`);
    await probe();
  }
}
console.log(`${findingCount()} findings`);
process.exitCode = findingCount() > 0 ? 1 : 0;
