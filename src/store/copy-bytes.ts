/**
 * One bytea value read from a Postgres server as bytes, into memory that worker threads share.
 *
 * node-postgres decodes every value of a result row as UTF-8 text (its protocol parser has no
 * binary mode: with `binary: true` a bytea came back mangled), so a bytea arrives as hex text twice
 * its size, made a string and decoded again: for a report range's 16 MB of terms ~0.6 CPU-s on the
 * main thread (180 ms to text, 440 ms from hex; loaded), and the merge of a million personas' report
 * reads a range's terms a few hundred times (decision 0008, "Session 14"). `COPY (SELECT …) TO
 * STDOUT (FORMAT binary)` sends the value in CopyData messages, which the parser hands over as
 * bytes: here they are copied once, as they arrive, into a `SharedArrayBuffer`, which a
 * `BroadcastChannel` passes to an engine thread without copying it again.
 */
import type pg from "pg";

/** PGCOPY's binary header: its signature, a flags word and the header extension's length. */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;

/**
 * The first column of the first row `select` gives (one bytea column), as bytes in a
 * `SharedArrayBuffer`; null for no row or a null value. `select` is put inside a COPY statement,
 * which takes no parameters: its values must be literals the caller made safe. `into`: memory to
 * write the value at the start of when it fits (a reader lending back a buffer whose earlier bytes
 * it no longer uses), instead of a new buffer.
 */
export async function copyOneBytea(pool: pg.Pool, select: string, into?: SharedArrayBuffer): Promise<Uint8Array | null> {
  return copyOut(pool, select, "first", into);
}

/**
 * Bytes a piece of a value sends at most in `copyByteaInPieces`: node-postgres's parser gathers a
 * message whole in a buffer it doubles as the socket's 64 KB reads arrive (64 MB of buffers for a 16
 * MB message, made again for every read and freed only by the main thread's collector: 162 MB on a
 * merging worker's main thread at a million personas, decision 0008, "Session 17").
 */
export const COPY_PIECE_BYTES = 256 * 1024;

/**
 * `column` of the row `from` gives (a `FROM … WHERE …` clause giving at most one row), as
 * `copyOneBytea` gives it, sent in pieces of `COPY_PIECE_BYTES`: one row a piece, each with the
 * value's whole length, read from the stored value as slices (a column stored EXTERNAL is not
 * decompressed, so each slice reads only its own TOAST chunks).
 */
export async function copyByteaInPieces(pool: pg.Pool, column: string, from: string, into?: SharedArrayBuffer): Promise<Uint8Array | null> {
  // An empty value still sends one (empty) piece; a null one none, as no row.
  const select = `SELECT octet_length(value.bytes), substring(value.bytes FROM piece FOR ${COPY_PIECE_BYTES}) FROM (SELECT ${column} AS bytes ${from}) AS value, generate_series(1, greatest(octet_length(value.bytes), 1), ${COPY_PIECE_BYTES}) AS piece WHERE value.bytes IS NOT NULL ORDER BY piece`;
  return copyOut(pool, select, "pieces", into);
}

async function copyOut(pool: pg.Pool, select: string, shape: RowShape, into?: SharedArrayBuffer): Promise<Uint8Array | null> {
  const client = await pool.connect();
  let failed = false;
  try {
    const copy = new BinaryCopyOut(`COPY (${select}) TO STDOUT (FORMAT binary)`, shape, into);
    client.query(copy as unknown as pg.QueryConfig);
    return await copy.result;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A connection whose COPY failed midway is not given back to the pool.
    client.release(failed);
  }
}

/**
 * What a COPY's rows hold: `first`, the value is the first row's first field; `pieces`, each row is
 * the value's length (int4) and its next piece (bytea), in order.
 */
type RowShape = "first" | "pieces";

/**
 * A query node-postgres runs as it runs its own (`submit`, then the protocol's messages), which
 * keeps the value a binary COPY's rows give (`RowShape`). The value is read as its bytes arrive, over
 * any split of the stream into messages (the server sends the header with the first row, and one
 * message a row).
 */
