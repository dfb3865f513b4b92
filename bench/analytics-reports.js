"use strict";
// The staff reports and one learner's insights, on two engines. PostgreSQL runs the subgraph's own code:
// the `reports` registry (subgraphs/analytics/src/modules/reports, ADR 0033) and `insightsOf`, on
// analytics.events (jsonb payloads), review_cards and characters. DuckDB runs the same definitions over
// the same rows, payload fields in typed columns, the way a columnar copy would hold them. The bench checks
// that both return equal rows before it compares their times.
const { reports } = require("@learnloop/subgraph-analytics");
// Not exported by the subgraph's index: the insights service (its reads, and the figures from them) as the resolver uses it.
const { insightsOf, insightsFrom } = require("@learnloop/subgraph-analytics/dist/modules/insights/insights.service");
const { dueDays } = require("@learnloop/subgraph-analytics/dist/modules/insights/insights.figures");

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** The cohort report's default (the GraphQL argument's). */
const COHORT_WEEKS = 8;
/** The insights' window and due horizon (insights.service.ts). */
const INSIGHTS_DAYS = 30;
const DUE_DAYS = 14;

// Range helpers as reports/range.ts computes them: UTC days, ISO weeks from Monday.
const utcDay = (at) => new Date(Math.floor(at.getTime() / DAY) * DAY);
const utcMonday = (at) => new Date(utcDay(at).getTime() - ((utcDay(at).getUTCDay() + 6) % 7) * DAY);
const lastDay = ({ to }) => utcDay(new Date(to.getTime() - 1));
const share = (part, whole) => (whole === 0 ? null : part / whole);

// ---------------------------------------------------------------------------------------------------------
// DUCKDB: the tables, and the reports over them. TIMESTAMP columns hold UTC.
// ---------------------------------------------------------------------------------------------------------
/** Each table: its DDL, how each column is appended, and the same columns read from PostgreSQL (times as epoch µs). */
const DUCKDB_TABLES = {
  events: {
    ddl: `CREATE TABLE events (
      event_id VARCHAR, type VARCHAR, user_id VARCHAR, occurred_at TIMESTAMP, lesson_id VARCHAR, score DOUBLE,
      cause VARCHAR, current_streak INTEGER, days INTEGER, plan VARCHAR, status VARCHAR, notification_id VARCHAR,
      category VARCHAR, duration_seconds INTEGER
    )`,
    kinds: ["text", "text", "text", "time", "text", "double", "text", "int", "int", "text", "text", "text", "text", "int"],
    source: `SELECT event_id::text, type, user_id, (extract(epoch FROM occurred_at) * 1000000)::int8,
      payload->>'lessonId', (payload->>'score')::float8, payload->>'cause', (payload->>'currentStreak')::int,
      (payload->>'days')::int, payload->>'plan', payload->>'status', payload->>'notificationId', payload->>'category',
      (payload->>'durationSeconds')::int
      FROM "analytics".events WHERE received_at >= $1`,
  },
  review_cards: {
    ddl: `CREATE TABLE review_cards (
      user_id VARCHAR, character_id VARCHAR, stability DOUBLE, lapses INTEGER, last_reviewed_at TIMESTAMP,
      reviews INTEGER, correct INTEGER, due TIMESTAMP
    )`,
    kinds: ["text", "text", "double", "int", "time", "int", "int", "time"],
    // The cards of the learners this scale added (numbers from $1 on).
    source: `SELECT user_id, character_id, stability, lapses, (extract(epoch FROM last_reviewed_at) * 1000000)::int8,
      reviews, correct, (extract(epoch FROM due) * 1000000)::int8
      FROM "analytics".review_cards WHERE substr(user_id, 6)::int >= $1`,
  },
  characters: {
    ddl: `CREATE TABLE characters (character_id VARCHAR, kind VARCHAR, jlpt_level INTEGER)`,
    kinds: ["text", "text", "int"],
    source: `SELECT character_id, kind, jlpt_level FROM "analytics".characters WHERE $1::int = 0`,
  },
};

/** A TIMESTAMP literal of a Date (UTC); the values are the bench's own. */
const ts = (date) => `TIMESTAMP '${date.toISOString().replace("T", " ").replace("Z", "")}'`;

async function rowsOf(con, sql) {
  return (await con.runAndReadAll(sql)).getRowObjectsJS();
}

