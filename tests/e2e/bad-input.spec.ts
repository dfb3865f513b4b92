import { expectCleanError, expectCleanHttpError, expectRequestError } from "../support/errors";
import { rawExchange, type RawResponse } from "../support/raw-http";
import { gql, startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { MAX_QUERY_DEPTH: "8", MAX_ALIASES: "10", BODY_LIMIT: "20kb" } });
}, 120_000);
afterAll(() => stack?.stop());

const raw = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(stack.gatewayUrl, { method: "POST", headers, body });

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

  // Limits are validation rules of the gateway's own: request errors, so 200 in application/json (ADR 0017).
  it("a deep query", async () => {
    const deep = `{ lessons(first: 1) { edges { node { unit { lessons { course { lessons(first: 1) { edges { node { unit { lessons { title } } } } } } } } } } } }`;
    await expectRequestError(
      (headers) => raw(JSON.stringify({ query: deep }), { "content-type": "application/json", ...headers }),
      "QUERY_TOO_DEEP",
    );
  });

  it("an alias bomb", async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: course(id: "hiragana") { title }`).join(" ");
    const body = JSON.stringify({ query: `{ ${aliases} }` });
    await expectRequestError((headers) => raw(body, { "content-type": "application/json", ...headers }), "TOO_MANY_ALIASES");
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

describe("Apollo Server's own refusals get a precise code and the request id", () => {
  const url = () => stack.gatewayUrl;
  const preflight = { "apollo-require-preflight": "true" };
  const query = JSON.stringify({ query: "{ __typename }" });

  it.each(["PUT", "DELETE", "PATCH"])("%s: 405 METHOD_NOT_ALLOWED with Allow", async (method) => {
    const res = await fetch(url(), { method, headers: { "content-type": "application/json" }, body: query });
    expect(res.headers.get("allow")).toBe("GET, POST");
    await expectCleanHttpError(res, 405, "METHOD_NOT_ALLOWED");
  });

  it.each([
    ["a GET without a preflight header (CSRF prevention)", () => fetch(`${url()}?query={__typename}`), 400, "CSRF_PREFLIGHT_REQUIRED"],
    ["a POST without a content type", () => fetch(url(), { method: "POST", body: query }), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a POST as text/plain", () => raw(query, { "content-type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a POST with no body", () => fetch(url(), { method: "POST", headers: { "content-type": "application/json" } }), 400, "BAD_REQUEST"],
    ["a POST of an empty object", () => raw("{}"), 400, "BAD_REQUEST"],
    ["a POST with neither query nor id", () => raw(`{ "variables": {} }`), 400, "BAD_REQUEST"],
    [
      "a GET with a content type other than JSON",
      () => fetch(`${url()}?query={__typename}`, { headers: { ...preflight, "content-type": "text/plain" } }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["a GET naming the query twice", () => fetch(`${url()}?query={__typename}&query={me{id}}`, { headers: preflight }), 400, "BAD_REQUEST"],
    ["a GET of a mutation", () => fetch(`${url()}?query=mutation{__typename}`, { headers: preflight }), 405, "METHOD_NOT_ALLOWED"],
    [
      "an Accept header without JSON",
      () => raw(query, { "content-type": "application/json", accept: "application/xml" }),
      406,
      "NOT_ACCEPTABLE",
    ],
  ] as const)("%s", async (_name, send, status, code) => {
    await expectCleanHttpError(await send(), status, code);
  });

  it("still serves the landing page to a browser, and JSON to a GET with the preflight header", async () => {
    const page = await fetch(url(), { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const get = await fetch(`${url()}?query={__typename}`, { headers: preflight });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: "Query" } });
  });
});

describe("an error never echoes a big input", () => {
  it("a profile update failing on every field lists the fields with short messages, not the input", async () => {
    const token = stack.token("user_big_invalid");
    const input = {
      displayName: "",
      avatarUrl: `javascript:${"a".repeat(5_000)}`,
      timezone: `Mars/${"b".repeat(5_000)}`,
      locale: "c".repeat(5_000),
      settings: { dailyGoalXp: 100_000 },
    };
    const res = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, variables: { i: input } }),
    });
    const text = await res.text();
    expect(text.length).toBeLessThan(4_096);
    expect(text).not.toMatch(/aaaaaaaaaa|bbbbbbbbbb|cccccccccc/);
    const body = JSON.parse(text);
    expectCleanError(body, res.headers.get("x-request-id"), "BAD_USER_INPUT");
    const properties = body.errors[0].extensions.validationErrors.map((e: { property: string }) => e.property);
    expect(properties).toEqual(expect.arrayContaining(["displayName", "avatarUrl", "timezone", "locale", "settings.dailyGoalXp"]));
    for (const e of body.errors[0].extensions.validationErrors) {
      expect(Object.keys(e).sort()).toEqual(["constraints", "property"]);
      for (const message of Object.values(e.constraints)) expect((message as string).length).toBeLessThanOrEqual(200);
    }
  });

  it("a variable of the wrong type does not come back whole in the message", async () => {
    const r = await gql(stack.gatewayUrl, `query($n: Int) { courses(first: $n) { edges { node { id } } } }`, {
      variables: { n: "z".repeat(15_000) },
    });
    expectCleanError(r.body, r.headers.get("x-request-id"), "BAD_USER_INPUT");
    expect(JSON.stringify(r.body).length).toBeLessThan(4_096);
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

describe("what Node's HTTP parser refuses gets a coded error and a request id too", () => {
  const request = (head: string, body = "") => `${head}\r\nHost: localhost\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  /** A refusal: JSON with the code, the request id in body and header alike, and the connection closed. */
  function expectRefusal(res: RawResponse, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers.connection).toBe("close");
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expectCleanError(JSON.parse(res.body), res.headers["x-request-id"], code);
  }

  it("headers over Node's limit: 431 REQUEST_HEADER_FIELDS_TOO_LARGE, at the gateway and at a subgraph", async () => {
    const oversized = `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${"a".repeat(20_000)}\r\n\r\n`;
    for (const url of [stack.gatewayUrl, stack.subgraphs.content.url]) {
      const { responses, closedByServer } = await rawExchange(url, oversized);
      expect(responses).toHaveLength(1);
      expectRefusal(responses[0], 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
      expect(closedByServer).toBe(true);
    }
  });

  it.each([
    ["a request line that is not HTTP", "NOT HTTP AT ALL\r\n\r\n"],
    ["a header line without a colon", "GET /health HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n"],
    [
      "both Content-Length and Transfer-Encoding",
      "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
    ],
  ])("%s: 400 BAD_REQUEST", async (_name, bytes) => {
    const { responses, closedByServer } = await rawExchange(stack.gatewayUrl, bytes);
    expect(responses).toHaveLength(1);
    expectRefusal(responses[0], 400, "BAD_REQUEST");
    expect(closedByServer).toBe(true);
  });

  it("bytes after a body's Content-Length: the request is answered, then the garbage gets 400 BAD_REQUEST", async () => {
    const body = JSON.stringify({ query: "{ __typename }" });
    const post = request("POST /graphql HTTP/1.1\r\nContent-Type: application/json", body);
    const { responses, closedByServer } = await rawExchange(stack.gatewayUrl, `${post}trailing garbage\r\n\r\n`);
    expect(responses.map((r) => r.status)).toEqual([200, 400]);
    expect(JSON.parse(responses[0].body)).toEqual({ data: { __typename: "Query" } });
    expectRefusal(responses[1], 400, "BAD_REQUEST");
    expect(responses[1].headers["x-request-id"]).not.toBe(responses[0].headers["x-request-id"]);
    expect(closedByServer).toBe(true);
  });

  it("a well-formed request on a raw socket is served as before, and the gateway still serves after the refusals", async () => {
    const { responses } = await rawExchange(stack.gatewayUrl, request("GET /health HTTP/1.1\r\nConnection: close"));
    expect(responses.map((r) => [r.status, JSON.parse(r.body)])).toEqual([[200, { status: "ok" }]]);
    expect((await gql(stack.gatewayUrl, "{ __typename }")).body).toEqual({ data: { __typename: "Query" } });
  });
});

describe("a JSON body that is not valid UTF-8", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
  const post = (body: Buffer, contentType = "application/json") =>
    fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": contentType }, body });

  it.each([
    ["bytes that are never UTF-8", [0xff, 0xfe]],
    ["a truncated sequence", [0xe3, 0x81]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
  ])("%s: 400 BAD_REQUEST, not a lookup of U+FFFD", async (_name, bad) => {
    const body = bytes(`{"query":"{ lesson(id: \\"`, bad, `\\") { title } }"}`);
    for (const contentType of ["application/json", "application/json; charset=utf-8"]) {
      const res = await post(body, contentType);
      const error = await expectCleanHttpError(res, 400, "BAD_REQUEST");
      expect(error.errors[0].message).toBe("The request body is not valid UTF-8.");
    }
  });

  it("valid UTF-8 of every length still reaches the resolver as sent", async () => {
    const res = await post(bytes(`{"query":"{ lesson(id: \\"é-ひ-😀\\") { title } }"}`));
    const body = await res.json();
    expectCleanError(body, res.headers.get("x-request-id"), "NOT_FOUND");
    expect(body.errors[0].message).toContain("é-ひ-😀");
  });
});
