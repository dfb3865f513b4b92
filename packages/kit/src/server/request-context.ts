import type { Logger } from "pino";
import type { Database } from "../db/database";

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

export interface SubgraphContext<Loaders = unknown> extends RequestContext {
  db: Database;
  /** Created per request, so batching and caching never leak between callers. */
  loaders: Loaders;
}
