/**
 * Parsing helpers of the NPC routes over the wire contract (`shared/npc-contract.ts`). Failures are
 * the spec's 422 with pydantic details whose `loc` names the parameter alone (`["user_session_id"]`,
 * a header by its lower-case name), never `["query", …]` or `["header", …]`.
 */
import type { FastifyRequest } from "fastify";
import { LLM_HEADERS, LlmHeaders } from "../../shared/npc-contract.ts";
import type { CallerLlmSettings } from "../../services/npc/caller-llm.ts";
import { parseBody } from "../validate-body.ts";

// The request schemas live in the contract; re-exported for the modules that read them from here.
export { InitSessionBody, MessageBody } from "../../shared/npc-contract.ts";

/** Query strings and bodies parse the same way (the name says which one a route reads). */
export const parseQuery = parseBody;

/** The first value of each `X-LLM-*` header (Node joins repeats of custom headers with ", "). */
function llmHeaderValues(request: FastifyRequest): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of Object.values(LLM_HEADERS)) {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text !== undefined && text.trim() !== "") values[name] = text;
  }
  return values;
}

/** Foil's bring-your-own-key headers of a request, checked (422 naming the header), or undefined when none. */
export function callerLlmSettings(request: FastifyRequest): CallerLlmSettings | undefined {
  const values = llmHeaderValues(request);
  if (Object.keys(values).length === 0) return undefined;
  const headers = parseBody(LlmHeaders, values);
  return {
    apiKey: headers[LLM_HEADERS.apiKey],
    model: headers[LLM_HEADERS.model],
    steps: {
      eval: { apiKey: headers[LLM_HEADERS.evalApiKey], model: headers[LLM_HEADERS.evalModel] },
      response: { apiKey: headers[LLM_HEADERS.responseApiKey], model: headers[LLM_HEADERS.responseModel] },
      summarization: { apiKey: headers[LLM_HEADERS.summarizationApiKey], model: headers[LLM_HEADERS.summarizationModel] },
    },
  };
}
