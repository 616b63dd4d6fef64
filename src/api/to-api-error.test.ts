/**
 * Services refuse in their own words (`ServiceError`, no HTTP); `toApiError` is the one place those
 * words become the spec's status and envelope.
 */
import { describe, expect, it } from "vitest";
import { ServiceError, type ServiceErrorKind } from "../services/errors.ts";
import { toApiError } from "./server.ts";
import { ApiError } from "./errors.ts";

const refusal = (kind: ServiceErrorKind) => new ServiceError(kind, `a ${kind} refusal`);

describe("toApiError, for the services' refusals", () => {
  it("gives each kind of refusal its status and code, with the service's message", () => {
    const expected: Record<ServiceErrorKind, { status: number; code: string; message?: string }> = {
      not_found: { status: 404, code: "not_found" },
      forbidden: { status: 403, code: "forbidden" },
      conflict: { status: 409, code: "conflict" },
      invalid_input: { status: 422, code: "validation_failed" },
      over_limit: { status: 400, code: "VALIDATION_ERROR" },
      // The spec words 401 and 402 exactly, whatever the service said.
      unauthenticated: { status: 401, code: "UNAUTHORIZED", message: ApiError.unauthorized().message },
      payment_required: { status: 402, code: "PAYMENT_REQUIRED", message: ApiError.paymentRequired().message },
    };
    for (const [kind, { status, code, message }] of Object.entries(expected) as Array<[ServiceErrorKind, (typeof expected)[ServiceErrorKind]]>) {
      const answer = toApiError(refusal(kind));
      expect(answer.status, kind).toBe(status);
      expect(answer.envelope().error.code, kind).toBe(code);
      if (message === undefined) expect(answer.envelope().error.message, kind).toBe(`a ${kind} refusal`);
      else expect(answer.envelope().error.message, kind).toBe(message);
    }
  });

  it("keeps an invalid input's details, as pydantic words them", () => {
    const details = [{ loc: ["machines", 0, "states"], msg: "Field required", type: "missing" }];
    expect(toApiError(ServiceError.invalidInput(details)).envelope().error).toEqual({ code: "validation_failed", message: "request validation failed", details });
  });

  it("answers anything it does not know as a 500 that tells nothing of the cause", () => {
    const answer = toApiError(new TypeError("secret internals: text.includes is not a function"));
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.envelope())).not.toContain("secret internals");
  });
});
