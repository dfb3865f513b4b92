import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, type SubgraphEvents } from "@learnloop/kit";
import { catalogueConsumer } from "./events/on-catalogue.consumer";
import { userLifecycleConsumer } from "./events/on-user-lifecycle.consumer";

/** What progress tells and hears; cross-checked against schema/events by tests/schema/events.spec.ts. */
export const progressEvents: SubgraphEvents<LearnloopEvents> = {
  contracts: learnloopContracts,
  publishes: ["lesson.completed", "progress.updated", "review.recorded", "level.reached", "achievement.unlocked", "streak.milestone"],
  consumers: [userLifecycleConsumer, catalogueConsumer, auditErasureConsumer("progress")],
};
