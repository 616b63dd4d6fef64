// The thread the embedded database (PGlite) runs in. PGlite is synchronous WebAssembly: on the
// HTTP thread one statement that stores a 4 MB shard held the event loop for a third of a second,
// and /healthz with it. Here it holds only this thread. The main thread talks to it through
// `pglite-client.ts`, which documents the messages; this file is plain JavaScript that imports only
// PGlite, so a thread starts without a TypeScript loader of its own.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";
import { readStoredDataFolder } from "./data-folder-archive.mjs";

/** The permission bits of group and others: never set on anything in a data folder. */
const SHARED_BITS = 0o077;
/** json and jsonb travel as text and are parsed by the caller: a string crosses threads as one copy, an object graph as a walk of every value. */
const JSON_OIDS = [114, 3802];

/**
 * PGlite's file system on a host folder, with group and other bits taken off every mode it
 * creates or sets. Emscripten's NODEFS creates each file and then chmods it to the mode Postgres
 * asked for (0666 in PGlite's build), which the process umask cannot mask; masking at the two
 * places NODEFS sets a mode (creating a node, changing its attributes) covers every file and folder
 * PGlite will ever write, at the moment it writes it.
 */
class PrivateNodeFS extends NodeFS {
  async init(pglite, options) {
    const initialised = await super.init(pglite, options);
    const preRun = [restrictNodeFsModes, ...(initialised.emscriptenOpts.preRun ?? [])];
    return { emscriptenOpts: { ...initialised.emscriptenOpts, preRun } };
  }
}

function restrictNodeFsModes(module) {
  const nodeFs = module.NODEFS;
  const privateAttributes = (attributes) => (attributes.mode === undefined ? attributes : { ...attributes, mode: attributes.mode & ~SHARED_BITS });
  const { mknod, setattr } = nodeFs.node_ops;
  nodeFs.node_ops.mknod = (parent, name, mode, device) => mknod.call(nodeFs.node_ops, parent, name, mode & ~SHARED_BITS, device);
  nodeFs.node_ops.setattr = (node, attributes) => setattr.call(nodeFs.node_ops, node, privateAttributes(attributes));
  const streamSetattr = nodeFs.stream_ops.setattr;
  if (streamSetattr) nodeFs.stream_ops.setattr = (stream, attributes) => streamSetattr.call(nodeFs.stream_ops, stream, privateAttributes(attributes));
}

const keepText = (value) => value;
const mergedParsers = new Map();
/**
 * PGlite's parsers with the caller's identity parsers (sent as their type OIDs) laid over them,
 * made once per set of OIDs. Handed to PGlite as its own `parsers` for the one statement rather
 * than as a query option: with the option PGlite copies its whole parser table (every array type
 * included) on every statement, which was half the CPU of a short one.
 */
function parsersFor(parserOids) {
  const key = parserOids.join(",");
  let parsers = mergedParsers.get(key);
  if (!parsers) {
    parsers = { ...database.parsers };
    for (const oid of parserOids) parsers[oid] = keepText;
    mergedParsers.set(key, parsers);
  }
  return parsers;
}

/**
 * What the main thread needs to throw an equivalent error: every plain field PGlite's
 * DatabaseError carries (code, detail, constraint, …) except the parameters (a shard's megabytes)
 * and the query options (functions, which cannot cross threads).
 */
function failureOf(error) {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === "params" || key === "queryOptions") continue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/**
 * Postgres' shared buffers for the embedded database (its default is 128 MB). PGlite reads and
 * writes its files through the host's file system, whose page cache already keeps what is read
 * often, and Postgres touches every buffer it has: at the default the thread held ~120 MB more from
 * start (the embedded `serve` idled at ~490 MB, 378 MB with 16 MB) and cached every shard a poll
 * read a second time. 16 MB holds the queue's and the jobs' hot pages many times over; reading and
 * writing 100 rows of 3.5 MB cost the same CPU either way (measured, session 6).
 */
const START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

const databaseOptions = ({ dataDir, pgliteWasmModule, initdbWasmModule }) => ({
  ...(dataDir ? { fs: new PrivateNodeFS(dataDir) } : {}),
  ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
  ...(initdbWasmModule ? { initdbWasmModule } : {}),
  startParams: START_PARAMS,
  parsers: Object.fromEntries(JSON_OIDS.map((oid) => [oid, keepText])),
});

