import { ContractRegistry } from "@learnloop/kit";
import { contracts } from "./generated/contracts";

export * from "./generated/contracts";

/** Learnloop's event contracts from schema/events, compiled once per process. */
export const learnloopContracts = new ContractRegistry(contracts);

import type { EventMeta, EventPublisher } from "@learnloop/kit";
import type { LearnloopEvents } from "./generated/contracts";

export type LearnloopPublisher = EventPublisher<LearnloopEvents>;

/** What a service needs to publish: the subgraph's publisher and the causing request's meta. */
export interface EventSink {
  publisher: LearnloopPublisher;
  meta: EventMeta;
}

/** The request's publisher with Learnloop's event types; a subgraph that declares no events has none. */
export function eventSink(ctx: { events?: EventPublisher; eventMeta: EventMeta }): EventSink {
  if (!ctx.events) throw new Error("this subgraph declares no published events");
  return { publisher: ctx.events as unknown as LearnloopPublisher, meta: ctx.eventMeta };
}
