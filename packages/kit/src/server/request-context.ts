import type { LiveEventContext } from "../schema/live-subscription";
import type { Logger } from "pino";
import type { Database } from "../db/database";
import type { EventMeta } from "../events/envelope";
import type { EventPublisher } from "../events/outbox";

export interface Viewer {
  /** The Clerk user id, which is also `User.id` across the supergraph. */
  userId: string;
}

/** What every resolver receives, in every subgraph. */
export interface RequestContext {
  requestId: string;
  viewer: Viewer | null;
  clientId?: string;
  logger: Logger;
}

export interface SubgraphContext<Loaders = unknown> extends RequestContext, LiveEventContext {
  db: Database;
  /** Created per request, so batching and caching never leak between callers. */
  loaders: Loaders;
  /** Writes events to the outbox in the caller's transaction; absent if the subgraph publishes none. */
  events?: EventPublisher;
  /** What events caused by this request carry: request id, trace and client id. */
  eventMeta: EventMeta;
}
