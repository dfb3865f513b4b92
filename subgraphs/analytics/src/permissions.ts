import { allow, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/insights/user.stub";

/** Deny by default: every type and field is named. A learner tracks, and sees insights of, only their own events. */
const ownerOnly = isOwner<User>((user) => user.id);

export const permissions: IRules = {
  Mutation: { track: isAuthenticated },
  TrackResult: allow,
  User: { id: allow, timezone: ownerOnly, insights: ownerOnly },
  LearningInsights: allow,
  WeekdayStudy: allow,
};