class BinaryCopyOut {
  readonly result: Promise<Uint8Array | null>;
  private resolve!: (value: Uint8Array | null) => void;
  private reject!: (error: Error) => void;
  /** Bytes of a fixed-size part (header, field count, field length) split across messages. */
  private pending = Buffer.alloc(0);
  private state: "header" | "extension" | "fields" | "length" | "total" | "value" | "skip" | "done" = "header";
  private remaining = 0;
  private fieldsLeft = 0;
  private fieldCount = 0;
  private value: Uint8Array | null = null;
  private filled = 0;
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly shape: RowShape,
    private readonly into?: SharedArrayBuffer,
  ) {
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    try {
      this.consume(message.chunk);
    } catch (error) {
      this.state = "done";
      this.reject(error as Error);
    }
  }

  /** Takes `size` bytes of a fixed-size part from `chunk` at `offset` (with what earlier messages left); null until all arrived. */
  private take(chunk: Buffer, offset: number, size: number): { bytes: Buffer; next: number } | null {
    const wanted = size - this.pending.length;
    if (chunk.length - offset < wanted) {
      this.pending = Buffer.concat([this.pending, chunk.subarray(offset)]);
      return null;
    }
    const bytes = this.pending.length === 0 ? chunk.subarray(offset, offset + wanted) : Buffer.concat([this.pending, chunk.subarray(offset, offset + wanted)]);
    this.pending = Buffer.alloc(0);
    return { bytes, next: offset + wanted };
  }

  private consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && this.state !== "done") {
      if (this.state === "header") {
        const taken = this.take(chunk, offset, HEADER_BYTES);
        if (!taken) return;
        if (!taken.bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
        this.remaining = taken.bytes.readUInt32BE(SIGNATURE.length + 4);
        this.state = "extension";
        offset = taken.next;
      } else if (this.state === "extension" || this.state === "skip") {
        const skipped = Math.min(this.remaining, chunk.length - offset);
        offset += skipped;
        this.remaining -= skipped;
        if (this.remaining === 0) this.state = this.state === "extension" ? "fields" : this.afterField();
      } else if (this.state === "fields") {
        const taken = this.take(chunk, offset, 2);
        if (!taken) return;
        offset = taken.next;
        const fields = taken.bytes.readInt16BE(0);
        // −1: the trailer, no more rows.
        if (fields < 0) this.state = "done";
        else {
          this.rows++;
          this.fieldsLeft = this.fieldCount = fields;
          this.state = fields === 0 ? "fields" : "length";
        }
      } else if (this.state === "length") {
        const taken = this.take(chunk, offset, 4);
        if (!taken) return;
        offset = taken.next;
        const length = taken.bytes.readInt32BE(0);
        const field = this.fieldCount - this.fieldsLeft--;
        if (this.shape === "pieces") {
          // The whole length (a 4-byte int4), then a piece: written where the pieces before it ended.
          if (field === 0) {
            if (length !== 4) throw new Error("a piece's row does not start with the value's length");
            this.state = "total";
            continue;
          }
          if (field !== 1 || length < 0 || !this.value || this.filled + length > this.value.length) throw new Error("a piece beyond the value's length");
          this.remaining = length;
          this.state = length === 0 ? this.afterField() : "value";
          continue;
        }
        // Only the first row's first field is kept; −1 is a null.
        const kept = this.rows === 1 && field === 0;
        if (kept && length >= 0) this.value = this.memoryFor(length);
        this.remaining = Math.max(0, length);
        this.state = this.remaining === 0 ? this.afterField() : kept ? "value" : "skip";
      } else if (this.state === "total") {
        const taken = this.take(chunk, offset, 4);
        if (!taken) return;
        offset = taken.next;
        // The first row's length makes the value's memory; the others repeat it.
        if (this.rows === 1) this.value = this.memoryFor(taken.bytes.readInt32BE(0));
        this.state = this.afterField();
      } else {
        const value = this.value as Uint8Array;
        const copied = Math.min(this.remaining, chunk.length - offset);
        value.set(chunk.subarray(offset, offset + copied), this.filled);
        this.filled += copied;
        offset += copied;
        this.remaining -= copied;
        if (this.remaining === 0) this.state = this.afterField();
      }
    }
  }

  /** `length` bytes at the start of the memory lent when they fit, else of new shared memory. */
  private memoryFor(length: number): Uint8Array {
    return this.into && length <= this.into.byteLength ? new Uint8Array(this.into, 0, length) : new Uint8Array(new SharedArrayBuffer(length));
  }

  /** What follows a field: the next field's length, or the next row's field count. */
  private afterField(): "fields" | "length" {
    return this.fieldsLeft === 0 ? "fields" : "length";
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.state !== "done") this.reject(new Error("the binary COPY stream ended early"));
    else if (this.shape === "pieces" && this.value && this.filled !== this.value.length) this.reject(new Error(`the pieces held ${this.filled} of the value's ${this.value.length} bytes`));
    else this.resolve(this.value);
  }

  handleError(error: Error): void {
    this.reject(error);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}
