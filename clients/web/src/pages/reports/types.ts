/**
 * The staff reports exactly as analytics is to serve them (the agreed SDL of issue 16): field for
 * field what a generated `ReportsQuery` will hold, so the page does not change when useReports.ts
 * switches to it. DateTime inputs are ISO 8601 strings on the wire.
 */

/** `from` inclusive, `to` exclusive; UTC; `to` after `from`; at most 400 days. */
export interface DateRangeInput {
  from: string;
  to: string;
}

export interface ActiveUsersDay {
  date: string;
  dau: number;
  wau: number;
  mau: number;
}

export interface RetentionCohort {
  /** The cohort's Monday, YYYY-MM-DD. */
  cohortWeek: string;
  size: number;
  /** The share of the cohort active in week 0, 1, … weeks - 1. */
  retained: number[];
}

export type FunnelStepName = "SIGNED_UP" | "FIRST_LESSON" | "SEVEN_DAY_STREAK" | "PAID";

export interface FunnelStep {
  step: FunnelStepName;
  users: number;
  conversionFromPrevious: number | null;
}

export interface LessonCompletion {
  /** The Lesson entity, resolved by the gateway from its key. */
  lesson: { id: string; title: string };
  learners: number;
  completions: number;
  dropOff: number | null;
}

export interface NotificationEngagement {
  category: string;
  sent: number;
  read: number;
  readRate: number | null;
}

/** One answer for the page: the five report fields of Query, by their names. */
export interface Reports {
  activeUsersReport: ActiveUsersDay[];
  retentionCohortReport: RetentionCohort[];
  funnelReport: FunnelStep[];
  lessonCompletionReport: LessonCompletion[];
  notificationEngagementReport: NotificationEngagement[];
}
