import { ContractRegistry, type EventPublisher, type EventSink } from "@learnloop/kit/internal";
import { contracts, type LearnloopEvents } from "./generated/contracts";

export * from "./generated/contracts";

/** Learnloop's event contracts from schema/events, compiled once per process, typed by event name. */
export const learnloopContracts = new ContractRegistry<LearnloopEvents>(contracts);

export type LearnloopPublisher = EventPublisher<LearnloopEvents>;
/** What a service needs to publish Learnloop events: the subgraph's publisher and the causing request's meta. */
export type LearnloopSink = EventSink<LearnloopEvents>;
