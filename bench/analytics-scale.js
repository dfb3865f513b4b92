"use strict";
// Does analytics need an embedded columnar engine for its reports at scale (ADR 0036)? The subgraph's own
// staff reports and learner insights on PostgreSQL (analytics.events partitioned by month, review_cards,
// characters) against the same rows in DuckDB, in process; plus what the real write path ingests per
// second. Results must agree before the times are compared.
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { Client } = require("pg");
const { ADMIN_URL } = require("@learnloop/devstack");
// recordEvents: the tracking store's one insert helper, which the tracking consumer calls.
const { ensureMonthlyPartitions, monthStart, recordEvents } = require("@learnloop/subgraph-analytics");
const { postgresVersion, percentile, median, analyticsDatabase } = require("./support");
const { EVENTS_PER_USER, CARDS_PER_USER, INSERT, INSERT_CARDS, INSERT_CHARACTERS } = require("./analytics-data");
const { reportRegistry, DUCKDB_TABLES } = require("./analytics-reports");

const defaults = { events: 1000000, growth: 1, rounds: 5, ingest: 2000, batch: 100 };
const summary = "the subgraph's staff reports and learner insights on PostgreSQL against DuckDB in process, at scale, and ingest events/s";
const help = {
  events: "events generated (about events/200 learners over 12 months)",
  growth: "then grow the data to events × growth and measure again (1: one scale)",
  rounds: "measured rounds per report and engine, after one warm-up round",
  ingest: "events written through recordEvents per ingest mode, per scale",
  batch: "events per recordEvents call in the batched ingest mode",
};

const DAY = 86_400_000;
const CHUNK = 1_000_000; // events per INSERT ... generate_series statement
const FETCH = 50_000; // rows per cursor fetch while loading DuckDB

