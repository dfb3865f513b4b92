"use strict";
// Synthetic analytics.events for the scale benchmark, generated inside PostgreSQL (generate_series) from
// hashes of the event's index, so a run is the same data every time and a larger scale is a smaller one
// plus more learners: event i belongs to learner i / 200 (its slot i % 200), and everything about a
// learner (signup, engagement) hangs off their number alone. Plain expressions, no SQL functions: a
// function the planner cannot inline costs more than the row. The learners' review cards
// (analytics.review_cards, ~N/10) and the characters they are of (analytics.characters) follow the
// same way, for the insights.

/** Events per learner: ~N/200 learners at N events. */
const EVENTS_PER_USER = 200;
/** Review cards per learner: ~N/10 cards at N events. */
const CARDS_PER_USER = 20;
/** Characters c1..c300: the ids review.recorded and the cards name. */
const CHARACTERS = 300;

/** A uniform number in [0, 1) from an integer expression. */
const R = (x) => `((hashint8(${x}) & 2147483647)::float8 / 2147483648)`;

/** The event type a slot's hash `r` gives, before notification reads are placed. */
const typeOf = (r) => `CASE WHEN ${r} < 0.25 THEN 'lesson.completed' WHEN ${r} < 0.45 THEN 'progress.updated'
  WHEN ${r} < 0.65 THEN 'review.recorded' WHEN ${r} < 0.75 THEN 'notification.created'
  WHEN ${r} < 0.752 THEN 'entitlements.changed' WHEN ${r} < 0.755 THEN 'streak.milestone' ELSE 'client.session_end' END`;

const CATEGORIES = `ARRAY['WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM', 'BILLING']`;

/** A learner's signup, spread evenly over the 365 days before ref ($3): the cards' generator uses it too. */
const SIGNUP = (u) => `$3::timestamptz - interval '365 days' * ${R(`${u} * 7 + 1`)}`;

/**
 * Inserts events [$1, $2) with ref $3 (timestamptz; the data ends there). Slot 0 is the signup (spread
 * evenly over the 365 days before ref), slot 1 the Free plan a second later; the others fall between
 * signup and ref, crowded towards the signup (r squared): most learners are busiest in their first
 * weeks. 60 % of notifications are read: the slot after one becomes its notification.read, within 6 h.
 * Paid plans are ACTIVE, TRIALING or CANCELED. For 2 % of learners the last slot is the anonymous
 * user.deleted row (user_id NULL) an erasure of someone else leaves, which no report may count.
 * The payloads are what the tracking consumer keeps of each event.
 */
const INSERT = `
INSERT INTO "analytics".events (event_id, type, version, source, user_id, occurred_at, payload)
SELECT gen_random_uuid(), t, 1, CASE WHEN t IN ('client.session_end', 'notification.read') THEN 'client' ELSE 'server' END,
       CASE WHEN t = 'user.deleted' THEN NULL ELSE 'user_' || u END, at,
       CASE t
         WHEN 'user.created' THEN jsonb_build_object('locale', CASE WHEN r4 < 0.3 THEN 'ja' ELSE 'en' END, 'timezone', 'UTC')
         WHEN 'entitlements.changed' THEN CASE
           WHEN k = 1 THEN jsonb_build_object('plan', 'FREE', 'features', '[]'::jsonb, 'status', 'ACTIVE')
           ELSE jsonb_build_object('plan', CASE WHEN r4 < 0.7 THEN 'PLUS' ELSE 'PRO' END,
                                   'features', '["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"]'::jsonb,
                                   'status', CASE WHEN r6 < 0.6 THEN 'ACTIVE' WHEN r6 < 0.8 THEN 'TRIALING' ELSE 'CANCELED' END) END
         WHEN 'lesson.completed' THEN jsonb_build_object(
           'lessonId', (ARRAY['hiragana', 'katakana', 'kanji-n5', 'vocab-n5'])[1 + floor(r5 * 4)::int] || '-' || lpad((1 + floor(12 * r4 ^ 2))::int::text, 2, '0'),
           'score', round(r6::numeric, 2), 'xpAwarded', 10, 'firstCompletion', r7 < 0.8)
         WHEN 'progress.updated' THEN jsonb_build_object(
           'cause', CASE WHEN r5 < 0.4 THEN 'LESSON_COMPLETED' ELSE 'REVIEW_RECORDED' END,
           'xp', k * 10, 'xpAwarded', 10, 'level', 1 + k / 20, 'currentStreak', floor(14 * engagement * r4)::int)
         WHEN 'review.recorded' THEN jsonb_build_object(
           'characterId', 'c' || (1 + floor(r4 * 300))::int, 'lessonId', null,
           'rating', CASE WHEN r5 < 0.18 THEN 'AGAIN' WHEN r5 < 0.33 THEN 'HARD' WHEN r5 < 0.85 THEN 'GOOD' ELSE 'EASY' END,
           'state', 'REVIEW', 'stability', round((30 * r6)::numeric, 2), 'difficulty', round((10 * r7)::numeric, 2),
           'due', to_char((at + interval '1 day' * round((30 * r6)::numeric, 2)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'reps', 1 + floor(r7 * 20)::int, 'lapses', floor(r4 * 5)::int, 'elapsedDays', floor(r6 * 30)::int)
         WHEN 'streak.milestone' THEN jsonb_build_object('days', (ARRAY[3, 7, 14, 30, 100])[1 + floor(r4 * 5)::int])
         WHEN 'notification.created' THEN jsonb_build_object(
           'notificationId', md5('n' || i)::uuid, 'category', (${CATEGORIES})[1 + floor(r5 * 7)::int])
         WHEN 'notification.read' THEN jsonb_build_object(
           'notificationId', md5('n' || (i - 1))::uuid, 'category', (${CATEGORIES})[1 + floor(r5_prev * 7)::int])
         WHEN 'user.deleted' THEN '{}'::jsonb
         ELSE jsonb_build_object('durationSeconds', 60 + floor(r4 * 1800)::int)
       END
FROM generate_series($1::bigint, $2::bigint - 1) AS i,
  LATERAL (SELECT i / ${EVENTS_PER_USER} AS u, i % ${EVENTS_PER_USER} AS k) AS slot,
  LATERAL (SELECT ${SIGNUP("u")} AS signup, ${R("u * 7 + 2")} AS engagement, ${R("u * 7 + 3")} AS erasure,
                  ${R("i * 8 + 2")} AS r2, ${R("(i - 1) * 8 + 2")} AS r2_prev, ${R("i * 8 + 3")} AS r3, ${R("(i - 1) * 8 + 3")} AS r3_prev,
                  ${R("(i - 1) * 8 + 4")} AS read_prev, ${R("(i - 1) * 8 + 5")} AS r5_prev,
                  ${R("i * 8 + 4")} AS r4, ${R("i * 8 + 5")} AS r5, ${R("i * 8 + 6")} AS r6, ${R("i * 8 + 7")} AS r7) AS h,
  LATERAL (SELECT CASE WHEN k = 0 THEN 'user.created' WHEN k = 1 THEN 'entitlements.changed'
                       WHEN k = ${EVENTS_PER_USER - 1} AND erasure < 0.02 THEN 'user.deleted'
                       WHEN k >= 3 AND (${typeOf("r3_prev")}) = 'notification.created' AND read_prev < 0.6 THEN 'notification.read'
                       ELSE ${typeOf("r3")} END AS t) AS kind,
  LATERAL (SELECT CASE
                    WHEN k = 0 THEN signup
                    WHEN k = 1 THEN signup + interval '1 second'
                    WHEN t = 'notification.read'
                      THEN least(signup + ($3::timestamptz - signup) * r2_prev ^ 2 + interval '6 hours' * r6, $3::timestamptz - interval '1 millisecond')
                    ELSE signup + ($3::timestamptz - signup) * r2 ^ 2 END AS at) AS w`;

