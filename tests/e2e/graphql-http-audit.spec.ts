import { auditServer } from "graphql-http";
import { expectCleanHttpError, GRAPHQL_RESPONSE_JSON as GRAPHQL_JSON } from "../support/errors";
import { startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

it("passes the GraphQL-over-HTTP audit with no errors and no warnings", async () => {
  const results = await auditServer({ url: stack.gatewayUrl });
  const tally: Record<string, number> = { ok: 0, warn: 0, notice: 0, error: 0 };
  for (const r of results) tally[r.status]++;
  console.log(`graphql-http audit: ${results.length} audits, ${JSON.stringify(tally)}`);
  for (const r of results.filter((r) => r.status !== "ok")) console.log(`  ${r.status}: ${r.name} — ${"reason" in r ? r.reason : ""}`);
  expect(tally.error).toBe(0);
  expect(tally.warn).toBe(0);
  expect(tally.ok).toBeGreaterThan(50);
});

/** A request error of a well-formed request: 200 in application/json, 4xx in application/graphql-response+json (ADR 0017). */
describe("status codes follow the response's media type", () => {
  const JSON_TYPE = "application/json";
  const post = (body: unknown, accept?: string) =>
    fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(accept !== undefined && { accept }) },
      body: JSON.stringify(body),
    });
  const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: course(id: "hiragana") { title }`).join(" ");

  // Parse and validation failures are answered by the off-thread checker; the rest by Apollo Server.
  const requestErrors = [
    ["a parse error", { query: "{" }, "GRAPHQL_PARSE_FAILED"],
    ["a validation error", { query: "{ noSuchField }" }, "GRAPHQL_VALIDATION_FAILED"],
    ["an unknown operation", { query: "query A { __typename }", operationName: "B" }, "OPERATION_RESOLUTION_FAILURE"],
    [
      "variables that do not coerce",
      { query: "query ($id: ID!) { lesson(id: $id) { title } }", variables: { id: null } },
      "BAD_USER_INPUT",
    ],
    ["an operation over a limit", { query: `{ ${aliases} }` }, "TOO_MANY_ALIASES"],
  ] as const;

  describe.each([
    ["Accept: application/json", JSON_TYPE],
    ["no Accept header", undefined],
    ["Accept: */*", "*/*"],
  ])("with %s: 200 in application/json", (_name, accept) => {
    it.each(requestErrors)("%s", async (_what, body, code) => {
      const res = await post(body, accept);
      const answer = await expectCleanHttpError(res, 200, code, JSON_TYPE);
      expect(answer.data).toBeUndefined();
    });
  });

  describe.each([
    ["Accept: application/graphql-response+json", GRAPHQL_JSON],
    ["both types, graphql-response+json first", `${GRAPHQL_JSON}, ${JSON_TYPE};q=0.9`],
  ])("with %s: 400 in application/graphql-response+json", (_name, accept) => {
    it.each(requestErrors)("%s", async (_what, body, code) => {
      const res = await post(body, accept);
      const answer = await expectCleanHttpError(res, 400, code, GRAPHQL_JSON);
      expect(answer.data).toBeUndefined();
    });
  });

  it("over GET too", async () => {
    const get = (query: string, accept?: string) =>
      fetch(`${stack.gatewayUrl}?query=${encodeURIComponent(query)}`, {
        headers: { "apollo-require-preflight": "1", ...(accept && { accept }) },
      });
    await expectCleanHttpError(await get("{"), 200, "GRAPHQL_PARSE_FAILED", JSON_TYPE);
    await expectCleanHttpError(await get("{", GRAPHQL_JSON), 400, "GRAPHQL_PARSE_FAILED", GRAPHQL_JSON);
    await expectCleanHttpError(await get("{ noSuchField }"), 200, "GRAPHQL_VALIDATION_FAILED", JSON_TYPE);
    await expectCleanHttpError(await get("{ noSuchField }", GRAPHQL_JSON), 400, "GRAPHQL_VALIDATION_FAILED", GRAPHQL_JSON);
    // A mutation over GET is a 405 in either media type: the spec's MUST.
    await expectCleanHttpError(await get("mutation { __typename }", JSON_TYPE), 405, "METHOD_NOT_ALLOWED", JSON_TYPE);
    await expectCleanHttpError(await get("mutation { __typename }", GRAPHQL_JSON), 405, "METHOD_NOT_ALLOWED", GRAPHQL_JSON);
  });

  it.each([
    ["not JSON", "{ nope"],
    ["no query", "{}"],
    ["a query that is not a string", `{ "query": 42 }`],
    ["variables that are not an object", `{ "query": "{ __typename }", "variables": [7] }`],
  ])("a request that is not well-formed (%s) is a 400 in either media type", async (_name, body) => {
    for (const accept of [JSON_TYPE, GRAPHQL_JSON]) {
      const res = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", accept }, body });
      await expectCleanHttpError(res, 400, "BAD_REQUEST", accept);
    }
  });

  it("a refusal for who asks keeps its status in application/json", async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: JSON_TYPE, authorization: "Bearer not-a-token" },
      body: JSON.stringify({ query: "{ noSuchField }" }),
    });
    await expectCleanHttpError(res, 401, "UNAUTHENTICATED", JSON_TYPE);
  });

  it("a successful answer is a 200 in the media type asked for", async () => {
    for (const accept of [JSON_TYPE, GRAPHQL_JSON]) {
      const res = await post({ query: "{ __typename }" }, accept);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(accept);
      expect(await res.json()).toEqual({ data: { __typename: "Query" } });
    }
  });
});
