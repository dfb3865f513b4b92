"use strict";
// The staff reports and one learner's insights (ANALYTICS-SDL.md), twice: on PostgreSQL (analytics.events,
// jsonb payloads, the way the subgraph stores them) and on DuckDB (the same rows, payload fields in typed
// columns, the way a columnar copy would hold them). Same definitions, same algorithm, same answers: the
// bench checks that both engines return equal rows before it compares their times.

/** Events that count as a learner being active (a notification sent to them does not). */
const ACTIVE = ["lesson.completed", "progress.updated", "review.recorded", "client.session_end", "notification.read"];
const FUNNEL_TYPES = ["lesson.completed", "progress.updated", "entitlements.changed"];
const COHORT_WEEKS = 12;

/** The four funnel steps from one row of counts, each with its share of the step before. */
function funnelSteps({ signed, lesson, streak, paid }) {
  const users = [signed, lesson, streak, paid].map(Number);
  return ["SIGNED_UP", "FIRST_LESSON", "SEVEN_DAY_STREAK", "PAID"].map((step, i) => ({
    step,
    users: users[i],
    conversionFromPrevious: i === 0 || users[i - 1] === 0 ? null : users[i] / users[i - 1],
  }));
}

// ---------------------------------------------------------------------------------------------------------
// POSTGRESQL REPORTS: name -> (manager, range) => rows. Reference SQL written from ANALYTICS-SDL.md's
// definitions. When subgraphs/analytics/src/modules/reports/index.ts exists, replace this map with
//   const POSTGRES_REPORTS = require("@learnloop/subgraph-analytics/dist/modules/reports").reports;
// (and the DuckDB SQL below with the same definitions), keeping `insights` here or in its own module.
// ---------------------------------------------------------------------------------------------------------
const POSTGRES_REPORTS = {
  /** Per day of the range: distinct active learners that day, in the 7 and in the 30 days ending that day. */
  activeUsers: (manager, { from, to }) =>
    manager.query(
      // Each active day keeps its learner counted until their next active day or the window's end:
      // +1 on the day, -1 where that stops, a running sum per day. One pass over (user, day), no days × users join.
      `WITH days AS (
         SELECT DISTINCT user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day
         FROM "analytics".events
         WHERE type = ANY($3) AND occurred_at >= $1::timestamptz - interval '29 days' AND occurred_at < $2
       ), spans AS (
         SELECT day, lead(day) OVER (PARTITION BY user_id ORDER BY day) AS next FROM days
       ), changes AS (
         SELECT day AS change_day, 1 AS dau, 1 AS wau, 1 AS mau FROM spans
         UNION ALL SELECT day + 1, -1, 0, 0 FROM spans
         UNION ALL SELECT LEAST(coalesce(next, day + 7), day + 7), 0, -1, 0 FROM spans
         UNION ALL SELECT LEAST(coalesce(next, day + 30), day + 30), 0, 0, -1 FROM spans
       ), daily AS (
         SELECT change_day, sum(dau) AS dau, sum(wau) AS wau, sum(mau) AS mau FROM changes GROUP BY change_day
       ), running AS (
         SELECT g.d::date AS d,
                sum(coalesce(daily.dau, 0)) OVER w AS dau, sum(coalesce(daily.wau, 0)) OVER w AS wau,
                sum(coalesce(daily.mau, 0)) OVER w AS mau
         FROM generate_series((($1::timestamptz AT TIME ZONE 'UTC')::date - 29)::timestamp,
                              (($2::timestamptz AT TIME ZONE 'UTC')::date - 1)::timestamp, interval '1 day') AS g(d)
         LEFT JOIN daily ON daily.change_day = g.d::date
         WINDOW w AS (ORDER BY g.d)
       )
       SELECT to_char(d, 'YYYY-MM-DD') AS date, dau::int, wau::int, mau::int
       FROM running WHERE d >= ($1::timestamptz AT TIME ZONE 'UTC')::date ORDER BY d`,
      [from, to, ACTIVE],
    ),

  /** Learners who signed up in the range, by week (Monday), and the share of them active in weeks 0..11. */
  retentionCohort: (manager, { from, to }, weeks = COHORT_WEEKS) =>
    manager.query(
      `WITH cohort AS (
         SELECT user_id, min(date_trunc('week', occurred_at AT TIME ZONE 'UTC'))::date AS week
         FROM "analytics".events
         WHERE type = 'user.created' AND occurred_at >= $1 AND occurred_at < $2
         GROUP BY user_id
       ), active AS (
         SELECT DISTINCT user_id, date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date AS week
         FROM "analytics".events
         WHERE type = ANY($3) AND occurred_at >= $1 AND occurred_at < $2::timestamptz + $4::int * interval '7 days'
       ), sizes AS (
         SELECT week, count(*) AS size FROM cohort GROUP BY week
       ), hits AS (
         SELECT c.week, (a.week - c.week) / 7 AS offs, count(*) AS users
         FROM cohort c JOIN active a ON a.user_id = c.user_id AND a.week >= c.week AND a.week < c.week + 7 * $4::int
         GROUP BY 1, 2
       )
       SELECT to_char(s.week, 'YYYY-MM-DD') AS "cohortWeek", s.size::int AS size,
              array_agg(coalesce(h.users, 0)::float8 / s.size ORDER BY o.offs) AS retained
       FROM sizes s CROSS JOIN generate_series(0, $4::int - 1) AS o(offs)
       LEFT JOIN hits h ON h.week = s.week AND h.offs = o.offs
       GROUP BY s.week, s.size ORDER BY s.week`,
      [from, to, ACTIVE, weeks],
    ),

  /** Of the learners who signed up in the range: a lesson, then a 7-day streak, then a paid plan, in the range. */
  funnel: async (manager, { from, to }) => {
    const [row] = await manager.query(
      `WITH signed AS (
         SELECT DISTINCT user_id FROM "analytics".events
         WHERE type = 'user.created' AND occurred_at >= $1 AND occurred_at < $2
       ), steps AS (
         SELECT s.user_id,
                bool_or(e.type = 'lesson.completed') AS lesson,
                bool_or(e.type = 'progress.updated' AND (e.payload->>'currentStreak')::int >= 7) AS streak,
                bool_or(e.type = 'entitlements.changed' AND e.payload->>'plan' <> 'FREE') AS paid
         FROM signed s
         LEFT JOIN "analytics".events e
           ON e.user_id = s.user_id AND e.type = ANY($3) AND e.occurred_at >= $1 AND e.occurred_at < $2
         GROUP BY s.user_id
       )
       SELECT count(*)::int AS signed, count(*) FILTER (WHERE lesson)::int AS lesson,
              count(*) FILTER (WHERE lesson AND streak)::int AS streak,
              count(*) FILTER (WHERE lesson AND streak AND paid)::int AS paid
       FROM steps`,
      [from, to, FUNNEL_TYPES],
    );
    return funnelSteps(row);
  },

  /** Per lesson: learners, completions, and the share of the course's previous lesson's learners lost. */
  lessonCompletion: (manager, { from, to }) =>
    manager.query(
      `WITH per AS (
         SELECT payload->>'lessonId' AS lesson_id, count(DISTINCT user_id)::int AS learners, count(*)::int AS completions
         FROM "analytics".events
         WHERE type = 'lesson.completed' AND occurred_at >= $1 AND occurred_at < $2
         GROUP BY 1
       )
       SELECT lesson_id AS "lessonId", learners, completions,
              1 - learners::float8 / lag(learners) OVER (PARTITION BY regexp_replace(lesson_id, '-[0-9]+$', '') ORDER BY lesson_id) AS "dropOff"
       FROM per ORDER BY lesson_id`,
      [from, to],
    ),

  /** Per category: notifications sent in the range, how many of them were read (any time after), and the rate. */
  notificationEngagement: (manager, { from, to }) =>
    manager.query(
      `WITH sent AS (
         SELECT payload->>'notificationId' AS id, payload->>'category' AS category
         FROM "analytics".events
         WHERE type = 'notification.created' AND occurred_at >= $1 AND occurred_at < $2
       ), reads AS (
         SELECT DISTINCT payload->>'notificationId' AS id
         FROM "analytics".events
         WHERE type = 'notification.read' AND occurred_at >= $1
       )
       SELECT s.category, count(*)::int AS sent, count(r.id)::int AS read, count(r.id)::float8 / count(*) AS "readRate"
       FROM sent s LEFT JOIN reads r ON r.id = s.id
       GROUP BY s.category ORDER BY s.category`,
      [from, to],
    ),
};