/**
 * Opens a new database, loading the stored fresh one (`data-folder-archive.mjs`) into an empty
 * folder or memory when it fits this PGlite, running initdb otherwise (or when `initdbBecause`
 * says so). Says which it did, and why initdb: `{ from: "stored" }` or `{ from: "initdb", reason }`.
 * A load that fails is not caught here: PGlite's own promises reject unhandled with it, which ends
 * the thread or process, so the process that makes a folder is what is tried again (below).
 */
async function openFresh({ initdbBecause, ...options }) {
  const stored = initdbBecause ? { reason: initdbBecause } : readStoredDataFolder(options.storedDataFolder);
  const database = new PGlite({ ...databaseOptions(options), ...(stored.tar ? { loadDataDir: new Blob([stored.tar]) } : {}) });
  await database.waitReady;
  return { database, made: stored.tar ? { from: "stored" } : { from: "initdb", reason: stored.reason } };
}

const STAGING_MARK = ".new-";

/**
 * Where a new database is made before it is moved into `dataDir`, so that a first start killed
 * half-way leaves no half-made database for the next start to open (PGlite opens any folder with a
 * PG_VERSION): a new private folder beside it, renamed over it when made. Undefined when it cannot
 * be (then it is made in place, as it always was): `dataDir` already holds something (renaming
 * replaces only an empty folder), is a mount point (a rename cannot replace it), or its parent is
 * not writable. What an earlier attempt killed half-way left beside it is removed first (a data
 * folder is made under its lock: no other process is making this one).
 */
function stagingBeside(dataDir) {
  try {
    const parent = dirname(dataDir);
    mkdirSync(parent, { recursive: true, mode: 0o700 });
    const prefix = `.${basename(dataDir)}${STAGING_MARK}`;
    for (const name of readdirSync(parent)) if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true });
    if (existsSync(dataDir) && !isEmptyFolderOnParentsDevice(dataDir)) return undefined;
    return mkdtempSync(join(parent, prefix));
  } catch {
    return undefined;
  }
}

function isEmptyFolderOnParentsDevice(folder) {
  return readdirSync(folder).length === 0 && statSync(folder).dev === statSync(dirname(folder)).dev;
}

