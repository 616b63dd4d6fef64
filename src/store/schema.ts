/**
 * The database schema (Drizzle). One schema for PGlite and a Postgres server; migrations in
 * `src/store/migrations` are generated from it with `npm run db:generate` and committed.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Set for accounts created from a trusted JWT: the token's `iss` + `sub`. */
    externalSubject: text("external_subject"),
    /** Credits left. Changed only together with a ledger row, in one transaction. */
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("accounts_external_subject_key").on(table.externalSubject)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("default"),
    /** The first characters of the key, shown in listings so a key can be recognised. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key; the key itself is never stored. */
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [uniqueIndex("api_keys_hash_key").on(table.hash), index("api_keys_account_idx").on(table.accountId)],
);

/** Append-only: every change of a balance, with why. */
export const creditLedger = pgTable(
  "credit_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    delta: bigint("delta", { mode: "number" }).notNull(),
    /** `charge`, `refund`, `grant`. */
    kind: text("kind").notNull(),
    /** `generate`, `enhance`, `validate`, `interview`, `ask-panel` for charges and refunds; null for grants. */
    component: text("component"),
    jobId: uuid("job_id"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (table) => [
    index("credit_ledger_account_created_idx").on(table.accountId, table.createdAt),
    uniqueIndex("credit_ledger_refund_once_key").on(table.jobId).where(sql`kind = 'refund'`),
  ],
);

/** Columns every asynchronous job row shares. */
const jobColumns = () => ({
  id: uuid("id").primaryKey(),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id, { onDelete: "cascade" }),
  /** pending | running | succeeded | failed */
  status: text("status").notNull().default("pending"),
  phase: text("phase"),
  produced: integer("produced").notNull().default(0),
  total: integer("total").notNull().default(0),
  grounding: text("grounding").notNull().default("off"),
  seed: bigint("seed", { mode: "number" }).notNull(),
  cost: integer("cost").notNull().default(0),
  /** A stable failure category (`provider_error`, `invalid_blueprint`, …) when failed. */
  error: text("error"),
  /** The human explanation of a failure, kept for operators and logs. */
  errorDetail: text("error_detail"),
  attempts: integer("attempts").notNull().default(0),
  /** The model behind the job's calls (`openai:gpt-4.1-mini`); null when none was used (offline). */
  model: text("model"),
  /** What the job's model calls cost, over every attempt (a crashed attempt's calls were paid too). */
  modelCalls: integer("model_calls").notNull().default(0),
  promptTokens: bigint("prompt_tokens", { mode: "number" }).notNull().default(0),
  completionTokens: bigint("completion_tokens", { mode: "number" }).notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const populations = pgTable(
  "populations",
  {
    ...jobColumns(),
    prompt: text("prompt").notNull(),
    count: integer("count").notNull(),
    /** `json`, not `jsonb`: a population keeps its key order (persona_id first, fields in blueprint order). */
    result: json("result"),
    /** A model-backed population's designed blueprint, kept as soon as it exists so a retry does not design (and pay) again. */
    blueprint: json("blueprint"),
    /**
     * The blueprint the caller sent with the request (the studio's "edit and re-sample"), checked
     * when accepted: sampled instead of designing. Kept after the job ends, unlike the checkpoint.
     */
    givenBlueprint: json("given_blueprint"),
    /**
     * How many shards (`population_shards`) the population was cut into, set when its designing job
     * enqueued them: from then on the shards carry the work, and `produced` only grows.
     */
    shardCount: integer("shard_count"),
    /**
     * The stored blueprint model (`population_blueprints`) this result's blueprint takes its big
     * keys from (migration 0012; population-blueprints.ts); null when the result holds it whole.
     */
    resultBlueprint: text("result_blueprint").references(() => populationBlueprints.hash),
  },
  (table) => [
    index("populations_account_idx").on(table.accountId),
    index("populations_status_idx").on(table.status),
    // The history list: an account's populations newest first, paged by (created_at, id).
    index("populations_account_created_idx").on(table.accountId, table.createdAt.desc(), table.id.desc()),
  ],
);

/**
 * The big, shareable part of population blueprints (fields, order, constraints, sources), once per
 * distinct content, keyed by the SHA-256 of its JSON text (migration 0012, population-blueprints.ts).
 * `json`: key order kept. Never deleted: any number of populations may share a row.
 */
export const populationBlueprints = pgTable("population_blueprints", {
  hash: text("hash").primaryKey(),
  blueprint: json("blueprint").notNull(),
  createdAt: createdAt(),
});

/**
 * A population's personas, as its shards store them (a row per shard offline, a row per writer
 * batch with a model, so a retried shard writes only the batches missing here). Rows never overlap
 * and cover `0..count-1` once the population succeeded; its result then leaves `personas` out and
 * the poll reads them from here. Removed when the population fails.
 */
export const populationBatches = pgTable(
  "population_batches",
  {
    populationId: uuid("population_id")
      .notNull()
      .references(() => populations.id, { onDelete: "cascade" }),
    /** Index of the batch's first persona. */
    startIndex: integer("start_index").notNull(),
    /** The rendered personas, in order (`json`: key order kept). */
    personas: json("personas").notNull(),
    /** The personas' ids and fields as JSON text, what the reports read (migration 0007); null until extracted. */
    fields: text("fields"),
    /** The row's digest for the reports (report-digest.ts) as JSON text (migration 0011); null for rows stored before it. */
    digest: text("digest"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.populationId, table.startIndex] })],
);

