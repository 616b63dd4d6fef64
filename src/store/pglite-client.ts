/**
 * The embedded database (PGlite) in a worker thread of its own, and the main thread's client for
 * it. PGlite is synchronous WebAssembly: run on the HTTP thread, a statement storing a 4 MB shard
 * held the event loop (and /healthz) for a third of a second, and a busy queue spent most of the
 * main thread in PGlite. In a thread, the main thread only sends text and parameters and receives
 * rows.
 *
 * The client implements the part of PGlite's interface that Drizzle's `pglite` driver, its
 * migrator, pg-boss (through `database.ts`) and our raw statements use: `query` (with `rowMode`,
 * `paramTypes`, and `parsers` that keep a type as text), `exec`, interactive `transaction`,
 * `dumpDataDir` (the test template), `waitReady` and `close`. Anything else (custom serializers, blobs, notices, listen/notify) is
 * refused with a clear error rather than half-done. See docs/decisions/0009.
 *
 * Messages: the main thread posts `{ id, kind: "query" | "exec" | "dump" | "close", … }`; the thread runs
 * them one at a time in arrival order and answers `{ id, result }` or `{ id, failure }`. Id 0 is
 * the thread's "ready" (its result says how a new database was made). json and jsonb columns come back as text and are parsed here: one string
 * copy across threads instead of a walk of every value of the object.
 */
import { Worker } from "node:worker_threads";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { QueryOptions, Results, Transaction } from "@electric-sql/pglite";

export interface PgliteThreadOptions {
  /** PGlite's data folder (made private by the thread's file system); in memory when absent. */
  dataDir?: string;
  /** The manifest of the stored fresh database a new one is loaded from (`data-folder-archive.mjs`); the one shipped when absent. */
  storedDataFolder?: string;
}

/** How a new database was made: loaded from the stored one, or by initdb (and why the stored one was not used). */
export type FreshDatabase = { from: "stored" } | { from: "initdb"; reason: string };

type Request =
  | { kind: "query"; text: string; params: unknown[] | undefined; rowMode: "object" | "array" | undefined; parserOids: number[] | undefined; paramTypes: number[] | undefined }
  | { kind: "exec"; text: string }
  | { kind: "dump"; compression: "none" | "gzip" | "auto" }
  | { kind: "close" };

interface Failure {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
}

type Reply = { id: number; result: unknown; failure?: undefined } | { id: number; failure: Failure };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const JSON_OIDS = new Set([114, 3802]);
/** A value no type parser would map to itself unless it is the identity. */
const PARSER_PROBE = "\u0000dramatis parser probe";

/** The global `WebAssembly`, which Node's type declarations describe as types only. */
const webAssembly = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

let compiledModules: Promise<{ pgliteWasmModule: WebAssembly.Module; initdbWasmModule: WebAssembly.Module }> | undefined;

/**
 * PGlite's two WebAssembly modules, compiled once per process and shared with every thread: a
 * thread compiling its own would pay seconds of CPU for each store a test opens. Exported for the
 * tests' own in-process PGlite instances (`pgliteWasmModule`), which pay the same otherwise.
 */
export function wasmModules() {
  compiledModules ??= (async () => {
    const folder = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all(
      ["pglite.wasm", "initdb.wasm"].map(async (name) => webAssembly.compile(await readFile(join(folder, name)))),
    );
    return { pgliteWasmModule: pgliteWasmModule as WebAssembly.Module, initdbWasmModule: initdbWasmModule as WebAssembly.Module };
  })();
  return compiledModules;
}

/** Starts a thread with its database; `waitReady` settles once it is open. */
export function openPgliteThread(options: PgliteThreadOptions = {}): PgliteThreadClient {
  return new PgliteThreadClient(options);
}

/** Statements a reused database is reset with: the client's own, usable while it is closing. */
export interface ReusedDatabase {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Results<T>>;
  exec(text: string): Promise<Results[]>;
}

/**
 * For test suites only: stores opened on folders `serves` names are served by a database thread
 * that earlier stores used, reset between them, instead of a new thread and database each. Each
 * test app of a suite opened a copy of one migrated template; a new thread with its database cost
 * ~0.9 CPU-s to open and ~0.15 to close (PGlite's WebAssembly start, its bundled files, Postgres'
 * own start), a reset costs a few hundredths. Never set outside tests: production opens and
 * closes exactly as before.
 */
