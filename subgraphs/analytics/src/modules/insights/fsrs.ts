import type * as TsFsrs from "ts-fsrs" with { "resolution-mode": "import" };

// The ts-fsrs progress schedules with (same version), loaded as progress does: its typings are ESM-only.
const { forgetting_curve, generatorParameters } = require("ts-fsrs") as typeof TsFsrs;
const { w } = generatorParameters();
const DAY_MS = 86_400_000;

/** FSRS's probability of recalling a card now, `stability` days stable and last reviewed at `lastReview`. */
export function recallNow(stability: number, lastReview: Date, now: Date): number {
  if (stability <= 0) return 0;
  const elapsedDays = Math.max(0, (now.getTime() - lastReview.getTime()) / DAY_MS);
  return forgetting_curve(w, elapsedDays, stability);
}