/**
 * One shard of a population: a queue job of its own (kind `population-shard`), with the job
 * columns of every job row, the slice of the population it writes, and that slice's structured
 * fields as the population's designing job sampled them (quotas are apportioned over the whole
 * population, so a shard never samples on its own).
 */
export const populationShards = pgTable(
  "population_shards",
  {
    ...jobColumns(),
    populationId: uuid("population_id")
      .notNull()
      .references(() => populations.id, { onDelete: "cascade" }),
    shardIndex: integer("shard_index").notNull(),
    /** Index of the shard's first persona in the population. */
    startIndex: integer("start_index").notNull(),
    /** The sampled fields of the shard's personas, in order. */
    structured: json("structured").notNull(),
  },
  (table) => [
    uniqueIndex("population_shards_population_shard_key").on(table.populationId, table.shardIndex),
    index("population_shards_status_idx").on(table.status),
  ],
);

/** Bytes as both drivers give them (a Buffer from node-postgres, a Uint8Array from PGlite). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * A large population's report computed by persona ranges across workers (migration 0014,
 * workers/report-ranges.ts, decision 0008 "Session 13"): the survey at range −1 (`summary`: the
 * document frequencies and the reports' rest), and each range's output (its summary and its packed
 * terms) as the range's job stored it, which the merge reads. Removed once the population ends.
 */
export const populationReportRanges = pgTable(
  "population_report_ranges",
  {
    populationId: uuid("population_id")
      .notNull()
      .references(() => populations.id, { onDelete: "cascade" }),
    /** The range (from 0), or −1 for the survey. */
    range: integer("range").notNull(),
    summary: bytea("summary").notNull(),
    /** The range's terms (`HeldTerms` packed); null for the survey. */
    terms: bytea("terms"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.populationId, table.range] })],
);

/**
 * Blueprints designed by a model, so the same (account, prompt, grounding, model) reuses its design
 * and a re-run with the same seed samples the same structured fields. Entries older than
 * `BLUEPRINT_CACHE_DAYS` (store/jobs.ts) are not used and are replaced.
 */
export const blueprintCache = pgTable(
  "blueprint_cache",
  {
    /** SHA-256 of the account, prompt, grounding level and the model's design scope. */
    key: text("key").primaryKey(),
    /** The model that designed it (`openai:gpt-4.1-mini`), for operators. */
    model: text("model").notNull(),
    blueprint: json("blueprint").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("blueprint_cache_created_idx").on(table.createdAt)],
);

export const enhancements = pgTable(
  "enhancements",
  {
    ...jobColumns(),
    source: text("source").notNull(),
    persona: json("persona"),
  },
  (table) => [index("enhancements_account_idx").on(table.accountId), index("enhancements_status_idx").on(table.status)],
);

export const evaluations = pgTable(
  "evaluations",
  {
    ...jobColumns(),
    request: json("request").notNull(),
    result: json("result"),
  },
  (table) => [index("evaluations_account_idx").on(table.accountId), index("evaluations_status_idx").on(table.status)],
);