export interface DatabaseReuse {
  /** Whether a store opened on `dataDir` may be given a reused database instead of that folder's. */
  serves(dataDir: string): boolean;
  /** A new data folder, holding the database every served store starts from, for a new thread. */
  newDataDir(): Promise<string>;
  /** Called once on a new thread's database before any store uses it (to note its state). */
  opened(database: ReusedDatabase): Promise<void>;
  /** Puts a database a store has closed back to the state `opened` saw; false when it cannot (then the thread ends). */
  reset(database: ReusedDatabase): Promise<boolean>;
  /** At most this many idle threads are kept; more are closed. */
  idleAtMost: number;
}

let databaseReuse: DatabaseReuse | undefined;
const idleThreads: Worker[] = [];

/** Installs (or, with undefined, removes) the test suite's reuse of database threads. */
export function reuseDatabaseThreads(reuse: DatabaseReuse | undefined): void {
  databaseReuse = reuse;
}

export class PgliteThreadClient {
  readonly waitReady: Promise<void>;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Settles when the last transaction queued so far has ended; calls made meanwhile wait for it. */
  private barrier: Promise<void> | undefined;
  /** Calls accepted and not yet settled (waiting at the barrier included): `close()` waits for them. */
  private outstanding = 0;
  private drained: Array<() => void> = [];
  /** Set once the thread is gone without `close()`: every pending and later call fails with it. */
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private isReady = false;
  private closeRef = false;
  private madeWith: FreshDatabase | undefined;
  /** The reuse this client's thread serves (a test suite's: see `DatabaseReuse`), if any. */
  private reuse: DatabaseReuse | undefined;
  private readonly onMessage = (reply: Reply) => this.settle(reply);
  private readonly onError = (error: Error) => this.fail(new Error(`the embedded database thread failed: ${error.message}`, { cause: error }));
  private readonly onExit = (code: number) => this.fail(new Error(`the embedded database thread exited (code ${code})`));

  constructor(options: PgliteThreadOptions) {
    this.waitReady = this.start(options);
    // A store that fails to open is reported by whoever awaits waitReady; the thread's other
    // callers see the same error through `failure`.
    this.waitReady.catch(() => undefined);
  }

  get ready(): boolean {
    return this.isReady && !this.failure && !this.closing;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** How the database was made when this client's thread made it (a new folder, or memory); undefined for a folder that held one. */
  get made(): FreshDatabase | undefined {
    return this.madeWith;
  }

  private async start(options: PgliteThreadOptions): Promise<void> {
    const reuse = options.dataDir !== undefined && databaseReuse?.serves(options.dataDir) ? databaseReuse : undefined;
    this.reuse = reuse;
    const idle = reuse ? idleThreads.pop() : undefined;
    if (idle) {
      this.listenTo(idle);
      this.isReady = true;
      return;
    }
    const modules = await wasmModules();
    const dataDir = reuse ? await reuse.newDataDir() : options.dataDir;
    const worker = new Worker(new URL("./pglite-thread.mjs", import.meta.url), {
      workerData: { dataDir, storedDataFolder: options.storedDataFolder, ...modules },
      // The thread imports plain JavaScript only: no TypeScript loader (or any flag of ours) to boot.
      execArgv: [],
    });
    this.listenTo(worker);
    const { made } = (await new Promise<unknown>((resolve, reject) => this.track(0, { resolve, reject }))) as { made: FreshDatabase | null };
    this.madeWith = reuse ? undefined : (made ?? undefined);
    if (reuse) {
      await reuse.opened(this.ownStatements());
      // An idle thread left by a store that ended is not this process's to wait for.
      worker.once("exit", () => {
        const at = idleThreads.indexOf(worker);
        if (at >= 0) idleThreads.splice(at, 1);
      });
    }
    // A slower first start (~5 CPU-s, a process of ~800 MB for a moment) that an operator should
    // be able to tell apart, with what to do about it.
    if (made?.from === "initdb") console.warn(`[store] a new embedded database was made by initdb: ${made.reason}`);
    this.isReady = true;
  }

  async query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.accepted(async () => {
      await this.waitForBarrier();
      return this.sendQuery<T>(text, params, options);
    });
  }

