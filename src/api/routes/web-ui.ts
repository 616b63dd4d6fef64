/**
 * The web UI (`web/`, built by Vite into `web/dist/`) served by the API server: its hashed assets
 * under `/assets/`, and its page for every path the UI routes in the browser (the studio's pages,
 * and `/play/{id}` for browsers, see npc-play-page.ts). API paths never reach it.
 *
 * The page is read from disk on each request (it is half a kilobyte), so a rebuild is served
 * without a restart. When the UI has not been built, those paths answer a short page saying how
 * to build it rather than a bare 404.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { ApiError } from "../errors.ts";

export const WEB_UI_DIRECTORY = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

/** The paths the UI routes itself (web/src/app.tsx); `/play/{id}` is answered by npc-play-page.ts. */
export const WEB_UI_PATHS = ["/", "/populations/*", "/enhance", "/validate", "/npc", "/npc/*", "/account"] as const;

/**
 * Scripts only from our origin, nothing inline; inline styles are allowed because the UI's
 * component libraries position elements with them (React Flow, Radix), and a style cannot run code.
 */
export const WEB_UI_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dramatis</title></head><body>
<h1>The web UI is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm install</code>, which builds it), then reload. The API works meanwhile: see <a href="/docs">the API docs</a>.</p>
</body></html>`;

/** Whether the UI has been built (a server installed without it still plays `/play/{id}` with its own page). */
export function webUiIsBuilt(directory = WEB_UI_DIRECTORY): boolean {
  return existsSync(join(directory, "index.html"));
}

/** Sends the UI's page: the browser's router then shows whatever the path names. */
export async function sendWebUiPage(reply: FastifyReply, directory = WEB_UI_DIRECTORY): Promise<FastifyReply> {
  void reply.header("content-security-policy", WEB_UI_CONTENT_SECURITY_POLICY).header("referrer-policy", "no-referrer").header("cache-control", "no-cache");
  let page: string;
  try {
    page = await readFile(join(directory, "index.html"), "utf8");
  } catch {
    return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
  }
  return reply.type("text/html; charset=utf-8").send(page);
}

export async function registerWebUi(server: FastifyInstance, directory = WEB_UI_DIRECTORY): Promise<void> {
  await server.register(
    async (scope) => {
      // A missing asset is a plain 404: the server's own not-found handler would see the wildcard
      // route's HEAD twin and answer 405.
      scope.setNotFoundHandler((request, reply) => {
        void reply.status(404).send(new ApiError("not_found", `no asset ${request.url.split("?")[0]}`).envelope());
      });
      // Asset names carry a hash of their content: a name never changes meaning, so browsers keep
      // them. Files are looked up per request, so a UI built after the server started is served too.
      await scope.register(fastifyStatic, { root: join(directory, "assets"), wildcard: true, decorateReply: false, index: false, immutable: true, maxAge: "365d" });
    },
    { prefix: "/assets" },
  );
  for (const path of WEB_UI_PATHS) server.get(path, { config: { rateLimit: false } }, (_request, reply) => sendWebUiPage(reply, directory));
}
