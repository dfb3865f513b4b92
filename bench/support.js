"use strict";
// What every benchmark prints about where it ran.
const { Client } = require("pg");
const { ADMIN_URL } = require("@learnloop/devstack");

async function postgresVersion() {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/** The nearest-rank percentile of an ascending array. */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The middle value (the upper one of an even count): a round's figure that one outlier cannot move. */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The analytics subgraph's database (its migrations run at start), as the subgraph opens it, on `url`, silent. */
function analyticsDatabase(url) {
  const { Database, createLogger } = require("@learnloop/kit/internal");
  const { subgraph } = require("@learnloop/subgraph-analytics");
  return new Database({ schema: "analytics", url, ...subgraph.database, poolSize: 2, logger: createLogger("bench", "silent") });
}

module.exports = { postgresVersion, percentile, median, analyticsDatabase };
