import type { LearnloopEvents } from "@learnloop/events";
import type { Database, SubgraphContext, Viewer } from "@learnloop/kit";
import type { TriageConfig } from "./modules/triage/triage.config";

/** analytics batches nothing per request: its fields are the caller's own. */
export function createLoaders(_db: Database, _viewer: Viewer | null) {
  return {};
}

export type AnalyticsContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents>;

/** Built once at start: the triage rules, read and validated from their file (ADR 0034). */
export interface AnalyticsServices {
  triage: TriageConfig;
}
