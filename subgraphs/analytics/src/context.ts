import type { LearnloopEvents } from "@learnloop/events";
import type { Database, SubgraphContext, Viewer } from "@learnloop/kit";

/** analytics batches nothing per request: its fields are the caller's own. */
export function createLoaders(_db: Database, _viewer: Viewer | null) {
  return {};
}

export type AnalyticsContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents>;
