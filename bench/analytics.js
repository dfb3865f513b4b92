"use strict";
// What partitioning analytics.events by month buys (ADR 0031): the same rows, spread over a year,
// in the subgraph's partitioned table and in a plain copy with the same indexes; a one-month
// report and one learner's 30-day insights query run on each in alternating rounds.
const os = require("node:os");
const { performance } = require("node:perf_hooks");
const { createTestDatabase } = require("@learnloop/devstack");
const { ensureMonthlyPartitions, monthStart } = require("@learnloop/subgraph-analytics");
const { postgresVersion, median, analyticsDatabase } = require("./support");

const defaults = { rows: 500000, users: 2000, rounds: 7 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "a month's report and a learner's insights on analytics.events partitioned by month, against one plain table";
const help = {
  rows: "events, spread evenly over the last 12 months",
  users: "learners they belong to",
  rounds: "rounds, the two tables alternating (the median is printed)",
};

const TYPES = ["lesson.completed", "progress.updated", "notification.created", "level.reached", "client.session_end", "client.screen_view"];

async function run({ rows, users, rounds }) {
  const database = await createTestDatabase();
  const db = analyticsDatabase(database.url);
  const q = (sql, params) => db.dataSource.query(sql, params);
  try {
    await db.start();
    const now = new Date();
    for (let back = 12; back >= 0; back -= 2) await ensureMonthlyPartitions(db.dataSource, monthStart(now, -back), 1);
    await q(`CREATE TABLE analytics.events_plain (LIKE analytics.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await q(`ALTER TABLE analytics.events_plain ADD PRIMARY KEY (event_id, occurred_at)`);
    await q(`CREATE INDEX ON analytics.events_plain (user_id, occurred_at)`);
    await q(`CREATE INDEX ON analytics.events_plain (type, occurred_at)`);

    process.stderr.write(`analytics: writing ${rows} events for ${users} learners...\n`);
    const started = performance.now();
    await q(
      `INSERT INTO analytics.events (event_id, type, version, source, user_id, occurred_at, payload)
       SELECT gen_random_uuid(), ($3::text[])[1 + i % cardinality($3::text[])], 1, 'server', 'user_' || (i % $2),
              now() - (i::float8 / $1) * interval '365 days', jsonb_build_object('score', (i % 100) / 100.0, 'durationSeconds', i % 600)
       FROM generate_series(1, $1) AS i`,
      [rows, users, TYPES],
    );
    await q(`INSERT INTO analytics.events_plain SELECT * FROM analytics.events`);
    await q(`ANALYZE analytics.events`);
    await q(`ANALYZE analytics.events_plain`);
    const loadS = (performance.now() - started) / 1000;

    const from = monthStart(now, -1).toISOString();
    const to = monthStart(now).toISOString();
    const queries = {
      "last month by type": (table) => [
        `SELECT type, count(*), count(DISTINCT user_id) FROM analytics.${table} WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY type`,
        [from, to],
      ],
      "one learner, 30 days": (table) => [
        `SELECT count(*) FILTER (WHERE type = $2) AS lessons, avg((payload->>'score')::float8) FILTER (WHERE type = $2) AS score
         FROM analytics.${table} WHERE user_id = $1 AND occurred_at >= now() - interval '30 days'`,
        ["user_7", "lesson.completed"],
      ],
    };
    const times = {};
    for (const name of Object.keys(queries)) times[name] = { events: [], events_plain: [] };
    for (let round = 0; round < rounds + 1; round++)
      for (const [name, build] of Object.entries(queries))
        for (const table of round % 2 ? ["events", "events_plain"] : ["events_plain", "events"]) {
          const [sql, params] = build(table);
          const t0 = performance.now();
          await q(sql, params);
          if (round > 0) times[name][table].push(performance.now() - t0); // round 0 warms the caches
        }

    console.log(
      `analytics: ${rows} events, ${users} learners, 12 months; PostgreSQL ${await postgresVersion()}, ${os.cpus().length} cores; loaded in ${loadS.toFixed(1)} s`,
    );
    console.log("| query | partitioned median ms | plain median ms | plain / partitioned |");
    console.log("| --- | ---: | ---: | ---: |");
    for (const name of Object.keys(queries)) {
      const p = median(times[name].events);
      const plain = median(times[name].events_plain);
      console.log(`| ${name} | ${p.toFixed(2)} | ${plain.toFixed(2)} | ${(plain / p).toFixed(2)} |`);
    }
  } finally {
    await db.stop();
    await database.drop();
  }
}

module.exports = { name: "analytics", summary, defaults, help, run };