/**
 * Cards [$1, $2) with ref $3: card j is learner j / 20's, of 20 distinct characters from a learner's
 * own offset. 10 % are NEW (added by a lesson, never reviewed); the others were last reviewed between
 * signup and ref, crowded towards ref, and are due stability days after that, so some are overdue.
 */
const INSERT_CARDS = `
INSERT INTO "analytics".review_cards
  (user_id, character_id, state, stability, difficulty, due, reps, lapses, last_reviewed_at, reviews, correct)
SELECT 'user_' || u, 'c' || (1 + (floor(${R("u * 7 + 4")} * ${CHARACTERS})::int + n * 7) % ${CHARACTERS}),
       CASE WHEN fresh THEN 'NEW' WHEN a < 0.2 THEN 'LEARNING' WHEN a < 0.25 THEN 'RELEARNING' ELSE 'REVIEW' END,
       CASE WHEN fresh THEN 0 ELSE stability END, CASE WHEN fresh THEN 0 ELSE round((1 + 9 * c)::numeric, 2) END,
       CASE WHEN fresh THEN signup + interval '1 day' ELSE last + interval '1 day' * stability END,
       CASE WHEN fresh THEN 0 ELSE reviews END, CASE WHEN fresh THEN 0 ELSE floor(a * 5)::int END,
       CASE WHEN fresh THEN NULL ELSE last END, CASE WHEN fresh THEN 0 ELSE reviews END,
       CASE WHEN fresh THEN 0 ELSE floor(reviews * (0.4 + 0.6 * c))::int END
FROM generate_series($1::bigint, $2::bigint - 1) AS j,
  LATERAL (SELECT j / ${CARDS_PER_USER} AS u, j % ${CARDS_PER_USER} AS n) AS slot,
  LATERAL (SELECT ${SIGNUP("u")} AS signup, ${R("j * 4 + 1 + (1::bigint << 40)")} AS a,
                  ${R("j * 4 + 2 + (1::bigint << 40)")} AS b, ${R("j * 4 + 3 + (1::bigint << 40)")} AS c) AS h,
  LATERAL (SELECT a < 0.1 AS fresh, signup + ($3::timestamptz - signup) * sqrt(b) AS last,
                  round((0.5 + 40 * c ^ 2)::numeric, 2)::float8 AS stability, 1 + floor(b * 25)::int AS reviews) AS w`;

/** Characters c1..c300: 46 hiragana, 46 katakana, then kanji of JLPT N5 down to N1 and a few of none. */
const INSERT_CHARACTERS = `
INSERT INTO "analytics".characters (character_id, kind, jlpt_level, publication_id)
SELECT 'c' || n, CASE WHEN n <= 46 THEN 'HIRAGANA' WHEN n <= 92 THEN 'KATAKANA' ELSE 'KANJI' END,
       CASE WHEN n <= 92 OR n > 290 THEN NULL ELSE 5 - (n - 93) / 40 END, '00000000-0000-4000-8000-000000000036'
FROM generate_series(1, ${CHARACTERS}) AS n ON CONFLICT (character_id) DO NOTHING`;

module.exports = { EVENTS_PER_USER, CARDS_PER_USER, INSERT, INSERT_CARDS, INSERT_CHARACTERS };
