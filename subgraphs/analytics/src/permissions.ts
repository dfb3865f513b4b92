import { allow, hasRole, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/insights/user.stub";

/**
 * Deny by default: every type and field is named. A learner tracks, and sees insights of, only their
 * own events; the struggle triage list is for staff and admins.
 */
const ownerOnly = isOwner<User>((user) => user.id);

export const permissions: IRules = {
  Query: { strugglingLearners: hasRole("staff", "admin") },
  Mutation: { track: isAuthenticated },
  TrackResult: allow,
  User: { id: allow, timezone: ownerOnly, insights: ownerOnly },
  LearningInsights: allow,
  WeekdayStudy: allow,
  StrugglingLearnerConnection: allow,
  StrugglingLearnerEdge: allow,
  StrugglingLearner: allow,
  StruggleReason: allow,
};
