/**
 * A bytea read in pieces by a binary COPY (`copyByteaInPieces`) is the stored value, byte for byte,
 * in shared memory — empty, under one piece, exactly pieces long and pieces long with a remainder,
 * stored EXTERNAL (sliced) or inline — null for a null value or no row, and written in memory lent
 * to it when it fits. No message of the stream is much larger than a piece (node-postgres gathers each
 * message whole in a buffer it doubles: a value sent as one message cost buffers of four times its size).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";
import { COPY_PIECE_BYTES, copyByteaInPieces } from "./copy-bytes.ts";

describe.skipIf(!findPostgresBinaries())("copyByteaInPieces", () => {
  let server: PostgresServer;
  let pool: pg.Pool;
  const values = new Map<number, Buffer | null>([
    [1, Buffer.alloc(0)],
    [2, randomBytes(1000)],
    [3, randomBytes(COPY_PIECE_BYTES * 3)],
    [4, randomBytes(COPY_PIECE_BYTES * 5 + 17)],
    [5, null],
  ]);
  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: await server.createDatabase("copy_bytes_pieces"), max: 2 });
    await pool.query("CREATE TABLE blobs (id int PRIMARY KEY, bytes bytea, plain bytea)");
    await pool.query("ALTER TABLE blobs ALTER COLUMN bytes SET STORAGE EXTERNAL");
    for (const [id, bytes] of values) await pool.query("INSERT INTO blobs VALUES ($1, $2, $2)", [id, bytes]);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  it("gives the stored bytes in a SharedArrayBuffer, whatever the value's length and storage", async () => {
    for (const column of ["bytes", "plain"]) {
      for (const [id, bytes] of values) {
        const read = await copyByteaInPieces(pool, column, `FROM blobs WHERE id = ${id}`);
        if (bytes === null) expect(read).toBeNull();
        else {
          expect(read?.buffer).toBeInstanceOf(SharedArrayBuffer);
          expect(Buffer.from(read as Uint8Array).equals(bytes)).toBe(true);
        }
      }
    }
    expect(await copyByteaInPieces(pool, "bytes", "FROM blobs WHERE id = 99")).toBeNull();
  });

  it("writes into the memory lent when the value fits, into new memory when it does not", async () => {
    const lent = new SharedArrayBuffer(COPY_PIECE_BYTES * 4);
    new Uint8Array(lent).fill(0xa5);
    const fits = await copyByteaInPieces(pool, "bytes", "FROM blobs WHERE id = 3", lent);
    expect(fits?.buffer).toBe(lent);
    expect(Buffer.from(fits as Uint8Array).equals(values.get(3) as Buffer)).toBe(true);
    const larger = await copyByteaInPieces(pool, "bytes", "FROM blobs WHERE id = 4", lent);
    expect(larger?.buffer).not.toBe(lent);
    expect(Buffer.from(larger as Uint8Array).equals(values.get(4) as Buffer)).toBe(true);
  });

  it("sends no CopyData message much larger than a piece", async () => {
    const client = await pool.connect();
    const sizes: number[] = [];
    // The connection's parsed messages, as node-postgres hands them to the query running.
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    const listener = (message: { chunk: Buffer }) => sizes.push(message.chunk.length);
    connection.on("copyData", listener);
    // The client is released by the read, as one taken from the pool.
    const onePool = { connect: async () => client } as unknown as pg.Pool;
    const read = await copyByteaInPieces(onePool, "bytes", "FROM blobs WHERE id = 4");
    connection.off("copyData", listener);
    expect(Buffer.from(read as Uint8Array).equals(values.get(4) as Buffer)).toBe(true);
    expect(sizes.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(COPY_PIECE_BYTES + 64);
  });

  it("rejects a statement the server refuses, and the pool goes on", async () => {
    await expect(copyByteaInPieces(pool, "bytes", "FROM no_such_table")).rejects.toThrow(/no_such_table/);
    expect(Buffer.from((await copyByteaInPieces(pool, "bytes", "FROM blobs WHERE id = 2")) as Uint8Array).equals(values.get(2) as Buffer)).toBe(true);
  });
});
