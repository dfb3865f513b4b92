import type { LearnloopEvents } from "@learnloop/events";
import type { EntityManager } from "typeorm";
import type { Suggestion, TriageConfig } from "./triage.config";
import { applyRule, STUDY_EVENT_TYPES, type StruggleReasonRow } from "./triage.rules";

export type StrugglingPayload = LearnloopEvents["learner.struggling"];
/** Writes learner.struggling through the outbox, in the transaction that recorded the flag. */
export type PublishStruggling = (payload: StrugglingPayload) => Promise<void>;

export interface StruggleFlag {
  userId: string;
  score: number;
  reasons: StruggleReasonRow[];
  suggestion: Suggestion;
  flaggedAt: Date;
}

const DAY_MS = 86_400_000;
/** Scores are sums of configured weights: rounded so 0.1 + 0.2 reads 0.3. */
const roundScore = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Evaluates every enabled rule for one learner at `now`, in the caller's transaction. A flag needs
 * at least one fired rule that did not already flag the learner within the cool-down: each fired
 * rule is claimed in `struggle_rule_fires` by one upsert that only moves a fire older than the
 * cool-down, so two evaluations at once cannot both claim it. The flag replaces the learner's
 * previous one (the triage list shows the latest), its score is the sum of the weights of all the
 * rules that fired, its suggestion the heaviest fired rule's, and learner.struggling is published.
 */
export async function evaluateLearner(
  manager: EntityManager,
  userId: string,
  config: TriageConfig,
  now: Date,
  publish: PublishStruggling,
): Promise<StruggleFlag | null> {
  const [erased] = await manager.query(`SELECT 1 FROM "analytics".erased_users WHERE user_id = $1`, [userId]);
  if (erased) return null;
  const fired: { reason: StruggleReasonRow; weight: number; suggestion: Suggestion }[] = [];
  for (const rule of config.rules) {
    if (!rule.enabled) continue;
    const reason = await applyRule(manager, userId, rule, now);
    if (reason) fired.push({ reason, weight: rule.weight, suggestion: rule.suggestion });
  }
  if (!fired.length) return null;
  const claimed: { rule: string }[] = await manager.query(
    `INSERT INTO "analytics".struggle_rule_fires (user_id, rule, fired_at)
     SELECT $1, rule, $3 FROM unnest($2::varchar[]) AS rule
     ON CONFLICT (user_id, rule) DO UPDATE SET fired_at = EXCLUDED.fired_at
       WHERE struggle_rule_fires.fired_at <= EXCLUDED.fired_at - make_interval(secs => $4)
     RETURNING rule`,
    [userId, fired.map((f) => f.reason.rule), now, (config.cooldownDays * DAY_MS) / 1000],
  );
  if (!claimed.length) return null;
  const heaviest = fired.reduce((a, b) => (b.weight > a.weight ? b : a));
  const flag: StruggleFlag = {
    userId,
    score: roundScore(fired.reduce((sum, f) => sum + f.weight, 0)),
    reasons: fired.map((f) => f.reason),
    suggestion: heaviest.suggestion,
    flaggedAt: now,
  };
  await manager.query(
    `INSERT INTO "analytics".struggle_flags (user_id, score, reasons, suggestion, flagged_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons,
       suggestion = EXCLUDED.suggestion, flagged_at = EXCLUDED.flagged_at`,
    [userId, flag.score, JSON.stringify(flag.reasons), flag.suggestion, now],
  );
  await publish({
    userId,
    score: flag.score,
    // Non-empty: a flag needs a fired rule.
    reasons: flag.reasons.map(({ rule, value, threshold }) => ({ rule, value, threshold })) as StrugglingPayload["reasons"],
    suggestion: flag.suggestion,
    flaggedAt: now.toISOString(),
  });
  return flag;
}

/**
 * Learners the time-based rule (stopped after sign-up) may flag at `now`: signed up in its window
 * at least `threshold` days ago, nothing studied since, not flagged for it within the cool-down.
 * Oldest sign-ups first, at most `limit`; the sweep evaluates each in its own transaction.
 */
export async function stoppedAfterSignupCandidates(
  manager: EntityManager,
  config: TriageConfig,
  now: Date,
  limit = 500,
): Promise<string[]> {
  const rule = config.rules.find((r) => r.id === "stopped-after-signup");
  if (!rule?.enabled) return [];
  const rows: { user_id: string }[] = await manager.query(
    `SELECT s.user_id FROM (
       SELECT user_id, min(occurred_at) AS signed_up FROM "analytics".events
       WHERE type = 'user.created' AND user_id IS NOT NULL AND occurred_at >= $1 AND occurred_at <= $2
       GROUP BY user_id
     ) s
     WHERE NOT EXISTS (SELECT 1 FROM "analytics".events a
                       WHERE a.user_id = s.user_id AND a.type = ANY ($3::varchar[]) AND a.occurred_at >= s.signed_up)
       AND NOT EXISTS (SELECT 1 FROM "analytics".struggle_rule_fires f
                       WHERE f.user_id = s.user_id AND f.rule = 'stopped-after-signup' AND f.fired_at > $4)
     ORDER BY s.signed_up LIMIT $5`,
    [
      new Date(now.getTime() - rule.windowDays * DAY_MS),
      new Date(now.getTime() - rule.threshold * DAY_MS),
      STUDY_EVENT_TYPES,
      new Date(now.getTime() - config.cooldownDays * DAY_MS),
      limit,
    ],
  );
  return rows.map((r) => r.user_id);
}

/** A deleted learner's flags go with their events (called from eraseUser). */
export async function eraseFlags(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`DELETE FROM "analytics".struggle_flags WHERE user_id = $1`, [userId]);
  await manager.query(`DELETE FROM "analytics".struggle_rule_fires WHERE user_id = $1`, [userId]);
}

export interface FlagCursor {
  score: number;
  flaggedAt: Date;
  userId: string;
}

/** The triage list: highest score first, then the latest flag, then user id; keyset after `after`. */
export async function listFlags(manager: EntityManager, size: number, after: FlagCursor | null): Promise<StruggleFlag[]> {
  const rows: { user_id: string; score: number; reasons: StruggleReasonRow[]; suggestion: Suggestion; flagged_at: Date }[] =
    await manager.query(
      `SELECT user_id, score, reasons, suggestion, flagged_at FROM "analytics".struggle_flags
       WHERE $1::float8 IS NULL OR score < $1 OR (score = $1 AND (flagged_at < $2 OR (flagged_at = $2 AND user_id > $3)))
       ORDER BY score DESC, flagged_at DESC, user_id LIMIT $4`,
      [after?.score ?? null, after?.flaggedAt ?? null, after?.userId ?? null, size],
    );
  return rows.map((r) => ({ userId: r.user_id, score: r.score, reasons: r.reasons, suggestion: r.suggestion, flaggedAt: r.flagged_at }));
}