  async exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.accepted(async () => {
      await this.waitForBarrier();
      return this.sendExec(text, options);
    });
  }

  /**
   * An interactive transaction: BEGIN, the callback's statements, then COMMIT (or ROLLBACK when it
   * throws or calls `rollback()`). While it is open no other call of this client reaches the
   * database: they wait, in the order they were made, for it to end.
   */
  async transaction<T>(callback: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.accepted(async () => {
      const previous = this.barrier;
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      this.barrier = mine;
      try {
        if (previous) await previous;
        return await this.runTransaction(callback);
      } finally {
        if (this.barrier === mine) this.barrier = undefined;
        release();
      }
    });
  }

  /**
   * The data folder as a tarball (PGlite's `dumpDataDir`), taken between statements: what a test
   * template or a backup copies. The bytes cross threads once, moved rather than copied.
   */
  async dumpDataDir(compression: "none" | "gzip" | "auto" = "auto"): Promise<File> {
    return this.accepted(async () => {
      await this.waitForBarrier();
      const { name, bytes } = (await this.send({ kind: "dump", compression })) as { name: string; bytes: ArrayBuffer };
      return new File([new Uint8Array(bytes)], name);
    });
  }

  /** Waits for every accepted call to settle, then closes the database and ends its thread. */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.outstanding > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      await this.waitReady.catch(() => undefined);
      const worker = this.worker;
      if (!worker || this.failure) return;
      if (this.reuse && (await this.handBack(this.reuse, worker))) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      // Held until the thread has exited: the caller's next line runs after close() resolves.
      this.closeRef = true;
      worker.ref();
      try {
        await this.send({ kind: "close" });
      } finally {
        await exited;
      }
    })();
    return this.closing;
  }

  /**
   * Resets a reused thread's database and leaves the thread idle for the next store; false when
   * the reset fails or enough threads are idle already (the caller then closes it).
   */
  private async handBack(reuse: DatabaseReuse, worker: Worker): Promise<boolean> {
    if (idleThreads.length >= reuse.idleAtMost) return false;
    const reset = await reuse.reset(this.ownStatements()).catch(() => false);
    if (!reset || this.failure || this.pending.size > 0) return false;
    worker.off("message", this.onMessage);
    worker.off("error", this.onError);
    worker.off("exit", this.onExit);
    worker.unref();
    idleThreads.push(worker);
    this.worker = undefined;
    return true;
  }

  private listenTo(worker: Worker): void {
    this.worker = worker;
    worker.on("message", this.onMessage);
    worker.on("error", this.onError);
    worker.on("exit", this.onExit);
  }

  /** Statements sent straight to the thread, past `close()`'s refusal: for the reuse's reset only. */
  private ownStatements(): ReusedDatabase {
    return {
      query: <T>(text: string, params?: unknown[]) => this.sendQuery<T>(text, params, undefined),
      exec: (text: string) => this.sendExec(text),
    };
  }

  /** The thread, for tests that need to stop it the way a crash would. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  private async runTransaction<T>(callback: (transaction: Transaction) => Promise<T>): Promise<T> {
    await this.sendExec("BEGIN");
    let open = true;
    const ensureOpen = () => {
      if (!open) throw new Error("the transaction is closed");
    };
    const transaction = {
      query: async <Row>(text: string, params?: unknown[], options?: QueryOptions) => {
        ensureOpen();
        return this.sendQuery<Row>(text, params, options);
      },
      exec: async (text: string, options?: QueryOptions) => {
        ensureOpen();
        return this.sendExec(text, options);
      },
      rollback: async () => {
        ensureOpen();
        open = false;
        await this.sendExec("ROLLBACK");
      },
      get closed() {
        return !open;
      },
    } as unknown as Transaction;
    try {
      const result = await callback(transaction);
      if (open) {
        open = false;
        await this.sendExec("COMMIT");
      }
      return result;
    } catch (error) {
      if (open) {
        open = false;
        await this.sendExec("ROLLBACK").catch(() => undefined);
      }
      throw error;
    }
  }

  private async sendQuery<T>(text: string, params: unknown[] | undefined, options: QueryOptions | undefined): Promise<Results<T>> {
    refuseUnsupported(options);
    const parserOids = options?.parsers ? identityParserOids(options.parsers) : undefined;
    const result = (await this.send({ kind: "query", text, params, rowMode: options?.rowMode, parserOids, paramTypes: options?.paramTypes }, movedBuffers(params))) as Results<T>;
    return parseJsonFields(result, parserOids);
  }

  private async sendExec(text: string, options?: QueryOptions): Promise<Results[]> {
    if (options && Object.keys(options).length > 0) throw new Error("the embedded database thread's exec() takes no options");
    const results = (await this.send({ kind: "exec", text })) as Results[];
    return results.map((result) => parseJsonFields(result, undefined));
  }

  /** Posts a request; the buffers in `moved` go with it (transferred, not copied: see `movedBuffers`). */
  private send(request: Request, moved: ArrayBuffer[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("the embedded database thread has not started"));
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => this.track(id, { resolve, reject }));
    worker.postMessage({ id, ...request }, moved);
    return reply;
  }

  private track(id: number, pending: Pending): void {
    if (this.failure) return pending.reject(this.failure);
    this.pending.set(id, pending);
    // An idle thread does not keep the process alive (an in-process PGlite would not either); one
    // with a statement in flight does.
    if (this.pending.size === 1) this.worker?.ref();
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.closeRef) this.worker?.unref();
    if (reply.failure) pending.reject(errorFrom(reply.failure));
    else pending.resolve(reply.result);
  }

  private fail(error: Error): void {
    if (this.failure || (this.closing && this.pending.size === 0)) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private async waitForBarrier(): Promise<void> {
    const barrier = this.barrier;
    if (barrier) await barrier;
  }

  /** Runs a call the client accepts (not after `close()`), counted until it settles so `close()` can drain. */
  private async accepted<T>(call: () => Promise<T>): Promise<T> {
    if (this.closing) throw new Error("the embedded database is closed");
    if (this.failure) throw this.failure;
    this.outstanding++;
    try {
      if (!this.isReady) await this.waitReady;
      return await call();
    } finally {
      if (--this.outstanding === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }
}

/** Bytes this long or longer are moved to the thread; shorter ones are copied (cheaply) and stay the caller's. */
export const MOVED_BYTES_AT_LEAST = 64 * 1024;

/**
 * The buffers of the parameters that are moved to the thread rather than copied: each Uint8Array
 * of `MOVED_BYTES_AT_LEAST` or more that is the whole of its buffer (a shard's JSON as an engine
 * thread encoded it). Copied, a shard's 3-8 MB went through a serialisation buffer on each side
 * and stayed in this thread until a collection; moved, it is neither copied nor kept here. After
 * the call the caller's array is empty (detached), as with any transferred buffer: callers pass
 * bytes they have no further use for, and a copy of any they need afterwards. A view on part of a
 * buffer (a pooled `Buffer`) is copied, so nothing else that shares its buffer is emptied.
 */
export function movedBuffers(params: readonly unknown[] | undefined): ArrayBuffer[] {
  const moved = new Set<ArrayBuffer>();
  for (const param of params ?? []) {
    if (!(param instanceof Uint8Array) || !(param.buffer instanceof ArrayBuffer)) continue;
    if (param.byteOffset === 0 && param.byteLength === param.buffer.byteLength && param.byteLength >= MOVED_BYTES_AT_LEAST) moved.add(param.buffer);
  }
  return [...moved];
}

function refuseUnsupported(options: QueryOptions | undefined): void {
  if (!options) return;
  for (const option of ["serializers", "blob", "onNotice"] as const) {
    if (options[option] !== undefined) throw new Error(`the embedded database thread does not support the query option '${option}'`);
  }
}

const parserOidsByMap = new WeakMap<object, number[]>();

/**
 * The type OIDs of a parser map whose parsers all keep the text as it is (what Drizzle passes for
 * dates, timestamps, intervals and numeric arrays). A function cannot cross threads; an identity
 * can be rebuilt there from its OID. Any other parser is refused.
 */
function identityParserOids(parsers: NonNullable<QueryOptions["parsers"]>): number[] {
  const known = parserOidsByMap.get(parsers);
  if (known) return known;
  const oids: number[] = [];
  for (const [oid, parser] of Object.entries(parsers)) {
    if (parser(PARSER_PROBE, Number(oid)) !== PARSER_PROBE) throw new Error(`the embedded database thread only supports parsers that keep the text (type ${oid})`);
    oids.push(Number(oid));
  }
  parserOidsByMap.set(parsers, oids);
  return oids;
}

/** Parses json and jsonb columns, which the thread sends as text, unless the caller asked for text. */
function parseJsonFields<T>(result: Results<T>, keptAsText: number[] | undefined): Results<T> {
  const columns: Array<string | number> = [];
  result.fields.forEach((field, index) => {
    if (JSON_OIDS.has(field.dataTypeID) && !keptAsText?.includes(field.dataTypeID)) columns.push(Array.isArray(result.rows[0]) ? index : field.name);
  });
  if (columns.length === 0) return result;
  for (const row of result.rows as Array<Record<string | number, unknown>>) {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === "string") row[column] = JSON.parse(value);
    }
  }
  return result;
}

/** An Error carrying what the thread's error carried (code, detail, constraint, …), for callers that read them. */
function errorFrom(failure: Failure): Error {
  const error = Object.assign(new Error(failure.message), failure.fields);
  error.name = failure.name;
  if (failure.stack) error.stack = failure.stack;
  return error;
}
