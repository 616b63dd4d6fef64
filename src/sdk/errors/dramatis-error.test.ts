import { describe, expect, it } from "vitest";
import { DramatisError } from "./dramatis-error.ts";
import { DramatisApiError } from "./dramatis-api-error.ts";
import { DramatisConnectionError } from "./dramatis-connection-error.ts";
import { DramatisInvalidResponseError } from "./dramatis-invalid-response-error.ts";
import { DramatisJobFailedError } from "./dramatis-job-failed-error.ts";
import { DramatisTimeoutError } from "./dramatis-timeout-error.ts";

describe("error family", () => {
  const errors = {
    api: new DramatisApiError({ status: 401, code: "UNAUTHORIZED", message: "Authentication failed." }),
    connection: new DramatisConnectionError("refused", "http://127.0.0.1:1"),
    invalid: new DramatisInvalidResponseError("not JSON", 200, "<html>"),
    failed: new DramatisJobFailedError("population", "id-1", "provider_error", { id: "id-1", status: "failed" }),
    timeout: new DramatisTimeoutError("id-1", 900_000, undefined),
  };

  it("every SDK error is a DramatisError and an Error", () => {
    for (const error of Object.values(errors)) {
      expect(DramatisError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
    }
    expect(DramatisError.isInstance(new Error("plain"))).toBe(false);
    expect(DramatisError.isInstance(null)).toBe(false);
  });

  it("each isInstance recognises its own class only", () => {
    const checks = [DramatisApiError, DramatisConnectionError, DramatisInvalidResponseError, DramatisJobFailedError, DramatisTimeoutError];
    const matrix = checks.map((check) => Object.values(errors).map((error) => check.isInstance(error)));
    expect(matrix).toEqual(checks.map((_, row) => checks.map((__, column) => row === column)));
  });

  it("names itself and says what happened", () => {
    expect(errors.failed.name).toBe("DramatisJobFailedError");
    expect(errors.failed.message).toBe("population id-1 failed: provider_error");
    expect(errors.timeout.message).toBe("job id-1 did not finish within 900000 ms");
  });
});
