"use strict";
// Event backbone benchmark: outbox relay throughput and mutation-to-consumer-effect latency, on the
// embedded (PostgreSQL) transport and on Kafka (librdkafka's mock cluster), one after the other.
const os = require("node:os");
const { performance } = require("node:perf_hooks");
const { Client } = require("pg");
const { startKafkaBroker, startLocalStack } = require("@learnloop/devstack");
const { OutboxRelay, createLogger } = require("@learnloop/kit/internal");
const { postgresVersion } = require("./support");

const GROUP = "notifications.progress-notifications";
const COMPLETE_LESSON = `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "silent";
// The mock's group joins are slow with Kafka's default session timings.
const defaults = { events: 5000, batch: 100, samples: 200, warmup: 20, users: 4, pause: 100, fetchwait: 10 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "the event backbone: outbox relay throughput and mutation-to-consumer latency, embedded log then Kafka (2-3 min)";
const help = {
  events: "events written to the outbox for the throughput part",
  batch: "events per outbox transaction while filling",
  samples: "measured latency samples",
  warmup: "discarded samples before them",
  users: "learners the mutations rotate over",
  pause: "upper bound (ms) of the random pause between samples",
  fetchwait: "Kafka consumers' fetch max wait (ms) against the mock",
};

const t0 = performance.now();
const progress = (msg) => console.error(`[events +${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(check, timeoutMs, what, intervalMs = 5) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Throughput, one stage at a time. The relay is stopped and the outbox filled with N events; a fresh
 * relay (built as startEvents builds it) drains it while the notifications consumer is stopped, because
 * in this one process that consumer would take event-loop time from the relay, which in production it
 * runs in another process. Then the consumer is started again and drains the backlog: its own rate.
 */
async function relayThroughput(stack, opts) {
  const { db, events } = stack.subgraphs.progress;
  const notifications = stack.subgraphs.notifications;
  const index = notifications.events.consumers.findIndex((c) => c.groupId === GROUP);
  if (index < 0) throw new Error(`no consumer ${GROUP} in notifications`);
  const latencyStats = { ...notifications.events.consumers[index].stats };
  await notifications.events.consumers[index].stop();
  await events.relay.stop(); // releases its lease, so the fresh relay takes over at once

  const fillStart = performance.now();
  for (let written = 0; written < opts.events; written += opts.batch) {
    const n = Math.min(opts.batch, opts.events - written);
    await db.dataSource.transaction(async (tx) => {
      for (let i = written; i < written + n; i++) {
        const payload = {
          userId: `bench-tp-${i % 50}`,
          lessonId: "hiragana-01",
          score: 1,
          xpAwarded: 2,
          firstCompletion: false,
          completedAt: new Date().toISOString(),
        };
        await events.publisher.publish(tx, "lesson.completed", payload, { requestId: `bench-tp-${i}` });
      }
    });
  }
  const fillMs = performance.now() - fillStart;
  const queued = await events.relay.pending();
  if (queued !== opts.events) throw new Error(`outbox holds ${queued} rows after writing ${opts.events}`);

  const relay = new OutboxRelay({
    db,
    schema: "progress",
    databaseUrl: stack.databaseUrl,
    transport: events.transport,
    logger: createLogger("bench-relay", LOG_LEVEL),
  });
  events.relay = relay; // the stack's stop() stops this one now
  const limit = Math.max(60_000, opts.events * 20);
  const relayStart = performance.now();
  await relay.start();
  await waitUntil(() => relay.stats.published >= opts.events, limit, "the relay to publish the outbox");
  const relayMs = performance.now() - relayStart;

  // The same consumer again, from the subgraph's own definition; it resumes from the group's committed position.
  const consumer = await notifications.events.startConsumer(GROUP.slice("notifications.".length));
  notifications.events.consumers[index] = consumer; // so the stack's stop() stops it
  // Timed from the first applied event, so a Kafka group join is not counted as consuming.
  await waitUntil(() => consumer.stats.applied > 0, limit, `${GROUP} to start consuming`, 1);
  const consumeStart = performance.now();
  // Stats also count events the latency part left behind (achievements), so the rows decide the end.
  const notified = async () =>
    (
      await notifications.db.dataSource.query(
        `SELECT count(*)::int AS n FROM notifications.notifications WHERE category = 'LESSON' AND user_id LIKE 'bench-tp-%'`,
      )
    )[0].n;
  await waitUntil(() => consumer.stats.applied >= opts.events, limit, `${GROUP} to apply every event`);
  await waitUntil(async () => (await notified()) >= opts.events, limit, "every notification");
  const consumeMs = performance.now() - consumeStart;

  // Sanity: nothing left, nothing extra, and every event became exactly one notification.
  await sleep(200); // a duplicate would show up now
  const left = await relay.pending();
  const rows = await notified();
  const problems = [];
  if (left !== 0) problems.push(`${left} rows still in the outbox`);
  if (relay.stats.published !== opts.events) problems.push(`relay published ${relay.stats.published}, expected ${opts.events}`);
  if (rows !== opts.events) problems.push(`${rows} LESSON notifications, expected ${opts.events}`);
  if (problems.length) throw new Error(`throughput run is inconsistent: ${problems.join("; ")}`);
  return { fillMs, relayMs, consumeMs, relayStats: { ...relay.stats }, latencyStats, drainStats: { ...consumer.stats } };
}

/**
 * Latency: sequential completeLesson mutations through the gateway, each timed from sending the request
 * to the commit of its LESSON notification. The commit is observed through a trigger's NOTIFY (delivered
 * at commit) on a dedicated connection: exact, and no polling load competing for the 2 cores.
 */
async function effectLatency(stack, opts) {
  const listener = new Client({ connectionString: stack.databaseUrl, application_name: "bench-listener" });
  await listener.connect();
  try {
    await listener.query(`CREATE FUNCTION notifications.bench_effect() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('bench_effect', NEW.category || ' ' || NEW.user_id); RETURN NULL; END $$`);
    await listener.query(`CREATE TRIGGER bench_effect AFTER INSERT ON notifications.notifications
      FOR EACH ROW EXECUTE FUNCTION notifications.bench_effect()`);
    await listener.query("LISTEN bench_effect");
    const waiting = new Map(); // user id → resolve(time the LESSON notification committed)
    listener.on("notification", (msg) => {
      const at = performance.now();
      const [category, userId] = msg.payload.split(" ");
      if (category === "LESSON") waiting.get(userId)?.(at);
    });

    const users = Array.from({ length: opts.users }, (_, i) => `bench-lat-${i}`);
    const tokens = new Map(users.map((u) => [u, stack.token(u)]));
    // Sequential, and one request per user at a time, so the next LESSON notification for the user is this request's.
    const sample = async (userId) => {
      let timer;
      const effect = new Promise((resolve, reject) => {
        waiting.set(userId, resolve);
        timer = setTimeout(() => reject(new Error(`no LESSON notification for ${userId} within 30 s`)), 30_000);
      });
      effect.catch(() => undefined); // awaited below; this keeps a timeout during the request from crashing the process
      const sent = performance.now();
      const res = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokens.get(userId)}` },
        body: JSON.stringify({ query: COMPLETE_LESSON }),
      });
      const body = await res.json();
      const answered = performance.now();
      if (!res.ok || body.errors || !body.data?.completeLesson) {
        clearTimeout(timer);
        throw new Error(`completeLesson failed (${res.status}): ${JSON.stringify(body).slice(0, 500)}`);
      }
      try {
        const committed = await effect;
        return { http: answered - sent, effect: committed - sent };
      } finally {
        clearTimeout(timer);
        waiting.delete(userId);
      }
    };

    // A random pause between samples, longer than the embedded consumer's 50 ms poll, so that sending right
    // after the previous effect does not lock every sample to the same phase of the poll loop.
    const pause = () => sleep(Math.random() * opts.pause);
    // Warm-up provisions the users (user.created, welcome) and, on Kafka, waits out the group join.
    for (let i = 0; i < opts.warmup; i++) await sample(users[i % users.length]);
    const results = [];
    for (let i = 0; i < opts.samples; i++) {
      await pause();
      results.push(await sample(users[i % users.length]));
    }
    const effect = results.map((r) => r.effect).sort((a, b) => a - b);
    const http = results.map((r) => r.http).sort((a, b) => a - b);
    return {
      p50: percentile(effect, 50),
      p99: percentile(effect, 99),
      max: effect[effect.length - 1],
      httpP50: percentile(http, 50),
    };
  } finally {
    // The trigger would add a NOTIFY to every insert of the throughput run.
    await listener.query("DROP TRIGGER IF EXISTS bench_effect ON notifications.notifications").catch(() => undefined);
    await listener.end();
  }
}

// The mock answers an empty fetch only after the consumer's full max wait and, unlike Kafka, never early when
// a message is produced (librdkafka rdkafka_mock_handlers.c, "If there was no data, delay up to MaxWait"). With
// kafkajs' 5 s default every sample would measure that wait, so the consumers' max wait is --fetchwait ms here.
async function measure(transport, opts) {
  let broker;
  let stack;
  try {
    const subgraphEnv = {};
    if (transport === "kafka") {
      broker = await startKafkaBroker({ mock: true });
      Object.assign(subgraphEnv, broker.env, { KAFKA_FETCH_MAX_WAIT_MS: String(opts.fetchwait) });
    }
    progress(`${transport}: starting the stack`);
    stack = await startLocalStack({ subgraphEnv, logLevel: LOG_LEVEL });
    const kind = stack.subgraphs.progress.events.transport.kind;
    if (kind !== transport) throw new Error(`asked for the ${transport} transport, the stack runs ${kind}`);
    // Latency first: its warm-up provisions the users and proves every consumer group has joined (Kafka joins
    // take seconds) before anything is timed.
    progress(`${transport}: latency, ${opts.warmup} warm-up + ${opts.samples} samples`);
    const latency = await effectLatency(stack, opts);
    progress(`${transport}: relay throughput, ${opts.events} events`);
    const throughput = await relayThroughput(stack, opts);
    return { throughput, latency };
  } finally {
    await stack?.stop();
    await broker?.stop();
  }
}

function report(opts, pg, results) {
  const cpus = os.cpus();
  const rate = (count, ms) => count / (ms / 1000);
  const rows = [
    ["outbox write, through EventPublisher (events/s)", (r) => rate(opts.events, r.throughput.fillMs), 0],
    ["outbox relay throughput (events/s)", (r) => rate(opts.events, r.throughput.relayMs), 0],
    ["consumer, draining that backlog (events/s)", (r) => rate(opts.events, r.throughput.consumeMs), 0],
    ["mutation → notification p50 (ms)", (r) => r.latency.p50, 1],
    ["mutation → notification p99 (ms)", (r) => r.latency.p99, 1],
    ["mutation → notification max (ms)", (r) => r.latency.max, 1],
    ["mutation HTTP p50, for reference (ms)", (r) => r.latency.httpP50, 1],
  ];
  const { embedded, kafka } = results;
  const out = [
    "",
    "Event backbone benchmark",
    `machine:    ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.arch()}`,
    `runtime:    node ${process.version}, PostgreSQL ${pg}, Kafka = librdkafka mock cluster (1 broker, consumer fetch max wait ${opts.fetchwait} ms)`,
    `parameters: --events ${opts.events} (transactions of --batch ${opts.batch}), --samples ${opts.samples} after --warmup ${opts.warmup}, ` +
      `--users ${opts.users}, --pause 0-${opts.pause} ms, --fetchwait ${opts.fetchwait}`,
    "",
    `${"".padEnd(50)}${"embedded".padStart(10)}${"kafka".padStart(10)}${"kafka/embedded".padStart(16)}`,
  ];
  for (const [label, value, digits] of rows) {
    const e = value(embedded);
    const k = value(kafka);
    out.push(
      `${label.padEnd(50)}${e.toFixed(digits).padStart(10)}${k.toFixed(digits).padStart(10)}${`${(k / e).toFixed(2)}×`.padStart(16)}`,
    );
  }
  out.push("", "checks (both transports): outbox empty, relay published = events written, one LESSON notification per event");
  const counters = (c) =>
    `received ${c.received}, applied ${c.applied}, duplicates ${c.duplicates}, retries ${c.retries}, dead-lettered ${c.deadLettered}`;
  for (const [name, r] of Object.entries(results)) {
    const { relayStats, latencyStats, drainStats } = r.throughput;
    out.push(
      `  ${name}: relay ${relayStats.batches} batches, ${relayStats.failures} failures`,
      `    ${GROUP} during latency: ${counters(latencyStats)}`,
      `    ${GROUP} during drain:   ${counters(drainStats)}`,
    );
  }
  console.log(out.join("\n"));
}

async function run(opts) {
  const started = performance.now();
  const pg = await postgresVersion();
  const results = {};
  for (const transport of ["embedded", "kafka"]) results[transport] = await measure(transport, opts);
  report(opts, pg, results);
  console.log(`\ntotal time: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

module.exports = { name: "events", summary, defaults, help, run };
