import { createHash } from "node:crypto";
import { connect, subscribe } from "../support/live";
import { codes, gql, startStack, type GraphQLResponse, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

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

describe("persisted operations over WebSocket", () => {
  const SUBSCRIPTION = `subscription MyProgress { progressUpdated { cause xp } }`;
  const byHash = (text: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } });

  it("takes an id in place of the text once known, and answers PERSISTED_QUERY_NOT_FOUND before", async () => {
    const connection = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token("user_ws_apq")}` });
    try {
      const unknown = subscribe(connection, "", byHash(SUBSCRIPTION));
      await waitFor(() => unknown.error !== undefined, 10_000, "the refusal");
      // graphql-ws delivers a refused subscribe as an `error` message: the list of GraphQL errors.
      expect(unknown.error).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "PERSISTED_QUERY_NOT_FOUND" }) }),
      ]);

      // Text and hash register it (a mismatch is refused); then the hash alone subscribes.
      const mismatch = subscribe(connection, "subscription Other { progressUpdated { xp } }", byHash(SUBSCRIPTION));
      await waitFor(() => mismatch.error !== undefined, 10_000, "the refusal");
      expect(mismatch.error).toEqual([expect.objectContaining({ message: "provided sha does not match query" })]);
      const registering = subscribe(connection, SUBSCRIPTION, byHash(SUBSCRIPTION));
      await waitFor(() => stack.gatewayLive!.hub.stats().members >= 1, 10_000, "the first subscriber");
      const persisted = subscribe(connection, "", byHash(SUBSCRIPTION));
      await waitFor(() => stack.gatewayLive!.hub.stats().members >= 2, 10_000, "the second subscriber");
      const done = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
        token: stack.token("user_ws_apq"),
      });
      expect(done.body.errors).toBeUndefined();
      const [viaText, viaId] = await Promise.all([registering.nth(1), persisted.nth(1)]);
      expect(viaId).toEqual(viaText);
      expect(viaId.data.progressUpdated).toMatchObject({ cause: "LESSON_COMPLETED", xp: expect.any(Number) });
    } finally {
      await connection.dispose();
    }
  });
});
