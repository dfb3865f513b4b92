import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, defineSubgraph, startPeriodic } from "@learnloop/kit";
import { createLoaders, type AnalyticsServices } from "./context";
import { envSchema, type AnalyticsEnv } from "./environment";
import { trackingConsumer } from "./events/on-tracked-event.consumer";
import { catalogueConsumer } from "./events/on-catalogue.consumer";
import { CreateEvents1796400000000 } from "./migrations/1796400000000-create-events";
import { CreateReviewCards1796500000000 } from "./migrations/1796500000000-create-review-cards";
import { StruggleFlags1796600000000 } from "./migrations/1796600000000-struggle-flags";
import { CreateExperimentExposures1796800000000 } from "./migrations/1796800000000-create-experiment-exposures";
import { ClientEventsResolver } from "./modules/client-events/client-events.resolver";
import { CLIENT_EVENT_TYPES } from "./modules/client-events/client-events.service";
import { loadExperiments } from "./modules/experiments/experiment-config";
import { ExperimentResultsResolver } from "./modules/experiments/experiment-results.resolver";
import { EXPOSURE_EVENT } from "./modules/experiments/experiments.store";
import { UserExperimentResolver } from "./modules/experiments/user-experiment.resolver";
import { resolveUserReference, User } from "./modules/insights/user.stub";
import { UserInsightsResolver } from "./modules/insights/user-insights.resolver";
import { ReportsResolver } from "./modules/reports/reports.resolver";
import { ensureMonthlyPartitions } from "./modules/tracking/partitions";
import { DEFAULT_TRIAGE_RULES_PATH, loadTriageConfig } from "./modules/triage/triage.config";
import { TriageResolver } from "./modules/triage/triage.resolver";
import { sweepStoppedLearners } from "./modules/triage/triage.sweep";
import { permissions } from "./permissions";

export { envSchema, type AnalyticsEnv };
export { ensureMonthlyPartitions, monthStart, partitionName } from "./modules/tracking/partitions";
export { reports } from "./modules/reports";
export { recordEvents, type TrackedEvent } from "./modules/tracking/tracking.store";
export { loadTriageConfig, parseTriageConfig, type TriageConfig } from "./modules/triage/triage.config";
export { sweepStoppedLearners } from "./modules/triage/triage.sweep";

/** Every type analytics.events holds: what an experiment's conversion may be. */
const STORED_TYPES = [...trackingConsumer.handlers.map((h) => h.event), ...CLIENT_EVENT_TYPES, EXPOSURE_EVENT];

export const subgraph = defineSubgraph({
  name: "analytics",
  envSchema,
  schema: {
    resolvers: [
      ClientEventsResolver,
      UserInsightsResolver,
      ReportsResolver,
      TriageResolver,
      UserExperimentResolver,
      ExperimentResultsResolver,
    ],
    references: { User: resolveUserReference },
    // No root field returns a User: it is reached only through `_entities`.
    orphanedTypes: [User],
  },
  permissions,
  entities: [],
  migrations: [
    CreateEvents1796400000000,
    CreateReviewCards1796500000000,
    StruggleFlags1796600000000,
    CreateExperimentExposures1796800000000,
  ],
  createLoaders,
  // A bad rules or experiments file stops the start with every problem named (ADR 0034, 0035).
  services: ({ env }): AnalyticsServices => ({
    triage: loadTriageConfig(env.ANALYTICS_TRIAGE_RULES_PATH ?? DEFAULT_TRIAGE_RULES_PATH),
    experiments: loadExperiments(STORED_TYPES, env.ANALYTICS_EXPERIMENTS_FILE),
    reportTimeoutMs: env.ANALYTICS_REPORT_TIMEOUT_MS,
  }),
  // Months exist before the first event lands; the periodic check keeps them ahead (ADR 0031).
  onStart: async ({ db, env, logger }) => {
    const created = await ensureMonthlyPartitions(db.dataSource, new Date(), env.ANALYTICS_PARTITION_MONTHS_AHEAD);
    if (created.length) logger.info({ partitions: created }, "analytics partitions created");
  },
  background: ({ db, env, logger, events, services }) => [
    startPeriodic(
      "analytics-partitions",
      env.ANALYTICS_PARTITION_INTERVAL_MS,
      async () => void (await ensureMonthlyPartitions(db.dataSource, new Date(), env.ANALYTICS_PARTITION_MONTHS_AHEAD)),
      logger,
    ),
    // Stopping after sign-up is an absence of events: only a periodic look finds it.
    startPeriodic(
      "analytics-triage-sweep",
      env.ANALYTICS_TRIAGE_SWEEP_INTERVAL_MS,
      async () => void (await sweepStoppedLearners(db.dataSource, events, services.triage, logger.child({ source: "triage" }))),
      logger,
    ),
  ],
  events: {
    contracts: learnloopContracts,
    publishes: ["learner.struggling"],
    consumers: [trackingConsumer, catalogueConsumer, auditErasureConsumer<LearnloopEvents, AnalyticsServices>("analytics")],
  },
});
