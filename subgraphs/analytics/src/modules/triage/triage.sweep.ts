import { randomUUID } from "node:crypto";
import type { LearnloopEvents } from "@learnloop/events";
import { newTraceparent, type EventPublisher } from "@learnloop/kit";
import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import type { TriageConfig } from "./triage.config";
import { evaluateLearner, stoppedAfterSignupCandidates } from "./triage.store";

/**
 * The periodic pass for the time-based rule (stopped after sign-up): no event arrives when a
 * learner does nothing. Each candidate is evaluated in its own transaction, so one failure does
 * not hold back the rest; the cool-down claim keeps a replica's concurrent sweep from flagging twice.
 */
export async function sweepStoppedLearners(
  dataSource: DataSource,
  events: EventPublisher<LearnloopEvents>,
  config: TriageConfig,
  logger: Logger,
  now = new Date(),
): Promise<number> {
  const candidates = await stoppedAfterSignupCandidates(dataSource.manager, config, now);
  let flagged = 0;
  for (const userId of candidates) {
    const meta = { requestId: `triage-${randomUUID()}`, traceparent: newTraceparent() };
    try {
      const flag = await dataSource.transaction((tx) =>
        evaluateLearner(tx, userId, config, now, (payload) =>
          events.publish(tx, "learner.struggling", payload, meta).then(() => undefined),
        ),
      );
      if (flag) flagged++;
    } catch (err) {
      logger.error({ err, userId }, "triage: could not evaluate a learner; will retry next sweep");
    }
  }
  if (flagged) logger.info({ flagged }, "triage: learners flagged by the sweep");
  return flagged;
}
