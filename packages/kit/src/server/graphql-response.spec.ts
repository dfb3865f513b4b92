import { APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, statusForErrors } from "./graphql-response";

describe("statusForErrors", () => {
  it("makes a request error of a well-formed request a 200 in application/json only", () => {
    for (const code of [
      "GRAPHQL_PARSE_FAILED",
      "GRAPHQL_VALIDATION_FAILED",
      "OPERATION_RESOLUTION_FAILURE",
      "BAD_USER_INPUT",
      "QUERY_TOO_DEEP",
    ]) {
      expect(statusForErrors(APPLICATION_JSON, 400, [code])).toBe(200);
      expect(statusForErrors(GRAPHQL_RESPONSE_JSON, 400, [code])).toBe(400);
    }
    expect(statusForErrors(APPLICATION_JSON, 400, ["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"])).toBe(200);
  });

  it("keeps the status of other refusals, of mixed errors, of 5xx, and without a media type", () => {
    for (const [status, code] of [
      [400, "BAD_REQUEST"],
      [401, "UNAUTHENTICATED"],
      [405, "METHOD_NOT_ALLOWED"],
      [409, "IDEMPOTENCY_KEY_IN_USE"],
      [422, "IDEMPOTENCY_KEY_REUSED"],
      [429, "SERVER_BUSY"],
    ] as const)
      expect(statusForErrors(APPLICATION_JSON, status, [code])).toBe(status);
    expect(statusForErrors(APPLICATION_JSON, 400, ["GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"])).toBe(400);
    expect(statusForErrors(APPLICATION_JSON, 503, ["QUERY_TOO_COMPLEX"])).toBe(503);
    expect(statusForErrors(APPLICATION_JSON, 400, [])).toBe(400);
    expect(statusForErrors(APPLICATION_JSON, 400, [undefined])).toBe(400);
    expect(statusForErrors(undefined, 400, ["GRAPHQL_PARSE_FAILED"])).toBe(400);
  });
});
