import { learnloopContracts, type LearnloopEvents, type LearnloopPublisher } from "@learnloop/events";
import { auditErasureConsumer, EventPublisher, type SubgraphEvents } from "@learnloop/kit";

/** What content tells the rest of Learnloop: its catalogue (ADR 0011); cross-checked by tests/schema/events.spec.ts. */
export const contentEvents: SubgraphEvents<LearnloopEvents> = {
  contracts: learnloopContracts,
  publishes: ["catalogue.lessons.published", "catalogue.characters.published", "catalogue.published"],
  consumers: [auditErasureConsumer("content")],
};

/**
 * Content's outbox publisher for the import CLI, which runs without the service. Rows it writes go
 * out through the service's relay (same schema, same outbox table).
 */
export const catalogueOutbox = (): LearnloopPublisher =>
  new EventPublisher(learnloopContracts, "content", "content", contentEvents.publishes);