/**
 * One learner's insights over the range (the INSIGHTS helper's fields, in four statements on the
 * (user_id, occurred_at) index): totals, study minutes by hour, cards due in the 14 days after the range,
 * and the ten weakest items.
 */
async function postgresInsights(manager, { from, to }, userId) {
  const q = (sql) => manager.query(sql, [userId, from, to]);
  const mine = `FROM "analytics".events WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3`;
  const [totals, hours, due, weakest] = [
    await q(`SELECT count(*) FILTER (WHERE type = 'lesson.completed')::int AS lessons,
                    avg((payload->>'score')::float8) FILTER (WHERE type = 'lesson.completed') AS score,
                    count(*) FILTER (WHERE type = 'review.recorded')::int AS reviews,
                    count(*) FILTER (WHERE type = 'review.recorded' AND payload->>'rating' <> 'AGAIN')::int AS correct ${mine}`),
    await q(`SELECT extract(hour FROM occurred_at AT TIME ZONE 'UTC')::int AS hour,
                    (sum((payload->>'durationSeconds')::int) / 60)::int AS minutes
             ${mine} AND type = 'client.session_end' GROUP BY 1 ORDER BY 1`),
    await q(`WITH latest AS (
               SELECT DISTINCT ON (payload->>'characterId') (payload->>'due')::timestamptz AS due
               FROM "analytics".events WHERE user_id = $1 AND type = 'review.recorded' AND occurred_at < $3
               ORDER BY payload->>'characterId', occurred_at DESC
             )
             SELECT to_char(due AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*)::int AS count FROM latest
             WHERE due >= $3 AND due < $3::timestamptz + interval '14 days' AND $2::timestamptz IS NOT NULL GROUP BY 1 ORDER BY 1`),
    await q(`SELECT payload->>'characterId' AS "characterId", count(*)::int AS reviews,
                    avg(CASE WHEN payload->>'rating' <> 'AGAIN' THEN 1.0 ELSE 0.0 END)::float8 AS accuracy,
                    max((payload->>'lapses')::int) AS lapses
             ${mine} AND type = 'review.recorded' GROUP BY 1 ORDER BY accuracy, reviews DESC, 1 LIMIT 10`),
  ];
  return [...insightRows("totals", totals), ...insightRows("hour", hours), ...insightRows("due", due), ...insightRows("weak", weakest)];
}

