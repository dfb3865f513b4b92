import { startKafkaBroker, type TestKafkaBroker } from "@learnloop/devstack";
import { createLogger, fromMessage, KafkaTransport } from "@learnloop/kit/internal";
import { Client } from "pg";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * The fault tests, on the Kafka transport against the librdkafka mock cluster (the only
 * broker a test can take down): progress (outbox relay) and notifications (consumer) run as their
 * own processes so they can be SIGKILLed like a crashed pod. Each round runs 1,000 completeLesson
 * mutations through the gateway (20 learners of its own, 50 real lessons each, all first
 * completions); each publishes one lesson.completed, and notifications turns each into one
 * LESSON notification.
 */
const USERS = 20;
const MUTATIONS = 1_000;
const LESSONS = MUTATIONS / USERS;
const OUTAGE_MS = 120_000; // "down for minutes"
const ROUNDS = ["outage", "crash"];
const learners = (round: string) => Array.from({ length: USERS }, (_, i) => `user_fault_${round}_${i}`);
/** A LIKE pattern for the round's learners. */
const ofRound = (round: string) => `user_fault_${round}_%`;
let lessonIds: string[] = [];

let broker: TestKafkaBroker;
let stack: TestStack;
let pg: Client;
const report: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  broker = await startKafkaBroker({ mock: true });
  stack = await startStack({
    subgraphEnv: broker.env,
    processes: ["progress", "notifications"],
  });
  pg = new Client({ connectionString: stack.databaseUrl });
  await pg.connect();
  // Provision every learner first: their user.created events are not what this test counts.
  for (const u of ROUNDS.flatMap(learners))
    expect((await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(u) })).body.errors).toBeUndefined();
  // Lessons must exist now (progress checks them against content's catalogue).
  const lessons = await gql(stack.gatewayUrl, `query($n: Int) { lessons(first: $n) { edges { node { id } } } }`, {
    variables: { n: LESSONS },
  });
  lessonIds = lessons.body.data!.lessons.edges.map((e: { node: { id: string } }) => e.node.id);
  expect(lessonIds).toHaveLength(LESSONS);
}, 180_000);

afterAll(async () => {
  console.log(`event fault tests (Kafka mock, ${MUTATIONS} mutations a round):\n${JSON.stringify(report, null, 2)}`);
  await pg?.end();
  await stack?.stop();
  await broker?.stop();
}, 60_000);

const count = async (sql: string, params: unknown[] = []) => Number((await pg.query(sql, params)).rows[0].n);
const lessonNotifications = (round: string) =>
  count(`SELECT count(*) AS n FROM notifications.notifications WHERE category = 'LESSON' AND user_id LIKE $1`, [ofRound(round)]);

