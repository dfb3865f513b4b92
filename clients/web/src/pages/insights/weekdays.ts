import type { Weekday } from "../../generated/graphql";

/** ISO order, Monday first, as analytics counts weekdays (extract(isodow)). */
export const WEEKDAYS: readonly Weekday[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/**
 * Every weekday once, Monday to Sunday, with its minutes: the chart's bars stay in calendar order
 * whatever order the API lists them in, and a weekday it leaves out is a zero bar, not a gap.
 */
export function byWeekday(rows: readonly { weekday: Weekday; minutes: number }[]): { weekday: Weekday; minutes: number }[] {
  const minutes = new Map<Weekday, number>();
  for (const r of rows) minutes.set(r.weekday, (minutes.get(r.weekday) ?? 0) + r.minutes);
  return WEEKDAYS.map((weekday) => ({ weekday, minutes: minutes.get(weekday) ?? 0 }));
}

/** A weekday's short name in the learner's language, "Mon" or "月": from Intl, not a table to translate. */
export function weekdayName(weekday: Weekday, language: string): string {
  // 2024-01-01 was a Monday.
  const day = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(weekday)));
  return new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-GB", { weekday: "short", timeZone: "UTC" }).format(day);
}
