"use strict";
// Live subscriptions benchmark: subscribers on one gateway process, ramped in steps up to --subscribers,
// all on one shared selection of lessonActivity; per step, event-to-client latency, delivery throughput,
// the gateway's memory and CPU, and what each event costs the subgraphs (which should not grow).
const diagnostics = require("node:diagnostics_channel");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { Worker } = require("node:worker_threads");
const { parseMetrics, startLocalStack } = require("@learnloop/devstack");
const { postgresVersion } = require("./support");

const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "silent";
const TARGET = 10_000;
const LESSON = "hiragana-01";
const LEARNERS = 10; // distinct learners in the events, provisioned in users so displayName resolves
const SUBSCRIBER_USERS = 100; // subscribers' identities; connections rotate over them
const SUBSCRIPTION = `subscription Activity($c: ID!) {
  lessonActivity(courseId: $c) { completedAt learner { displayName level } lesson { id title } }
}`;
const FIELD = "lessonActivity";
const SUBGRAPHS = ["content", "users", "progress"]; // the ones the plan calls

const defaults = { subscribers: 10_000, events: 50, pause: 50, concurrency: 100 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "graphql-ws subscribers on one gateway process, ramped in steps: latency, throughput, memory, CPU (about 1 min)";
const help = {
  subscribers: "the last step of the ramp (1, 100, 1000, ..., this)",
  events: "events per phase (paced, then burst) at each step",
  pause: "upper bound (ms) of the random pause between paced events",
  concurrency: "WebSocket handshakes in flight while connecting",
};

const t0 = performance.now();
const progress = (msg) => console.error(`[live +${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now(); // ms since the epoch, comparable with the worker's

/** 1, then each power of ten from 100 below the target, then the target: 1, 100, 1000, 10000. */
function stepsFor(target) {
  const steps = [1];
  for (let n = 100; n < target; n *= 10) steps.push(n);
  if (target > 1) steps.push(target);
  return steps;
}

/** The client worker (bench/live-clients.js), as request → reply. */
function startClients() {
  const worker = new Worker(path.join(__dirname, "live-clients.js"));
  const pending = new Map();
  let seq = 0;
  let failed;
  worker.on("message", ({ id, result, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) p?.reject(new Error(`client worker: ${error}`));
    else p?.resolve(result);
  });
  worker.on("error", (err) => {
    failed = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const call = (cmd, args) =>
    failed
      ? Promise.reject(failed)
      : new Promise((resolve, reject) => {
          const id = ++seq;
          pending.set(id, { resolve, reject });
          worker.postMessage({ id, cmd, args });
        });
  return { call, stop: () => worker.terminate() };
}

/** Resident and peak resident memory (MiB) and CPU time (s) of a process, from /proc. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function processStats(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { rss: kib("VmRSS") / 1024, hwm: kib("VmHWM") / 1024, cpu: (Number(fields[11]) + Number(fields[12])) / CLK_TCK };
}

/** HTTP requests each in-process subgraph's server received, counted from Node's own diagnostics channel. */
function countSubgraphRequests(stack) {
  const byPort = new Map(Object.entries(stack.subgraphs).map(([name, s]) => [Number(new URL(s.url).port), name]));
  const counts = Object.fromEntries(Object.keys(stack.subgraphs).map((name) => [name, 0]));
  const listener = ({ server }) => {
    const name = byPort.get(server.address()?.port);
    if (name) counts[name]++;
  };
  diagnostics.subscribe("http.server.request.start", listener);
  return { counts, stop: () => diagnostics.unsubscribe("http.server.request.start", listener) };
}

async function gql(stack, query, userId) {
  const res = await fetch(stack.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(userId ? { authorization: `Bearer ${stack.token(userId)}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = await res.json();
  if (!res.ok || body.errors) throw new Error(`query failed (${res.status}): ${JSON.stringify(body).slice(0, 500)}`);
  return body.data;
}

async function metrics(stack) {
  const res = await fetch(stack.gatewayMetricsUrl);
  if (!res.ok) throw new Error(`gateway /metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}
const EXECUTIONS = `learnloop_live_executions_total{field="${FIELD}"}`;

/**
 * One phase of one step: `events` lesson.completed events written straight to progress's outbox (so no
 * mutation is measured), each in its own transaction, timed from just before that transaction. `paced`:
 * one at a time, the next only once every subscriber has the previous one, after a random 0-pause ms
 * (latency without queueing). `burst`: back to back, then wait for all (throughput; latency with queueing).
 */
async function phase(kind, ctx, subscribers) {
  const { stack, clients, opts, learners, lessons, requests } = ctx;
  const { db, events } = stack.subgraphs.progress;
  const before = await metrics(stack);
  const requestsBefore = { ...requests.counts };
  const statementsBefore = SUBGRAPHS.map((name) => stack.subgraphs[name].db.statements.total);
  const cpuBefore = processStats(stack.gatewayPid).cpu;
  const ownCpuBefore = process.cpuUsage();
  const started = now();
  const timeoutMs = 30_000 + subscribers * opts.events * 0.2;
  const published = {};
  const ids = [];
  const publish = async (i) => {
    const at = now();
    const envelope = await db.dataSource.transaction((tx) =>
      events.publisher.publish(
        tx,
        "lesson.completed",
        {
          userId: learners[ctx.published % learners.length],
          lessonId: lessons[ctx.published % lessons.length],
          score: 1,
          xpAwarded: 10,
          firstCompletion: false,
          completedAt: new Date(at).toISOString(),
        },
        { requestId: `bench-live-${kind}-${subscribers}-${i}` },
      ),
    );
    ctx.published++;
    published[envelope.id] = at;
    ids.push(envelope.id);
    return envelope.id;
  };
  const waitFor = async (waitIds) => {
    const r = await clients.call("wait", { ids: waitIds, expected: subscribers, timeoutMs });
    if (!r.complete) {
      const got = r.counts.reduce((a, b) => a + b, 0);
      const m = await metrics(stack).catch(() => ({}));
      const seen = await clients.call("problems").catch(() => ({ samples: [] }));
      const gauges = ["feed_events_total", "executions_total", "delivered_total", "dropped_total", "subscriptions", "queued"]
        .map((k) => (k === "executions_total" ? EXECUTIONS : `learnloop_live_${k}`))
        .map((k) => `${k.replace("learnloop_live_", "")} ${m[k]}`);
      throw new Error(
        `${kind}, ${subscribers} subscribers: after ${(timeoutMs / 1000).toFixed(0)} s the subscribers had ${got} of ` +
          `${subscribers * waitIds.length} deliveries (fewest for one event: ${Math.min(...r.counts)}); ` +
          `gateway: ${gauges.join(", ")}${seen.samples.length ? `; subscribers saw: ${seen.samples.join(" | ")}` : ""}`,
      );
    }
  };
  if (kind === "paced")
    for (let i = 0; i < opts.events; i++) {
      await sleep(Math.random() * opts.pause);
      await waitFor([await publish(i)]);
    }
  else {
    for (let i = 0; i < opts.events; i++) await publish(i);
    await waitFor(ids);
  }
  const firstPublish = Math.min(...Object.values(published));
  const latency = await clients.call("stats", { published });
  const after = await metrics(stack);
  const delta = (key) => (after[key] ?? 0) - (before[key] ?? 0);
  const requestsPerEvent = Object.fromEntries(SUBGRAPHS.map((n) => [n, (requests.counts[n] - requestsBefore[n]) / opts.events]));
  const statements = SUBGRAPHS.reduce((sum, name, i) => sum + stack.subgraphs[name].db.statements.total - statementsBefore[i], 0);
  const gatewayCpu = processStats(stack.gatewayPid).cpu - cpuBefore;
  const ownCpu = (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(ownCpuBefore));
  const cpuSeconds = (now() - started) / 1000; // the interval both CPU times cover
  const seconds = (latency.lastReceipt - firstPublish) / 1000;
  return {
    seconds,
    deliveries: latency.deliveries,
    eventsPerSecond: opts.events / seconds,
    deliveriesPerSecond: latency.deliveries / seconds,
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
    executions: delta(EXECUTIONS),
    delivered: delta("learnloop_live_delivered_total"),
    dropped: delta("learnloop_live_dropped_total"),
    requestsPerEvent,
    requestsTotalPerEvent: Object.values(requestsPerEvent).reduce((a, b) => a + b, 0),
    statementsPerEvent: statements / opts.events,
    gatewayCpu,
    // Every thread of this process: the subgraphs, the relay, the subscribers' worker.
    ownCpu,
    cpuSeconds,
  };
}

/** Adds subscribers up to `target`, then checks the gateway counts every one of them. */
async function connectUpTo(ctx, target) {
  const { stack, clients, opts, tokens, courseId } = ctx;
  const adding = target - ctx.connected;
  const started = now();
  const r = await clients.call("connect", {
    url: stack.gatewayUrl.replace(/^http/, "ws"),
    tokens,
    count: adding,
    concurrency: opts.concurrency,
    query: SUBSCRIPTION,
    variables: { c: courseId },
  });
  if (r.failures)
    throw new Error(`${r.failures} of ${adding} connections failed while ramping to ${target}: ${r.failureSamples.join("; ")}`);
  ctx.connected = r.open;
  // The subscribe message is not acknowledged in graphql-transport-ws; the gateway's gauge says when all joined.
  const deadline = now() + 60_000;
  let m = await metrics(stack);
  while (m.learnloop_live_subscriptions !== target) {
    if (now() > deadline) throw new Error(`the gateway counts ${m.learnloop_live_subscriptions} subscriptions after ${target} subscribed`);
    await sleep(20);
    m = await metrics(stack);
  }
  return { seconds: (now() - started) / 1000, added: adding, gauges: m };
}

async function measureStep(ctx, subscribers) {
  progress(`${subscribers} subscribers: connecting ${subscribers - ctx.connected} more`);
  const connect = await connectUpTo(ctx, subscribers);
  await sleep(500); // let the handshakes' garbage settle before reading the resident size
  const idle = processStats(ctx.stack.gatewayPid);
  progress(`${subscribers} subscribers: connected in ${connect.seconds.toFixed(1)} s; paced events`);
  const paced = await phase("paced", ctx, subscribers);
  progress(`${subscribers} subscribers: burst of ${ctx.opts.events} events`);
  const burst = await phase("burst", ctx, subscribers);
  const after = processStats(ctx.stack.gatewayPid);
  const problems = await ctx.clients.call("problems");
  return { subscribers, connect, idle, after, paced, burst, problems };
}

/** Failures that make the run inconsistent, rather than slow. */
function checkStep(step, opts) {
  const issues = [];
  const { gauges } = step.connect;
  if (gauges.learnloop_live_connections !== step.subscribers)
    issues.push(`gateway counts ${gauges.learnloop_live_connections} connections, expected ${step.subscribers}`);
  if (gauges.learnloop_live_groups !== 1) issues.push(`${gauges.learnloop_live_groups} groups for one shared selection, expected 1`);
  for (const [name, p] of Object.entries({ paced: step.paced, burst: step.burst })) {
    const expected = step.subscribers * opts.events;
    if (p.deliveries !== expected) issues.push(`${name}: ${p.deliveries} deliveries, expected ${expected}`);
    if (p.delivered !== expected) issues.push(`${name}: the gateway counted ${p.delivered} deliveries, expected ${expected}`);
    if (p.executions !== opts.events) issues.push(`${name}: ${p.executions} executions for ${opts.events} events, expected one each`);
    if (p.dropped) issues.push(`${name}: the gateway dropped ${p.dropped} results`);
  }
  const pr = step.problems;
  for (const kind of ["anomalies", "errors", "badPayloads", "completes", "closes"])
    if (pr[kind]) issues.push(`${pr[kind]} ${kind} at the subscribers`);
  if (pr.open !== step.subscribers) issues.push(`${pr.open} sockets open, expected ${step.subscribers}`);
  if (issues.length && pr.samples.length) issues.push(`first problem seen: ${pr.samples[0]}`);
  return issues;
}

function report(opts, env, steps, failure) {
  const cpus = os.cpus();
  const fmt = (v, digits) => (v === undefined || Number.isNaN(v) ? "-" : v.toFixed(digits));
  const base = env.baseRss;
  const rows = [
    ["connect + subscribe, the added ones (s)", (s) => s.connect.seconds, 1],
    ["  handshakes per second", (s) => s.connect.added / s.connect.seconds, 0],
    ["gateway gauges: subscriptions", (s) => s.connect.gauges.learnloop_live_subscriptions, 0],
    ["gateway gauges: groups", (s) => s.connect.gauges.learnloop_live_groups, 0],
    ["gateway RSS, connected and idle (MiB)", (s) => s.idle.rss, 0],
    // Below a thousand subscribers the difference is within the heap's own noise.
    [
      "  per subscriber over the empty gateway (KiB)",
      (s) => (s.subscribers >= 1000 ? ((s.idle.rss - base) * 1024) / s.subscribers : NaN),
      1,
    ],
    ["gateway RSS after the events (MiB)", (s) => s.after.rss, 0],
    ["gateway peak RSS so far (VmHWM, MiB)", (s) => s.after.hwm, 0],
    ["paced: event → client p50 (ms)", (s) => s.paced.p50, 1],
    ["paced: event → client p99 (ms)", (s) => s.paced.p99, 1],
    ["paced: event → client max (ms)", (s) => s.paced.max, 1],
    ["burst: events per second", (s) => s.burst.eventsPerSecond, 1],
    ["burst: deliveries per second", (s) => s.burst.deliveriesPerSecond, 0],
    ["burst: event → client p50 (ms)", (s) => s.burst.p50, 1],
    ["burst: event → client p99 (ms)", (s) => s.burst.p99, 1],
    ["burst: gateway CPU per delivery (µs)", (s) => (s.burst.gatewayCpu * 1e6) / s.burst.deliveries, 1],
    ["burst: gateway CPU busy (% of one core)", (s) => (100 * s.burst.gatewayCpu) / s.burst.cpuSeconds, 0],
    ["burst: this process's CPU busy (% of one core)", (s) => (100 * s.burst.ownCpu) / s.burst.cpuSeconds, 0],
    [`executions per event (${FIELD}, both phases)`, (s) => (s.paced.executions + s.burst.executions) / (2 * opts.events), 2],
    ["subgraph HTTP requests per event", (s) => (s.paced.requestsTotalPerEvent + s.burst.requestsTotalPerEvent) / 2, 2],
    ...SUBGRAPHS.map((n) => [`  ${n}`, (s) => (s.paced.requestsPerEvent[n] + s.burst.requestsPerEvent[n]) / 2, 2]),
    ["subgraph SQL statements per event", (s) => (s.paced.statementsPerEvent + s.burst.statementsPerEvent) / 2, 2],
    ["results dropped (both phases)", (s) => s.paced.dropped + s.burst.dropped, 0],
  ];
  const width = 48;
  const col = 11;
  const out = [
    "",
    "Live subscriptions benchmark",
    `machine:    ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.arch()}`,
    `runtime:    node ${process.version}, PostgreSQL ${env.pg}; gateway in its own process, subgraphs and subscribers in this one ` +
      `(subscribers on a worker thread); events from the embedded log (PostgreSQL, gateway polls every 50 ms when idle)`,
    `parameters: --subscribers ${opts.subscribers} (steps ${env.steps.join(", ")}), --events ${opts.events} per phase ` +
      `(paced, with a random 0-${opts.pause} ms --pause, then burst), --concurrency ${opts.concurrency} handshakes at a time; ` +
      `LIVE_QUEUE_LIMIT ${env.queueLimit}`,
    `selection:  lessonActivity(courseId: "${env.courseId}") { completedAt learner { displayName level } lesson { id title } }, ` +
      `public scope, the same for every subscriber; ${LEARNERS} learners, ${env.lessons} lessons`,
    `gateway:    pid ${env.pid}, RSS ${base.toFixed(0)} MiB before any subscriber`,
    "",
    `${"subscribers".padEnd(width)}${steps.map((s) => String(s.subscribers).padStart(col)).join("")}`,
  ];
  for (const [label, value, digits] of rows)
    out.push(`${label.padEnd(width)}${steps.map((s) => fmt(value(s), digits).padStart(col)).join("")}`);
  out.push(
    "",
    "checks per step: every subscriber got every event once and in order, the gateway counted each delivery, one group,",
    "one execution per event, nothing dropped, no error or close at the subscribers, gauges = subscribers",
  );
  const reached = steps.filter((s) => !s.issues.length).map((s) => s.subscribers);
  for (const s of steps) out.push(`  ${String(s.subscribers).padStart(6)}: ${s.issues.length ? s.issues.join("; ") : "ok"}`);
  if (failure) out.push(`  failed: ${failure}`);
  const best = reached.length ? Math.max(...reached) : 0;
  const top = (s) => {
    const busy = (100 * s.burst.gatewayCpu) / s.burst.cpuSeconds;
    return (
      `${s.subscribers} subscribers connected in ${fmt(s.connect.seconds, 1)} s and each got all ${2 * opts.events} events once, ` +
      `in order, nothing dropped, one execution per event. A burst ran at ${fmt(s.burst.deliveriesPerSecond, 0)} deliveries/s ` +
      `(${fmt(s.burst.eventsPerSecond, 1)} events/s) with the gateway ${fmt(busy, 0)}% of a core busy` +
      `${busy >= 90 ? ", so its single thread is the limit" : ""}; paced p50/p99 ${fmt(s.paced.p50, 0)}/${fmt(s.paced.p99, 0)} ms; ` +
      `gateway ${fmt(s.idle.rss, 0)} MiB idle, ${fmt(s.after.hwm, 0)} MiB peak.`
    );
  };
  const bestStep = steps.find((s) => s.subscribers === best);
  const why = (failure ?? steps.find((s) => s.issues.length)?.issues[0] ?? "").slice(0, 400);
  let verdict;
  if (best >= TARGET)
    verdict = `10,000 target: REACHED on one gateway process. ${top(bestStep)}${why ? ` The next step failed: ${why}` : ""}`;
  else if (opts.subscribers < TARGET && !why) verdict = `10,000 target: not tried (--subscribers ${opts.subscribers}). ${top(bestStep)}`;
  else verdict = `10,000 target: NOT REACHED; largest step served correctly: ${best || "none"}. ${why}`;
  out.push("", `verdict: ${verdict}`);
  console.log(out.join("\n"));
}

async function run(opts) {
  const started = performance.now();
  const pg = await postgresVersion();
  const steps = stepsFor(opts.subscribers);
  // A burst puts `events` results in each queue at once; a smaller limit would measure drops, not delivery.
  const queueLimit = Math.max(100, opts.events);
  progress(`starting the stack (gateway in its own process)`);
  const stack = await startLocalStack({
    gatewayProcess: true,
    logLevel: LOG_LEVEL,
    gatewayEnv: {
      LIVE_CONNECTIONS_PER_USER: String(opts.subscribers + 1),
      LIVE_QUEUE_LIMIT: String(queueLimit),
      LOG_LEVEL: LOG_LEVEL === "silent" ? "warn" : LOG_LEVEL,
    },
  });
  const requests = countSubgraphRequests(stack);
  let clients;
  const results = [];
  let failure;
  let env;
  try {
    const { lesson } = await gql(stack, `{ lesson(id: "${LESSON}") { course { id lessons(first: 20) { edges { node { id } } } } } }`);
    const courseId = lesson.course.id;
    const lessons = lesson.course.lessons.edges.map((e) => e.node.id);
    const learners = Array.from({ length: LEARNERS }, (_, i) => `bench-live-learner-${i}`);
    for (const userId of learners) await gql(stack, "{ me { id } }", userId); // provisions them in users
    const tokens = Array.from({ length: SUBSCRIBER_USERS }, (_, i) => stack.token(`bench-live-sub-${i}`));
    clients = startClients();
    await sleep(500);
    env = { pg, steps, queueLimit, courseId, lessons: lessons.length, pid: stack.gatewayPid, baseRss: processStats(stack.gatewayPid).rss };
    const ctx = { stack, clients, opts, tokens, courseId, learners, lessons, requests, connected: 0, published: 0 };
    for (const n of steps) {
      let step;
      try {
        step = await measureStep(ctx, n);
      } catch (err) {
        failure = `at ${n} subscribers: ${err.message}`;
        progress(`FAILED ${failure}`);
        break;
      }
      step.issues = checkStep(step, opts);
      results.push(step);
      if (step.issues.length) {
        progress(`${n} subscribers: ${step.issues.join("; ")}`);
        break;
      }
    }
  } finally {
    progress("closing the subscribers and stopping the stack");
    if (clients) {
      await clients.call("close").catch((err) => progress(`closing the subscribers failed: ${err.message}`));
      await clients.stop();
    }
    requests.stop();
    await stack.stop();
  }
  if (!env) throw new Error(failure ?? "the benchmark did not start");
  report(opts, env, results, failure);
  console.log(`\ntotal time: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (failure || results.some((s) => s.issues.length)) throw new Error("live: the run was inconsistent (see the checks above)");
}

module.exports = { name: "live", summary, defaults, help, run };