/** Each of `reports`, by the same name and definition (see each *.report.ts), in DuckDB's dialect. */
const DUCKDB_REPORTS = {
  activeUsers: (con, range) => {
    const first = utcDay(range.from);
    const last = lastDay(range);
    return rowsOf(
      con,
      `WITH days AS (
         SELECT day FROM generate_series(${ts(first)}, ${ts(last)}, INTERVAL 1 DAY) AS g(day)
       ),
       active AS (
         SELECT DISTINCT user_id, date_trunc('day', occurred_at) AS day FROM events
         WHERE user_id IS NOT NULL AND occurred_at >= ${ts(new Date(first.getTime() - 29 * DAY))}
           AND occurred_at < ${ts(new Date(last.getTime() + DAY))}
       )
       SELECT strftime(d.day, '%Y-%m-%d') AS date,
              (count(DISTINCT a.user_id) FILTER (WHERE a.day = d.day))::INTEGER AS dau,
              (count(DISTINCT a.user_id) FILTER (WHERE a.day > d.day - INTERVAL 7 DAY))::INTEGER AS wau,
              count(DISTINCT a.user_id)::INTEGER AS mau
       FROM days d
       LEFT JOIN active a ON a.day > d.day - INTERVAL 30 DAY AND a.day <= d.day
       GROUP BY d.day
       ORDER BY d.day`,
    );
  },

  retentionCohorts: async (con, range, weeks = COHORT_WEEKS) => {
    const firstWeek = utcMonday(range.from);
    const lastWeek = utcMonday(lastDay(range));
    return rowsOf(
      con,
      `WITH weeks AS (
         SELECT week FROM generate_series(${ts(firstWeek)}, ${ts(lastWeek)}, INTERVAL 7 DAY) AS g(week)
       ),
       cohort AS (
         SELECT DISTINCT user_id, date_trunc('week', occurred_at) AS week FROM events
         WHERE type = 'user.created' AND user_id IS NOT NULL AND occurred_at >= ${ts(range.from)} AND occurred_at < ${ts(range.to)}
       ),
       active AS (
         SELECT DISTINCT c.week, c.user_id, date_diff('day', c.week::DATE, date_trunc('week', e.occurred_at)::DATE) // 7 AS k
         FROM cohort c
         JOIN events e ON e.user_id = c.user_id
         WHERE e.occurred_at >= ${ts(firstWeek)} AND e.occurred_at < ${ts(new Date(lastWeek.getTime() + weeks * WEEK))}
       ),
       retained AS (
         SELECT week, k, count(*) AS users FROM active WHERE k BETWEEN 0 AND ${weeks - 1} GROUP BY week, k
       ),
       sizes AS (
         SELECT w.week, count(c.user_id) AS size FROM weeks w LEFT JOIN cohort c ON c.week = w.week GROUP BY w.week
       )
       SELECT strftime(s.week, '%Y-%m-%d') AS "cohortWeek", s.size::INTEGER AS size,
              list(CASE WHEN s.size = 0 THEN 0 ELSE coalesce(r.users, 0)::DOUBLE / s.size END ORDER BY o.k) AS retained
       FROM sizes s
       CROSS JOIN range(0, ${weeks}) AS o(k)
       LEFT JOIN retained r ON r.week = s.week AND r.k = o.k
       GROUP BY s.week, s.size
       ORDER BY s.week`,
    );
  },

  funnel: async (con, range) => {
    const [counts] = await rowsOf(
      con,
      `WITH signed_up AS (
         SELECT DISTINCT user_id FROM events
         WHERE type = 'user.created' AND user_id IS NOT NULL AND occurred_at >= ${ts(range.from)} AND occurred_at < ${ts(range.to)}
       ),
       reached AS (
         SELECT e.user_id,
                bool_or(e.type = 'lesson.completed') AS lesson,
                bool_or((e.type = 'progress.updated' AND e.current_streak >= 7) OR (e.type = 'streak.milestone' AND e.days >= 7)) AS streak,
                bool_or(e.type = 'entitlements.changed' AND e.plan IN ('PLUS', 'PRO') AND e.status IN ('ACTIVE', 'TRIALING')) AS paid
         FROM signed_up s
         JOIN events e ON e.user_id = s.user_id
         WHERE e.occurred_at >= ${ts(range.from)}
           AND e.type IN ('lesson.completed', 'progress.updated', 'streak.milestone', 'entitlements.changed')
         GROUP BY e.user_id
       )
       SELECT (SELECT count(*) FROM signed_up)::INTEGER AS signed_up,
              (count(*) FILTER (WHERE lesson))::INTEGER AS first_lesson,
              (count(*) FILTER (WHERE lesson AND streak))::INTEGER AS streak,
              (count(*) FILTER (WHERE lesson AND streak AND paid))::INTEGER AS paid
       FROM reached`,
    );
    const steps = [
      ["SIGNED_UP", counts.signed_up],
      ["FIRST_LESSON", counts.first_lesson],
      ["SEVEN_DAY_STREAK", counts.streak],
      ["PAID", counts.paid],
    ];
    return steps.map(([step, users], i) => ({ step, users, conversionFromPrevious: i === 0 ? null : share(users, steps[i - 1][1]) }));
  },

  lessonCompletion: (con, range) =>
    rowsOf(
      con,
      // arg_max for PostgreSQL's DISTINCT ON (user_id) ... ORDER BY occurred_at DESC: the learner's last lesson.
      `WITH done AS (
         SELECT user_id, lesson_id, occurred_at FROM events
         WHERE type = 'lesson.completed' AND user_id IS NOT NULL AND occurred_at >= ${ts(range.from)} AND occurred_at < ${ts(range.to)}
       ),
       last_done AS (
         SELECT user_id, arg_max(lesson_id, occurred_at) AS lesson_id FROM done GROUP BY user_id
       ),
       stopped AS (
         SELECT lesson_id, count(*) AS learners FROM last_done GROUP BY lesson_id
       )
       SELECT d.lesson_id AS "lessonId", count(DISTINCT d.user_id)::INTEGER AS learners, count(*)::INTEGER AS completions,
              coalesce(max(s.learners), 0)::DOUBLE / count(DISTINCT d.user_id) AS "dropOff"
       FROM done d
       LEFT JOIN stopped s ON s.lesson_id = d.lesson_id
       GROUP BY d.lesson_id
       ORDER BY d.lesson_id`,
    ),

  notificationEngagement: async (con, range) => {
    const rows = await rowsOf(
      con,
      `WITH sent AS (
         SELECT DISTINCT notification_id AS id, category FROM events
         WHERE type = 'notification.created' AND user_id IS NOT NULL AND occurred_at >= ${ts(range.from)} AND occurred_at < ${ts(range.to)}
       ),
       seen AS (
         SELECT DISTINCT notification_id AS id FROM events
         WHERE type = 'notification.read' AND user_id IS NOT NULL AND occurred_at >= ${ts(range.from)}
       )
       SELECT s.category, count(*)::INTEGER AS sent, count(r.id)::INTEGER AS read
       FROM sent s
       LEFT JOIN seen r ON r.id = s.id
       GROUP BY s.category
       ORDER BY s.category`,
    );
    return rows.map((r) => ({ ...r, readRate: share(r.read, r.sent) }));
  },
};

