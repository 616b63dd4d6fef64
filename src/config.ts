/** Configuration from the environment (DESIGN §7). Every variable is optional. */
import { z } from "zod";
import { LOG_LEVELS, type LogFormat, type LogLevel } from "./observability/logger.ts";

/** How far a JWT's `exp`/`nbf` may be off from the server's clock, unless configured. */
export const DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS = 30;

/** `a, b ,c` → `["a", "b", "c"]`; empty entries dropped. */
const commaList = z
  .string()
  .default("")
  .transform((text) => text.split(",").map((entry) => entry.trim()).filter((entry) => entry !== ""));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  DRAMATIS_DATA_DIR: z.string().default("./.dramatis"),
  DRAMATIS_MODEL: z.string().default("offline"),
  /** Personas per population (over it: 400 `VALIDATION_ERROR`); polls and exports stream from the store, so 1,000,000 and more is fine. */
  DRAMATIS_MAX_COUNT: z.coerce.number().int().min(1).default(100_000),
  /** Personas one `validate` call may send; more is a 400 `VALIDATION_ERROR`, refused before any other check. */
  DRAMATIS_MAX_VALIDATE_PERSONAS: z.coerce.number().int().min(1).default(20_000),
  DRAMATIS_API_KEY: z.string().optional(),
  DRAMATIS_JWT_SECRET: z.string().optional(),
  DRAMATIS_JWKS_URL: z.string().url().optional(),
  DRAMATIS_JWT_ISSUER: z.string().optional(),
  DRAMATIS_JWT_AUDIENCE: z.string().optional(),
  /** Seconds of clock difference allowed when checking a JWT's `exp` (required) and `nbf`. */
  DRAMATIS_JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS),
  DRAMATIS_PUBLIC_URL: z.string().optional(),
  DRAMATIS_DEV_CREDITS: z.coerce.number().int().min(0).default(1_000_000),
  /** Credits a new account gets when it first arrives with a trusted JWT. */
  DRAMATIS_SIGNUP_CREDITS: z.coerce.number().int().min(0).default(1_000),
  DRAMATIS_WORKERS: z.coerce.number().int().min(0).max(32).default(2),
  /**
   * On a Postgres server shared by several processes, how often each looks for the running jobs of
   * processes that died, to hand them back to the queue (a job must have run 10 s to be taken).
   */
  DRAMATIS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  DRAMATIS_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** `json` (one object per line) or `pretty`; unset: pretty on a terminal, JSON otherwise (docs/operations.md). */
  DRAMATIS_LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  DRAMATIS_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /**
   * Model calls in flight at once across every process sharing DATABASE_URL (a Postgres semaphore);
   * each process's adaptive limiter still backs off on 429s within it. Ignored on the embedded database.
   */
  DRAMATIS_MODEL_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(16),
  /** `dramatis worker` serves /healthz, /readyz and /metrics on this port (unset: no HTTP at all). */
  DRAMATIS_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Bearer token that opens `/metrics` to non-loopback scrapers (the operator token opens it too). */
  DRAMATIS_METRICS_TOKEN: z.union([z.literal(""), z.string().min(16, "use at least 16 characters")]).optional(),
  DRAMATIS_MAX_PROMPT_CHARS: z.coerce.number().int().min(1).default(4_000),
  DRAMATIS_MAX_SKETCH_CHARS: z.coerce.number().int().min(1).default(20_000),
  DRAMATIS_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Requests per minute per API key (or per client address without one); 0 turns the limit off. */
  DRAMATIS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(3_000),
  /**
   * Browser origins allowed to call the API (CORS), comma-separated, e.g.
   * `https://app.example.com,http://localhost:5173`; `*` allows any origin (credentials travel in the
   * Authorization header, never in cookies, so this exposes nothing a caller's own key does not).
   * Unset: no CORS headers, so browsers on other origins are refused.
   */
  DRAMATIS_CORS_ORIGINS: commaList,
  /**
   * The proxies in front of the server whose `X-Forwarded-For` says who the client is (the rate
   * limit's per-address buckets): unset, nobody's; `true`, any; a number, that many hops; else a
   * comma list of addresses or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`).
   */
  DRAMATIS_TRUST_PROXY: z
    .string()
    .default("")
    .transform((text): boolean | number | string[] => {
      const trimmed = text.trim();
      if (trimmed === "" || trimmed === "false") return false;
      if (trimmed === "true") return true;
      if (/^\d+$/.test(trimmed)) return Number(trimmed);
      return trimmed.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
    }),
  /** PEM files: with both set the server speaks HTTPS itself (otherwise put a TLS proxy in front). */
  DRAMATIS_TLS_CERT: z.string().optional(),
  DRAMATIS_TLS_KEY: z.string().optional(),
  /** The LLM providers' own keys and base URLs (docs/llm.md); `DRAMATIS_…` spellings win over the providers'. */
  DRAMATIS_OPENAI_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  DRAMATIS_OPENAI_BASE_URL: z.string().optional(),
  OPENAI_BASE_URL: z.string().optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.string().optional(),
  OLLAMA_BASE_URL: z.string().default("http://127.0.0.1:11434/v1"),
  DRAMATIS_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** A cheaper model for the first drafts of persona texts (same forms as `DRAMATIS_MODEL`). */
  DRAMATIS_WRITER_MODEL: z.string().optional(),
  /** Personas per writer call of a model-backed population. */
  DRAMATIS_WRITER_BATCH_SIZE: z.coerce.number().int().min(1).max(50).default(10),
  /** Search grounding (docs/llm.md): `off`, `searxng:<base URL>`, `tavily`, `brave`. */
  DRAMATIS_SEARCH: z.string().optional(),
  TAVILY_API_KEY: z.string().optional(),
  BRAVE_API_KEY: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  model: string;
  maxCount: number;
  maxValidatePersonas: number;
  apiKey?: string;
  jwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  jwtClockToleranceSeconds: number;
  publicUrl?: string;
  devCredits: number;
  signupCredits: number;
  workers: number;
  /** `DRAMATIS_SWEEP_INTERVAL_MS`: how often dead processes' running jobs are looked for (shared Postgres only). */
  sweepIntervalMs: number;
  /** `DRAMATIS_SHUTDOWN_GRACE_MS`: on shutdown, how long running jobs get to stop before they are handed back as they are. */
  shutdownGraceMs: number;
  logFormat?: LogFormat;
  logLevel: LogLevel;
  metricsToken?: string;
  metricsPort?: number;
  modelConcurrency: number;
  maxPromptChars: number;
  maxSketchChars: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  /** Allowed CORS origins; `["*"]` for any; empty for none. */
  corsOrigins: string[];
  /** Proxies trusted to name the client in `X-Forwarded-For` (Fastify's `trustProxy`); false: none. */
  trustProxy: boolean | number | string[];
  /** Paths of the PEM certificate (chain) and private key for HTTPS; both or neither. */
  tlsCert?: string;
  tlsKey?: string;
  /** For `openai:` and `openai-compatible:` models. */
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  ollamaBaseUrl: string;
  /** One NPC play LLM call longer than this fails (and play falls back to its offline parts). Population calls keep their own 120 s. */
  llmTimeoutMs: number;
  /** `DRAMATIS_WRITER_MODEL`: first drafts of text fields; rewrites stay with `model`. */
  writerModel?: string;
  writerBatchSize: number;
  /** `DRAMATIS_SEARCH`; `createProviders` refuses a bad value or a missing key, naming the variable. */
  search?: string;
  tavilyApiKey?: string;
  braveApiKey?: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (Boolean(e.DRAMATIS_TLS_CERT) !== Boolean(e.DRAMATIS_TLS_KEY)) {
    throw new Error("invalid configuration: set both DRAMATIS_TLS_CERT and DRAMATIS_TLS_KEY for HTTPS, or neither");
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.DRAMATIS_DATA_DIR,
    model: e.DRAMATIS_MODEL,
    maxCount: e.DRAMATIS_MAX_COUNT,
    maxValidatePersonas: e.DRAMATIS_MAX_VALIDATE_PERSONAS,
    apiKey: e.DRAMATIS_API_KEY,
    jwtSecret: e.DRAMATIS_JWT_SECRET,
    jwksUrl: e.DRAMATIS_JWKS_URL,
    jwtIssuer: e.DRAMATIS_JWT_ISSUER,
    jwtAudience: e.DRAMATIS_JWT_AUDIENCE,
    jwtClockToleranceSeconds: e.DRAMATIS_JWT_CLOCK_TOLERANCE_SECONDS,
    publicUrl: e.DRAMATIS_PUBLIC_URL,
    devCredits: e.DRAMATIS_DEV_CREDITS,
    signupCredits: e.DRAMATIS_SIGNUP_CREDITS,
    workers: e.DRAMATIS_WORKERS,
    sweepIntervalMs: e.DRAMATIS_SWEEP_INTERVAL_MS,
    shutdownGraceMs: e.DRAMATIS_SHUTDOWN_GRACE_MS,
    logFormat: e.DRAMATIS_LOG_FORMAT,
    logLevel: e.DRAMATIS_LOG_LEVEL,
    metricsToken: e.DRAMATIS_METRICS_TOKEN || undefined,
    metricsPort: e.DRAMATIS_METRICS_PORT,
    modelConcurrency: e.DRAMATIS_MODEL_CONCURRENCY,
    maxPromptChars: e.DRAMATIS_MAX_PROMPT_CHARS,
    maxSketchChars: e.DRAMATIS_MAX_SKETCH_CHARS,
    bodyLimitBytes: e.DRAMATIS_BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.DRAMATIS_RATE_LIMIT_PER_MINUTE,
    corsOrigins: e.DRAMATIS_CORS_ORIGINS,
    trustProxy: e.DRAMATIS_TRUST_PROXY,
    tlsCert: e.DRAMATIS_TLS_CERT || undefined,
    tlsKey: e.DRAMATIS_TLS_KEY || undefined,
    openaiApiKey: e.DRAMATIS_OPENAI_API_KEY || e.OPENAI_API_KEY || undefined,
    openaiBaseUrl: e.DRAMATIS_OPENAI_BASE_URL || e.OPENAI_BASE_URL || undefined,
    anthropicApiKey: e.ANTHROPIC_API_KEY || undefined,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL || undefined,
    ollamaBaseUrl: e.OLLAMA_BASE_URL,
    llmTimeoutMs: e.DRAMATIS_LLM_TIMEOUT_MS,
    writerModel: e.DRAMATIS_WRITER_MODEL?.trim() || undefined,
    writerBatchSize: e.DRAMATIS_WRITER_BATCH_SIZE,
    search: e.DRAMATIS_SEARCH?.trim() || undefined,
    tavilyApiKey: e.TAVILY_API_KEY || undefined,
    braveApiKey: e.BRAVE_API_KEY || undefined,
  };
}
