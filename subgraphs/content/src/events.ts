import { learnloopContracts, type LearnloopPublisher } from "@learnloop/events";
import { EventPublisher, type SubgraphEvents } from "@learnloop/kit";

/** What content tells the rest of Learnloop: its catalogue (ADR 0011); cross-checked by tests/schema/events.spec.ts. */
export const contentEvents: SubgraphEvents = {
  contracts: learnloopContracts,
  publishes: ["catalogue.lessons.published", "catalogue.characters.published", "catalogue.published"],
  consumers: [],
};

/**
 * Content's outbox publisher for work outside a request: the import on start runs before the
 * kit starts events, and the import CLI runs without the service. Rows it writes go out through
 * the same relay as the kit's publisher (same schema, same outbox table).
 */
export const catalogueOutbox = (): LearnloopPublisher =>
  new EventPublisher(learnloopContracts, "content", "content", contentEvents.publishes) as unknown as LearnloopPublisher;
