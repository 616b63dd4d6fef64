/**
 * `GET /play/{persona_id}`: where a publish's `play_link` leads. It answers JSON (the persona, its
 * machines, and the chat endpoints to call) to API clients, and a small self-contained page that
 * plays the persona to browsers, until the web UI (a later step) takes over. Only public personas.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext, NpcServices } from "../context.ts";
import { parseId } from "../validate-body.ts";
import { personaFull } from "../../services/npc/persona-service.ts";

export function registerNpcPlayPage(server: FastifyInstance, _context: AppContext, services: NpcServices): void {
  server.get<{ Params: { id: string } }>("/play/:id", async (request, reply) => {
    const id = parseId(request.params.id);
    const full = personaFull(await services.personas.visible(id, null));
    const base = `/api/v1/chat/${id}`;
    const manifest = {
      persona: full.persona,
      machines: (full.machines as Array<{ id: string; machine_key: string; name: string; description?: string }>).map((machine) => ({
        machine_id: machine.id,
        machine_key: machine.machine_key,
        name: machine.name,
        description: machine.description ?? "",
      })),
      endpoints: {
        init_session: `${base}/init-session?machine_id={machine_id}`,
        message: `${base}/message?machine_id={machine_id}`,
        message_stream: `${base}/message/stream?machine_id={machine_id}`,
        progress: `/api/v1/personas/${id}/progress?user_session_id={user_session_id}`,
        available_machines: `/api/v1/personas/${id}/available-machines?user_session_id={user_session_id}`,
      },
    };
    if (!prefersHtml(request)) return manifest;
    return reply.type("text/html; charset=utf-8").send(playPage(manifest));
  });
}

function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? "";
  return accept.includes("text/html") && !accept.startsWith("application/json");
}

/** The manifest is embedded as JSON and every text is set with textContent: nothing is parsed as HTML. */
function playPage(manifest: unknown): string {
  const data = JSON.stringify(manifest).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Play</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin:0 0 .25rem}.muted{color:#666}#log{border:1px solid #ddd;border-radius:8px;padding:1rem;min-height:14rem;margin:1rem 0;overflow:auto;max-height:60vh}
.npc{margin:.5rem 0}.player{margin:.5rem 0;text-align:right;color:#0b57d0}.meta{font-size:.85em;color:#666;margin:.25rem 0 .75rem}
form{display:flex;gap:.5rem}input[type=text]{flex:1;padding:.5rem;font:inherit}button,select{padding:.5rem 1rem;font:inherit}
</style></head><body>
<h1 id="name"></h1><p id="description" class="muted"></p>
<p><label>Scenario <select id="machine"></select></label> <button id="start" type="button">Start</button></p>
<div id="log" aria-live="polite"></div>
<form id="say"><input id="message" type="text" autocomplete="off" placeholder="Say something…" disabled><button disabled>Send</button></form>
<script id="manifest" type="application/json">${data}</script>
<script>
const manifest = JSON.parse(document.getElementById("manifest").textContent);
const id = manifest.persona.id;
const player = localStorage.getItem("dramatis-player") || crypto.randomUUID();
localStorage.setItem("dramatis-player", player);
document.title = manifest.persona.name;
document.getElementById("name").textContent = manifest.persona.name;
document.getElementById("description").textContent = manifest.persona.description;
const select = document.getElementById("machine"), log = document.getElementById("log");
const input = document.getElementById("message"), send = document.querySelector("#say button");
function option(m){const o=document.createElement("option");o.value=m.machine_id;o.textContent=m.name;return o;}
async function refresh(){
  const available = await (await fetch("/api/v1/personas/"+id+"/available-machines?user_session_id="+encodeURIComponent(player))).json();
  const open = new Set((Array.isArray(available)?available:available.available_machines||[]).map(m=>m.machine_id));
  select.replaceChildren(...manifest.machines.filter(m=>open.size===0||open.has(m.machine_id)).map(option));
}
function say(who, text, meta){
  const p=document.createElement("div");p.className=who;p.textContent=text;log.append(p);
  if(meta){const m=document.createElement("div");m.className="meta";m.textContent=meta;log.append(m);}
  log.scrollTop=log.scrollHeight;
}
async function post(path, body){
  const r = await fetch(path,{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify(body)});
  const json = await r.json(); if(!r.ok) throw new Error(json.error?json.error.message:r.statusText); return json;
}
document.getElementById("start").onclick = async () => {
  log.replaceChildren();
  try{
    const r = await post("/api/v1/chat/"+id+"/init-session?machine_id="+select.value,{user_session_id:player,player_name:"Traveller",player_gender:"unspecified"});
    say("npc", r.message); input.disabled=false; send.disabled=false; input.focus();
  }catch(e){ say("meta", e.message); }
};
document.getElementById("say").onsubmit = async (event) => {
  event.preventDefault(); const text=input.value.trim(); if(!text) return; input.value=""; say("player", text);
  try{
    const r = await post("/api/v1/chat/"+id+"/message?machine_id="+select.value,{message:text,user_session_id:player});
    const unlocked=(r.unlocked_machines||[]).map(m=>m.name).join(", ");
    say("npc", r.message, "state "+r.current_state+" · score "+r.score+(r.outcome?" · outcome "+r.outcome:"")+(unlocked?" · unlocked: "+unlocked:""));
    if(r.machine_completed){ input.disabled=true; send.disabled=true; await refresh(); }
  }catch(e){ say("meta", e.message); }
};
refresh();
</script></body></html>`;
}
