/** A local time of day, "00:00" to "23:59". */
export const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export interface QuietWindow {
  /** Local time the quiet hours begin, "HH:MM" (inclusive). */
  start: string;
  /** Local time they end, "HH:MM" (exclusive); earlier than start when the window wraps midnight. */
  end: string;
}

/** Minutes since midnight of an "HH:MM" time, or null when it is not one. */
export function minutesOf(time: string): number | null {
  if (!HH_MM.test(time)) return null;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Minutes since local midnight of an instant in a time zone; an unknown zone is read as UTC. */
export function localMinutes(instant: Date, timeZone: string): number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  } catch {
    format = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part("hour") * 60 + part("minute");
}

/**
 * When the quiet hours that `instant` falls in end (the next local `end`, to the minute), or null
 * when it is not quiet time. Read on the recipient's clock as isQuietTime.
 */
export function quietHoursEnd(window: QuietWindow | null | undefined, timeZone: string, instant: Date): Date | null {
  if (!window || !isQuietTime(window, timeZone, instant)) return null;
  const end = minutesOf(window.end)!;
  const minutes = (end - localMinutes(instant, timeZone) + 1440) % 1440 || 1440;
  const minuteStart = Math.floor(instant.getTime() / 60_000) * 60_000;
  return new Date(minuteStart + minutes * 60_000);
}

/**
 * Whether an instant falls in the quiet hours, on the recipient's clock. The window includes its
 * start and excludes its end; "22:00"–"07:00" wraps midnight. A window whose start equals its end
 * (or an invalid one) is empty.
 */
export function isQuietTime(window: QuietWindow | null | undefined, timeZone: string, instant: Date): boolean {
  if (!window) return false;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === null || end === null || start === end) return false;
  const now = localMinutes(instant, timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
