import type { DateRangeInput } from "../../generated/graphql";

const DAY_MS = 86_400_000;

/**
 * The last `days` whole UTC days, today included: from that many midnights back to the midnight
 * after today (the reports' `to` is exclusive), so a day's figures are never cut at the hour.
 */
export function lastDays(days: number, now: Date = new Date()): DateRangeInput {
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}
