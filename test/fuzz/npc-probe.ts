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
