import { randomUUID } from "node:crypto";
import { ADMIN_URL } from "@learnloop/devstack";
import { IdempotencyRecords } from "@learnloop/gateway";
import { sweepIdempotencyKeys } from "@learnloop/kit/internal";
import { Client } from "pg";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createApolloClient, createLink } from "../../clients/web/src/apollo/client";
import { CompleteLessonDocument } from "../../clients/web/src/generated/graphql";
import { connect } from "../support/live";
import { TcpProxy } from "../support/tcp-proxy";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * Keyed mutations through the real gateway (ADR 0012). progress reaches PostgreSQL through a
 * proxy the test can stall, and the gateway gives up on a subgraph after 1.5 s.
 */
let proxy: TcpProxy;
let stack: TestStack;
beforeAll(async () => {
  const server = new URL(ADMIN_URL);
  proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
  stack = await startStack({
    gatewayEnv: { SUBGRAPH_TIMEOUT_MS: "1500" },
    logLevel: process.env.TEST_LOG_LEVEL,
    // Only progress's own tables go through the proxy; the event log stays direct.
    // A retry waits at most 1 s for an attempt in flight, so it answers before the gateway gives up.
    envFor: { progress: (url) => ({ DATABASE_URL: proxy.via(url), EVENTLOG_DATABASE_URL: url, IDEMPOTENCY_WAIT_MS: "1000" }) },
  });
}, 120_000);
afterAll(async () => {
  proxy?.resume();
  await stack?.stop();
  await proxy?.close();
});

const COMPLETE = `mutation Complete($input: CompleteLessonInput!) {
  completeLesson(input: $input) { xpAwarded newReviewItems completion { lesson { id } timesCompleted } user { id xp } } }`;
const LESSON = "hiragana-01";
let learned: string[];
beforeAll(async () => {
  const r = await gql(stack.gatewayUrl, `{ lesson(id: "${LESSON}") { characters { id } } }`);
  learned = r.body.data!.lesson.characters.slice(0, 2).map((c: { id: string }) => c.id);
  expect(learned).toHaveLength(2);
});

const complete = (userId: string, key: string | undefined, input: Record<string, unknown> = {}) =>
  gql(stack.gatewayUrl, COMPLETE, {
    token: stack.token(userId),
    variables: { input: { lessonId: LESSON, learnedCharacterIds: learned, ...input } },
    headers: key ? { "idempotency-key": key } : {},
  });
const xpOf = async (userId: string) => (await gql(stack.gatewayUrl, `{ me { xp } }`, { token: stack.token(userId) })).body.data!.me.xp;
const progressDb = () => stack.subgraphs.progress.db.dataSource;
const timesCompleted = async (userId: string) =>
  Number(
    (
      await progressDb().query(`SELECT coalesce(sum(times_completed), 0) AS n FROM progress.lesson_completions WHERE user_id = $1`, [
        userId,
      ])
    )[0].n,
  );
const lessonEvents = async (userId: string) =>
  (await stack.subgraphs.progress.events!.transport.readAll("learnloop.progress.v1")).filter(
    (m) => m.key === userId && m.headers["event-type"] === "lesson.completed",
  ).length;
const lessonNotifications = async (userId: string) => {
  const r = await gql(stack.gatewayUrl, `{ me { notifications(first: 50) { edges { node { category } } } } }`, {
    token: stack.token(userId),
  });
  return (r.body.data!.me.notifications.edges as { node: { category: string } }[]).filter((e) => e.node.category === "LESSON").length;
};