const insightRows = (part, rows) => rows.map((row) => ({ part, ...row }));

// ---------------------------------------------------------------------------------------------------------
// DUCKDB: the same reports over `events` with typed columns (see DUCKDB_TABLE). TIMESTAMP columns hold UTC.
// ---------------------------------------------------------------------------------------------------------
const DUCKDB_TABLE = `CREATE TABLE events (
  event_id VARCHAR, type VARCHAR, user_id VARCHAR, occurred_at TIMESTAMP,
  lesson_id VARCHAR, score DOUBLE, cause VARCHAR, current_streak INTEGER, rating VARCHAR, character_id VARCHAR,
  due TIMESTAMP, lapses INTEGER, notification_id VARCHAR, category VARCHAR, plan VARCHAR, duration_seconds INTEGER
)`;

/** How each column of DUCKDB_TABLE is appended. */
const DUCKDB_COLUMN_KINDS = [
  "text",
  "text",
  "text",
  "time",
  "text",
  "double",
  "text",
  "int",
  "text",
  "text",
  "time",
  "int",
  "text",
  "text",
  "text",
  "int",
];

/** The same columns read from PostgreSQL, in DUCKDB_TABLE's order (times as epoch microseconds). */
const DUCKDB_SOURCE_COLUMNS = `event_id::text, type, user_id, (extract(epoch FROM occurred_at) * 1000000)::int8,
  payload->>'lessonId', (payload->>'score')::float8, payload->>'cause', (payload->>'currentStreak')::int,
  payload->>'rating', payload->>'characterId', (extract(epoch FROM (payload->>'due')::timestamptz) * 1000000)::int8,
  (payload->>'lapses')::int, payload->>'notificationId', payload->>'category', payload->>'plan',
  (payload->>'durationSeconds')::int`;

const list = (values) => values.map((v) => `'${v}'`).join(", ");
/** A TIMESTAMP literal of a Date (UTC); the values are the bench's own. */
const ts = (date) => `TIMESTAMP '${date.toISOString().replace("T", " ").replace("Z", "")}'`;

