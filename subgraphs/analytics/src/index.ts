import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, defineSubgraph, startPeriodic } from "@learnloop/kit";
import { createLoaders, type AnalyticsServices } from "./context";
import { envSchema, type AnalyticsEnv } from "./environment";
import { trackingConsumer } from "./events/on-tracked-event.consumer";
import { CreateEvents1796400000000 } from "./migrations/1796400000000-create-events";
import { CreateExperimentExposures1796800000000 } from "./migrations/1796800000000-create-experiment-exposures";
import { ClientEventsResolver } from "./modules/client-events/client-events.resolver";
import { CLIENT_EVENT_TYPES } from "./modules/client-events/client-events.service";
import { loadExperiments } from "./modules/experiments/experiment-config";
import { ExperimentResultsResolver } from "./modules/experiments/experiment-results.resolver";
import { EXPOSURE_EVENT } from "./modules/experiments/experiments.store";
import { UserExperimentResolver } from "./modules/experiments/user-experiment.resolver";
import { resolveUserReference, User } from "./modules/insights/user.stub";
import { UserInsightsResolver } from "./modules/insights/user-insights.resolver";
import { ensureMonthlyPartitions } from "./modules/tracking/partitions";
import { permissions } from "./permissions";

export { envSchema, type AnalyticsEnv };
export { ensureMonthlyPartitions, monthStart, partitionName } from "./modules/tracking/partitions";

/** Every type analytics.events holds: what an experiment's conversion may be. */
const STORED_TYPES = [...trackingConsumer.handlers.map((h) => h.event), ...CLIENT_EVENT_TYPES, EXPOSURE_EVENT];

export const subgraph = defineSubgraph({
  name: "analytics",
  envSchema,
  schema: {
    resolvers: [ClientEventsResolver, UserInsightsResolver, UserExperimentResolver, ExperimentResultsResolver],
    references: { User: resolveUserReference },
    // No root field returns a User: it is reached only through `_entities`.
    orphanedTypes: [User],
  },
  permissions,
  entities: [],
  migrations: [CreateEvents1796400000000, CreateExperimentExposures1796800000000],
  createLoaders,
  services: ({ env }): AnalyticsServices => ({ experiments: loadExperiments(STORED_TYPES, env.ANALYTICS_EXPERIMENTS_FILE) }),
  // Months exist before the first event lands; the periodic check keeps them ahead (ADR 0031).
  onStart: async ({ db, env, logger }) => {
    const created = await ensureMonthlyPartitions(db.dataSource, new Date(), env.ANALYTICS_PARTITION_MONTHS_AHEAD);
    if (created.length) logger.info({ partitions: created }, "analytics partitions created");
  },
  background: ({ db, env, logger }) => [
    startPeriodic(
      "analytics-partitions",
      env.ANALYTICS_PARTITION_INTERVAL_MS,
      async () => void (await ensureMonthlyPartitions(db.dataSource, new Date(), env.ANALYTICS_PARTITION_MONTHS_AHEAD)),
      logger,
    ),
  ],
  events: {
    contracts: learnloopContracts,
    publishes: [],
    consumers: [trackingConsumer, auditErasureConsumer<LearnloopEvents>("analytics")],
  },
});
