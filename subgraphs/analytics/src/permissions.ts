import { allow, hasRole, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/insights/user.stub";

/** Deny by default: every type and field is named. A learner tracks, and sees insights and experiment variants of, only their own; experiment results are staff's. */
const ownerOnly = isOwner<User>((user) => user.id);

export const permissions: IRules = {
  Query: { experimentResults: hasRole("staff", "admin") },
  Mutation: { track: isAuthenticated },
  TrackResult: allow,
  User: { id: allow, timezone: ownerOnly, insights: ownerOnly, experimentVariant: ownerOnly },
  LearningInsights: allow,
  WeekdayStudy: allow,
  ExperimentAssignment: allow,
  ExperimentResults: allow,
  VariantResult: allow,
  ConfidenceInterval: allow,
};