describe("a mutation whose outcome the gateway could not see", () => {
  const userId = "user_idem_stall";

  it("says the outcome is unknown, and a retry with the same key returns the first outcome, applied once", async () => {
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(userId) });
    const key = randomUUID();
    proxy.pause();
    let first;
    try {
      first = await complete(userId, key);
    } finally {
      // The attempt is still waiting on the stalled database; it commits once the database is back.
      proxy.resume();
    }
    expect(codes(first)).toEqual(["MUTATION_OUTCOME_UNKNOWN"]);
    expect(first.body.errors![0].extensions).toMatchObject({
      service: "progress",
      idempotencyKey: key,
      requestId: first.headers.get("x-request-id"),
    });
    expect(first.body.errors![0].message).toMatch(/Retry with the same Idempotency-Key/);

    // The first attempt was applied after all.
    await waitFor(async () => (await timesCompleted(userId)) === 1, 15_000, "the stalled attempt to commit");
    const retry = await complete(userId, key);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data!.completeLesson).toEqual({
      xpAwarded: 10,
      newReviewItems: 2,
      completion: { lesson: { id: LESSON }, timesCompleted: 1 },
      user: { id: userId, xp: 10 },
    });
    expect(await xpOf(userId)).toBe(10);
    expect(await timesCompleted(userId)).toBe(1);
    await waitFor(async () => (await lessonEvents(userId)) >= 1, 15_000, "the lesson.completed event");
    await waitFor(async () => (await lessonNotifications(userId)) >= 1, 15_000, "the lesson notification");
    await new Promise((r) => setTimeout(r, 500)); // room for a wrong second event to arrive
    expect(await lessonEvents(userId)).toBe(1);
    expect(await lessonNotifications(userId)).toBe(1);
  }, 60_000);

  it("keeps SUBGRAPH_UNAVAILABLE for a query that timed out", async () => {
    proxy.pause();
    let r;
    try {
      r = await gql(stack.gatewayUrl, `{ me { xp } }`, { token: stack.token(userId), headers: { "idempotency-key": randomUUID() } });
    } finally {
      proxy.resume();
    }
    expect(codes(r)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
  });

  it("without a key, says so and advises checking before a retry", async () => {
    const other = "user_idem_stall_nokey";
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(other) });
    proxy.pause();
    let r;
    try {
      r = await complete(other, undefined);
    } finally {
      proxy.resume();
    }
    expect(codes(r)).toEqual(["MUTATION_OUTCOME_UNKNOWN"]);
    expect(r.body.errors![0].extensions!.idempotencyKey).toBeUndefined();
    expect(r.body.errors![0].message).toMatch(/send it with an Idempotency-Key/);
  });
});

describe("the web client's links", () => {
  it("retry a mutation whose outcome was unknown with its first key, and it is applied once", async () => {
    const userId = "user_idem_webclient";
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(userId) });
    const keys: string[] = [];
    const ws = createClient({ url: stack.gatewayUrl.replace(/^http/, "ws"), webSocketImpl: WebSocket, lazy: true });
    const traced: typeof fetch = (input, init) => {
      keys.push(new Headers(init?.headers).get("idempotency-key") ?? "none");
      return fetch(input, init);
    };
    const link = createLink({ httpUrl: stack.gatewayUrl, persisted: "apq" }, async () => stack.token(userId), ws as never, traced);
    const client = createApolloClient(link);
    proxy.pause();
    // The database comes back while the client waits to retry.
    const resume = setTimeout(() => proxy.resume(), 2_500);
    try {
      const result = await client.mutate({ mutation: CompleteLessonDocument, variables: { input: { lessonId: LESSON } } });
      expect(result.data?.completeLesson).toMatchObject({ xpAwarded: 10 });
    } finally {
      clearTimeout(resume);
      proxy.resume();
      await ws.dispose();
    }
    expect(keys.length).toBeGreaterThanOrEqual(2); // the first attempt timed out at the gateway
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await xpOf(userId)).toBe(10);
    expect(await timesCompleted(userId)).toBe(1);
  }, 30_000);
});

describe("a retry while the first attempt still runs", () => {
  it("gets IDEMPOTENCY_KEY_IN_USE (409) instead of running twice, then the first attempt's outcome", async () => {
    const userId = "user_idem_inflight";
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(userId) });
    // Another transaction holds the completion row the mutation must write, so the first attempt blocks mid-way.
    const blocker = new Client({ connectionString: stack.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(
        `INSERT INTO progress.lesson_completions (user_id, lesson_id, first_completed_at, last_completed_at, times_completed, best_score)
         VALUES ($1, $2, now(), now(), 1, 1)`,
        [userId, LESSON],
      );
      const key = randomUUID();
      const first = await complete(userId, key);
      expect(codes(first)).toEqual(["MUTATION_OUTCOME_UNKNOWN"]);
      const retry = await complete(userId, key);
      expect(retry.status).toBe(409);
      expect(codes(retry)).toEqual(["IDEMPOTENCY_KEY_IN_USE"]);
      expect(retry.body.errors![0].message).toMatch(/Retry shortly with the same key/);
      await blocker.query("ROLLBACK");
      await waitFor(async () => (await timesCompleted(userId)) === 1, 15_000, "the first attempt to commit");
      const after = await complete(userId, key);
      expect(after.body.data!.completeLesson).toMatchObject({ xpAwarded: 10, completion: { timesCompleted: 1 }, user: { xp: 10 } });
      expect(await xpOf(userId)).toBe(10);
    } finally {
      await blocker.end();
    }
  }, 30_000);
});

