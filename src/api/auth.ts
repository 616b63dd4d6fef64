/**
 * Who is calling. Bearer API keys (`ak_…`, stored hashed) and JWTs: HS256 signed with the
 * server's secret, or verified against a remote JWKS so an existing identity provider can be
 * trusted. `X-API-Key` carries the same API keys for the game-SDK surface.
 *
 * A request's credential is resolved once and remembered for that request: the rate limit keys
 * its bucket by the account it resolves to, and the route's `require`/`identify` reuse the answer.
 *
 * Across requests, a credential that resolved to an account is remembered by its SHA-256 for at
 * most `CREDENTIAL_CACHE_MS` (and never past a JWT's `exp`): a poll or an NPC turn then asks the
 * store nothing to know who calls. The bound on staleness:
 * - a key revoked, or a balance changed, by this process (operator routes, the CLI on the embedded
 *   database, charges and refunds) is forgotten at once: AccountRepository announces the change;
 * - one revoked by another process sharing a Postgres (a second API process, `dramatis keys
 *   revoke` run against the database) is refused here at most `CREDENTIAL_CACHE_MS` later.
 * A credential that resolved to no account is never remembered: a key created a moment ago, here
 * or elsewhere, works on its first request. The rate limit stays per account, whatever the cache.
 */
import type { FastifyRequest } from "fastify";
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { Account, AccountRepository } from "../store/accounts.ts";
import { hashApiKey, isApiKeyShaped, type CredentialChange } from "../store/accounts.ts";
import { DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS } from "../config.ts";
import { ApiError } from "./errors.ts";
import { textProblem } from "./text-input.ts";

export interface AuthOptions {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  signupCredits: number;
  /** How far a JWT's `exp`/`nbf` may be off from our clock (seconds); default 30. */
  clockToleranceSeconds?: number;
  /** Milliseconds since the epoch, for the credential cache's expiry (tests move it); default `Date.now`. */
  now?: () => number;
}

/** How long another process's revocation may go unseen here (see the header); this process's own are seen at once. */
export const CREDENTIAL_CACHE_MS = 5_000;
/** Credentials remembered at most; the oldest is forgotten first. */
export const MAX_CACHED_CREDENTIALS = 10_000;

/** A credential being resolved or resolved: its account, and until when it is believed. */
interface CachedCredential {
  account: Promise<Account | null>;
  until: number;
  /** Known once resolved: a change to this account forgets the credential. */
  accountId?: string;
}

/** What a credential resolves to, and the last moment the credential itself stays valid (a JWT's `exp`). */
interface Resolution {
  account: Account | null;
  validUntil?: number;
}

