/**
 * The play page's script and style, served from `/play/assets/…` so that the page's
 * Content-Security-Policy can forbid inline code. The script reads the manifest from the page's JSON
 * data block and talks to the web chat routes; it sets every text with `textContent`.
 *
 * What it does: a player id kept in this browser; the player's name; the scenarios this player may
 * play, starting on the one they are in (a reload resumes it); a machine that auto-advances is
 * followed at once; a reset forgets this player's progress; and, when the server plays offline, a
 * short notice of what the author was warned about.
 */
export const PLAY_PAGE_SCRIPT = `"use strict";
(function () {
  const manifest = JSON.parse(document.getElementById("manifest").textContent);
  const id = manifest.persona.id;
  const byId = (name) => document.getElementById(name);
  const select = byId("machine"), log = byId("log"), input = byId("message"), send = document.querySelector("#say button");
  const nameInput = byId("player-name");
  // randomUUID exists only in secure contexts; a server reached over plain http by name still plays.
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join(""));
  const player = localStorage.getItem("dramatis-player") || newId();
  localStorage.setItem("dramatis-player", player);
  nameInput.value = localStorage.getItem("dramatis-player-name") || "";
  nameInput.onchange = () => localStorage.setItem("dramatis-player-name", nameInput.value.trim());
  document.title = manifest.persona.name;
  byId("name").textContent = manifest.persona.name;
  byId("description").textContent = manifest.persona.description;

  if (manifest.offline && manifest.warnings.length > 0) {
    byId("notice").hidden = false;
    byId("notice-summary").textContent = "This server plays without a language model; the author was told " + manifest.warnings.length + " thing(s) may not play as intended.";
    for (const warning of manifest.warnings) {
      const item = document.createElement("li");
      item.textContent = warning.msg;
      byId("notice-list").append(item);
    }
  }

  const query = "?user_session_id=" + encodeURIComponent(player);
  function say(who, text, meta) {
    const line = document.createElement("div"); line.className = who; line.textContent = text; log.append(line);
    if (meta) { const note = document.createElement("div"); note.className = "meta"; note.textContent = meta; log.append(note); }
    log.scrollTop = log.scrollHeight;
  }
  function enable(on) { input.disabled = !on; send.disabled = !on; if (on) input.focus(); }
  async function call(method, path, body) {
    const response = await fetch(path, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    const json = await response.json();
    if (!response.ok) throw new Error(json.error ? json.error.message : response.statusText);
    return json;
  }
  async function refresh() {
    const [available, progress] = await Promise.all([
      call("GET", "/api/v1/personas/" + id + "/available-machines" + query),
      call("GET", "/api/v1/personas/" + id + "/progress" + query),
    ]);
    const open = new Set(available.map((machine) => machine.machine_id));
    select.replaceChildren(...manifest.machines.filter((machine) => open.has(machine.machine_id)).map((machine) => {
      const option = document.createElement("option"); option.value = machine.machine_id; option.textContent = machine.name; return option;
    }));
    if (progress.current_machine_id && open.has(progress.current_machine_id)) select.value = progress.current_machine_id;
    return progress;
  }
  async function start(machineId) {
    const name = nameInput.value.trim() || null;
    const opened = await call("POST", "/api/v1/chat/" + id + "/init-session?machine_id=" + encodeURIComponent(machineId), { user_session_id: player, player_name: name });
    say("npc", opened.message); enable(true);
  }
  byId("start").onclick = async () => {
    log.replaceChildren();
    try { await start(select.value); } catch (error) { say("meta", error.message); }
  };
  byId("reset").onclick = async () => {
    try { await call("DELETE", "/api/v1/personas/" + id + "/progress" + query); log.replaceChildren(); enable(false); await refresh(); say("meta", "Your progress with " + manifest.persona.name + " is forgotten."); }
    catch (error) { say("meta", error.message); }
  };
  byId("say").onsubmit = async (event) => {
    event.preventDefault();
    const text = input.value.trim(); if (!text) return;
    input.value = ""; say("player", text);
    try {
      const turn = await call("POST", "/api/v1/chat/" + id + "/message?machine_id=" + encodeURIComponent(select.value), { message: text, user_session_id: player });
      const unlocked = (turn.unlocked_machines || []).map((machine) => machine.name).join(", ");
      say("npc", turn.message, "state " + turn.current_state + " · score " + turn.score + (turn.outcome ? " · outcome " + turn.outcome : "") + (unlocked ? " · unlocked: " + unlocked : ""));
      if (!turn.machine_completed) return;
      enable(false);
      await refresh();
      const next = (turn.unlocked_machines || []).find((machine) => machine.is_auto_advance);
      if (next) { select.value = next.machine_id; await start(next.machine_id); }
    } catch (error) { say("meta", error.message); }
  };
  refresh().then((progress) => (progress.current_machine_id ? start(progress.current_machine_id) : undefined)).catch((error) => say("meta", error.message));
})();
`;

export const PLAY_PAGE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin:0 0 .25rem}.muted{color:#666}
#log{border:1px solid #ddd;border-radius:8px;padding:1rem;min-height:14rem;margin:1rem 0;overflow:auto;max-height:60vh}
.npc{margin:.5rem 0}.player{margin:.5rem 0;text-align:right;color:#0b57d0}.meta{font-size:.85em;color:#666;margin:.25rem 0 .75rem}
.notice{background:#fff8e1;border:1px solid #f0d58c;border-radius:8px;padding:.5rem .75rem;margin:1rem 0;font-size:.9em}
form{display:flex;gap:.5rem}input[type=text]{flex:1;padding:.5rem;font:inherit}button,select{padding:.5rem 1rem;font:inherit}
`;
