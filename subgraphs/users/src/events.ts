import { learnloopContracts } from "@learnloop/events";
import type { LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, type SubgraphEvents } from "@learnloop/kit";

/** What users tells the rest of Learnloop; cross-checked against schema/events by tests/schema/events.spec.ts. */
export const usersEvents: SubgraphEvents<LearnloopEvents> = {
  contracts: learnloopContracts,
  publishes: ["user.created", "user.updated", "user.deleted"],
  consumers: [auditErasureConsumer("users")],
};
