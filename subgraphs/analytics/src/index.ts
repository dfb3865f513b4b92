import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, defineSubgraph, startPeriodic } from "@learnloop/kit";
import { createLoaders } from "./context";
import { envSchema, type AnalyticsEnv } from "./environment";
import { trackingConsumer } from "./events/on-tracked-event.consumer";
import { catalogueConsumer } from "./events/on-catalogue.consumer";
import { CreateEvents1796400000000 } from "./migrations/1796400000000-create-events";
import { CreateReviewCards1796500000000 } from "./migrations/1796500000000-create-review-cards";
import { ClientEventsResolver } from "./modules/client-events/client-events.resolver";
import { resolveUserReference, User } from "./modules/insights/user.stub";
import { UserInsightsResolver } from "./modules/insights/user-insights.resolver";
import { ReportsResolver } from "./modules/reports/reports.resolver";
import { ensureMonthlyPartitions } from "./modules/tracking/partitions";
import { permissions } from "./permissions";

export { envSchema, type AnalyticsEnv };
export { ensureMonthlyPartitions, monthStart, partitionName } from "./modules/tracking/partitions";
export { reports } from "./modules/reports";

export const subgraph = defineSubgraph({
  name: "analytics",
  envSchema,
  schema: {
    resolvers: [ClientEventsResolver, UserInsightsResolver, ReportsResolver],
    references: { User: resolveUserReference },
    // No root field returns a User: it is reached only through `_entities`.
    orphanedTypes: [User],
  },
  permissions,
  entities: [],
  migrations: [CreateEvents1796400000000, CreateReviewCards1796500000000],
  createLoaders,
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
    consumers: [trackingConsumer, catalogueConsumer, auditErasureConsumer<LearnloopEvents>("analytics")],
  },
});
