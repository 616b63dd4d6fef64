/**
 * A bytea read by a binary COPY (`copyOneBytea`) is the value node-postgres gives as hex text,
 * byte for byte, in shared memory: empty, large (split over many network reads), beside other
 * columns and rows, and null or missing; a failed statement rejects and leaves the pool usable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";
import { copyOneBytea } from "./copy-bytes.ts";

describe.skipIf(!findPostgresBinaries())("copyOneBytea", () => {
  let server: PostgresServer;
  let pool: pg.Pool;
  const values = new Map<number, Buffer | null>([
    [1, Buffer.alloc(0)],
    [2, randomBytes(5 * 1024 * 1024 + 13)],
    [3, Buffer.from("PGCOPY\n\xff\r\n\0 and \\x00 inside", "latin1")],
    [4, null],
  ]);
  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: await server.createDatabase("copy_bytes"), max: 2 });
    await pool.query("CREATE TABLE blobs (id int PRIMARY KEY, bytes bytea, other bytea)");
    for (const [id, bytes] of values) await pool.query("INSERT INTO blobs VALUES ($1, $2, $3)", [id, bytes, randomBytes(100)]);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  it("gives the bytes node-postgres decodes from hex, in a SharedArrayBuffer", async () => {
    for (const [id, bytes] of values) {
      const read = await copyOneBytea(pool, `SELECT bytes, other FROM blobs WHERE id = ${id}`);
      const { rows } = await pool.query("SELECT bytes FROM blobs WHERE id = $1", [id]);
      expect(bytes === null ? rows[0].bytes === null : Buffer.from(rows[0].bytes).equals(bytes)).toBe(true);
      if (bytes === null) expect(read).toBeNull();
      else {
        expect(read?.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Buffer.from(read as Uint8Array).equals(bytes)).toBe(true);
      }
    }
  });

  it("keeps the first row's value of several, and gives null for no row", async () => {
    const first = await copyOneBytea(pool, "SELECT bytes FROM blobs WHERE id IN (2, 3) ORDER BY id DESC");
    expect(Buffer.from(first as Uint8Array).equals(values.get(3) as Buffer)).toBe(true);
    expect(await copyOneBytea(pool, "SELECT bytes FROM blobs WHERE id = 99")).toBeNull();
  });

  it("rejects a statement the server refuses, and the pool goes on", async () => {
    await expect(copyOneBytea(pool, "SELECT bytes FROM no_such_table")).rejects.toThrow(/no_such_table/);
    await expect(copyOneBytea(pool, "SELECT 1/0")).rejects.toThrow(/division by zero/);
    expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    expect(Buffer.from((await copyOneBytea(pool, "SELECT bytes FROM blobs WHERE id = 3")) as Uint8Array).equals(values.get(3) as Buffer)).toBe(true);
  });
});
