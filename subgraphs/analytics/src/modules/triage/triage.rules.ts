import type { EntityManager } from "typeorm";
import type { RuleId, TriageRule } from "./triage.config";

/** Rows that count as studying: a learner with none of them since signing up has stopped. */
export const STUDY_EVENT_TYPES = ["lesson.completed", "progress.updated", "review.recorded"] as const;

// A parameter, not a literal in the SQL: 'progress.updated' there reads like another schema's table.
const PROGRESS_UPDATED = "progress.updated";

/** One fired rule: what it measured, against what, said in words for staff. */
export interface StruggleReasonRow {
  rule: RuleId;
  explanation: string;
  value: number;
  threshold: number;
}

type RuleOf<K extends RuleId> = Extract<TriageRule, { id: K }>;

interface RuleDefinition<K extends RuleId> {
  /** What the rule measures for the learner at `now`; it fires when this reaches the threshold. */
  measure(manager: EntityManager, userId: string, rule: RuleOf<K>, now: Date): Promise<number>;
  explain(value: number, rule: RuleOf<K>): string;
}

const since = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Lapses gained in the window (review.recorded rows, whose `lapses` is the card's count after the
 * review): for each card reviewed in it, its highest count there less its count at the last review
 * before it (0 for a card first seen in the window).
 */
const lapsesRising: RuleDefinition<"lapses-rising"> = {
  async measure(manager, userId, rule, now) {
    const [{ value }] = await manager.query(
      `WITH w AS (
         SELECT payload->>'characterId' AS card, max((payload->>'lapses')::int) AS high
         FROM "analytics".events
         WHERE user_id = $1 AND type = 'review.recorded' AND occurred_at >= $2 AND occurred_at <= $3
         GROUP BY 1
       ), before AS (
         SELECT DISTINCT ON (payload->>'characterId') payload->>'characterId' AS card, (payload->>'lapses')::int AS low
         FROM "analytics".events
         WHERE user_id = $1 AND type = 'review.recorded' AND occurred_at < $2
           AND payload->>'characterId' IN (SELECT card FROM w)
         ORDER BY payload->>'characterId', occurred_at DESC
       )
       SELECT coalesce(sum(greatest(w.high - coalesce(before.low, 0), 0)), 0)::int AS value
       FROM w LEFT JOIN before USING (card)`,
      [userId, since(now, rule.windowDays), now],
    );
    return value;
  },
  explain: (value, rule) =>
    `Forgot cards already learned ${plural(value, "time")} in the last ${plural(rule.windowDays, "day")} (flagged at ${rule.threshold} or more).`,
};

/** AGAIN answers in a row, counting back from the learner's latest review in the window. */
const againStreak: RuleDefinition<"again-streak"> = {
  async measure(manager, userId, rule, now) {
    const [{ value }] = await manager.query(
      `SELECT count(*)::int AS value FROM "analytics".events
       WHERE user_id = $1 AND type = 'review.recorded' AND occurred_at >= $2 AND occurred_at <= $3
         AND payload->>'rating' = 'AGAIN'
         AND occurred_at > coalesce((
           SELECT max(occurred_at) FROM "analytics".events
           WHERE user_id = $1 AND type = 'review.recorded' AND occurred_at >= $2 AND occurred_at <= $3
             AND payload->>'rating' <> 'AGAIN'), '-infinity')`,
      [userId, since(now, rule.windowDays), now],
    );
    return value;
  },
  explain: (value, rule) =>
    `Answered AGAIN ${plural(value, "time")} in a row in the last ${plural(rule.windowDays, "day")} (flagged at ${rule.threshold} or more).`,
};

/**
 * The longest streak that broke in the window: a progress.updated in the window showing a streak of
 * `resetAtMost` days or less right after one showing more; otherwise 0. Any break in the window
 * counts, not only the latest row, so every trigger event evaluates the same learner state alike.
 */
const streakBroken: RuleDefinition<"streak-broken"> = {
  async measure(manager, userId, rule, now) {
    const [{ value }] = await manager.query(
      `WITH updates AS (
         (SELECT (payload->>'currentStreak')::int AS streak, occurred_at FROM "analytics".events
          WHERE user_id = $1 AND type = $3 AND occurred_at >= $4 AND occurred_at <= $2)
         UNION ALL
         (SELECT (payload->>'currentStreak')::int, occurred_at FROM "analytics".events
          WHERE user_id = $1 AND type = $3 AND occurred_at < $4
          ORDER BY occurred_at DESC LIMIT 1)
       )
       SELECT coalesce(max(previous), 0)::int AS value FROM (
         SELECT streak, occurred_at, lag(streak) OVER (ORDER BY occurred_at) AS previous FROM updates
       ) s
       WHERE occurred_at >= $4 AND streak <= $5`,
      [userId, now, PROGRESS_UPDATED, since(now, rule.windowDays), rule.resetAtMost],
    );
    return value;
  },
  explain: (value, rule) =>
    `A ${value}-day streak broke (back to ${rule.resetAtMost} or less; flagged for streaks of ${rule.threshold} days or more).`,
};

/** Whole days since signing up (within the window), for a learner who has not studied since; otherwise 0. */
const stoppedAfterSignup: RuleDefinition<"stopped-after-signup"> = {
  async measure(manager, userId, rule, now) {
    const [row] = await manager.query(
      `SELECT floor(extract(epoch FROM ($3::timestamptz - min(occurred_at))) / 86400)::int AS days FROM "analytics".events s
       WHERE s.user_id = $1 AND s.type = 'user.created' AND s.occurred_at >= $2 AND s.occurred_at <= $3
       HAVING NOT EXISTS (
         SELECT 1 FROM "analytics".events a
         WHERE a.user_id = $1 AND a.type = ANY ($4::varchar[]) AND a.occurred_at >= min(s.occurred_at))`,
      [userId, since(now, rule.windowDays), now, STUDY_EVENT_TYPES],
    );
    return row?.days ?? 0;
  },
  explain: (value, rule) =>
    `Signed up ${plural(value, "day")} ago and has not studied since (flagged after ${plural(rule.threshold, "day")}).`,
};

const DEFINITIONS: { [K in RuleId]: RuleDefinition<K> } = {
  "lapses-rising": lapsesRising,
  "again-streak": againStreak,
  "streak-broken": streakBroken,
  "stopped-after-signup": stoppedAfterSignup,
};

/** Runs one rule: its reason when the measured value reaches the threshold, else null. */
export async function applyRule(manager: EntityManager, userId: string, rule: TriageRule, now: Date): Promise<StruggleReasonRow | null> {
  const definition = DEFINITIONS[rule.id] as RuleDefinition<RuleId>;
  const value = await definition.measure(manager, userId, rule as never, now);
  if (value < rule.threshold) return null;
  return { rule: rule.id, explanation: definition.explain(value, rule as never), value, threshold: rule.threshold };
}
