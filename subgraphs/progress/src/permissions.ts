import { allow, isAuthenticated, isOwner, isOwnerOrPublic, type IRules } from "@learnloop/kit";
import type { ProgressContext } from "./context";
import type { User } from "./modules/learner/user.stub";

const ownerOnly = isOwner<User>((user) => user.id);
// Public from the learners read model (user events): no row, or no word from users yet, is private.
const ownerOrPublic = isOwnerOrPublic<User, ProgressContext>(
  (user) => user.id,
  async (user, ctx) => (await ctx.loaders.learnerById.load(user.id))?.profilePublic === true,
  "This learner keeps their progress private.",
);

export const permissions: IRules = {
  Query: { reviewQueue: isAuthenticated },
  Subscription: { progressUpdated: isAuthenticated },
  ProgressUpdate: allow,
  Mutation: { completeLesson: isAuthenticated, recordReview: isAuthenticated },
  User: {
    id: allow,
    timezone: ownerOnly,
    xp: ownerOrPublic,
    level: ownerOrPublic,
    currentStreak: ownerOnly,
    longestStreak: ownerOnly,
    nextReviewAt: ownerOnly,
  },
  // The viewer's own by construction (read through the viewer-bound loaders); empty or null when signed out.
  Lesson: { id: allow, completedByMe: allow, myCompletion: allow, mastery: allow, xpForCompletion: allow },
  Course: { id: allow, lessonIds: allow, myProgress: allow },
  CourseProgress: allow,
  LessonCompletion: allow,
  CompleteLessonPayload: allow,
  ReviewItem: allow,
  ReviewOutcome: allow,
  Character: { id: allow },
};
