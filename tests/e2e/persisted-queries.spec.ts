import { createHash } from "node:crypto";
import { codes, startStack, type GraphQLResponse, type TestStack } from "../support/stack";

/** Automatic persisted queries for first-party clients: the hash alone once the gateway has seen the text. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const QUERY = `query FirstCourses { courses(first: 2) { edges { node { id title } } } }`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function post(body: Record<string, unknown>): Promise<GraphQLResponse> {
  const res = await fetch(stack.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe("automatic persisted queries (APQ)", () => {
  it("asks for the text once, then runs the query from its hash alone", async () => {
    const persistedQuery = { version: 1, sha256Hash: sha256(QUERY) };
    const unknown = await post({ extensions: { persistedQuery } });
    expect(codes(unknown)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(unknown.body.errors![0].extensions).toMatchObject({ requestId: expect.any(String) });

    const registered = await post({ query: QUERY, extensions: { persistedQuery } });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await post({ extensions: { persistedQuery } });
    expect(byHash.body).toEqual(registered.body);
    expect(byHash.body.data!.courses.edges).toHaveLength(2);

    // GET works too, so a CDN can cache it.
    const url = `${stack.gatewayUrl}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`;
    const get = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(await get.json()).toEqual(registered.body);
  });

  it("refuses text that does not match its hash", async () => {
    const r = await post({ query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: sha256("something else") } } });
    expect(r.status).toBe(400);
    expect(r.body.errors![0].message).toBe("provided sha does not match query");
    expect(r.body.errors![0].extensions).toMatchObject({ code: "BAD_REQUEST", requestId: expect.any(String) });
  });
});
