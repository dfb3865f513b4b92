"use strict";
// Event-loop benchmark: how long the gateway takes to answer /health while clients send documents
// built to be expensive (packages/devstack/src/adversarial.ts), against the same clients sending
// one small query. /health is polled from its own process; each adversarial text is made unique
// (a trailing comment), so no cache of checked documents or plans helps.
const os = require("node:os");
const { performance } = require("node:perf_hooks");
const { ADVERSARIAL_DOCUMENTS, pollHealth, requestBody, startLocalStack } = require("@learnloop/devstack");
const { postgresVersion, percentile } = require("./support");

const defaults = { seconds: 20, concurrency: 8 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "/health latency while clients send hostile documents, against a small query";
const help = {
  seconds: "seconds of each load (baseline, then hostile)",
  concurrency: "clients sending at once",
};
const BENIGN = { name: "benign", query: "{ courses(first: 2) { edges { node { title } } } }" };

/** Sends documents for `seconds`, `concurrency` at a time, counting answers by status. */
async function load(url, documents, { seconds, concurrency }, unique) {
  const statuses = {};
  let sent = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const doc = documents[sent % documents.length];
      const n = sent++;
      const body = requestBody(unique ? { ...doc, query: `${doc.query}\n# ${n}` } : doc);
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sent, perSecond: sent / seconds, statuses };
}

async function phase(stack, documents, options, unique) {
  const poller = pollHealth(`${stack.gatewayOrigin}/health`, 10);
  const sent = await load(stack.gatewayUrl, documents, options, unique);
  const polls = await poller.stop();
  const ms = polls.map((p) => p.ms).sort((a, b) => a - b);
  return {
    ...sent,
    polls: ms.length,
    failed: polls.filter((p) => p.status !== 200).length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms[ms.length - 1],
  };
}

async function run(options) {
  const stack = await startLocalStack({ gatewayProcess: true, logLevel: process.env.BENCH_LOG_LEVEL ?? "silent" });
  try {
    await load(stack.gatewayUrl, [BENIGN], { seconds: 2, concurrency: options.concurrency }, false); // warm up
    process.stderr.write("event-loop: benign load...\n");
    const benign = await phase(stack, [BENIGN], options, false);
    process.stderr.write("event-loop: adversarial load...\n");
    const hostile = await phase(stack, ADVERSARIAL_DOCUMENTS, options, true);
    const f = (x) => x.toFixed(1);
    console.log(`
## event-loop: /health while clients send hostile documents (${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${await postgresVersion()})
${options.concurrency} clients for ${options.seconds} s per load; /health polled every 10 ms from its own process; gateway in its own process.

| load | requests/s | answers by status | polls | failed | p50 ms | p99 ms | worst ms |
| --- | --- | --- | --- | --- | --- | --- | --- |
| one small query (baseline) | ${f(benign.perSecond)} | ${JSON.stringify(benign.statuses)} | ${benign.polls} | ${benign.failed} | ${f(benign.p50)} | ${f(benign.p99)} | ${f(benign.max)} |
| ${ADVERSARIAL_DOCUMENTS.length} hostile documents, each text new | ${f(hostile.perSecond)} | ${JSON.stringify(hostile.statuses)} | ${hostile.polls} | ${hostile.failed} | ${f(hostile.p50)} | ${f(hostile.p99)} | ${f(hostile.max)} |

Worst poll under hostile load / under the baseline: ${(hostile.max / benign.max).toFixed(2)}; p99 ratio ${(hostile.p99 / benign.p99).toFixed(2)}.`);
    if (hostile.failed || benign.failed) throw new Error("a /health poll failed");
  } finally {
    await stack.stop();
  }
}

module.exports = { name: "event-loop", summary, defaults, help, run };
