"use strict";
// Partner endpoint benchmark: the same persisted operation through /graphql (first-party APQ, by id)
// and through /partner/graphql (API key, rate limit, manifest, scopes), in alternating rounds on one
// gateway process, so the ratio shows what the partner rules cost per request.
const { execFileSync } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { REPO_ROOT, startLocalStack } = require("@learnloop/devstack");
const { postgresVersion, percentile, median } = require("./support");

const defaults = { requests: 3000, concurrency: 16, rounds: 3 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "what the partner rules cost: one persisted operation via /graphql and via /partner/graphql";
const help = {
  requests: "requests per path in each round",
  concurrency: "requests in flight",
  rounds: "rounds, the paths alternating (the median round is printed)",
};
const OPERATION = "PartnerCharacter";
const VARIABLES = { literal: "日" };

/** `requests` POSTs, `concurrency` at a time; every answer must carry data, or the run fails. */
async function load(url, body, headers, { requests, concurrency }) {
  const latencies = [];
  let next = 0;
  const began = performance.now();
  const worker = async () => {
    while (next++ < requests) {
      const t = performance.now();
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      const json = await res.json();
      if (!json.data?.character) throw new Error(`${url} answered ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function run(options) {
  const stack = await startLocalStack({ gatewayProcess: true, logLevel: process.env.BENCH_LOG_LEVEL ?? "silent" });
  try {
    const manifest = require(path.join(REPO_ROOT, "schema", "persisted", "partner.json"));
    const op = manifest.operations.find((o) => o.name === OPERATION);
    const key = execFileSync(
      process.execPath,
      [
        path.join(REPO_ROOT, "gateway", "dist", "partner", "keys-cli.js"),
        "create",
        "--name",
        "bench",
        "--scopes",
        "catalog:read",
        "--rate",
        "100000",
      ],
      { env: { ...process.env, DATABASE_URL: stack.databaseUrl }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    ).trim();
    const persistedQuery = { version: 1, sha256Hash: op.id };
    const firstParty = JSON.stringify({ variables: VARIABLES, extensions: { persistedQuery } });
    // Register the text once by APQ, so both paths then run the same operation from its id.
    await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: op.body, variables: VARIABLES, extensions: { persistedQuery } }),
    });
    const partnerUrl = `${stack.gatewayOrigin}/partner/graphql`;
    const partner = JSON.stringify({ variables: VARIABLES, extensions: { persistedQuery } });
    const warm = { requests: 300, concurrency: options.concurrency };
    await load(stack.gatewayUrl, firstParty, {}, warm);
    await load(partnerUrl, partner, { authorization: `Bearer ${key}` }, warm);

    const results = { "/graphql (APQ id)": [], "/partner/graphql (key)": [] };
    for (let round = 0; round < options.rounds; round++) {
      results["/graphql (APQ id)"].push(await load(stack.gatewayUrl, firstParty, {}, options));
      results["/partner/graphql (key)"].push(await load(partnerUrl, partner, { authorization: `Bearer ${key}` }, options));
    }
    const rows = Object.entries(results).map(([path, rs]) => ({
      path,
      perSecond: median(rs.map((r) => r.perSecond)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
    }));
    console.log(
      `\npartner endpoint: ${OPERATION} ${JSON.stringify(VARIABLES)}, ${options.requests} requests x ${options.rounds} rounds each,`,
    );
    console.log(
      `concurrency ${options.concurrency}; gateway in its own process; ${os.cpus().length} cores; PostgreSQL ${await postgresVersion()}\n`,
    );
    console.log("| path | req/s (median round) | p50 ms | p99 ms |");
    console.log("| --- | --- | --- | --- |");
    for (const r of rows) console.log(`| ${r.path} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    console.log(`\npartner / first-party throughput: ${(rows[1].perSecond / rows[0].perSecond).toFixed(2)}`);
  } finally {
    await stack.stop();
  }
}

module.exports = { name: "partner", summary, defaults, help, run };
