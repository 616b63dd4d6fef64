/**
 * `GET /play/{persona_id}`: where a publish's `play_link` leads. It answers JSON (the persona, its
 * machines, the chat endpoints to call, and what offline play cannot decide sensibly: `warnings`)
 * to API clients, and to browsers the web UI's play page (web/src/pages/play-page.tsx). A server
 * without the built UI (installed from the package, which does not ship it) gives browsers the
 * small self-contained page below instead. Only public personas.
 *
 * The page runs no inline script: its code and style are served from `/play/assets/…`, so the
 * Content-Security-Policy allows scripts and styles from our own origin only; the manifest rides in
 * a JSON data block, which is never executed, and every text the creator wrote is set with
 * `textContent`. A link to a missing, private or malformed persona gives browsers a small "not
 * found" page and API clients the JSON error.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext, NpcServices } from "../context.ts";
import { ApiError } from "../errors.ts";
import { parseId } from "../validate-body.ts";
import { ServiceError } from "../../services/errors.ts";
import { personaFull, playWarnings } from "../../services/npc/persona-service.ts";
import { PLAY_PAGE_SCRIPT, PLAY_PAGE_STYLE } from "./npc-play-assets.ts";
import { sendWebUiPage, WEB_UI_DIRECTORY, webUiIsBuilt } from "./web-ui.ts";

export const PLAY_SCRIPT_PATH = "/play/assets/play.js";
export const PLAY_STYLE_PATH = "/play/assets/play.css";

/** Scripts, styles and requests from our own origin only; nothing inline, no framing, no plugins. */
export const PLAY_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function secure(reply: FastifyReply): FastifyReply {
  return reply.header("content-security-policy", PLAY_CONTENT_SECURITY_POLICY).header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer");
}

function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? "";
  return accept.includes("text/html") && !accept.startsWith("application/json");
}

/** Not there for this visitor: a missing or private persona (404), or a link that is not an id (400 to API clients). */
function isNotFound(error: unknown): boolean {
  return (ServiceError.isInstance(error) && error.kind === "not_found") || (ApiError.isInstance(error) && error.code === "VALIDATION_ERROR" && error.message === ApiError.invalidId().message);
}

export function registerNpcPlayPage(server: FastifyInstance, _context: AppContext, services: NpcServices, options: { webUiDirectory?: string } = {}): void {
  const { webUiDirectory = WEB_UI_DIRECTORY } = options;
  server.get(PLAY_SCRIPT_PATH, async (_request, reply) => secure(reply).type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(PLAY_PAGE_SCRIPT));
  server.get(PLAY_STYLE_PATH, async (_request, reply) => secure(reply).type("text/css; charset=utf-8").header("cache-control", "no-cache").send(PLAY_PAGE_STYLE));

  server.get<{ Params: { id: string } }>("/play/:id", async (request, reply) => {
    secure(reply);
    let manifest;
    try {
      const id = parseId(request.params.id);
      const row = await services.personas.visible(id, null);
      manifest = playManifest(row, services);
    } catch (error) {
      if (prefersHtml(request) && isNotFound(error)) {
        // The UI's play page finds out for itself and says so; the status tells crawlers and scripts.
        if (webUiIsBuilt(webUiDirectory)) return sendWebUiPage(reply.status(404), webUiDirectory);
        return reply.status(404).type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);
      }
      throw error;
    }
    if (!prefersHtml(request)) return manifest;
    if (webUiIsBuilt(webUiDirectory)) return sendWebUiPage(reply, webUiDirectory);
    return reply.type("text/html; charset=utf-8").send(playPage(manifest));
  });
}

function playManifest(row: Parameters<typeof personaFull>[0], services: NpcServices) {
  const full = personaFull(row);
  const id = row.id;
  const base = `/api/v1/chat/${id}`;
  return {
    persona: full.persona,
    machines: full.machines.map((machine) => ({
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
    /** Whether this server plays without a language model (the warnings then apply). */
    offline: services.play.playsOffline(),
    /** What offline play of this persona cannot decide sensibly, as the save answer said it. */
    warnings: playWarnings(row),
  };
}

/** The manifest sits in a JSON data block (never executed); `<` is escaped so no text can close it. */
function playPage(manifest: unknown): string {
  const data = JSON.stringify(manifest).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Play</title>
<link rel="stylesheet" href="${PLAY_STYLE_PATH}">
<script id="manifest" type="application/json">${data}</script>
<script src="${PLAY_SCRIPT_PATH}" defer></script>
</head><body>
<h1 id="name"></h1><p id="description" class="muted"></p>
<details id="notice" class="notice" hidden><summary id="notice-summary"></summary><ul id="notice-list"></ul></details>
<p><label>Your name <input id="player-name" type="text" autocomplete="nickname" maxlength="100" placeholder="Traveller"></label></p>
<p><label>Scenario <select id="machine"></select></label> <button id="start" type="button">Start</button> <button id="reset" type="button">Forget my progress</button></p>
<div id="log" aria-live="polite"></div>
<form id="say"><input id="message" type="text" autocomplete="off" placeholder="Say something…" disabled><button disabled>Send</button></form>
</body></html>`;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Not found</title><link rel="stylesheet" href="${PLAY_STYLE_PATH}"></head><body>
<h1>Nothing to play here</h1>
<p class="muted">This play link does not lead to a published persona: it may have been mistyped, unpublished or deleted. Ask whoever shared it for a fresh link.</p>
</body></html>`;
