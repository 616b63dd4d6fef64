/**
 * The export of a population's personas as JSON Lines or CSV: the SDK's own formats, all at once or
 * in pages that cover every persona exactly once, from stored rows and from populations that hold
 * their personas in their result; every bad input a 4xx in the envelope.
 */
import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { storeShardedPopulation, SYNTHETIC_BLUEPRINT, syntheticPersona } from "../../bench/stored-population.ts";
import { createClient, DramatisApiError, toCsv, toJsonl } from "../sdk/index.ts";
import type { Persona } from "../engine/persona.ts";
import { populationBatches, populations } from "../store/schema.ts";
import { encodeExportCursor, NEXT_CURSOR_HEADER } from "./stream-persona-export.ts";

const COUNT = 250;
// Some personas speak beyond ASCII: the export counts bytes, not characters, on its way out.
const personas = Array.from({ length: COUNT }, (_, index) => withName(syntheticPersona(index, COUNT, 120), index % 7 === 0 ? `Zoë Ångström 東京 🙂 ${index}` : undefined)) as unknown as Persona[];

function withName(persona: Record<string, unknown>, name: string | undefined): Record<string, unknown> {
  if (name === undefined) return persona;
  const fields = persona.fields as Record<string, string>;
  return { ...persona, fields: { ...fields, name }, markdown: `# ${name}\n\n${persona.markdown as string}` };
}

