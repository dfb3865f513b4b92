import { activeUsers } from "./active-users.report";
import { funnel } from "./funnel.report";
import { lessonCompletion } from "./lesson-completion.report";
import { notificationEngagement } from "./notification-engagement.report";
import { retentionCohorts } from "./retention-cohorts.report";

export { assertReportRange, INVALID_DATE_RANGE, type ReportRange } from "./range";
export { activeUsers, funnel, lessonCompletion, notificationEngagement, retentionCohorts };

/** Every staff report's SQL by name, for bench/ to time each one. */
export const reports = {
  activeUsers,
  retentionCohorts,
  funnel,
  lessonCompletion,
  notificationEngagement,
} as const;