/** Who a request is, for the rate limit: an account, nobody, or someone whose credential failed. */
export type CallerIdentity = { kind: "account"; accountId: string } | { kind: "anonymous" } | { kind: "invalid" } | { kind: "unverified" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class Authenticator {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  /** Each request's resolved credentials, by token: the rate limit and the route share one lookup. */
  private readonly resolved = new WeakMap<FastifyRequest, Map<string, Promise<Account | null>>>();
  /** Credentials resolved by earlier requests, by the token's SHA-256 (an API key's stored hash); insertion order is age. */
  private readonly credentials = new Map<string, CachedCredential>();
  private readonly now: () => number;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly options: AuthOptions,
  ) {
    if (options.jwtSecret) this.secret = new TextEncoder().encode(options.jwtSecret);
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl));
    this.now = options.now ?? Date.now;
    accounts.onCredentialChange((change) => this.forget(change));
  }

  /** The account behind the request's credentials, or null when it carries none. Invalid → 401. */
  async identify(request: FastifyRequest, { allowApiKeyHeader = false } = {}): Promise<Account | null> {
    const token = bearerToken(request) ?? (allowApiKeyHeader ? headerValue(request, "x-api-key") : undefined);
    if (token === undefined) return null;
    const account = await this.resolve(request, token);
    if (!account) throw ApiError.unauthorized();
    return account;
  }

  /**
   * Who the request is, whichever header carries its credential and however it is spelt
   * (`bearer`, extra spaces, a tab, `X-API-Key`): the same key is the same caller. Never throws.
   */
  async callerIdentity(request: FastifyRequest): Promise<CallerIdentity> {
    const token = bearerToken(request) ?? headerValue(request, "x-api-key");
    if (token === undefined) return { kind: "anonymous" };
    try {
      const account = await this.resolve(request, token);
      return account ? { kind: "account", accountId: account.id } : { kind: "invalid" };
    } catch {
      // The identity provider could not be asked; the route answers that (502) itself.
      return { kind: "unverified" };
    }
  }

  private resolve(request: FastifyRequest, token: string): Promise<Account | null> {
    let tokens = this.resolved.get(request);
    if (!tokens) this.resolved.set(request, (tokens = new Map()));
    let account = tokens.get(token);
    if (!account) {
      account = this.cachedAccount(token);
      // Whoever awaits it sees the failure; an unawaited copy must not crash the process.
      account.catch(() => undefined);
      tokens.set(token, account);
    }
    return account;
  }

  /** The account `token` resolved to within the cache's bound, or a new resolution that concurrent requests share. */
  private cachedAccount(token: string): Promise<Account | null> {
    const key = hashApiKey(token);
    const now = this.now();
    const cached = this.credentials.get(key);
    if (cached && cached.until > now) return cached.account;
    if (cached) this.credentials.delete(key);
    const entry: CachedCredential = { account: Promise.resolve(null), until: now + CREDENTIAL_CACHE_MS };
    // Removed only if it is still this entry: a revocation may have dropped it, a newer one taken its place.
    const drop = () => {
      if (this.credentials.get(key) === entry) this.credentials.delete(key);
    };
    entry.account = this.resolution(token).then(
      ({ account, validUntil }) => {
        if (!account) drop();
        else {
          entry.accountId = account.id;
          if (validUntil !== undefined) entry.until = Math.min(entry.until, validUntil);
        }
        return account;
      },
      (error: unknown) => {
        drop();
        throw error;
      },
    );
    this.credentials.set(key, entry);
    if (this.credentials.size > MAX_CACHED_CREDENTIALS) {
      const oldest = this.credentials.keys().next().value;
      if (oldest !== undefined) this.credentials.delete(oldest);
    }
    return entry.account;
  }

  /** This process changed a key or an account: what was resolved before must be resolved again. */
  private forget(change: CredentialChange): void {
    if (change.kind === "key-revoked") {
      this.credentials.delete(change.hash);
      return;
    }
    for (const [key, entry] of this.credentials) {
      // A resolution still under way may have read the account before the change.
      if (entry.accountId === undefined || entry.accountId === change.accountId) this.credentials.delete(key);
    }
  }

  /** Like `identify`, but a request with no credentials is a 401 too. */
  async require(request: FastifyRequest, options?: { allowApiKeyHeader?: boolean }): Promise<Account> {
    const account = await this.identify(request, options);
    if (!account) throw ApiError.unauthorized();
    return account;
  }

  /** The account behind `token` as the store says now (no cache). */
  async accountForToken(token: string): Promise<Account | null> {
    return (await this.resolution(token)).account;
  }

  private async resolution(token: string): Promise<Resolution> {
    if (isApiKeyShaped(token)) return { account: await this.accounts.findByKey(token) };
    if (token.split(".").length === 3) return this.accountForJwt(token);
    return { account: null };
  }

  /** Mints a token for an account (used by the CLI and tests; HS256 with the server secret). */
  async mintJwt(accountId: string, expiresIn = "1h"): Promise<string> {
    if (!this.secret) throw new Error("DRAMATIS_JWT_SECRET is not set");
    let jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(accountId).setIssuedAt().setExpirationTime(expiresIn);
    if (this.options.issuer) jwt = jwt.setIssuer(this.options.issuer);
    if (this.options.audience) jwt = jwt.setAudience(this.options.audience);
    return jwt.sign(this.secret);
  }

  private async accountForJwt(token: string): Promise<Resolution> {
    const verified = await this.verify(token);
    if (!verified) return { account: null };
    const { payload, ours } = verified;
    // `exp` is required (see verify): the token is not believed past it, cached or not.
    const validUntil = typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
    // A signature vouches for the claims, not for their types: `sub: 12345`, `iss: {}` or a lone
    // surrogate in them is a bad token (401), never a 500. The subject and issuer name the account.
    const subject = textClaim(payload, "sub");
    const issuer = payload.iss === undefined ? "jwt" : textClaim(payload, "iss");
    if (subject === undefined || issuer === undefined) return { account: null };
    // Our own tokens name the account; an identity provider's name its user, whom we give an account
    // under the provider's issuer. Only ours: a provider's subject that happened to be (or was made)
    // a local account's id — which whoami shows — would otherwise be that account.
    if (ours && UUID.test(subject)) {
      const own = await this.accounts.get(subject.toLowerCase());
      if (own) return { account: own, validUntil };
    }
    // Display names are optional: one that is not usable text is ignored.
    const name = textClaim(payload, "email") ?? textClaim(payload, "name") ?? subject;
    return { account: await this.accounts.findOrCreateExternal(`${issuer}|${subject}`, name, this.options.signupCredits), validUntil };
  }

  /** The token's claims, and whether our own secret signed it (else a trusted provider's key did); null: neither. */
  private async verify(token: string): Promise<{ payload: JWTPayload; ours: boolean } | null> {
    // A token without `exp` would be valid forever: refuse it.
    const expectations = {
      issuer: this.options.issuer,
      audience: this.options.audience,
      requiredClaims: ["exp"],
      clockTolerance: this.options.clockToleranceSeconds ?? DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS,
      // The same clock as the credential cache's, so a token's `exp` and the cache agree.
      currentDate: new Date(this.now()),
    };
    if (this.secret) {
      try {
        const { payload } = await jwtVerify(token, this.secret, { ...expectations, algorithms: ["HS256"] });
        return { payload, ours: true };
      } catch {
        // Not ours: an identity provider's token, if one is trusted.
      }
    }
    if (!this.jwks) return null;
    try {
      const { payload } = await jwtVerify(token, this.jwks, expectations);
      return { payload, ours: false };
    } catch (error) {
      // The token may be fine: we could not fetch the provider's keys. That is the upstream's
      // failure (502, with a trace id), not the caller's (401).
      if (isUnreachable(error)) throw new ApiError("UPSTREAM_ERROR", "the identity provider's signing keys could not be fetched; try again");
      return null;
    }
  }
}

/** A claim as text we can store: a non-empty string free of NUL and lone surrogates, else undefined. */
function textClaim(payload: JWTPayload, claim: "sub" | "iss" | "email" | "name"): string | undefined {
  const value: unknown = payload[claim];
  return typeof value === "string" && value !== "" && !textProblem(value) ? value : undefined;
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  if (code === "ERR_JWKS_TIMEOUT" || code === "ERR_JWKS_INVALID") return true;
  // fetch() rejects with a TypeError ("fetch failed") when the provider cannot be reached; jose
  // reports a non-200 answer of the key-set URL with this message.
  return error instanceof TypeError || /Expected 200 OK from the JSON Web Key Set/.test((error as Error).message ?? "");
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() ? text.trim() : undefined;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = headerValue(request, "authorization");
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed Authorization header is a failed authentication, not an anonymous request.
  return match?.[1] ?? "";
}
