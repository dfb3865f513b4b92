import http from "node:http";
import type { AddressInfo } from "node:net";
import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import { createLogger, InternalContextSigner, parseEnv } from "@learnloop/kit/internal";
import { expectCleanError, expectRequestError } from "../support/errors";
import { connect, subscribe, type LiveConnection } from "../support/live";
import { gql, startStack, type TestStack } from "../support/stack";
import { setVisibility } from "../support/visibility";
import { waitFor } from "../support/wait";

/**
 * Errors at the gateway's edge that are the client's doing: a precise code and the request id; as
 * GraphQL request errors, 200 in application/json and 400 in graphql-response+json (ADR 0017).
 */
let stack: TestStack;
const open: LiveConnection[] = [];
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.dispose()));
  await stack?.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const signedIn = (userId: string) => ({ authorization: `Bearer ${stack.token(userId)}` });
const live = (userId: string) => {
  const c = connect(stack.gatewayUrl, signedIn(userId));
  open.push(c);
  return c;
};
/** The error a graphql-ws subscribe ended with: each with a code and a request id. */
async function liveError(userId: string, query: string, variables?: Record<string, unknown>) {
  const sub = subscribe(live(userId), query, { variables });
  await waitFor(() => Boolean(sub.error) || sub.results.length > 0);
  expect(sub.results).toEqual([]);
  const errors = sub.error as { extensions: Record<string, unknown> }[];
  for (const e of errors)
    expect(e.extensions).toMatchObject({ code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), requestId: expect.any(String) });
  return errors.map((e) => e.extensions.code);
}

