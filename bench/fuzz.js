"use strict";
// The gateway fuzzer (tests/fuzz) for longer than the test's budget, without stopping at the first
// failure: every violation is counted by class, with the shortest request that showed it.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { REPO_ROOT, startLocalStack } = require("@learnloop/devstack");
const { postgresVersion } = require("./support");
const { requireTs } = require("./ts-require");

const defaults = { seconds: 300, seed: 20261201 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "the gateway fuzzer (tests/fuzz) for longer, counting every failure class";
const help = {
  seconds: "how long to generate cases",
  seed: "fast-check's seed (the test's is the same)",
};

async function run(options) {
  const { generators, loadApiSchema } = requireTs("fuzz/generators.ts");
  const { createPartnerKey, fuzzAndCount } = requireTs("fuzz/harness.ts");
  const { BOUNDS } = requireTs("fuzz/oracle.ts");
  const { toJson } = requireTs("fuzz/values.ts");
  const stack = await startLocalStack({ logLevel: process.env.BENCH_LOG_LEVEL ?? "silent" });
  try {
    const target = {
      gatewayUrl: stack.gatewayUrl,
      gatewayOrigin: stack.gatewayOrigin,
      token: (userId, roles) => stack.token(userId, roles?.length ? { roles } : undefined),
      partnerKey: await createPartnerKey(REPO_ROOT, stack.databaseUrl),
    };
    console.error(`fuzz: seed ${options.seed}, ${options.seconds} s`);
    const { fuzzCase } = generators(loadApiSchema());
    const r = await fuzzAndCount(target, fuzzCase, { seed: options.seed, seconds: options.seconds });
    const classes = [...r.classes].sort((a, b) => b[1].count - a[1].count);
    console.log(
      `\nfuzz: seed ${options.seed}, gateway and subgraphs in this process; ${os.cpus().length} cores; PostgreSQL ${await postgresVersion()}`,
    );
    console.log(
      `bounds: ${BOUNDS.maxMs} ms per answer, ${BOUNDS.maxErrorBodyBytes} B per refusal, ${BOUNDS.maxMessageBytes} B per message`,
    );
    console.log(
      `${r.cases} cases (${r.answers} requests) in ${r.seconds.toFixed(1)} s: ${(r.cases / r.seconds).toFixed(1)} cases/s, ${(r.answers / r.seconds).toFixed(1)} requests/s`,
    );
    console.log(`${classes.length} failure classes\n`);
    for (const [name, c] of classes) console.log(`${c.count}× ${name}\n${c.example}\n`);
    // Each class's example case in full (the report cuts long requests short), to replay by hand.
    const out = path.join(REPO_ROOT, "artifacts", "fuzz", "failures.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, toJson(classes.map(([name, c]) => ({ name, count: c.count, case: c.exampleCase }))));
    console.log(`example cases in full: ${path.relative(process.cwd(), out)}`);
    if (classes.length) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

module.exports = { name: "fuzz", summary, defaults, help, run };