describe("how long a key is kept", () => {
  it("treats an outcome older than IDEMPOTENCY_TTL_MS as gone, and the sweep deletes only those", async () => {
    const userId = "user_idem_ttl";
    const key = randomUUID();
    expect((await complete(userId, key)).body.data!.completeLesson).toMatchObject({ xpAwarded: 10 });
    const fresh = randomUUID();
    expect((await complete(userId, fresh)).body.data!.completeLesson).toMatchObject({ xpAwarded: 2 });
    const rows = `SELECT key FROM progress.idempotency_keys WHERE scope = $1 ORDER BY key`;
    await progressDb().query(
      `UPDATE progress.idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = $1 AND key = $2`,
      [userId, key],
    );
    // Expired: the same key runs as new (a repeat completion, 2 XP), and its new outcome is kept.
    expect((await complete(userId, key)).body.data!.completeLesson).toMatchObject({ xpAwarded: 2, user: { xp: 14 } });
    await progressDb().query(
      `UPDATE progress.idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = $1 AND key = $2`,
      [userId, key],
    );
    expect(await sweepIdempotencyKeys(stack.subgraphs.progress.db, "progress", 24 * 60 * 60 * 1000, 1)).toBeGreaterThanOrEqual(1);
    expect((await progressDb().query(rows, [userId])).map((r: { key: string }) => r.key)).toEqual([fresh]);
  });
});