describe("a document whose operation cannot be chosen is the client's mistake", () => {
  const two = "query A { __typename } query B { courses(first: 1) { edges { node { id } } } }";

  it.each([
    ["two operations and no operationName", { query: two }],
    ["an operationName the document lacks", { query: two, operationName: "C" }],
    ["an operationName on a document with one unnamed operation", { query: "{ __typename }", operationName: "A" }],
  ])("%s: OPERATION_RESOLUTION_FAILURE", async (_name, body) => {
    await expectRequestError((headers) => post(body, headers), "OPERATION_RESOLUTION_FAILURE");
  });

  it("over GET too, and the named operation still runs", async () => {
    const get = (headers: Record<string, string>) =>
      fetch(`${stack.gatewayUrl}?query=${encodeURIComponent(two)}`, { headers: { "apollo-require-preflight": "1", ...headers } });
    await expectRequestError(get, "OPERATION_RESOLUTION_FAILURE");
    const named = await post({ query: two, operationName: "A" });
    expect(await named.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("over graphql-ws, for queries and subscriptions", async () => {
    expect(await liveError("user_edge_ws_ops", two)).toEqual(["OPERATION_RESOLUTION_FAILURE"]);
    const subs = `subscription A { progressUpdated { xp } } subscription B { progressUpdated { level } }`;
    expect(await liveError("user_edge_ws_ops", subs)).toEqual(["OPERATION_RESOLUTION_FAILURE"]);
  });
});

describe("a NUL character in a string argument is refused at the edge", () => {
  const nul = "\u0000";
  const profile = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`;

  it.each([
    ["an inline literal", { query: `{ character(literal: "a\\u0000") { id } }` }],
    ["a literal nested in an input object", { query: `{ characters(first: 1, filter: { search: "\\u0000" }) { edges { node { id } } } }` }],
    ["a variable", { query: profile, variables: { i: { displayName: `Hana${nul}` } } }],
    ["a variable nested in an object", { query: profile, variables: { i: { displayName: "Hana", timezone: `Asia/Tokyo${nul}` } } }],
    ["a key of a variable", { query: profile, variables: { i: { [`display${nul}Name`]: "Hana" } } }],
  ])("%s: BAD_USER_INPUT", async (_name, body) => {
    await expectRequestError((headers) => post(body, { ...signedIn("user_edge_nul"), ...headers }), "BAD_USER_INPUT");
  });

  it("deep in a variable, without exhausting the stack", async () => {
    const depth = 20_000;
    const deep = `${"[".repeat(depth)}"${"\\u0000"}"${"]".repeat(depth)}`;
    const body = `{ "query": "{ courses(first: 1) { edges { node { id } } } }", "variables": { "pad": ${deep} } }`;
    const send = (headers: Record<string, string>) =>
      fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    await expectRequestError(send, "BAD_USER_INPUT");
  });

  it("the profile is unchanged, and a clean value still goes through", async () => {
    const r = await gql(stack.gatewayUrl, profile, { token: stack.token("user_edge_nul"), variables: { i: { displayName: "Hana" } } });
    expect(r.body).toEqual({ data: { updateProfile: { id: "user_edge_nul" } } });
  });

  it("over graphql-ws, a variable of the wrong type does not come back whole", async () => {
    const sub = subscribe(live("user_edge_ws_big"), `subscription($c: ID!) { lessonActivity(courseId: $c) { lesson { id } } }`, {
      variables: { c: { big: "q".repeat(50_000) } },
    });
    await waitFor(() => Boolean(sub.error));
    expect((sub.error as { extensions: { code: string } }[])[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(sub.error).length).toBeLessThan(4_096);
  });

  it("over graphql-ws, in a subscription's variables", async () => {
    const query = `subscription($c: ID!) { lessonActivity(courseId: $c) { lesson { id } } }`;
    expect(await liveError("user_edge_ws_nul", query, { c: `hiragana${nul}` })).toEqual(["BAD_USER_INPUT"]);
  });

  it("a subgraph reached with a valid context refuses it too (defence in depth)", async () => {
    const signer = new InternalContextSigner(stack.keys.internal.privateKey);
    const res = await fetch(stack.subgraphs.users.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-learnloop-context": await signer.sign({ userId: "user_edge_direct", requestId: "req-edge-direct-1" }, "users"),
      },
      body: JSON.stringify({ query: profile, variables: { i: { displayName: `x${nul}` } } }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", requestId: "req-edge-direct-1" });
  });
});

describe("a null the schema forbids never reaches a client without an error", () => {
  let fake: http.Server;
  let gateway: RunningGateway;
  beforeAll(async () => {
    // progress as a subgraph that answers every fetch with `data: null` and no error; the rest are real.
    fake = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.setHeader("content-type", "application/json").end(`{"data":null}`));
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const real = (name: string) => `${name}=${stack.subgraphs[name].url}`;
    const env = parseEnv(gatewayEnvSchema, {
      PORT: "0",
      LOG_LEVEL: "silent",
      SUBGRAPH_URLS: [
        ...["users", "content", "notifications"].map(real),
        `progress=http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`,
      ].join(","),
      CLERK_JWT_KEY: stack.keys.clerkPublicKey,
      INTERNAL_CONTEXT_PRIVATE_KEY: stack.keys.internal.privateKey,
      EVENTLOG_DATABASE_URL: stack.databaseUrl,
    });
    gateway = await startGateway(env, createLogger("gateway", "silent"));
  });
  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => fake?.close(resolve));
  });

  it("a subgraph's silent null gives INCOMPLETE_RESPONSE", async () => {
    const r = await gql(gateway.url, `{ reviewQueue { id } }`, { token: stack.token("user_edge_silent") });
    expect(r.status).toBeLessThan(500);
    expectCleanError(r.body, r.headers.get("x-request-id"), "INCOMPLETE_RESPONSE");
    expect(r.body.data ?? null).toBeNull();
  });

  it("over graphql-ws, for a subscription completed to null by another subgraph", async () => {
    const c = connect(gateway.url, signedIn("user_edge_watcher"));
    open.push(c);
    const courseId = (await gql(stack.gatewayUrl, `{ lesson(id: "hiragana-02") { course { id } } }`)).body.data!.lesson.course.id;
    const sub = subscribe(c, `subscription($c: ID!) { lessonActivity(courseId: $c) { lesson { id completedByMe } } }`, {
      variables: { c: courseId },
    });
    await waitFor(() => (gateway.live?.hub.stats().members ?? 0) >= 1);
    // lessonActivity shows public learners only (ADR 0014): make this one public, and wait for progress to know.
    await setVisibility(stack, "user_edge_learner", "PUBLIC");
    const learner = stack.token("user_edge_learner");
    const done = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-02" }) { xpAwarded } }`, {
      token: learner,
    });
    expect(done.body.errors).toBeUndefined();
    const r = await sub.nth(1);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(["INCOMPLETE_RESPONSE"]);
    expect(r.errors![0].extensions!.requestId).toEqual(expect.any(String));
  });

  it("reviewQueue over a card whose character content does not know", async () => {
    const userId = "user_edge_ghost_card";
    const token = stack.token(userId);
    const recorded = await gql(stack.gatewayUrl, `mutation { recordReview(input: { characterId: "c-65e5", rating: AGAIN }) { id } }`, {
      token,
    });
    expect(recorded.body.errors).toBeUndefined();
    // A well-formed id content has no character for, due now: written as the bug that made it would have.
    await stack.subgraphs.progress.db.dataSource.query(
      `INSERT INTO progress.review_cards SELECT (r).* FROM (
         SELECT jsonb_populate_record(c, jsonb_build_object('character_id', 'c-10ffff', 'due', now() - interval '1 day')) AS r
         FROM progress.review_cards c WHERE user_id = $1) x`,
      [userId],
    );
    const r = await gql(stack.gatewayUrl, `{ reviewQueue { id character { literal } } }`, { token });
    expect(r.status).toBeLessThan(500);
    // However progress and content come to treat the unknown character, a null root never comes alone.
    const requestId = r.headers.get("x-request-id");
    if (r.body.data?.reviewQueue == null) expect(r.body.errors?.length).toBeGreaterThan(0);
    for (const e of r.body.errors ?? [])
      expect(e.extensions).toMatchObject({ code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), requestId });
  });
});
