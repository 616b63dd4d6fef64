/** Configuration from the environment (DESIGN §7). Every variable is optional. */
import { z } from "zod";

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  DRAMATIS_DATA_DIR: z.string().default("./.dramatis"),
  DRAMATIS_MODEL: z.string().default("offline"),
  DRAMATIS_MAX_COUNT: z.coerce.number().int().min(1).default(1000),
  DRAMATIS_API_KEY: z.string().optional(),
  DRAMATIS_JWT_SECRET: z.string().optional(),
  DRAMATIS_JWKS_URL: z.string().url().optional(),
  DRAMATIS_JWT_ISSUER: z.string().optional(),
  DRAMATIS_JWT_AUDIENCE: z.string().optional(),
  DRAMATIS_PUBLIC_URL: z.string().optional(),
  DRAMATIS_DEV_CREDITS: z.coerce.number().int().min(0).default(1_000_000),
  /** Credits a new account gets when it first arrives with a trusted JWT. */
  DRAMATIS_SIGNUP_CREDITS: z.coerce.number().int().min(0).default(1_000),
  DRAMATIS_WORKERS: z.coerce.number().int().min(0).max(32).default(2),
  DRAMATIS_MAX_PROMPT_CHARS: z.coerce.number().int().min(1).default(4_000),
  DRAMATIS_MAX_SKETCH_CHARS: z.coerce.number().int().min(1).default(20_000),
  DRAMATIS_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Requests per minute per API key (or per client address without one); 0 turns the limit off. */
  DRAMATIS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(3_000),
  /** The LLM providers' own keys and base URLs (docs/llm.md); `DRAMATIS_…` spellings win over the providers'. */
  DRAMATIS_OPENAI_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  DRAMATIS_OPENAI_BASE_URL: z.string().optional(),
  OPENAI_BASE_URL: z.string().optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.string().optional(),
  OLLAMA_BASE_URL: z.string().default("http://127.0.0.1:11434/v1"),
  DRAMATIS_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  model: string;
  maxCount: number;
  apiKey?: string;
  jwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  publicUrl?: string;
  devCredits: number;
  signupCredits: number;
  workers: number;
  maxPromptChars: number;
  maxSketchChars: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  /** For `openai:` and `openai-compatible:` models. */
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  ollamaBaseUrl: string;
  /** One LLM call longer than this fails (and NPC play falls back to its offline parts). */
  llmTimeoutMs: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.DRAMATIS_DATA_DIR,
    model: e.DRAMATIS_MODEL,
    maxCount: e.DRAMATIS_MAX_COUNT,
    apiKey: e.DRAMATIS_API_KEY,
    jwtSecret: e.DRAMATIS_JWT_SECRET,
    jwksUrl: e.DRAMATIS_JWKS_URL,
    jwtIssuer: e.DRAMATIS_JWT_ISSUER,
    jwtAudience: e.DRAMATIS_JWT_AUDIENCE,
    publicUrl: e.DRAMATIS_PUBLIC_URL,
    devCredits: e.DRAMATIS_DEV_CREDITS,
    signupCredits: e.DRAMATIS_SIGNUP_CREDITS,
    workers: e.DRAMATIS_WORKERS,
    maxPromptChars: e.DRAMATIS_MAX_PROMPT_CHARS,
    maxSketchChars: e.DRAMATIS_MAX_SKETCH_CHARS,
    bodyLimitBytes: e.DRAMATIS_BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.DRAMATIS_RATE_LIMIT_PER_MINUTE,
    openaiApiKey: e.DRAMATIS_OPENAI_API_KEY || e.OPENAI_API_KEY || undefined,
    openaiBaseUrl: e.DRAMATIS_OPENAI_BASE_URL || e.OPENAI_BASE_URL || undefined,
    anthropicApiKey: e.ANTHROPIC_API_KEY || undefined,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL || undefined,
    ollamaBaseUrl: e.OLLAMA_BASE_URL,
    llmTimeoutMs: e.DRAMATIS_LLM_TIMEOUT_MS,
  };
}
