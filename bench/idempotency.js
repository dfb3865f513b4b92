"use strict";
// Idempotent mutations: completeLesson through the gateway without a key, with a fresh key each
// time, and replayed with a key already used, in alternating rounds on one stack, so the ratios
// show what a keyed mutation (one transaction around the request, its stored outcome) costs.
const os = require("node:os");
const { randomUUID } = require("node:crypto");
const { performance } = require("node:perf_hooks");
const { startLocalStack } = require("@learnloop/devstack");
const { postgresVersion, percentile, median } = require("./support");

const defaults = { requests: 300, concurrency: 4, rounds: 3 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "what a keyed mutation costs: no key, a fresh key, a replayed key";
const help = {
  requests: "mutations per mode in each round",
  concurrency: "learners, each with one request in flight",
  rounds: "rounds, the modes alternating (the median round is printed)",
};
const MUTATION = `mutation($input: CompleteLessonInput!) { completeLesson(input: $input) { xpAwarded user { xp } } }`;
const LESSONS = ["hiragana-01", "hiragana-02", "hiragana-03"];

/** `requests` mutations, `concurrency` learners at a time (one request in flight per learner). */
async function load(stack, keyFor, { requests, concurrency }, round) {
  const latencies = [];
  let next = 0;
  const began = performance.now();
  const worker = async (w) => {
    const token = stack.token(`user_bench_idem_${round}_${w}`);
    while (next < requests) {
      const i = next++;
      const key = keyFor(w, i);
      const t = performance.now();
      const res = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...(key ? { "idempotency-key": key } : {}) },
        body: JSON.stringify({ query: MUTATION, variables: { input: { lessonId: LESSONS[w % LESSONS.length] } } }),
      });
      const json = await res.json();
      if (!json.data?.completeLesson) throw new Error(`answered ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function run(options) {
  const stack = await startLocalStack({ logLevel: process.env.BENCH_LOG_LEVEL ?? "silent" });
  try {
    // One key per learner, used once for real: every later request with it is a replay.
    const replayKeys = new Map();
    const modes = {
      "no key": () => undefined,
      "fresh key": () => randomUUID(),
      "replay (same key)": (w) => replayKeys.get(w) ?? (replayKeys.set(w, randomUUID()), replayKeys.get(w)),
    };
    await load(stack, modes["fresh key"], { requests: 60, concurrency: options.concurrency }, "warm");
    const results = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
    for (let round = 0; round < options.rounds; round++)
      for (const [mode, keyFor] of Object.entries(modes)) {
        replayKeys.clear();
        results[mode].push(await load(stack, keyFor, options, `${round}_${mode.replace(/\W/g, "")}`));
      }
    const rows = Object.entries(results).map(([mode, rs]) => ({
      mode,
      perSecond: median(rs.map((r) => r.perSecond)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
    }));
    console.log(`\nidempotency: completeLesson through the gateway, ${options.requests} requests x ${options.rounds} rounds each,`);
    console.log(`concurrency ${options.concurrency}; ${os.cpus().length} cores; PostgreSQL ${await postgresVersion()}\n`);
    console.log("| mode | req/s (median round) | p50 ms | p99 ms | p50 / no key |");
    console.log("| --- | --- | --- | --- | --- |");
    for (const r of rows)
      console.log(
        `| ${r.mode} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p50 / rows[0].p50).toFixed(2)} |`,
      );
  } finally {
    await stack.stop();
  }
}

module.exports = { name: "idempotency", summary, defaults, help, run };