/**
 * A question put to every persona of a population (or the ones named), answered by the model in
 * batches. `result` holds the answers, tallies and breakdowns once it succeeded.
 */
export const panelSurveys = pgTable(
  "panel_surveys",
  {
    ...jobColumns(),
    populationId: uuid("population_id")
      .notNull()
      .references(() => populations.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    /** The options of a multiple-choice question, in the caller's order; null for free text. */
    choices: json("choices"),
    /** The personas asked, when the caller named some; null for all of the population. */
    personaIds: json("persona_ids"),
    result: json("result"),
  },
  (table) => [index("panel_surveys_account_idx").on(table.accountId), index("panel_surveys_status_idx").on(table.status)],
);

/**
 * `Idempotency-Key`s of accepted POST actions (Stripe's semantics): the same key and body within
 * the window answer with the job they first created. Inserted in the transaction that charges and
 * creates the job, so the primary key decides between concurrent duplicates.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** `generate`, `enhance`, `validate` or `ask-panel`. */
    action: text("action").notNull(),
    /** SHA-256 of the action and the canonical JSON of the body, to tell a retry from a reuse. */
    requestHash: text("request_hash").notNull(),
    jobId: uuid("job_id").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.key] }), index("idempotency_keys_created_idx").on(table.createdAt)],
);

/** NPC personas (Foil Engine's model). The whole definition is one JSON document, saved atomically. */
export const npcPersonas = pgTable(
  "npc_personas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull(),
    isPublic: boolean("is_public").notNull().default(false),
    /** The validated save body, with server-assigned ids for machines, states and transitions. */
    definition: jsonb("definition").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("npc_personas_user_idx").on(table.userId), index("npc_personas_public_created_idx").on(table.isPublic, table.createdAt)],
);

/** One conversation of one player with one machine. */
export const npcSessions = pgTable(
  "npc_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => npcPersonas.id, { onDelete: "cascade" }),
    machineKey: text("machine_key").notNull(),
    userSessionId: text("user_session_id").notNull(),
    playerName: text("player_name"),
    playerGender: text("player_gender"),
    /** The play engine's session state (current state, score, vars, …). */
    state: jsonb("state").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("npc_sessions_lookup_idx").on(table.personaId, table.userSessionId, table.machineKey)],
);

/** Chat history, as Foil Engine's `history` returns it. */
export const npcMessages = pgTable(
  "npc_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => npcSessions.id, { onDelete: "cascade" }),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => npcPersonas.id, { onDelete: "cascade" }),
    userSessionId: text("user_session_id").notNull(),
    role: text("role").notNull(),
    content: text("content").notNull(),
    stateKeyAtTime: text("state_key_at_time"),
    scoreAtTime: integer("score_at_time"),
    decision: text("decision"),
    followUpTriggered: boolean("follow_up_triggered").notNull().default(false),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("npc_messages_session_idx").on(table.sessionId, table.seq)],
);

/** Everything that happened in play, from which progress is derived. Append-only. */
export const npcEvents = pgTable(
  "npc_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => npcPersonas.id, { onDelete: "cascade" }),
    userSessionId: text("user_session_id").notNull(),
    sessionId: uuid("session_id"),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("npc_events_player_idx").on(table.personaId, table.userSessionId, table.id)],
);

/**
 * One row per player on a persona: their events folded into a ledger (`src/npc/player-ledger.ts`),
 * with the version of the event list it holds (migration 0006). A turn reads this row instead of
 * every event, and writes it in the transaction that appends the turn's events. It is a cache of
 * the events, which stay the truth: whatever removes or moves events removes or moves the row, and
 * a player without one has it rebuilt from the events on their next turn.
 */
export const npcPlayerLedgers = pgTable(
  "npc_player_ledgers",
  {
    personaId: uuid("persona_id")
      .notNull()
      .references(() => npcPersonas.id, { onDelete: "cascade" }),
    userSessionId: text("user_session_id").notNull(),
    /** json, not jsonb: written and read whole every turn, never queried inside. */
    ledger: json("ledger").notNull(),
    lastEventId: bigint("last_event_id", { mode: "number" }).notNull(),
    eventCount: integer("event_count").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.personaId, table.userSessionId] })],
);