/** A database of its own, never a test one, dropped at the end. */
async function createBenchDatabase() {
  const name = `learnloop_bench_scale_${crypto.randomBytes(4).toString("hex")}`;
  const admin = async (sql) => {
    const client = new Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const log = (text) => process.stderr.write(`analytics-scale: ${text}\n`);
const seconds = (t0) => (performance.now() - t0) / 1000;
const mib = (bytes) => (Number(bytes) / 1048576).toFixed(Number(bytes) < 10 * 1048576 ? 1 : 0);

/**
 * Adds events [start, end) with the table's indexes dropped and rebuilt afterwards (much faster than
 * maintaining them row by row; the result is the same indexes). Whatever indexes and keys the migrations
 * define are read from the catalogue, so a new index migration is rebuilt too.
 */
async function generate(pg, start, end, ref) {
  const { rows: keys } = await pg.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = '"analytics".events'::regclass AND contype IN ('p', 'u')`,
  );
  const { rows: indexes } = await pg.query(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = '"analytics".events'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
  );
  for (const k of keys) await pg.query(`ALTER TABLE "analytics".events DROP CONSTRAINT "${k.conname}"`);
  for (const i of indexes) await pg.query(`DROP INDEX "analytics"."${i.name}"`);
  let t0 = performance.now();
  for (let from = start; from < end; from += CHUNK) {
    await pg.query(INSERT, [from, Math.min(end, from + CHUNK), ref]);
    log(`generated ${Math.min(end, from + CHUNK)} of ${end} events (${seconds(t0).toFixed(0)} s)`);
  }
  const insertS = seconds(t0);
  t0 = performance.now();
  await pg.query(`SET maintenance_work_mem = '256MB'`);
  for (const k of keys) await pg.query(`ALTER TABLE "analytics".events ADD CONSTRAINT "${k.conname}" ${k.def}`);
  // pg_get_indexdef says ON ONLY for a partitioned table's index, which would build none of the partitions'.
  for (const i of indexes) await pg.query(i.def.replace(" ON ONLY ", " ON "));
  const { rows: invalid } = await pg.query(
    `SELECT count(*)::int AS n FROM pg_index WHERE indrelid = '"analytics".events'::regclass AND NOT indisvalid`,
  );
  if (invalid[0].n) throw new Error(`${invalid[0].n} indexes of analytics.events were not rebuilt on every partition`);
  await pg.query(`VACUUM ANALYZE "analytics".events`);
  return { insertS, indexS: seconds(t0) };
}

/** The cards of learners [fromUser, toUser), and the characters once; then ANALYZE. */
async function generateCards(pg, fromUser, toUser, ref) {
  const t0 = performance.now();
  if (fromUser === 0) await pg.query(INSERT_CHARACTERS);
  await pg.query(INSERT_CARDS, [fromUser * CARDS_PER_USER, toUser * CARDS_PER_USER, ref]);
  await pg.query(`ANALYZE "analytics".review_cards, "analytics".characters`);
  return seconds(t0);
}

/** Appends to DuckDB's `table` the rows DUCKDB_TABLES[table].source selects with `param`, through a cursor and the appender. */
async function loadDuckdb(pg, connection, table, param) {
  const { kinds, source } = DUCKDB_TABLES[table];
  const appender = await connection.createAppender(table);
  const { DuckDBTimestampValue } = require("@duckdb/node-api");
  const byKind = {
    text: (v) => appender.appendVarchar(v),
    time: (v) => appender.appendTimestamp(new DuckDBTimestampValue(BigInt(v))),
    double: (v) => appender.appendDouble(v),
    int: (v) => appender.appendInteger(v),
  };
  // Per column: how to append a non-null value.
  const put = kinds.map((kind) => byKind[kind]);
  let rows = 0;
  await pg.query("BEGIN");
  try {
    await pg.query({
      text: `DECLARE load NO SCROLL CURSOR FOR ${source}`,
      values: [param],
    });
    for (;;) {
      const { rows: batch } = await pg.query({ text: `FETCH ${FETCH} FROM load`, rowMode: "array" });
      if (!batch.length) break;
      for (const row of batch) {
        for (let c = 0; c < put.length; c++) {
          if (row[c] === null) appender.appendNull();
          else put[c](row[c]);
        }
        appender.endRow();
      }
      rows += batch.length;
    }
    await pg.query("COMMIT");
  } catch (err) {
    await pg.query("ROLLBACK");
    throw err;
  }
  appender.closeSync(); // flushes
  await connection.run("CHECKPOINT");
  return rows;
}

/** Rows comparable across engines: bigints and numeric strings as numbers, floats to 10 digits. */
function normalise(value) {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Number(value.toPrecision(10));
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(Number(value).toPrecision(10));
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = normalise(value[key]);
    return out;
  }
  return value;
}

/** Each report's range, ending at ref (today 00:00 UTC), as a staff member would ask. */
const rangesFor = (ref) => {
  const back = (days) => ({ from: new Date(ref.getTime() - days * DAY), to: ref });
  return {
    activeUsers: back(30),
    retentionCohorts: back(84),
    funnel: back(90),
    lessonCompletion: back(30),
    notificationEngagement: back(30),
    insights: back(30),
  };
};

/**
 * Every report on both engines (PostgreSQL only for one without a DuckDB twin), --rounds times after a
 * warm-up, alternating which goes first. `now` (what the insights are as of) is taken once per report and
 * round, for both engines.
 */
async function timeReports(registry, ranges, manager, connection, rounds) {
  const result = {};
  for (const name of Object.keys(registry)) result[name] = { postgres: [], duckdb: [], rows: {} };
  for (let round = 0; round <= rounds; round++)
    for (const [name, engines] of Object.entries(registry)) {
      const range = { ...ranges[name], now: new Date() };
      for (const engine of round % 2 ? ["postgres", "duckdb"] : ["duckdb", "postgres"]) {
        if (!engines[engine]) continue;
        const t0 = performance.now();
        const rows = await engines[engine](engine === "postgres" ? manager : connection, range);
        const ms = performance.now() - t0;
        if (round === 0) result[name].rows[engine] = normalise(rows);
        else result[name][engine].push(ms);
      }
    }
  for (const r of Object.values(result)) {
    // null: not compared (no DuckDB twin), which the table prints as "skipped".
    r.agree = r.rows.duckdb === undefined ? null : JSON.stringify(r.rows.postgres) === JSON.stringify(r.rows.duckdb);
    r.count = rowCount(r.rows.postgres);
  }
  return result;
}

/** Rows of a report; the insights are one object, counted by their entries that are lists (days, hours, items...). */
const rowCount = (rows) =>
  Array.isArray(rows) ? rows.length : Object.values(rows).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);

/** Tracked events as the consumer would record them: existing learners, the last 30 days. */
function ingestEvents(count, users, ref) {
  const events = [];
  for (let n = 0; n < count; n++) {
    const lesson = n % 2 === 0;
    events.push({
      eventId: crypto.randomUUID(),
      type: lesson ? "lesson.completed" : "progress.updated",
      version: 1,
      source: "server",
      userId: `user_${Math.floor(Math.random() * users)}`,
      occurredAt: new Date(ref.getTime() - Math.random() * 30 * DAY),
      payload: lesson
        ? { lessonId: "hiragana-01", score: 0.9, xpAwarded: 10, firstCompletion: false }
        : { cause: "LESSON_COMPLETED", xp: 100, xpAwarded: 10, level: 2, currentStreak: 3 },
    });
  }
  return events;
}

/** Events/s through recordEvents: one event per transaction (the tracking consumer's shape), then batches. */
async function timeIngest(db, count, batch, users, ref) {
  const out = {};
  const ids = [];
  for (const [mode, size] of [
    ["one", 1],
    ["batch", batch],
  ]) {
    const events = ingestEvents(count, users, ref);
    ids.push(...events.map((e) => e.eventId));
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += size)
      await db.dataSource.transaction((manager) => recordEvents(manager, events.slice(i, i + size)));
    out[mode] = count / seconds(t0);
  }
  // Out again, so the reports of the next scale see generated rows only.
  await db.dataSource.query(`DELETE FROM "analytics".events WHERE event_id = ANY($1::uuid[])`, [ids]);
  await db.dataSource.query(`VACUUM ANALYZE "analytics".events`);
  return out;
}

/** What the learner's insights held, so an agreement on them is seen not to be on empty figures. */
const insightsSummary = (i) =>
  `${i.reviewsLast30Days} reviews and ${i.lessonsCompletedLast30Days} lessons in 30 days, ${i.retention.cards} reviewed cards, ` +
  `${i.dueNext14Days.reduce((n, d) => n + d.count, 0)} due in 14 days`;

async function postgresSizes(pg) {
  const { rows } = await pg.query(
    `SELECT sum(pg_table_size(c.oid))::int8 AS "table", sum(pg_indexes_size(c.oid))::int8 AS indexes,
            pg_total_relation_size('"analytics".review_cards') AS cards
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"analytics".events'::regclass`,
  );
  return rows[0];
}

const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) * 1024;

