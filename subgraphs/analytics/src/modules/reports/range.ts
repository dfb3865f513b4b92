import { BadUserInputError } from "@learnloop/kit";

/** A report's window: `from` inclusive, `to` exclusive, UTC. */
export interface ReportRange {
  from: Date;
  to: Date;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
export const MAX_RANGE_DAYS = 400;

/** The extensions.reason of a refused range, beside the BAD_USER_INPUT code. */
export const INVALID_DATE_RANGE = "INVALID_DATE_RANGE";

/** Refuses a range that is empty, backwards or longer than 400 days: BAD_USER_INPUT, reason INVALID_DATE_RANGE. */
export function assertReportRange({ from, to }: ReportRange): ReportRange {
  const refuse = (why: string) => new BadUserInputError(`range: ${why}.`, { field: "range", reason: INVALID_DATE_RANGE });
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw refuse("from and to must be date-times");
  if (to <= from) throw refuse("to must be after from");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw refuse(`at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** Midnight UTC of the day holding `at`. */
export const utcDay = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** Monday 00:00 UTC of the ISO week holding `at`. */
export const utcMonday = (at: Date): Date => {
  const day = utcDay(at);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
};

/** The UTC day of the range's last instant (`to` is exclusive). */
export const lastDay = ({ to }: ReportRange): Date => utcDay(new Date(to.getTime() - 1));

/** `part` of `whole` (0 to 1), or null when there is no whole to share. */
export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

// Event types are parameters: a literal such as 'lesson.completed' reads like another schema's table.
export const EVENT = {
  userCreated: "user.created",
  lessonCompleted: "lesson.completed",
  progressUpdated: "progress.updated",
  streakMilestone: "streak.milestone",
  entitlementsChanged: "entitlements.changed",
  notificationCreated: "notification.created",
  notificationRead: "notification.read",
} as const;
