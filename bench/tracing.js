"use strict";
// What tracing costs: the same completeLesson mutations through the gateway against two stacks started
// side by side, one with tracing off (the SDK never loaded) and one exporting every span over
// OTLP/HTTP to a loopback receiver, in alternating rounds so that drift on the machine hits both.
// The gateway and the subgraphs the mutation reaches run as their own processes, as deployed.
const os = require("node:os");
const { performance } = require("node:perf_hooks");
const { startLocalStack, startOtlpReceiver } = require("@learnloop/devstack");
const { postgresVersion, percentile, median } = require("./support");

const defaults = { requests: 300, concurrency: 4, rounds: 3 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "what tracing costs: completeLesson with tracing off and on, the ratio";
const help = {
  requests: "mutations per mode in each round",
  concurrency: "learners, each with one request in flight",
  rounds: "rounds, the modes alternating (the median round is printed)",
};
const MUTATION = `mutation($input: CompleteLessonInput!) { completeLesson(input: $input) { xpAwarded user { xp } } }`;
const LESSONS = ["hiragana-01", "hiragana-02", "hiragana-03"];
/** The processes the mutation and its events pass through; the rest stay in this process, untraced in both stacks. */
const PROCESSES = ["progress", "notifications"];

async function load(stack, { requests, concurrency }, round) {
  const latencies = [];
  let next = 0;
  const began = performance.now();
  const worker = async (w) => {
    const token = stack.token(`user_bench_trace_${round}_${w}`);
    while (next < requests) {
      next++;
      const t = performance.now();
      const res = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
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
  const logLevel = process.env.BENCH_LOG_LEVEL ?? "silent";
  const receiver = await startOtlpReceiver({ keep: false });
  const stacks = {};
  try {
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const processes = { processes: PROCESSES, gatewayProcess: true, logLevel };
    console.error("tracing: starting the stack with tracing off");
    stacks.off = await startLocalStack(processes);
    console.error("tracing: starting the stack with tracing on");
    stacks.on = await startLocalStack({
      ...processes,
      gatewayEnv: tracing,
      envFor: Object.fromEntries(PROCESSES.map((name) => [name, tracing])),
    });
    for (const mode of ["off", "on"]) await load(stacks[mode], { requests: 60, concurrency: options.concurrency }, `warm_${mode}`);
    const results = { off: [], on: [] };
    const spansBefore = receiver.received;
    for (let round = 0; round < options.rounds; round++)
      for (const mode of ["off", "on"]) {
        console.error(`tracing: round ${round + 1}, tracing ${mode}`);
        results[mode].push(await load(stacks[mode], options, `${round}_${mode}`));
      }
    const rows = Object.entries(results).map(([mode, rs]) => ({
      mode,
      perSecond: median(rs.map((r) => r.perSecond)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
    }));
    const [off, on] = rows;
    console.log(`\ntracing: completeLesson through the gateway, ${options.requests} requests x ${options.rounds} rounds each,`);
    console.log(`concurrency ${options.concurrency}; gateway, ${PROCESSES.join(" and ")} as processes; ${os.cpus().length} cores;`);
    console.log(`PostgreSQL ${await postgresVersion()}; ${receiver.received - spansBefore} spans exported during the measured rounds\n`);
    console.log("| tracing | req/s (median round) | p50 ms | p99 ms |");
    console.log("| --- | --- | --- | --- |");
    for (const r of rows) console.log(`| ${r.mode} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    console.log(
      `\nratio on / off: throughput ${(on.perSecond / off.perSecond).toFixed(2)}, p50 ${(on.p50 / off.p50).toFixed(2)}, p99 ${(on.p99 / off.p99).toFixed(2)}`,
    );
    if (receiver.received === spansBefore) throw new Error("tracing on exported no spans: the measurement is not of tracing");
  } finally {
    for (const stack of Object.values(stacks)) await stack.stop();
    await receiver.stop();
  }
}

module.exports = { name: "tracing", summary, defaults, help, run };
