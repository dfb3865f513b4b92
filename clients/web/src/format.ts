/**
 * Dates and durations in the learner's language and time zone (the profile's), through Intl: a
 * Japanese learner sees 2026年12月1日 15:04, an English one 1 Dec 2026, 15:04.
 */
export interface Locale {
  language: string;
  timeZone?: string;
}

const intlLocale = (language: string) => (language === "ja" ? "ja-JP" : "en-GB");

export function formatDateTime(iso: string, { language, timeZone }: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

export function formatTime(iso: string, { language, timeZone }: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(language), { timeStyle: "short", timeZone }).format(new Date(iso));
}

/** The calendar day, in the learner's zone, as "YYYY-MM-DD": what notifications are grouped by. */
export function dayKey(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(new Date(iso));
}

/** "Today", "Yesterday" or the date, in the learner's language. */
export function formatDay(day: string, { language, timeZone }: Locale, now = new Date()): string {
  const today = dayKey(now.toISOString(), timeZone);
  // The calendar day before today's, not 24 hours ago: a day can be 23 or 25 hours long.
  const yesterday = dayKey(new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString(), "UTC");
  const relative = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: "auto" });
  if (day === today) return capitalise(relative.format(0, "day"));
  if (day === yesterday) return capitalise(relative.format(-1, "day"));
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  // From 345 days a duration reads as a year, not "12 months".
  ["year", 345 * 86_400],
  ["month", 30 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** A duration as the largest whole unit: "10 min", "3 days", "2 か月". */
export function formatInterval(seconds: number, { language }: Locale): string {
  const [unit, size] = UNITS.find(([, s]) => seconds >= s) ?? ["minute", 60];
  const value = Math.max(1, Math.round(seconds / (unit === "year" ? 365 * 86_400 : size)));
  return new Intl.NumberFormat(intlLocale(language), { style: "unit", unit, unitDisplay: "short" }).format(value);
}

/** "in 3 days", "3 日後". */
export function formatFromNow(iso: string, { language }: Locale, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: "auto" });
  if (Math.abs(seconds) < 60) return relative.format(0, "minute");
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s)!;
  return relative.format(Math.round(seconds / (unit === "year" ? 365 * 86_400 : size)), unit);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