/**
 * insightsOf's four reads in DuckDB (timezone UTC), then the service's own figures (insightsFrom). PostgreSQL's window starts
 * at its now() and this one at `now`, the instant the bench passes both: they differ by the milliseconds
 * between the two calls.
 */
async function duckdbInsights(con, userId, now) {
  const since = ts(new Date(now.getTime() - INSIGHTS_DAYS * DAY));
  const today = utcDay(now);
  const [[totals], sessions, cards, due] = [
    await rowsOf(
      con,
      `SELECT (count(*) FILTER (WHERE type = 'progress.updated' AND cause = 'REVIEW_RECORDED'))::INTEGER AS reviews,
              (count(*) FILTER (WHERE type = 'lesson.completed'))::INTEGER AS lessons,
              avg(score) FILTER (WHERE type = 'lesson.completed') AS score
       FROM events WHERE user_id = '${userId}' AND occurred_at >= ${since}`,
    ),
    await rowsOf(
      con,
      `SELECT isodow(occurred_at)::INTEGER AS day, hour(occurred_at)::INTEGER AS hour, sum(duration_seconds)::BIGINT AS seconds
       FROM events WHERE user_id = '${userId}' AND type = 'client.session_end' AND occurred_at >= ${since}
       GROUP BY 1, 2`,
    ),
    await rowsOf(
      con,
      `SELECT card.character_id AS "characterId", card.stability, card.lapses, card.last_reviewed_at AS "lastReviewedAt",
              card.reviews, card.correct, ch.kind, ch.jlpt_level AS "jlptLevel"
       FROM review_cards card LEFT JOIN characters ch ON ch.character_id = card.character_id
       WHERE card.user_id = '${userId}'`,
    ),
    await rowsOf(
      con,
      `SELECT strftime(greatest(due::DATE, ${ts(today)}::DATE), '%Y-%m-%d') AS date, count(*)::INTEGER AS count
       FROM review_cards WHERE user_id = '${userId}' AND due < ${ts(new Date(today.getTime() + DUE_DAYS * DAY))}
       GROUP BY 1`,
    ),
  ];
  const dueNext14Days = dueDays(today.toISOString().slice(0, 10), DUE_DAYS, new Map(due.map((r) => [r.date, r.count])));
  return insightsFrom({ totals, sessions, cards, dueNext14Days }, now);
}

/**
 * The reports both engines run: name -> { postgres(manager, range), duckdb(connection, range) }. The
 * staff reports are the subgraph's `reports`, each with its DuckDB twin; `insights` are `learner`'s, as
 * of `range.now`. A report without a twin would run on PostgreSQL only, its agreement check skipped and
 * said so (none is, today).
 */
function reportRegistry(learner) {
  const registry = {};
  for (const [name, report] of Object.entries(reports))
    registry[name] = {
      postgres: (m, range) => report(m, range),
      duckdb: DUCKDB_REPORTS[name] && ((c, range) => DUCKDB_REPORTS[name](c, range)),
    };
  registry.insights = {
    postgres: (m, range) => insightsOf(m, learner, "UTC", range.now),
    duckdb: (c, range) => duckdbInsights(c, learner, range.now),
  };
  return registry;
}

module.exports = { reportRegistry, DUCKDB_TABLES };
