import type { LearnloopEvents } from "@learnloop/events";
import type { Database, SubgraphContext, Viewer } from "@learnloop/kit";
import type { TriageConfig } from "./modules/triage/triage.config";
import type { Experiments } from "./modules/experiments/experiments.service";

/** analytics batches nothing per request: its fields are the caller's own. */
export function createLoaders(_db: Database, _viewer: Viewer | null) {
  return {};
}

export type AnalyticsContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents, AnalyticsServices>;

/** Built once at start: the triage rules (ADR 0034) and the experiments (ADR 0035), read and validated from their files. */
export interface AnalyticsServices {
  triage: TriageConfig;
  experiments: Experiments;
  /** ANALYTICS_REPORT_TIMEOUT_MS: each staff report's statement timeout. */
  reportTimeoutMs: number;
}