function printScale(s, rounds) {
  console.log(
    `\n### ${s.events} events, ${s.users} learners, 12 months (${rounds} rounds after a warm-up; nearest rank, so up to 20 rounds p95 is the slowest)\n`,
  );
  console.log("| report | rows | agree | PostgreSQL p50 ms | p95 ms | DuckDB p50 ms | p95 ms | PostgreSQL / DuckDB (p50) |");
  console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, r] of Object.entries(s.reports)) {
    const pg = [...r.postgres].sort((a, b) => a - b);
    const duck = [...r.duckdb].sort((a, b) => a - b);
    const d = (f) => (duck.length ? f() : "-");
    console.log(
      `| ${name} | ${r.count} | ${r.agree === null ? "skipped" : r.agree ? "yes" : "NO"} | ${median(pg).toFixed(1)} | ${percentile(pg, 95).toFixed(1)} | ` +
        `${d(() => median(duck).toFixed(1))} | ${d(() => percentile(duck, 95).toFixed(1))} | ${d(() => (median(pg) / median(duck)).toFixed(2))} |`,
    );
  }
  const skipped = Object.entries(s.reports).filter(([, r]) => r.agree === null);
  for (const [name] of skipped) console.log(`\n- ${name}: PostgreSQL only, no DuckDB twin: agreement not checked`);
  console.log("");
  console.log(
    `- generated in PostgreSQL: ${s.gen.insertS.toFixed(1)} s inserting events, ${s.gen.indexS.toFixed(1)} s indexes + VACUUM ANALYZE, ` +
      `${s.gen.cardsS.toFixed(1)} s for ${s.cards} review cards`,
  );
  console.log(
    `- ingest through recordEvents: ${s.ingest.one.toFixed(0)} events/s one per transaction, ` +
      `${s.ingest.batch.toFixed(0)} events/s in batches of ${s.batch}`,
  );
  console.log(
    `- DuckDB load (cursor + appender) of ${s.loaded} rows: ${s.loadS.toFixed(1)} s, ${(s.loaded / s.loadS).toFixed(0)} rows/s ` +
      `(and ${s.loadedCards} cards and characters)`,
  );
  console.log(
    `- PostgreSQL analytics.events: ${mib(s.pgSize.table)} MiB table + ${mib(s.pgSize.indexes)} MiB indexes, ` +
      `review_cards ${mib(s.pgSize.cards)} MiB; DuckDB file ${mib(s.duckFile)} MiB`,
  );
  console.log(
    `- memory: process RSS ${mib(s.rss)} MiB (peak ${mib(s.peak)} MiB), DuckDB's own ${mib(s.duckMemory)} MiB (limit ${s.duckLimit})`,
  );
}

function printGrowth(a, b) {
  console.log(`\n### growth ${a.events} → ${b.events} events (×${(b.events / a.events).toFixed(0)}), p50 latency\n`);
  console.log("| report | PostgreSQL ×  | DuckDB × |");
  console.log("| --- | ---: | ---: |");
  for (const name of Object.keys(a.reports)) {
    const g = (engine) =>
      b.reports[name][engine].length ? (median(b.reports[name][engine]) / median(a.reports[name][engine])).toFixed(2) : "-";
    console.log(`| ${name} | ${g("postgres")} | ${g("duckdb")} |`);
  }
}

