import { allow, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/learner/user.stub";

const ownerOnly = isOwner<User>((user) => user.id);

export const permissions: IRules = {
  Query: { reviewQueue: isAuthenticated },
  Subscription: { progressUpdated: isAuthenticated },
  ProgressUpdate: allow,
  Mutation: { completeLesson: isAuthenticated, recordReview: isAuthenticated },
  User: { id: allow, timezone: ownerOnly, xp: allow, level: allow, currentStreak: ownerOnly, longestStreak: ownerOnly },
  Lesson: { id: allow, completedByMe: allow, myCompletion: allow, mastery: allow },
  LessonCompletion: allow,
  CompleteLessonPayload: allow,
  ReviewItem: allow,
  Character: { id: allow },
};