const DUCKDB_REPORTS = {
  activeUsers: (con, { from, to }) =>
    rowsOf(
      con,
      `WITH days AS (
         SELECT DISTINCT user_id, occurred_at::DATE AS day FROM events
         WHERE type IN (${list(ACTIVE)}) AND occurred_at >= ${ts(from)} - INTERVAL 29 DAY AND occurred_at < ${ts(to)}
       ), spans AS (
         SELECT day, lead(day) OVER (PARTITION BY user_id ORDER BY day) AS next FROM days
       ), changes AS (
         SELECT day AS change_day, 1 AS dau, 1 AS wau, 1 AS mau FROM spans
         UNION ALL SELECT day + 1, -1, 0, 0 FROM spans
         UNION ALL SELECT least(coalesce(next, day + 7), day + 7), 0, -1, 0 FROM spans
         UNION ALL SELECT least(coalesce(next, day + 30), day + 30), 0, 0, -1 FROM spans
       ), daily AS (
         SELECT change_day, sum(dau) AS dau, sum(wau) AS wau, sum(mau) AS mau FROM changes GROUP BY change_day
       ), running AS (
         SELECT g.d::DATE AS d,
                sum(coalesce(daily.dau, 0)) OVER w AS dau, sum(coalesce(daily.wau, 0)) OVER w AS wau,
                sum(coalesce(daily.mau, 0)) OVER w AS mau
         FROM generate_series(${ts(from)}::DATE - 29, ${ts(to)}::DATE - 1, INTERVAL 1 DAY) AS g(d)
         LEFT JOIN daily ON daily.change_day = g.d::DATE
         WINDOW w AS (ORDER BY g.d)
       )
       SELECT strftime(d, '%Y-%m-%d') AS date, dau::INTEGER AS dau, wau::INTEGER AS wau, mau::INTEGER AS mau
       FROM running WHERE d >= ${ts(from)}::DATE ORDER BY d`,
    ),

  retentionCohort: (con, { from, to }, weeks = COHORT_WEEKS) =>
    rowsOf(
      con,
      `WITH cohort AS (
         SELECT user_id, min(date_trunc('week', occurred_at))::DATE AS week FROM events
         WHERE type = 'user.created' AND occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)}
         GROUP BY user_id
       ), active AS (
         SELECT DISTINCT user_id, date_trunc('week', occurred_at)::DATE AS week FROM events
         WHERE type IN (${list(ACTIVE)}) AND occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)} + INTERVAL ${7 * weeks} DAY
       ), sizes AS (
         SELECT week, count(*) AS size FROM cohort GROUP BY week
       ), hits AS (
         SELECT c.week, (a.week - c.week) // 7 AS offs, count(*) AS users
         FROM cohort c JOIN active a ON a.user_id = c.user_id AND a.week >= c.week AND a.week < c.week + 7 * ${weeks}
         GROUP BY 1, 2
       )
       SELECT strftime(s.week, '%Y-%m-%d') AS "cohortWeek", s.size::INTEGER AS size,
              list(coalesce(h.users, 0)::DOUBLE / s.size ORDER BY o.offs) AS retained
       FROM sizes s CROSS JOIN range(0, ${weeks}) AS o(offs)
       LEFT JOIN hits h ON h.week = s.week AND h.offs = o.offs
       GROUP BY s.week, s.size ORDER BY s.week`,
    ),

  funnel: async (con, { from, to }) => {
    const [row] = await rowsOf(
      con,
      `WITH signed AS (
         SELECT DISTINCT user_id FROM events
         WHERE type = 'user.created' AND occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)}
       ), steps AS (
         SELECT s.user_id,
                bool_or(e.type = 'lesson.completed') AS lesson,
                bool_or(e.type = 'progress.updated' AND e.current_streak >= 7) AS streak,
                bool_or(e.type = 'entitlements.changed' AND e.plan <> 'FREE') AS paid
         FROM signed s
         LEFT JOIN events e
           ON e.user_id = s.user_id AND e.type IN (${list(FUNNEL_TYPES)}) AND e.occurred_at >= ${ts(from)} AND e.occurred_at < ${ts(to)}
         GROUP BY s.user_id
       )
       SELECT count(*) AS signed, count(*) FILTER (WHERE lesson) AS lesson,
              count(*) FILTER (WHERE lesson AND streak) AS streak,
              count(*) FILTER (WHERE lesson AND streak AND paid) AS paid
       FROM steps`,
    );
    return funnelSteps(row);
  },

  lessonCompletion: (con, { from, to }) =>
    rowsOf(
      con,
      `WITH per AS (
         SELECT lesson_id, count(DISTINCT user_id)::INTEGER AS learners, count(*)::INTEGER AS completions FROM events
         WHERE type = 'lesson.completed' AND occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)}
         GROUP BY 1
       )
       SELECT lesson_id AS "lessonId", learners, completions,
              1 - learners::DOUBLE / lag(learners) OVER (PARTITION BY regexp_replace(lesson_id, '-[0-9]+$', '') ORDER BY lesson_id) AS "dropOff"
       FROM per ORDER BY lesson_id`,
    ),

  notificationEngagement: (con, { from, to }) =>
    rowsOf(
      con,
      `WITH sent AS (
         SELECT notification_id AS id, category FROM events
         WHERE type = 'notification.created' AND occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)}
       ), reads AS (
         SELECT DISTINCT notification_id AS id FROM events WHERE type = 'notification.read' AND occurred_at >= ${ts(from)}
       )
       SELECT s.category, count(*)::INTEGER AS sent, count(r.id)::INTEGER AS read, count(r.id)::DOUBLE / count(*) AS "readRate"
       FROM sent s LEFT JOIN reads r ON r.id = s.id
       GROUP BY s.category ORDER BY s.category`,
    ),
};

