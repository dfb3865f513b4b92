import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import {
  createLogger,
  Database,
  EmbeddedTransport,
  EventPublisher,
  eventTablesMigration,
  KafkaTransport,
  listDeadLetters,
  eventHandlers,
  OutboxRelay,
  replayDeadLetters,
  startEventConsumer,
  type EventTransport,
  type RunningConsumer,
} from "@learnloop/kit/internal";
import { createTestDatabase } from "@learnloop/devstack";
import { startKafkaBroker, type TestKafkaBroker } from "@learnloop/devstack";
import { waitFor } from "../support/wait";

const logger = createLogger("test", "silent");
const SCHEMA = "contract";
const TOPIC = "learnloop.progress.v1";

type Harness = { transport: EventTransport; cleanup(): Promise<void> };

// The same suite, the same kit code, over both transports.
const transports: [string, (url: string) => Promise<Harness>][] = [
  ["embedded", async (url) => ({ transport: new EmbeddedTransport(url, logger, 20), cleanup: async () => undefined })],
  [
    "kafka",
    async () => {
      const broker: TestKafkaBroker = await startKafkaBroker();
      await broker.createTopic(TOPIC, 3);
      await broker.createTopic(`${SCHEMA}.effects.dlq`, 1);
      const transport = new KafkaTransport({
        brokers: broker.brokers,
        clientId: "contract-test",
        logger,
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 1_000,
        // The mock waits out every empty fetch; Kafka would answer as soon as data arrives.
        fetchMaxWaitMs: 100,
      });
      return { transport, cleanup: () => broker.stop() };
    },
  ],
];

