/** Local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/**
 * Streaks from the distinct local dates on which the learner was active. The current streak
 * survives until the end of the day after the last activity, so it does not drop at midnight.
 */
export function computeStreaks(activeDates: string[], today: string): { current: number; longest: number } {
  const days = [...new Set(activeDates.map(dayNumber))].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1] + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const last = days[days.length - 1];
  const current = last !== undefined && dayNumber(today) - last <= 1 ? run : 0;
  return { current, longest };
}

/** Level n needs 25·n·(n−1) XP: 0, 50, 150, 300, ... */
export function levelForXp(xp: number): number {
  return Math.floor((1 + Math.sqrt(1 + (4 * Math.max(0, xp)) / 25)) / 2);
}