/** Makes a new database in `dataDir` (through a staging folder when it can) and says how it was made. */
async function makeDataFolder(dataDir, storedDataFolder, initdbBecause) {
  const staging = stagingBeside(dataDir);
  try {
    const { database, made } = await openFresh({ dataDir: staging ?? dataDir, storedDataFolder, initdbBecause });
    await database.close();
    if (staging) renameSync(staging, dataDir);
    return made;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

// Run as a process of its own (`node pglite-thread.mjs <data folder> <stored data folder manifest
// or ""> [<why initdb>]`): makes a new data folder, prints how (a line of JSON), and exits.
if (isMainThread) {
  const [dataDir, storedDataFolder, initdbBecause] = process.argv.slice(2);
  const made = await makeDataFolder(dataDir, storedDataFolder || undefined, initdbBecause);
  process.stdout.write(`${JSON.stringify(made)}\n`);
  process.exit(0);
}

/**
 * A new data folder is made by a process of its own that ends once it is made, and served from
 * this thread. Running initdb takes ~350 MB more than serving (PGlite runs it against a second
 * instance and keeps a copy of that instance's whole memory), which the instance that made it
 * keeps for as long as it lives; loading the stored database takes a transient ~120 MB of its tar.
 * Made in a process, the server never holds either. The process compiles PGlite's WebAssembly
 * itself (a compiled module cannot cross processes): a second of CPU once per data folder.
 * When the process fails, a second one runs initdb (the stored database may be what failed);
 * when that fails too, its error is the thread's. Resolves with how the folder was made, or
 * undefined when it already held a database.
 */
async function makeInProcessOfItsOwn(dataDir, storedDataFolder) {
  if (existsSync(join(dataDir, "PG_VERSION"))) return undefined;
  // A folder made in place (no staging) that held nothing is emptied again before the second try.
  const wasEmpty = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  try {
    return await runMaker([dataDir, storedDataFolder ?? ""]);
  } catch (error) {
    if (wasEmpty && existsSync(dataDir)) for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    return runMaker([dataDir, "", `making it from the stored data folder failed: ${error.message.split("\n").find((line) => line.includes("Error")) ?? error.message}`]);
  }
}

function runMaker(args) {
  return new Promise((resolve, reject) => {
    const maker = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    maker.stdout.on("data", (chunk) => (output += chunk));
    maker.stderr.on("data", (chunk) => {
      if (errors.length < 10_000) errors += chunk;
    });
    maker.once("error", reject);
    maker.once("close", (code, signal) => {
      if (code !== 0) return reject(new Error(`making the embedded database exited with ${signal ?? `code ${code}`}: ${errors.trim()}`));
      try {
        resolve(JSON.parse(output));
      } catch {
        reject(new Error(`making the embedded database said ${JSON.stringify(output.slice(0, 200))}, not how it made it`));
      }
    });
  });
}

/** The thread's database: a folder's (made first when new), or a fresh one in memory. */
async function openDatabase(options) {
  if (!options.dataDir) return openFresh(options);
  const made = await makeInProcessOfItsOwn(options.dataDir, options.storedDataFolder);
  const database = new PGlite(databaseOptions(options));
  await database.waitReady;
  return { database, made };
}

const opened = await openDatabase(workerData).catch((error) => ({ error }));
const database = opened.database;

/** Text-like types whose binary form is their UTF-8 text as it is: bytes are sent as they are. */
const TEXT_AS_BYTES_OIDS = [25, 1043, 114, 17];
const JSONB_OID = 3802;
const JSONB_BINARY_VERSION = 1;

/**
 * Serializers for a statement with bytes among its parameters (a shard's JSON, moved here from the
 * calling thread: `pglite-client.ts`). PGlite's own would make text of them (`1,2,3`, or JSON of
 * the array's indexes); a Uint8Array is instead sent as a binary parameter, which for text, varchar,
 * json and bytea is the value's bytes themselves (what node-postgres sends a Postgres server), and
 * for jsonb the same after its format's version byte. Any other value goes to PGlite's serializer.
 */
function bytesSerializers() {
  const serializers = {};
  const original = (oid) => database.serializers[oid] ?? ((value) => value.toString());
  for (const oid of TEXT_AS_BYTES_OIDS) serializers[oid] = (value) => (value instanceof Uint8Array ? value : original(oid)(value));
  serializers[JSONB_OID] = (value) => {
    if (!(value instanceof Uint8Array)) return original(JSONB_OID)(value);
    const versioned = new Uint8Array(value.byteLength + 1);
    versioned[0] = JSONB_BINARY_VERSION;
    versioned.set(value, 1);
    return versioned;
  };
  return serializers;
}
let serializersForBytes;

async function query({ text, params, rowMode, parserOids, paramTypes }) {
  const withBytes = params?.some((param) => param instanceof Uint8Array);
  const options = { rowMode, ...(paramTypes ? { paramTypes } : {}), ...(withBytes ? { serializers: (serializersForBytes ??= bytesSerializers()) } : {}) };
  if (!parserOids || parserOids.length === 0) return database.query(text, params, options);
  // Safe to swap: this thread runs one request at a time, and PGlite reads its parsers only
  // while it answers this statement.
  const own = database.parsers;
  database.parsers = parsersFor(parserOids);
  try {
    return await database.query(text, params, options);
  } finally {
    database.parsers = own;
  }
}

async function run(request) {
  switch (request.kind) {
    case "query":
      return query(request);
    case "exec":
      return database.exec(request.text);
    case "dump": {
      const file = await database.dumpDataDir(request.compression);
      return { name: file.name, bytes: await file.arrayBuffer() };
    }
    case "close":
      // A database that failed to open has nothing to close.
      await database?.close();
      return null;
    default:
      throw new Error(`unknown request ${request.kind}`);
  }
}

// PGlite runs one statement at a time; requests arrive in the order the main thread sent them
// and run in that order (a transaction's statements included, which is what keeps it whole). The
// first message says the database is ready and how a new one was made (or why it is not ready).
let chain = (opened.error ? Promise.reject(opened.error) : Promise.resolve()).then(
  () => parentPort.postMessage({ id: 0, result: { made: opened.made ?? null } }),
  (error) => parentPort.postMessage({ id: 0, failure: failureOf(error) }),
);
parentPort.on("message", (request) => {
  chain = chain.then(async () => {
    try {
      const result = await run(request);
      // A dump's bytes are moved, not copied: the thread has no further use for them.
      parentPort.postMessage({ id: request.id, result }, result?.bytes instanceof ArrayBuffer ? [result.bytes] : []);
    } catch (error) {
      parentPort.postMessage({ id: request.id, failure: failureOf(error) });
    }
    if (request.kind === "close") parentPort.close();
  });
});
