import { describe, expect, it } from "vitest";
import * as sdk from "./index.ts";

describe("the SDK's public surface", () => {
  it("exports exactly these values (types are erased); anything new here is a decision", () => {
    expect(Object.keys(sdk).sort()).toEqual([
      "DramatisApiError",
      "DramatisConnectionError",
      "DramatisError",
      "DramatisInvalidResponseError",
      "DramatisJobFailedError",
      "DramatisTimeoutError",
      "createClient",
      "toCharacterCardV2",
      "toCsv",
      "toJsonl",
    ]);
  });

  it("refuses to build a client without a base URL or token", () => {
    expect(() => sdk.createClient({ baseUrl: "", token: "ak_x" })).toThrow("baseUrl is required");
    expect(() => sdk.createClient({ baseUrl: "http://127.0.0.1:1", token: "" })).toThrow("token is required");
  });
});
