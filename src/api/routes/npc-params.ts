/**
 * Query strings and bodies of the NPC routes as zod schemas. Failures are the spec's 422 with
 * pydantic details whose `loc` names the parameter alone (`["user_session_id"]`, never `["query", …]`).
 */
import { z } from "zod";
import { parseBody } from "../validate-body.ts";

const UserSessionId = z.string().trim().min(1).max(200);
const OptionalMachineId = z.string().max(200).optional();
/** What pydantic reads as a boolean in a query string, case-insensitively (FastAPI clients send `True`). */
const TRUE_WORDS = new Set(["true", "t", "yes", "y", "on", "1"]);
const FALSE_WORDS = new Set(["false", "f", "no", "n", "off", "0"]);

const QueryBoolean = z.string().transform((value, context) => {
  const folded = value.toLowerCase();
  if (TRUE_WORDS.has(folded)) return true;
  if (FALSE_WORDS.has(folded)) return false;
  context.addIssue({ code: "custom", message: "Input should be a valid boolean, unable to interpret input", params: { pydantic: "bool_parsing" } });
  return z.NEVER;
});

export const MAX_CHAT_MESSAGE_CHARS = 4000;

export const PersonaListQuery = z.object({
  public_only: QueryBoolean.default(true),
  my_personas: QueryBoolean.default(false),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const PlayerQuery = z.object({ user_session_id: UserSessionId });
export const PlayerMachineQuery = z.object({ user_session_id: UserSessionId, machine_id: OptionalMachineId });
export const MachineQuery = z.object({ machine_id: OptionalMachineId });
export const SaveQuery = z.object({ persona_id: z.string().optional() });
export const PublishQuery = z.object({ persona_id: z.string().min(1) });

export const InitSessionBody = z.object({
  user_session_id: UserSessionId,
  player_name: z.string().max(200).nullish(),
  player_gender: z.string().max(100).nullish(),
  /** The SDK surface may name the machine in the body instead of the query. */
  machine_id: OptionalMachineId,
});

export const MessageBody = z.object({
  message: z.string().min(1).max(MAX_CHAT_MESSAGE_CHARS),
  user_session_id: UserSessionId,
  machine_id: OptionalMachineId,
});

/** The SDK's reset takes `user_session_id` from the body or the query. */
export const ResetBody = z.object({ user_session_id: UserSessionId });

export const parseQuery = parseBody;