describe("retries with an Idempotency-Key", () => {
  it("after a success, returns the same payload and applies nothing again; a new key applies again", async () => {
    const userId = "user_idem_retry";
    const key = randomUUID();
    const first = await complete(userId, key);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.completeLesson).toMatchObject({ xpAwarded: 10, user: { xp: 10 } });
    const again = await complete(userId, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await xpOf(userId)).toBe(10);
    expect(await timesCompleted(userId)).toBe(1);
    // The key, not the request, is what makes it a retry.
    const fresh = await complete(userId, randomUUID());
    expect(fresh.body.data!.completeLesson).toMatchObject({ xpAwarded: 2, completion: { timesCompleted: 2 }, user: { xp: 12 } });
  });

  it("refuses the same key for different input with IDEMPOTENCY_KEY_REUSED (422), applying nothing", async () => {
    const userId = "user_idem_reuse";
    const key = randomUUID();
    expect((await complete(userId, key)).body.errors).toBeUndefined();
    const reused = await complete(userId, key, { score: 0.5 });
    expect(reused.status).toBe(422);
    expect(codes(reused)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    expect(reused.body.errors![0].extensions!.requestId).toBe(reused.headers.get("x-request-id"));
    expect(await timesCompleted(userId)).toBe(1);
    // Keys are per user: another learner's identical key is theirs alone.
    const other = await complete("user_idem_reuse_other", key, { score: 0.5 });
    expect(other.body.data!.completeLesson).toMatchObject({ xpAwarded: 10 });
  });

  it("applies concurrent duplicates once, and every one of them sees that one outcome", async () => {
    const userId = "user_idem_concurrent";
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => complete(userId, key)));
    for (const r of results) {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data!.completeLesson).toMatchObject({ xpAwarded: 10, completion: { timesCompleted: 1 }, user: { xp: 10 } });
    }
    expect(await xpOf(userId)).toBe(10);
    expect(await timesCompleted(userId)).toBe(1);
  });

  it("stores each fetch of one operation to the same subgraph apart, and replays them all", async () => {
    const userId = "user_idem_fetches";
    const key = randomUUID();
    // progress, then users, then progress again: the planner sends two mutation fetches to progress.
    const op = `mutation Two($input: CompleteLessonInput!, $second: CompleteLessonInput!) {
      a: completeLesson(input: $input) { xpAwarded }
      p: updateProfile(input: { displayName: "Two Fetches" }) { displayName }
      b: completeLesson(input: $second) { xpAwarded user { xp } } }`;
    const send = () =>
      gql(stack.gatewayUrl, op, {
        token: stack.token(userId),
        variables: { input: { lessonId: LESSON }, second: { lessonId: "hiragana-02" } },
        headers: { "idempotency-key": key },
      });
    const first = await send();
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data).toEqual({ a: { xpAwarded: 10 }, p: { displayName: "Two Fetches" }, b: { xpAwarded: 10, user: { xp: 20 } } });
    expect((await send()).body).toEqual(first.body);
    expect(await xpOf(userId)).toBe(20);
    expect(await timesCompleted(userId)).toBe(2);
  });

  it("refuses a malformed key with a coded 400 before anything runs", async () => {
    for (const bad of ["short", "x".repeat(129), "has space in it", "semi;colon-key"]) {
      const r = await complete("user_idem_badkey", bad);
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(["INVALID_IDEMPOTENCY_KEY"]);
      expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
    }
    expect(await timesCompleted("user_idem_badkey")).toBe(0);
  });

  it("without a key, mutations work as before: each one applies", async () => {
    const userId = "user_idem_nokey";
    expect((await complete(userId, undefined)).body.data!.completeLesson).toMatchObject({ xpAwarded: 10, user: { xp: 10 } });
    expect((await complete(userId, undefined)).body.data!.completeLesson).toMatchObject({ xpAwarded: 2, user: { xp: 12 } });
  });

  it("over graphql-ws, takes the key from extensions.idempotencyKey", async () => {
    const userId = "user_idem_ws";
    const connection = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token(userId)}` });
    const run = (extensions: Record<string, unknown>, input: Record<string, unknown> = { lessonId: LESSON }) =>
      new Promise<any>((resolve, reject) => {
        let result: unknown;
        const timer = setTimeout(() => reject(new Error("no answer over graphql-ws")), 10_000);
        const done = (value: unknown) => {
          clearTimeout(timer);
          resolve(value);
        };
        connection.client.subscribe(
          { query: COMPLETE, variables: { input }, extensions },
          { next: (r) => (result = r), error: (e) => done({ errors: e }), complete: () => done(result) },
        );
      });
    try {
      const key = randomUUID();
      const first = await run({ idempotencyKey: key });
      expect(first.data.completeLesson).toMatchObject({ xpAwarded: 10 });
      expect(await run({ idempotencyKey: key })).toEqual(first);
      expect(await timesCompleted(userId)).toBe(1);
      // The gateway's record refuses a reuse over graphql-ws too (another lesson: progress never saw that request).
      const reused = await run({ idempotencyKey: key }, { lessonId: "hiragana-02" });
      expect(reused.errors.map((e: any) => e.extensions.code)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
      expect(await timesCompleted(userId)).toBe(1);
      const bad = await run({ idempotencyKey: "bad key!" });
      expect(bad.errors.map((e: any) => e.extensions.code)).toEqual(["INVALID_IDEMPOTENCY_KEY"]);
      expect(await timesCompleted(userId)).toBe(1);
    } finally {
      await connection.dispose();
    }
  });
});

describe("one key, one whole operation, across subgraphs", () => {
  const PROFILE = (name: string) => `mutation { updateProfile(input: { displayName: "${name}" }) { displayName } }`;
  const send = (userId: string, key: string, query: string) =>
    gql(stack.gatewayUrl, query, { token: stack.token(userId), headers: { "idempotency-key": key } });
  const me = async (userId: string) =>
    (await gql(stack.gatewayUrl, `{ me { displayName xp } }`, { token: stack.token(userId) })).body.data!.me as {
      displayName: string | null;
      xp: number;
    };
  const firstUse = async (userId: string) => {
    await me(userId);
    const key = randomUUID();
    const first = await send(userId, key, `mutation { completeLesson(input: { lessonId: "${LESSON}" }) { xpAwarded } }`);
    expect(first.status).toBe(200);
    expect(first.body.data!.completeLesson).toEqual({ xpAwarded: 10 });
    return { key, before: await me(userId) };
  };
  const refusedAndNothingApplied = async (userId: string, r: Awaited<ReturnType<typeof send>>, before: unknown) => {
    expect(r.status).toBe(422);
    expect(codes(r)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
    expect(await me(userId)).toEqual(before);
  };

  it("refuses a reuse that adds another subgraph's field, and applies that field nowhere", async () => {
    const userId = "user_idem_gw_added";
    const { key, before } = await firstUse(userId);
    expect(before.xp).toBe(10);
    const reused = await send(
      userId,
      key,
      `mutation { completeLesson(input: { lessonId: "${LESSON}" }) { xpAwarded } updateProfile(input: { displayName: "Applied anyway" }) { displayName } }`,
    );
    await refusedAndNothingApplied(userId, reused, before);
  });

  it("refuses a reuse for a mutation that only goes to another subgraph", async () => {
    const userId = "user_idem_gw_other";
    const { key, before } = await firstUse(userId);
    await refusedAndNothingApplied(userId, await send(userId, key, PROFILE("Other op")), before);
    // The same operation with the key still replays.
    const replay = await send(userId, key, `mutation { completeLesson(input: { lessonId: "${LESSON}" }) { xpAwarded } }`);
    expect(replay.status).toBe(200);
    expect(replay.body.data!.completeLesson).toEqual({ xpAwarded: 10 });
    expect(await me(userId)).toEqual(before);
  });

  it("lets exactly one of two concurrent first uses with different operations apply", async () => {
    const userId = "user_idem_gw_race";
    const before = await me(userId);
    const key = randomUUID();
    const [lesson, profile] = await Promise.all([
      send(userId, key, `mutation { completeLesson(input: { lessonId: "${LESSON}" }) { xpAwarded } }`),
      send(userId, key, PROFILE("Raced")),
    ]);
    expect([lesson.status, profile.status].sort()).toEqual([200, 422]);
    const after = await me(userId);
    if (lesson.status === 200) {
      expect(codes(profile)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
      expect(after).toEqual({ displayName: before.displayName, xp: 10 });
    } else {
      expect(codes(lesson)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
      expect(after).toEqual({ displayName: "Raced", xp: before.xp });
    }
  });

  it("when only a subgraph knows the key, sends nothing after its refusal and reports what was applied", async () => {
    // As without the gateway's DATABASE_URL: progress holds the key for another operation, the gateway has no record.
    const userId = "user_idem_gw_backstop";
    const before = await me(userId);
    const key = randomUUID();
    await progressDb().query(
      `INSERT INTO progress.idempotency_keys (scope, key, request_hash, operation_hash, response) VALUES ($1, $2, 'r', 'another operation', '{}')`,
      [userId, key],
    );
    const r = await send(
      userId,
      key,
      `mutation { p: updateProfile(input: { displayName: "Backstop" }) { displayName }
        c: completeLesson(input: { lessonId: "${LESSON}" }) { xpAwarded }
        q: updateProfile(input: { displayName: "Never sent" }) { displayName } }`,
    );
    // users applied p before progress refused: not a 422, and the response says what committed.
    expect(r.status).toBe(200);
    expect(r.body.data).toBeNull(); // c is non-null: GraphQL's own rule
    expect((r.body as { extensions?: { applied?: unknown } }).extensions?.applied).toEqual({
      p: expect.objectContaining({ displayName: "Backstop" }),
    });
    expect(codes(r)).toEqual(["IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY_REUSED"]);
    expect(await me(userId)).toEqual({ displayName: "Backstop", xp: before.xp });
  });
});

describe("the gateway's record of keys", () => {
  it("binds a key to its operation once, and its sweep deletes only expired records", async () => {
    const gatewayDb = stack.subgraphs.progress.db.dataSource; // same database, the gateway's schema
    const userId = "user_idem_gw_sweep";
    const [old, fresh] = [randomUUID(), randomUUID()];
    for (const key of [old, fresh]) expect((await complete(userId, key)).status).toBe(200);
    const rows = () => gatewayDb.query(`SELECT key FROM gateway.idempotency_keys WHERE scope = $1 ORDER BY key`, [userId]);
    expect((await rows()).map((r: { key: string }) => r.key)).toEqual([old, fresh].sort());
    await gatewayDb.query(`UPDATE gateway.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [old]);
    const records = new IdempotencyRecords(stack.subgraphs.progress.db, 24 * 60 * 60 * 1000);
    expect(await records.sweep(1)).toBeGreaterThanOrEqual(1);
    expect((await rows()).map((r: { key: string }) => r.key)).toEqual([fresh]);
  });
});
