"use strict";
// Idle-stack benchmark: what the whole supergraph costs while nobody uses it, in CPU, PostgreSQL
// transactions and connections. Every test and `npm start` pays it for as long as a stack runs,
// and the suite runs two stacks at once on two cores (docs/adr/0008: idle consumers LISTEN).
const { Client } = require("pg");
const { ADMIN_URL, startLocalStack } = require("@learnloop/devstack");
const { postgresVersion } = require("./support");

const defaults = { seconds: 20, settle: 5 };
const summary = "CPU, PostgreSQL transactions and connections of a whole stack left idle";
const help = {
  seconds: "seconds measured while idle",
  settle: "seconds to wait after start before measuring",
};

async function databaseStats(admin, name) {
  const { rows } = await admin.query(`SELECT xact_commit + xact_rollback AS xacts, numbackends FROM pg_stat_database WHERE datname = $1`, [
    name,
  ]);
  return { xacts: Number(rows[0].xacts), connections: Number(rows[0].numbackends) };
}

async function run(options) {
  console.log(`stack-idle: PostgreSQL ${await postgresVersion()}, ${options.seconds} s idle after ${options.settle} s`);
  const stack = await startLocalStack({ emptyDatabase: true }); // a first start, even under the tests
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const name = new URL(stack.databaseUrl).pathname.slice(1);
    await new Promise((r) => setTimeout(r, options.settle * 1000));
    // pg_stat_database is a snapshot per transaction: each read is its own statement here.
    const before = await databaseStats(admin, name);
    const cpu = process.cpuUsage();
    const started = Date.now();
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    const used = process.cpuUsage(cpu);
    const seconds = (Date.now() - started) / 1000;
    await admin.query("SELECT pg_stat_clear_snapshot()");
    const after = await databaseStats(admin, name);
    const cpuShare = (used.user + used.system) / 1e6 / seconds;
    console.log(
      `  stack process CPU ${(cpuShare * 100).toFixed(1)}% of a core; ` +
        `PostgreSQL ${((after.xacts - before.xacts) / seconds).toFixed(0)} transactions/s; ` +
        `${after.connections} connections to the stack's database`,
    );
  } finally {
    await admin.end();
    await stack.stop();
  }
}

module.exports = { name: "stack-idle", summary, defaults, help, run };