async function run({ events, growth, rounds, ingest, batch }) {
  const { DuckDBInstance } = require("@duckdb/node-api"); // a devDependency of the bench only
  const database = await createBenchDatabase();
  const db = analyticsDatabase(database.url);
  const pg = new Client({ connectionString: database.url });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-duckdb-"));
  let instance;
  let connection;
  try {
    await db.start(); // the subgraph's migrations
    await pg.connect();
    const ref = new Date(Math.floor(Date.now() / DAY) * DAY); // today 00:00 UTC: the data ends there
    for (let back = 13; back >= -1; back -= 2) await ensureMonthlyPartitions(db.dataSource, monthStart(ref, -back), 1);
    instance = await DuckDBInstance.create(path.join(dir, "events.duckdb"));
    connection = await instance.connect();
    for (const { ddl } of Object.values(DUCKDB_TABLES)) await connection.run(ddl);

    const ranges = rangesFor(ref);
    const scales = growth > 1 ? [events, events * growth] : [events];
    const results = [];
    let done = 0;
    let doneUsers = 0;
    let learner;
    for (const target of scales) {
      const users = Math.ceil(target / EVENTS_PER_USER);
      log(`${target} events for ${users} learners...`);
      const since = (await pg.query("SELECT now() AS t")).rows[0].t;
      const gen = await generate(pg, done, target, ref);
      gen.cardsS = await generateCards(pg, doneUsers, users, ref);
      done = target;
      // One learner who signed up about 45 days before ref, kept across scales.
      learner ??= (
        await pg.query(
          `SELECT user_id FROM "analytics".events WHERE type = 'user.created'
           ORDER BY abs(extract(epoch FROM $1::timestamptz - interval '45 days' - occurred_at)) LIMIT 1`,
          [ref],
        )
      ).rows[0].user_id;
      log("loading DuckDB...");
      const t0 = performance.now();
      const loaded = await loadDuckdb(pg, connection, "events", since);
      const loadS = seconds(t0);
      const loadedCards =
        (await loadDuckdb(pg, connection, "review_cards", doneUsers)) + (await loadDuckdb(pg, connection, "characters", doneUsers));
      doneUsers = users;
      log("timing the reports...");
      const reports = await timeReports(reportRegistry(learner), ranges, db.dataSource.manager, connection, rounds);
      log("ingest...");
      const ingestRates = await timeIngest(db, ingest, batch, users, ref);
      const [{ bytes }] = (
        await connection.runAndReadAll("SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()")
      ).getRowObjectsJS();
      const [{ limit }] = (await connection.runAndReadAll("SELECT current_setting('memory_limit') AS limit")).getRowObjectsJS();
      const scale = {
        events: target,
        users,
        gen,
        loaded,
        loadS,
        loadedCards,
        cards: users * CARDS_PER_USER,
        reports,
        ingest: ingestRates,
        batch,
        pgSize: await postgresSizes(pg),
        duckFile: fs.statSync(path.join(dir, "events.duckdb")).size,
        rss: process.memoryUsage().rss,
        peak: peakRss(),
        duckMemory: bytes,
        duckLimit: limit,
      };
      results.push(scale);
      printScale(scale, rounds);
    }
    if (results.length > 1) printGrowth(results[0], results[results.length - 1]);
    console.log(
      `\nPostgreSQL ${await postgresVersion()}, DuckDB ${require("@duckdb/node-api").version()}, ${os.cpus().length} cores, ` +
        `${mib(os.totalmem())} MiB RAM, load average ${os.loadavg()[0].toFixed(1)} at the end; insights are ${learner}'s ` +
        `(${insightsSummary(results[results.length - 1].reports.insights.rows.postgres)})`,
    );
    const disagree = results.flatMap((s) =>
      Object.entries(s.reports)
        .filter(([, r]) => r.agree === false)
        .map(([n]) => `${n} at ${s.events}`),
    );
    if (disagree.length) {
      for (const s of results)
        for (const [n, r] of Object.entries(s.reports))
          if (r.agree === false) log(`${n}: PostgreSQL ${JSON.stringify(r.rows.postgres)} DuckDB ${JSON.stringify(r.rows.duckdb)}`);
      throw new Error(`PostgreSQL and DuckDB disagree: ${disagree.join(", ")}`);
    }
  } finally {
    connection?.closeSync();
    instance?.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
    await pg.end().catch(() => {});
    await db.stop();
    await database.drop();
  }
}

module.exports = { name: "analytics-scale", summary, defaults, help, run };