describe.each(transports)("event backbone over the %s transport", (_kind, makeTransport) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let harness: Harness;
  let relay: OutboxRelay;
  let consumer: RunningConsumer;
  const failuresLeft = new Map<string, number>();
  const publisher = new EventPublisher<LearnloopEvents>(learnloopContracts, SCHEMA, SCHEMA, ["lesson.completed"]);

  const effects = async (): Promise<{ lesson_id: string; user_id: string }[]> =>
    db.dataSource.query(`SELECT lesson_id, user_id FROM ${SCHEMA}.effects ORDER BY seq`);
  const publish = (userId: string, lessonId: string) =>
    db.dataSource.transaction((m) =>
      publisher.publish(
        m,
        "lesson.completed",
        { userId, lessonId, score: 1, xpAwarded: 10, firstCompletion: true, completedAt: new Date().toISOString() },
        { requestId: `req-${lessonId}` },
      ),
    );
  const startConsumer = () =>
    startEventConsumer({
      subgraph: SCHEMA,
      definition: {
        purpose: "effects",
        handlers: [
          eventHandlers<LearnloopEvents>().on("lesson.completed", async (p, { manager, meta }) => {
            const left = failuresLeft.get(p.lessonId) ?? 0;
            if (left > 0) {
              failuresLeft.set(p.lessonId, left - 1);
              throw new Error(`transient failure for ${p.lessonId}`);
            }
            if (p.lessonId.startsWith("always-fails")) throw new Error("this handler cannot apply it");
            await manager.query(`INSERT INTO ${SCHEMA}.effects (user_id, lesson_id, request_id) VALUES ($1, $2, $3)`, [
              p.userId,
              p.lessonId,
              meta.requestId,
            ]);
          }),
        ],
      },
      db,
      transport: harness.transport,
      registry: learnloopContracts,
      logger,
      publisher,
      services: undefined,
      maxAttempts: 3,
      retryBaseMs: 10,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Database({ schema: SCHEMA, url: database.url, entities: [], migrations: [eventTablesMigration(SCHEMA)], logger });
    await db.start();
    await db.dataSource.query(`CREATE TABLE ${SCHEMA}.effects (seq bigserial, user_id text, lesson_id text, request_id text)`);
    harness = await makeTransport(database.url);
    relay = new OutboxRelay({ db, schema: SCHEMA, databaseUrl: database.url, transport: harness.transport, logger, idlePollMs: 20 });
    await relay.start();
    consumer = await startConsumer();
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await harness?.transport.close();
    await harness?.cleanup();
    await db?.stop();
    await database?.drop();
  });

  it("delivers outbox events in order per key, once each, with the request id", async () => {
    for (let i = 0; i < 20; i++) await publish(i % 2 ? "user_b" : "user_a", `lesson-${i}`);
    await waitFor(async () => (await effects()).length >= 20, 30_000, "20 effects");
    const rows = await effects();
    expect(rows).toHaveLength(20);
    for (const user of ["user_a", "user_b"]) {
      const mine = rows.filter((r) => r.user_id === user).map((r) => Number(r.lesson_id.split("-")[1]));
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
    const [{ request_id }] = await db.dataSource.query(`SELECT request_id FROM ${SCHEMA}.effects WHERE lesson_id = 'lesson-3'`);
    expect(request_id).toBe("req-lesson-3");
    expect(await relay.pending()).toBe(0);
  });

  it("applies a redelivered event once", async () => {
    const before = consumer.stats.duplicates;
    const envelope = await publish("user_dup", "lesson-dup");
    await waitFor(async () => (await effects()).some((r) => r.lesson_id === "lesson-dup"), 30_000, "first delivery");
    // What a relay crash between publish and delete does: the same message again.
    const [message] = (await harness.transport.readAll(TOPIC)).filter((m) => m.headers["event-id"] === envelope.id);
    await harness.transport.publish([message, message]);
    await waitFor(() => consumer.stats.duplicates >= before + 2, 30_000, "duplicates to be seen");
    expect((await effects()).filter((r) => r.lesson_id === "lesson-dup")).toHaveLength(1);
  });

  it("retries a transient failure, then applies", async () => {
    failuresLeft.set("lesson-flaky", 2);
    await publish("user_flaky", "lesson-flaky");
    await waitFor(async () => (await effects()).some((r) => r.lesson_id === "lesson-flaky"), 30_000, "flaky event applied");
    expect(failuresLeft.get("lesson-flaky")).toBe(0);
  });

  it("dead-letters poison messages and failing events with the error, carries on, and replays them", async () => {
    await harness.transport.publish([
      { topic: TOPIC, key: "user_poison", value: "{not json", headers: {} },
      {
        topic: TOPIC,
        key: "user_poison",
        value: JSON.stringify({ id: crypto.randomUUID(), type: "lesson.completed", version: 1, payload: { userId: "user_poison" } }),
        headers: {},
      },
    ]);
    await publish("user_poison", "always-fails-1");
    await publish("user_poison", "lesson-after-poison");
    await waitFor(async () => (await effects()).some((r) => r.lesson_id === "lesson-after-poison"), 30_000, "the consumer to carry on");

    await waitFor(async () => (await listDeadLetters(harness.transport, `${SCHEMA}.effects`)).length >= 3, 30_000, "3 dead letters");
    const letters = await listDeadLetters(harness.transport, `${SCHEMA}.effects`);
    expect(letters.map((d) => [d.attempts, d.originalTopic])).toEqual([
      [0, TOPIC],
      [0, TOPIC],
      [3, TOPIC],
    ]);
    expect(letters[0].error).toMatch(/not JSON/);
    expect(letters[1].error).toMatch(/does not match its contract/);
    expect(letters[2].error).toMatch(/this handler cannot apply it/);

    // Replay puts it back on its topic and through the consumer; this handler still refuses it, so it returns to the DLQ.
    const failing = letters[2];
    consumer.stats.deadLettered = 0;
    await replayDeadLetters(harness.transport, `${SCHEMA}.effects`, (d) => d.eventId === failing.eventId);
    await waitFor(() => consumer.stats.deadLettered >= 1, 30_000, "the replayed event to come back through the consumer");
  });

  it("a broadcast subscriber starts a window back, sees every later message, and commits nothing", async () => {
    const backlog = new Map<string, boolean | undefined>();
    const seen = (list: string[]) => async (m: { value: string; backlog?: boolean }) => {
      const id = JSON.parse(m.value).payload.lessonId;
      list.push(id);
      backlog.set(id, m.backlog);
    };
    await publish("user_w", "window-1");
    await publish("user_w", "window-2");
    await waitFor(async () => (await relay.pending()) === 0, 30_000, "the relay");
    const all = (await harness.transport.readAll(TOPIC)).length;
    const tail: string[] = [];
    const live: string[] = [];
    const windowed = await harness.transport.subscribe({
      groupId: `broadcast-a-${Date.now()}`,
      topics: [TOPIC],
      broadcast: { tail: 2 },
      handle: seen(tail),
    });
    const fromNow = await harness.transport.subscribe({
      groupId: `broadcast-b-${Date.now()}`,
      topics: [TOPIC],
      broadcast: { tail: 0 },
      handle: seen(live),
    });
    await new Promise((r) => setTimeout(r, 1_000)); // both placed before the next event
    await publish("user_w", "window-3");
    await waitFor(() => tail.includes("window-3") && live.includes("window-3"), 30_000, "both broadcast subscribers");
    await windowed.stop();
    await fromNow.stop();
    expect(all).toBeGreaterThan(2);
    // On Kafka the window is per partition; user_w's events share one, so its last two are in any case.
    expect(tail.filter((id) => id.startsWith("window-"))).toEqual(["window-1", "window-2", "window-3"]);
    expect(live).toEqual(["window-3"]);
    // What was there before the subscription started is marked as backlog; what came after is not.
    expect([backlog.get("window-1"), backlog.get("window-2"), backlog.get("window-3")]).toEqual([true, true, false]);
  });

  it("a restarted consumer resumes after its committed position", async () => {
    await consumer.stop();
    await publish("user_restart", "lesson-while-stopped");
    const applied = consumer.stats.applied;
    consumer = await startConsumer();
    await waitFor(
      async () => (await effects()).some((r) => r.lesson_id === "lesson-while-stopped"),
      60_000,
      "event published while stopped",
    );
    expect(applied).toBeGreaterThan(0);
    // Nothing before the restart was applied again: every lesson has exactly one effect.
    const rows = await effects();
    expect(new Set(rows.map((r) => r.lesson_id)).size).toBe(rows.length);
  }, 90_000);
});