let app: TestApp;
let sharded = "";
let whole = "";
beforeAll(async () => {
  app = await startTestApp();
  const stored = (batchSize: number) =>
    storeShardedPopulation(app.context.store.db, app.context.jobs, {
      accountId: app.devAccount.id,
      count: COUNT,
      batchSize,
      personaAt: (index) => personas[index],
      result: { blueprint: SYNTHETIC_BLUEPRINT, marginals: [] },
    });
  sharded = await stored(40);
  // As populations finished before sharding keep them: inside the result, no rows.
  whole = await stored(COUNT);
  await app.context.store.db.update(populations).set({ result: { personas, blueprint: SYNTHETIC_BLUEPRINT, marginals: [] } }).where(eq(populations.id, whole));
  await app.context.store.db.delete(populationBatches).where(eq(populationBatches.populationId, whole));
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const exportPath = (id: string, query = "") => `/v1/personas/repositories/Population/by-id/${id}/personas${query}`;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.devKey}`, ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Every page from the first, following X-Next-Cursor; the pages' bodies and their Link headers. */
async function allPages(id: string, query: string) {
  const pages: Array<{ text: string; link: string | null }> = [];
  let cursor: string | null = null;
  do {
    const page = await get(exportPath(id, `${query}${cursor ? `&cursor=${cursor}` : ""}`));
    expect(page.status).toBe(200);
    pages.push({ text: page.text, link: page.headers.get("link") });
    cursor = page.headers.get(NEXT_CURSOR_HEADER);
  } while (cursor);
  return pages;
}

describe("GET …/Population/by-id/{id}/personas", () => {
  it("writes every persona as the SDK's toJsonl and toCsv would, from stored rows and from a whole result alike", async () => {
    for (const id of [sharded, whole]) {
      const jsonl = await get(exportPath(id));
      expect(jsonl.status).toBe(200);
      expect(jsonl.headers.get("content-type")).toBe("application/jsonl; charset=utf-8");
      expect(jsonl.headers.get(NEXT_CURSOR_HEADER)).toBeNull();
      expect(jsonl.text).toBe(toJsonl(personas));
      const csv = await get(exportPath(id, "?format=csv"));
      expect(csv.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.text).toBe(toCsv(personas, { blueprint: SYNTHETIC_BLUEPRINT as never }));
    }
  });

  it("pages with a cursor cover every persona exactly once, in order, in both formats", async () => {
    for (const id of [sharded, whole]) {
      const lines = await allPages(id, "?format=jsonl&limit=37");
      expect(lines).toHaveLength(Math.ceil(COUNT / 37));
      expect(lines.map((page) => page.text).join("")).toBe(toJsonl(personas));
      expect(lines.at(-1)?.link).toBeNull();
      expect(lines[0]?.link).toBe(`<${exportPath(id, `?format=jsonl&limit=37&cursor=${encodeExportCursor(37)}`)}>; rel="next"`);

      const csv = await allPages(id, "?format=csv&limit=100");
      const [header, ...firstRows] = toCsv(personas.slice(0, 100), { blueprint: SYNTHETIC_BLUEPRINT as never }).split("\r\n");
      expect(csv.map((page) => page.text.split("\r\n")[0])).toEqual([header, header, header]);
      expect(csv[0]?.text).toBe([header, ...firstRows].join("\r\n"));
      const rows = csv.flatMap((page) => page.text.split("\r\n").slice(1, -1));
      expect(rows.join("\r\n")).toBe(toCsv(personas, { blueprint: SYNTHETIC_BLUEPRINT as never }).split("\r\n").slice(1, -1).join("\r\n"));
    }
  });

  it("a page that starts inside a stored row and ends inside another reads only what it needs", async () => {
    const page = await get(exportPath(sharded, `?limit=50&cursor=${encodeExportCursor(35)}`));
    expect(page.text).toBe(toJsonl(personas.slice(35, 85)));
    expect(page.headers.get(NEXT_CURSOR_HEADER)).toBe(encodeExportCursor(85));
  });

  it("compresses for clients that accept it", async () => {
    const response = await fetch(`${app.url}${exportPath(sharded)}`, { headers: { authorization: `Bearer ${app.devKey}`, "accept-encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    // fetch decompresses; the raw bytes are checked through zlib to be sure it is gzip.
    expect(await response.text()).toBe(toJsonl(personas));
    const { request } = await import("node:http");
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      request(`${app.url}${exportPath(sharded, "?format=csv")}`, { headers: { authorization: `Bearer ${app.devKey}`, "accept-encoding": "gzip" } }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => resolve(Buffer.concat(chunks)));
      })
        .on("error", reject)
        .end();
    });
    expect(gunzipSync(bytes).toString("utf8")).toBe(toCsv(personas, { blueprint: SYNTHETIC_BLUEPRINT as never }));
  });

  it("answers a bad format, limit or cursor with 422 in the envelope, naming the parameter", async () => {
    const format = await get(exportPath(sharded, "?format=xml"));
    expect(format.status).toBe(422);
    expect(JSON.parse(format.text)).toEqual({
      error: { code: "validation_failed", message: "request validation failed", details: [{ loc: ["format"], msg: "Input should be 'jsonl' or 'csv'", type: "literal_error" }] },
    });
    for (const limit of ["0", "abc", "100001", "2.5"]) {
      const response = await get(exportPath(sharded, `?limit=${limit}`));
      expect(response.status, limit).toBe(422);
      expect(JSON.parse(response.text).error.details[0].loc).toEqual(["limit"]);
    }
    for (const cursor of ["nonsense", encodeExportCursor(COUNT), encodeExportCursor(-1), Buffer.from("personas:1e3").toString("base64url"), "x".repeat(101)]) {
      const response = await get(exportPath(sharded, `?cursor=${cursor}`));
      expect(response.status, cursor).toBe(422);
      const body = JSON.parse(response.text);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details[0].loc).toEqual(["cursor"]);
    }
  });

  it("409 before the population has succeeded; 404 for a missing or another account's population; 400 for a malformed id", async () => {
    const running = randomUUID();
    await app.context.store.db.transaction((tx) => app.context.jobs.insertPopulation(tx, { id: running, accountId: app.devAccount.id, prompt: "later", count: 3, seed: 0, status: "running" }));
    const conflict = await get(exportPath(running));
    expect(conflict.status).toBe(409);
    expect(JSON.parse(conflict.text).error.code).toBe("conflict");
    expect((await get(exportPath(randomUUID()))).status).toBe(404);
    const other = await app.context.accounts.create("export-stranger", 0);
    const { key } = await app.context.accounts.createKey(other.id, "test");
    const theirs = await get(exportPath(sharded), { authorization: `Bearer ${key}` });
    expect(theirs.status).toBe(404);
    expect((await get("/v1/personas/repositories/Population/by-id/not-an-id/personas")).status).toBe(400);
  });
});

describe("the OpenAPI document", () => {
  it("documents the export route with its parameters, headers, formats and errors", async () => {
    const document = JSON.parse((await get("/openapi.json")).text);
    const route = document.paths["/v1/personas/repositories/Population/by-id/{id}/personas"].get;
    expect(route.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(["id", "format", "limit", "cursor"]);
    expect(Object.keys(route.responses["200"].headers)).toEqual(["X-Next-Cursor", "Link"]);
    expect(Object.keys(route.responses["200"].content)).toEqual(["application/jsonl", "text/csv"]);
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(["404", "409", "422"]));
  });
});

describe("the SDK's export methods", () => {
  it("iterates every persona a page at a time, pages CSV with its cursor, and throws the server's 409 as an API error", async () => {
    const client = createClient({ baseUrl: app.url, token: app.devKey });
    const seen: Persona[] = [];
    for await (const persona of client.populations.iteratePersonas(sharded, { pageSize: 60 })) seen.push(persona);
    expect(seen).toEqual(personas);

    const pages = [];
    for await (const page of client.populations.exportPersonaPages(whole, { format: "csv", limit: 100 })) pages.push(page);
    expect(pages.map((page) => page.nextCursor)).toEqual([encodeExportCursor(100), encodeExportCursor(200), null]);
    expect(pages[2]?.text.split("\r\n").slice(1, -1)).toHaveLength(50);

    const all = await client.populations.exportPersonas(sharded);
    expect(all).toEqual({ format: "jsonl", text: toJsonl(personas), nextCursor: null });

    const running = randomUUID();
    await app.context.store.db.transaction((tx) => app.context.jobs.insertPopulation(tx, { id: running, accountId: app.devAccount.id, prompt: "later", count: 3, seed: 0, status: "pending" }));
    const refused = await client.populations.exportPersonas(running).catch((error: unknown) => error);
    expect(DramatisApiError.isInstance(refused) && refused.status).toBe(409);
    const invalid = await client.populations.exportPersonas(sharded, { cursor: "nonsense" }).catch((error: unknown) => error);
    expect(DramatisApiError.isInstance(invalid) && invalid.details[0]?.loc).toEqual(["cursor"]);
  });
});
