import { allow, and, hasPlanFeature, hasRole, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/insights/user.stub";

/**
 * Deny by default: every type and field is named. A learner tracks, and sees insights and
 * experiment variants of, only their own; insights need the LEARNING_INSIGHTS plan feature
 * (PLAN_REQUIRED otherwise); the struggle triage list and experiment results are staff's and admins'.
 */
const ownerOnly = isOwner<User>((user) => user.id);
/** Staff reports count every learner: admins only; the types below are reachable only through them. */
const admin = hasRole("admin");

export const permissions: IRules = {
  Query: {
    activeUsersReport: admin,
    retentionCohortReport: admin,
    funnelReport: admin,
    lessonCompletionReport: admin,
    notificationEngagementReport: admin,
    strugglingLearners: hasRole("staff", "admin"),
    experimentResults: hasRole("staff", "admin"),
  },
  Mutation: { track: isAuthenticated },
  TrackResult: allow,
  User: { id: allow, timezone: ownerOnly, insights: and(ownerOnly, hasPlanFeature("LEARNING_INSIGHTS")), experimentVariant: ownerOnly },
  LearningInsights: allow,
  WeekdayStudy: allow,
  ActiveUsersDay: allow,
  RetentionCohort: allow,
  FunnelStep: allow,
  LessonCompletionStats: allow,
  Lesson: allow,
  NotificationEngagement: allow,
  JlptAccuracy: allow,
  KindAccuracy: allow,
  Retention: allow,
  HourStudy: allow,
  DueDay: allow,
  WeakItem: allow,
  Character: { id: allow },
  StrugglingLearnerConnection: allow,
  StrugglingLearnerEdge: allow,
  StrugglingLearner: allow,
  StruggleReason: allow,
  ExperimentAssignment: allow,
  ExperimentResults: allow,
  VariantResult: allow,
  ConfidenceInterval: allow,
};