async function duckdbInsights(con, { from, to }, userId) {
  const mine = `FROM events WHERE user_id = '${userId}' AND occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)}`;
  const [totals, hours, due, weakest] = [
    await rowsOf(
      con,
      `SELECT count(*) FILTER (WHERE type = 'lesson.completed') AS lessons,
              avg(score) FILTER (WHERE type = 'lesson.completed') AS score,
              count(*) FILTER (WHERE type = 'review.recorded') AS reviews,
              count(*) FILTER (WHERE type = 'review.recorded' AND rating <> 'AGAIN') AS correct ${mine}`,
    ),
    await rowsOf(
      con,
      `SELECT hour(occurred_at) AS hour, (sum(duration_seconds) // 60)::INTEGER AS minutes
       ${mine} AND type = 'client.session_end' GROUP BY 1 ORDER BY 1`,
    ),
    await rowsOf(
      con,
      `WITH latest AS (
         SELECT arg_max(due, occurred_at) AS due FROM events
         WHERE user_id = '${userId}' AND type = 'review.recorded' AND occurred_at < ${ts(to)}
         GROUP BY character_id
       )
       SELECT strftime(due, '%Y-%m-%d') AS date, count(*) AS count FROM latest
       WHERE due >= ${ts(to)} AND due < ${ts(to)} + INTERVAL 14 DAY GROUP BY 1 ORDER BY 1`,
    ),
    await rowsOf(
      con,
      `SELECT character_id AS "characterId", count(*) AS reviews,
              avg(CASE WHEN rating <> 'AGAIN' THEN 1.0 ELSE 0.0 END)::DOUBLE AS accuracy, max(lapses) AS lapses
       ${mine} AND type = 'review.recorded' GROUP BY 1 ORDER BY accuracy, reviews DESC, 1 LIMIT 10`,
    ),
  ];
  return [...insightRows("totals", totals), ...insightRows("hour", hours), ...insightRows("due", due), ...insightRows("weak", weakest)];
}

async function rowsOf(con, sql) {
  return (await con.runAndReadAll(sql)).getRowObjectsJS();
}

/** The reports both engines run: name -> { postgres(manager, range), duckdb(connection, range) }; insights are `learner`'s. */
function reportRegistry(learner) {
  const registry = {};
  for (const name of Object.keys(DUCKDB_REPORTS))
    registry[name] = { postgres: (m, range) => POSTGRES_REPORTS[name](m, range), duckdb: (c, range) => DUCKDB_REPORTS[name](c, range) };
  registry.insights = {
    postgres: (m, range) => postgresInsights(m, range, learner),
    duckdb: (c, range) => duckdbInsights(c, range, learner),
  };
  return registry;
}

module.exports = { reportRegistry, ACTIVE, DUCKDB_TABLE, DUCKDB_COLUMN_KINDS, DUCKDB_SOURCE_COLUMNS };
