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
  const client = await pool.connect();
  let failed = false;
  try {
    const copy = new BinaryCopyOut(`COPY (${select}) TO STDOUT (FORMAT binary)`, into);
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
 * A query node-postgres runs as it runs its own (`submit`, then the protocol's messages), which
 * keeps the first value of a binary COPY's first row. The value is read as its bytes arrive, over
 * any split of the stream into messages (the server sends the header with the first row, and one
 * message a row).
 */
class BinaryCopyOut {
  readonly result: Promise<Uint8Array | null>;
  private resolve!: (value: Uint8Array | null) => void;
  private reject!: (error: Error) => void;
  /** Bytes of a fixed-size part (header, field count, field length) split across messages. */
  private pending = Buffer.alloc(0);
  private state: "header" | "extension" | "fields" | "length" | "value" | "skip" | "done" = "header";
  private remaining = 0;
  private fieldsLeft = 0;
  private fieldCount = 0;
  private value: Uint8Array | null = null;
  private filled = 0;
  private rows = 0;

  constructor(
    private readonly text: string,
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
        // Only the first row's first field is kept; −1 is a null.
        const kept = this.rows === 1 && this.fieldsLeft === this.fieldCount;
        this.fieldsLeft--;
        if (kept && length >= 0) this.value = this.into && length <= this.into.byteLength ? new Uint8Array(this.into, 0, length) : new Uint8Array(new SharedArrayBuffer(length));
        this.remaining = Math.max(0, length);
        this.state = this.remaining === 0 ? this.afterField() : kept ? "value" : "skip";
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

  /** What follows a field: the next field's length, or the next row's field count. */
  private afterField(): "fields" | "length" {
    return this.fieldsLeft === 0 ? "fields" : "length";
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.state !== "done") this.reject(new Error("the binary COPY stream ended early"));
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
