"use strict";
// Synthetic analytics.events for the scale benchmark, generated inside PostgreSQL (generate_series) from
// hashes of the event's index, so a run is the same data every time and a larger scale is a smaller one
// plus more learners: event i belongs to learner i / 200 (its slot i % 200), and everything about a
// learner (signup, engagement) hangs off their number alone. Plain expressions, no SQL functions: a
// function the planner cannot inline costs more than the row.

/** Events per learner: ~N/200 learners at N events. */
const EVENTS_PER_USER = 200;

/** A uniform number in [0, 1) from an integer expression. */
const R = (x) => `((hashint8(${x}) & 2147483647)::float8 / 2147483648)`;

/** The event type a slot's hash `r` gives, before notification reads are placed. */
const typeOf = (r) => `CASE WHEN ${r} < 0.25 THEN 'lesson.completed' WHEN ${r} < 0.45 THEN 'progress.updated'
  WHEN ${r} < 0.65 THEN 'review.recorded' WHEN ${r} < 0.75 THEN 'notification.created'
  WHEN ${r} < 0.752 THEN 'entitlements.changed' ELSE 'client.session_end' END`;

/**
 * Inserts events [$1, $2) with ref $3 (timestamptz; the data ends there). Slot 0 is the signup (spread
 * evenly over the 365 days before ref), slot 1 the Free plan a second later; the others fall between
 * signup and ref, crowded towards the signup (r squared): most learners are busiest in their first
 * weeks. 60 % of notifications are read: the slot after one becomes its notification.read, within 6 h.
 * The payloads are what the tracking consumer keeps.
 */
const INSERT = `
INSERT INTO "analytics".events (event_id, type, version, source, user_id, occurred_at, payload)
SELECT gen_random_uuid(), t, 1, CASE WHEN t IN ('client.session_end', 'notification.read') THEN 'client' ELSE 'server' END,
       'user_' || u, at,
       CASE t
         WHEN 'user.created' THEN jsonb_build_object('locale', CASE WHEN r4 < 0.3 THEN 'ja' ELSE 'en' END, 'timezone', 'UTC')
         WHEN 'entitlements.changed' THEN CASE
           WHEN k = 1 THEN jsonb_build_object('plan', 'FREE', 'features', '[]'::jsonb, 'status', 'ACTIVE')
           ELSE jsonb_build_object('plan', CASE WHEN r4 < 0.7 THEN 'PLUS' ELSE 'PRO' END,
                                   'features', '["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"]'::jsonb, 'status', 'ACTIVE') END
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
         WHEN 'notification.created' THEN jsonb_build_object(
           'notificationId', md5('n' || i)::uuid,
           'category', (ARRAY['WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM', 'BILLING'])[1 + floor(r5 * 7)::int])
         WHEN 'notification.read' THEN jsonb_build_object('notificationId', md5('n' || (i - 1))::uuid)
         ELSE jsonb_build_object('durationSeconds', 60 + floor(r4 * 1800)::int)
       END
FROM generate_series($1::bigint, $2::bigint - 1) AS i,
  LATERAL (SELECT i / ${EVENTS_PER_USER} AS u, i % ${EVENTS_PER_USER} AS k) AS slot,
  LATERAL (SELECT $3::timestamptz - interval '365 days' * ${R("u * 7 + 1")} AS signup, ${R("u * 7 + 2")} AS engagement,
                  ${R("i * 8 + 2")} AS r2, ${R("(i - 1) * 8 + 2")} AS r2_prev, ${R("i * 8 + 3")} AS r3, ${R("(i - 1) * 8 + 3")} AS r3_prev,
                  ${R("(i - 1) * 8 + 4")} AS read_prev,
                  ${R("i * 8 + 4")} AS r4, ${R("i * 8 + 5")} AS r5, ${R("i * 8 + 6")} AS r6, ${R("i * 8 + 7")} AS r7) AS h,
  LATERAL (SELECT CASE WHEN k = 0 THEN 'user.created' WHEN k = 1 THEN 'entitlements.changed'
                       WHEN k >= 3 AND (${typeOf("r3_prev")}) = 'notification.created' AND read_prev < 0.6 THEN 'notification.read'
                       ELSE ${typeOf("r3")} END AS t) AS kind,
  LATERAL (SELECT CASE
                    WHEN k = 0 THEN signup
                    WHEN k = 1 THEN signup + interval '1 second'
                    WHEN t = 'notification.read'
                      THEN least(signup + ($3::timestamptz - signup) * r2_prev ^ 2 + interval '6 hours' * r6, $3::timestamptz - interval '1 millisecond')
                    ELSE signup + ($3::timestamptz - signup) * r2 ^ 2 END AS at) AS w`;

module.exports = { EVENTS_PER_USER, INSERT };
