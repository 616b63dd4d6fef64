/**
 * The account routes Foil Engine's game SDK and docs use beside chat:
 *
 * - `POST /api/v1/sdk/validate-llm-key` (body none or `{model}`): `{valid, model, error}` from one
 *   real minimal call with the request's `X-LLM-*` settings on the server's provider; offline,
 *   `valid: false` with the reason (nothing is called, the headers are ignored).
 * - `POST /api/v1/sdk/api-keys` `{name}`: a new API key of the caller's account, shown once
 *   (`{id, name, key, key_prefix, created_at}`). It takes the `Authorization` header only (a JWT, or
 *   an API key as Bearer), never the game's `X-API-Key`: a key shipped inside a game must not be
 *   able to mint more keys.
 * - `GET /api/v1/auth/me`: the caller (`{id, email, display_name, created_at}`).
 * - `POST /api/v1/auth/migrate-progress` `{old_session_id, new_session_id?, persona_id?, on_conflict?}`:
 *   moves a player's progress on the caller's personas (rules in services/npc/progress-migration.ts).
 */
import type { FastifyInstance } from "fastify";
import type { AppContext, NpcServices } from "../context.ts";
import { parseId } from "../validate-body.ts";
import type { Account } from "../../store/accounts.ts";
import { CreateApiKeyBody, MigrateProgressBody, ValidateLlmKeyBody, type ApiKeyCreated, type Me } from "../../shared/npc-contract.ts";
import { callerLlmSettings, parseQuery } from "./npc-params.ts";

/** An account's e-mail, when its name is one (accounts made from a trusted JWT are named by its `email` claim). */
function emailOf(account: Account): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(account.name) ? account.name : null;
}

export function registerNpcSdkAccountRoutes(server: FastifyInstance, context: AppContext, services: NpcServices): void {
  const { auth, accounts } = context;

  server.post("/api/v1/sdk/validate-llm-key", async (request) => {
    await auth.require(request, { allowApiKeyHeader: true });
    const body = parseQuery(ValidateLlmKeyBody, request.body);
    const llm = callerLlmSettings(request) ?? { steps: {} };
    return services.play.checkLlmKey(llm, body.model ?? undefined);
  });

  server.post("/api/v1/sdk/api-keys", async (request): Promise<ApiKeyCreated> => {
    const account = await auth.require(request);
    const body = parseQuery(CreateApiKeyBody, request.body);
    const created = await accounts.createKey(account.id, body.name);
    const listed = (await accounts.listKeys(account.id)).find((key) => key.id === created.id);
    return { id: created.id, name: body.name, key: created.key, key_prefix: created.prefix, created_at: (listed?.createdAt ?? new Date()).toISOString() };
  });

  server.get("/api/v1/auth/me", async (request): Promise<Me> => {
    const account = await auth.require(request, { allowApiKeyHeader: true });
    return { id: account.id, email: emailOf(account), display_name: account.name, created_at: account.createdAt.toISOString() };
  });

  server.post("/api/v1/auth/migrate-progress", async (request) => {
    const account = await auth.require(request, { allowApiKeyHeader: true });
    const body = parseQuery(MigrateProgressBody, request.body);
    return services.play.migrateProgress(account, {
      oldSessionId: body.old_session_id,
      newSessionId: body.new_session_id,
      personaId: body.persona_id === undefined ? undefined : parseId(body.persona_id),
      onConflict: body.on_conflict,
    });
  });
}
