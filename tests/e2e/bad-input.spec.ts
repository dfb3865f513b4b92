import { gql, startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { MAX_QUERY_DEPTH: "8", MAX_ALIASES: "10", BODY_LIMIT: "20kb" } });
}, 120_000);
afterAll(() => stack?.stop());

const raw = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(stack.gatewayUrl, { method: "POST", headers, body });

/** Every error carries an UPPER_SNAKE code and the response's request id, and no stack trace. */
function expectCleanError(body: any, requestId: string | null, code: string) {
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const e of body.errors) {
    expect(e.extensions.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(e.extensions.requestId).toBe(requestId);
    expect(JSON.stringify(e)).not.toMatch(/stacktrace|at .*\.ts:\d+|node_modules/);
  }
  expect(body.errors.map((e: any) => e.extensions.code)).toContain(code);
}

describe("bad input gets a clear GraphQL error", () => {
  it.each([
    ["a malformed document", `{ courses(first: 2) { edges `, "GRAPHQL_PARSE_FAILED"],
    ["an unknown field", `{ courses(first: 2) { edges { node { nope } } } }`, "GRAPHQL_VALIDATION_FAILED"],
    ["an argument out of range", `{ characters(first: 1000) { edges { node { id } } } }`, "BAD_USER_INPUT"],
    ["a bad cursor", `{ characters(first: 1, after: "not-a-cursor") { edges { node { id } } } }`, "BAD_USER_INPUT"],
    ["an unknown id", `{ lesson(id: "no-such-lesson") { title } }`, "NOT_FOUND"],
  ])("%s", async (_name, query, code) => {
    const r = await gql(stack.gatewayUrl, query);
    expectCleanError(r.body, r.headers.get("x-request-id"), code);
  });

  it("bad variables", async () => {
    const r = await gql(stack.gatewayUrl, `query($n: Int) { courses(first: $n) { edges { node { id } } } }`, { variables: { n: "ten" } });
    expectCleanError(r.body, r.headers.get("x-request-id"), "BAD_USER_INPUT");
  });

  it("invalid profile values are refused with the field named", async () => {
    const token = stack.token("user_bad_input");
    for (const input of [
      '{ timezone: "Mars/Olympus" }',
      '{ displayName: "" }',
      '{ avatarUrl: "javascript:alert(1)" }',
      "{ settings: { dailyGoalXp: 100000 } }",
    ]) {
      const r = await gql(stack.gatewayUrl, `mutation { updateProfile(input: ${input}) { id } }`, { token });
      expectCleanError(r.body, r.headers.get("x-request-id"), "BAD_USER_INPUT");
    }
    const review = await gql(
      stack.gatewayUrl,
      `mutation { recordReview(input: { characterId: "'; DROP TABLE x; --", rating: GOOD }) { id } }`,
      { token },
    );
    expectCleanError(review.body, review.headers.get("x-request-id"), "BAD_USER_INPUT");
  });

  it("a deep query", async () => {
    const deep = `{ lessons(first: 1) { edges { node { unit { lessons { course { lessons(first: 1) { edges { node { unit { lessons { title } } } } } } } } } } } }`;
    const r = await gql(stack.gatewayUrl, deep);
    expect(r.status).toBe(400);
    expectCleanError(r.body, r.headers.get("x-request-id"), "QUERY_TOO_DEEP");
  });

  it("an alias bomb", async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: course(id: "hiragana") { title }`).join(" ");
    const r = await gql(stack.gatewayUrl, `{ ${aliases} }`);
    expect(r.status).toBe(400);
    expectCleanError(r.body, r.headers.get("x-request-id"), "TOO_MANY_ALIASES");
  });

  it("a query too costly", async () => {
    const r = await gql(
      stack.gatewayUrl,
      `{ characters(first: 100) { edges { node { id } } } lessons(first: 100) { edges { node { characters { id literal meanings } vocabulary { id } } } } }`,
    );
    expectCleanError(r.body, r.headers.get("x-request-id"), "QUERY_TOO_COMPLEX");
  });

  it("an oversized body", async () => {
    const res = await raw(JSON.stringify({ query: `{ courses { edges { node { id } } } }`, variables: { pad: "x".repeat(50_000) } }));
    expect(res.status).toBe(413);
    expectCleanError(await res.json(), res.headers.get("x-request-id"), "PAYLOAD_TOO_LARGE");
  });

  it("a body that is not JSON", async () => {
    const res = await raw("{ this is not json");
    expect(res.status).toBe(400);
    expectCleanError(await res.json(), res.headers.get("x-request-id"), "BAD_REQUEST");
  });

  it.each([
    ["a batch", `[{ "query": "{ __typename }" }]`],
    ["variables that are not an object", `{ "query": "{ __typename }", "variables": [1] }`],
    ["extensions that are not an object", `{ "query": "{ __typename }", "extensions": "x" }`],
    ["a query that is not a string", `{ "query": 42 }`],
    ["an operation name that is not a string", `{ "query": "{ __typename }", "operationName": {} }`],
  ])("a request body of the wrong shape: %s", async (_name, body) => {
    const res = await raw(body);
    expect(res.status).toBe(400);
    expectCleanError(await res.json(), res.headers.get("x-request-id"), "BAD_REQUEST");
  });

  it("a compressed body that does not decompress", async () => {
    const res = await raw("this is not gzip", { "content-type": "application/json", "content-encoding": "gzip" });
    expect(res.status).toBe(400);
    expectCleanError(await res.json(), res.headers.get("x-request-id"), "BAD_REQUEST");
  });

  it("GET parameters that are not JSON objects", async () => {
    for (const search of ["?query={__typename}&variables=nope", "?query={__typename}&extensions=[1]"]) {
      const res = await fetch(`${stack.gatewayUrl}${search}`, { headers: { "apollo-require-preflight": "true" } });
      expect(res.status).toBe(400);
      expectCleanError(await res.json(), res.headers.get("x-request-id"), "BAD_REQUEST");
    }
  });

  it("an unknown route", async () => {
    const res = await fetch(`${stack.gatewayOrigin}/nope`);
    expect(res.status).toBe(404);
    expectCleanError(await res.json(), res.headers.get("x-request-id"), "NOT_FOUND");
  });

  it("keeps a caller's well-formed request id and replaces a bad one", async () => {
    const mine = await gql(stack.gatewayUrl, `{ me { id } }`, { headers: { "x-request-id": "client-req-12345" } });
    expect(mine.headers.get("x-request-id")).toBe("client-req-12345");
    expect(mine.body.errors![0].extensions!.requestId).toBe("client-req-12345");
    const bad = await gql(stack.gatewayUrl, `{ me { id } }`, { headers: { "x-request-id": "<script>" } });
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("gateway surface", () => {
  it("serves Apollo Sandbox at / pointed at /graphql, /health, and CORS only for configured origins", async () => {
    const page = await fetch(`${stack.gatewayOrigin}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("EmbeddedSandbox");
    expect(html).toContain('"/graphql"');
    expect((await fetch(`${stack.gatewayOrigin}/health`)).status).toBe(200);
    const allowed = await fetch(stack.gatewayUrl, {
      method: "OPTIONS",
      headers: { origin: "http://app.test", "access-control-request-method": "POST" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://app.test");
    const denied = await fetch(stack.gatewayUrl, {
      method: "OPTIONS",
      headers: { origin: "http://evil.test", "access-control-request-method": "POST" },
    });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});