/** Runs the round's mutations 8 at a time; `onProgress` sees the number completed so far. */
async function runMutations(round: string, onProgress: (done: number) => Promise<void> = async () => undefined) {
  let next = 0;
  let done = 0;
  const failures: unknown[] = [];
  const users = learners(round);
  const worker = async () => {
    for (let i = next++; i < MUTATIONS; i = next++) {
      const r = await gql(stack.gatewayUrl, `mutation($id: ID!) { completeLesson(input: { lessonId: $id }) { xpAwarded } }`, {
        token: stack.token(users[i % USERS]),
        variables: { id: lessonIds[Math.floor(i / USERS)] },
      });
      if (r.status !== 200 || r.body.errors) failures.push(r.body);
      await onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  expect(failures).toEqual([]);
}

/** What reached the topic: lesson.completed messages of this round, in all, and distinct by event id. */
async function delivered(round: string) {
  const transport = new KafkaTransport({
    brokers: broker.brokers,
    clientId: "fault-test-reader",
    logger: createLogger("reader", "silent"),
  });
  try {
    const events = (await transport.readAll("learnloop.progress.v1"))
      .map(fromMessage)
      .filter((e) => e.type === "lesson.completed" && String((e.payload as { userId: string }).userId).startsWith(`user_fault_${round}_`));
    return { total: events.length, distinct: new Set(events.map((e) => e.id)).size };
  } finally {
    await transport.close();
  }
}

/** Exactly-once effects: one notification and one processed-events row per event, none twice. */
async function expectAppliedOnce(round: string) {
  const rows = (
    await pg.query(
      `SELECT count(*)::int AS notifications, count(DISTINCT source_event_id)::int AS events,
              (SELECT count(*)::int FROM notifications.processed_events p WHERE p.event_id = ANY(array_agg(n.source_event_id)::uuid[])) AS processed
         FROM notifications.notifications n WHERE category = 'LESSON' AND user_id LIKE $1`,
      [ofRound(round)],
    )
  ).rows[0] as { notifications: number; events: number; processed: number };
  expect(rows).toEqual({ notifications: MUTATIONS, events: MUTATIONS, processed: MUTATIONS });
  const written = await count(`SELECT count(*) AS n FROM progress.lesson_completions WHERE user_id LIKE $1`, [ofRound(round)]);
  expect(written).toBe(MUTATIONS);
  return { written, applied: rows.notifications };
}

const consumerMetric = (m: Record<string, number>, outcome: string) =>
  m[`learnloop_consumer_messages_total{subgraph="notifications",group="notifications.progress-notifications",outcome="${outcome}"}`] ?? 0;

describe("event backbone under faults (Kafka transport)", () => {
  it("the broker stops while 1,000 mutations run: every event arrives once it is back, each applied exactly once", async () => {
    const before = await stack.processes.notifications.metrics();
    let downAt = 0;
    await runMutations("outage", async (done) => {
      if (done === 100) {
        await broker.down();
        downAt = Date.now();
      }
    });
    // Every mutation succeeded with the broker down: the events wait in the progress outbox.
    const pendingWhileDown = await count(`SELECT count(*) AS n FROM progress.outbox`);
    expect(pendingWhileDown).toBeGreaterThan(0);
    // Two minutes without Kafka: long enough for the relay to reach its longest backoff and for
    // kafkajs consumers to give up their connections and restart.
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    await broker.up();
    const downMs = Date.now() - downAt;

    await waitFor(async () => (await lessonNotifications("outage")) >= MUTATIONS, 150_000, "all 1,000 notifications");
    const applied = await expectAppliedOnce("outage");
    const topic = await delivered("outage");
    expect(topic.distinct).toBe(MUTATIONS);
    const after = await stack.processes.notifications.metrics();
    report.outage = {
      brokerDownMs: downMs,
      pendingInOutboxWhileDown: pendingWhileDown,
      sent: applied.written,
      delivered: topic.total,
      publishedTwice: topic.total - topic.distinct,
      applied: applied.applied,
      duplicatesSkipped: consumerMetric(after, "duplicates") - consumerMetric(before, "duplicates"),
      deadLettered: consumerMetric(after, "deadLettered") - consumerMetric(before, "deadLettered"),
    };
    expect(report.outage.deadLettered).toBe(0);
  }, 300_000);

  it("the relay is killed between publish and delete, the consumer mid-backlog: nothing is lost, nothing applied twice", async () => {
    const outbox = () => count(`SELECT count(*) AS n FROM progress.outbox`);
    // A backlog: 1,000 events wait in the outbox while the broker is down and notifications is gone.
    await broker.down();
    await stack.processes.notifications.kill("SIGKILL");
    await runMutations("crash");
    expect(await outbox()).toBeGreaterThanOrEqual(MUTATIONS);

    // The worst moment for the relay: its batch is on the broker and the DELETE has not happened.
    // An EXCLUSIVE lock lets the relay read the outbox but holds its DELETE; SIGKILL it right there.
    const locker = new Client({ connectionString: stack.databaseUrl });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE progress.outbox IN EXCLUSIVE MODE");
    await broker.up();
    const deleteWaiting = () =>
      count(`SELECT count(*) AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM "progress".outbox%'`);
    await waitFor(async () => (await deleteWaiting()) > 0, 90_000, "the relay to publish a batch and wait to delete it");
    await stack.processes.progress.kill("SIGKILL");
    // PostgreSQL would still run a dead client's queued DELETE once the lock goes; a crash just
    // before the DELETE was sent has no such luck, and that is the case to test.
    await pg.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM "progress".outbox%'`,
    );
    await locker.query("ROLLBACK");
    await locker.end();
    await stack.processes.progress.restart();

    // The consumer comes back to a full topic; kill it again while it works through it. Its group
    // applies the backlog while the process's later consumer groups still join (each join takes
    // seconds), so the kill does not wait for /ready. Once it has applied some, a lock on the table
    // its handler writes first holds its next event: it is killed mid-backlog however fast it runs.
    const restarting = stack.processes.notifications.restart().catch(() => "exited before ready");
    await waitFor(async () => (await lessonNotifications("crash")) >= 20, 120_000, "notifications to start applying");
    const holder = new Client({ connectionString: stack.databaseUrl });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE notifications.deliveries IN EXCLUSIVE MODE");
    await stack.processes.notifications.kill("SIGKILL");
    await restarting;
    await holder.query("ROLLBACK");
    await holder.end();
    const appliedAtKill = await lessonNotifications("crash");
    expect(appliedAtKill).toBeLessThan(MUTATIONS);
    await stack.processes.notifications.restart();

    await waitFor(async () => (await lessonNotifications("crash")) >= MUTATIONS, 150_000, "all 1,000 notifications after the crashes");
    const applied = await expectAppliedOnce("crash");
    const topic = await delivered("crash");
    expect(topic.distinct).toBe(MUTATIONS);
    const metrics = await stack.processes.notifications.metrics();
    report.crash = {
      appliedWhenConsumerKilled: appliedAtKill,
      sent: applied.written,
      delivered: topic.total,
      publishedTwice: topic.total - topic.distinct,
      applied: applied.applied,
      duplicatesSkippedAfterRestart: consumerMetric(metrics, "duplicates"),
      deadLettered: consumerMetric(metrics, "deadLettered"),
    };
    // The killed relay's batch went out again: the one duplicate source there is, at most a batch (500 rows).
    expect(report.crash.publishedTwice).toBeGreaterThan(0);
    expect(report.crash.publishedTwice).toBeLessThanOrEqual(500);
    // ...and the consumer absorbed the copies: every effect above happened exactly once.
    expect(report.crash.duplicatesSkippedAfterRestart).toBeGreaterThan(0);
    expect(report.crash.deadLettered).toBe(0);
  }, 400_000);
});
