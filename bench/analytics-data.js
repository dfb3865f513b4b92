"use strict";
// Synthetic analytics.events for the scale benchmark, generated inside PostgreSQL (generate_series) from
// hashes of the event's index, so a run is the same data every time and a larger scale is a smaller one
// plus more learners: event i belongs to learner i / 200 (its slot i % 200), and everything about a
// learner (signup, engagement) hangs off their number alone.

/** Events per learner: ~N/200 learners at N events. */
const EVENTS_PER_USER = 200;

/** Helper functions in the bench's own database (schema bench): plain SQL, inlined by the planner. */
const FUNCTIONS = `
CREATE SCHEMA bench;
-- A uniform number in [0, 1) from any integer.
CREATE FUNCTION bench.r(x bigint) RETURNS float8 IMMUTABLE LANGUAGE sql AS
  $$ SELECT (hashint8(x) & 2147483647)::float8 / 2147483648 $$;
-- Signups spread evenly over the 365 days before ref.
CREATE FUNCTION bench.signup(u bigint, ref timestamptz) RETURNS timestamptz IMMUTABLE LANGUAGE sql AS
  $$ SELECT ref - interval '365 days' * bench.r(u * 7 + 1) $$;
-- Slot 0 is the signup, slot 1 the Free plan a second later; the others fall between signup and ref,
-- crowded towards the signup (r squared): most learners are busiest in their first weeks.
CREATE FUNCTION bench.slot_at(i bigint, ref timestamptz) RETURNS timestamptz IMMUTABLE LANGUAGE sql AS
  $$ SELECT CASE i % ${EVENTS_PER_USER}
       WHEN 0 THEN bench.signup(i / ${EVENTS_PER_USER}, ref)
       WHEN 1 THEN bench.signup(i / ${EVENTS_PER_USER}, ref) + interval '1 second'
       ELSE bench.signup(i / ${EVENTS_PER_USER}, ref) + (ref - bench.signup(i / ${EVENTS_PER_USER}, ref)) * bench.r(i * 8 + 2) ^ 2
     END $$;
CREATE FUNCTION bench.raw_type(i bigint) RETURNS text IMMUTABLE LANGUAGE sql AS
  $$ SELECT CASE WHEN r < 0.25 THEN 'lesson.completed' WHEN r < 0.45 THEN 'progress.updated'
                 WHEN r < 0.65 THEN 'review.recorded' WHEN r < 0.75 THEN 'notification.created'
                 WHEN r < 0.752 THEN 'entitlements.changed' ELSE 'client.session_end' END
     FROM (SELECT bench.r(i * 8 + 3) AS r) x $$;
-- 60 % of notifications are read: the slot after one becomes its notification.read.
CREATE FUNCTION bench.slot_type(i bigint) RETURNS text IMMUTABLE LANGUAGE sql AS
  $$ SELECT CASE
       WHEN i % ${EVENTS_PER_USER} = 0 THEN 'user.created'
       WHEN i % ${EVENTS_PER_USER} = 1 THEN 'entitlements.changed'
       WHEN i % ${EVENTS_PER_USER} >= 3 AND bench.raw_type(i - 1) = 'notification.created' AND bench.r((i - 1) * 8 + 4) < 0.6
         THEN 'notification.read'
       ELSE bench.raw_type(i) END $$;
`;

/** Inserts events [$1, $2) with ref $3 (timestamptz). The payloads are what the tracking consumer keeps. */
const INSERT = `
INSERT INTO "analytics".events (event_id, type, version, source, user_id, occurred_at, payload)
SELECT gen_random_uuid(), t, 1, CASE WHEN t IN ('client.session_end', 'notification.read') THEN 'client' ELSE 'server' END,
       'user_' || (i / ${EVENTS_PER_USER}), at,
       CASE t
         WHEN 'user.created' THEN jsonb_build_object('locale', CASE WHEN r4 < 0.3 THEN 'ja' ELSE 'en' END, 'timezone', 'UTC')
         WHEN 'entitlements.changed' THEN CASE
           WHEN i % ${EVENTS_PER_USER} = 1 THEN jsonb_build_object('plan', 'FREE', 'features', '[]'::jsonb, 'status', 'ACTIVE')
           ELSE jsonb_build_object('plan', CASE WHEN r4 < 0.7 THEN 'PLUS' ELSE 'PRO' END,
                                   'features', '["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"]'::jsonb, 'status', 'ACTIVE') END
         WHEN 'lesson.completed' THEN jsonb_build_object(
           'lessonId', (ARRAY['hiragana', 'katakana', 'kanji-n5', 'vocab-n5'])[1 + floor(r5 * 4)::int] || '-' || lpad((1 + floor(12 * r4 ^ 2))::int::text, 2, '0'),
           'score', round(r6::numeric, 2), 'xpAwarded', 10, 'firstCompletion', r7 < 0.8)
         WHEN 'progress.updated' THEN jsonb_build_object(
           'cause', CASE WHEN r5 < 0.4 THEN 'LESSON_COMPLETED' ELSE 'REVIEW_RECORDED' END,
           'xp', (i % ${EVENTS_PER_USER}) * 10, 'xpAwarded', 10, 'level', 1 + (i % ${EVENTS_PER_USER}) / 20,
           'currentStreak', floor(14 * bench.r((i / ${EVENTS_PER_USER}) * 7 + 2) * r4)::int)
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
  LATERAL (SELECT bench.slot_type(i) AS t, bench.r(i * 8 + 4) AS r4, bench.r(i * 8 + 5) AS r5,
                  bench.r(i * 8 + 6) AS r6, bench.r(i * 8 + 7) AS r7) AS h,
  LATERAL (SELECT CASE WHEN t = 'notification.read'
                    THEN least(bench.slot_at(i - 1, $3) + interval '6 hours' * r6, $3::timestamptz - interval '1 millisecond')
                    ELSE bench.slot_at(i, $3) END AS at) AS w`;

module.exports = { EVENTS_PER_USER, FUNCTIONS, INSERT };
