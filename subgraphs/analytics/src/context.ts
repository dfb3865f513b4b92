import type { LearnloopEvents } from "@learnloop/events";
import type { Database, SubgraphContext, Viewer } from "@learnloop/kit";
import type { Experiments } from "./modules/experiments/experiments.service";

/** analytics batches nothing per request: its fields are the caller's own. */
export function createLoaders(_db: Database, _viewer: Viewer | null) {
  return {};
}

/** What analytics's resolvers get besides the database: the experiments, read once at start. */
export interface AnalyticsServices {
  experiments: Experiments;
}

export type AnalyticsContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents, AnalyticsServices>;
