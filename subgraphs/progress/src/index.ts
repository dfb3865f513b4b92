import { LiveProgressResolver } from "./modules/live/live-progress.resolver";
import { defineSubgraph } from "@learnloop/kit";
import { createLoaders, type ProgressServices } from "./context";
import { envSchema } from "./environment";
import { progressEvents } from "./events";
import { CreateProgress1763790000000 } from "./migrations/1763790000000-create-progress";
import { LearnerTimezoneAchievements1763900000001 } from "./migrations/1763900000001-learner-timezone-achievements";
import { KnownCatalogue1796000000000 } from "./migrations/1796000000000-known-catalogue";
import { LearnerProfilePublic1796100000000 } from "./migrations/1796100000000-learner-profile-public";
import { ReviewLogsByDay1796200000000 } from "./migrations/1796200000000-review-logs-by-day";
import { KnownCatalogue } from "./modules/catalogue/known-catalogue";
import { CourseProgressResolver, resolveCourseReference } from "./modules/course-progress/course-progress.resolver";
import { Course } from "./modules/course-progress/course.stub";
import { Activity, Learner } from "./modules/learner/learner.entity";
import { LearnerResolver, resolveUserReference } from "./modules/learner/learner.resolver";
import { LessonCompletion } from "./modules/lesson-progress/lesson-completion.entity";
import { LessonProgressResolver, resolveLessonReference } from "./modules/lesson-progress/lesson-progress.resolver";
import { ReviewCard, ReviewLog } from "./modules/review/review-card.entity";
import { ReviewResolver } from "./modules/review/review.resolver";
import { permissions } from "./permissions";

export const subgraph = defineSubgraph({
  name: "progress",
  envSchema,
  schema: {
    resolvers: [LearnerResolver, LessonProgressResolver, CourseProgressResolver, ReviewResolver, LiveProgressResolver],
    references: { User: resolveUserReference, Lesson: resolveLessonReference, Course: resolveCourseReference },
    // No progress field returns a Course: the gateway reaches it by its key alone.
    orphanedTypes: [Course],
  },
  permissions,
  entities: [Learner, Activity, LessonCompletion, ReviewCard, ReviewLog],
  migrations: [
    CreateProgress1763790000000,
    LearnerTimezoneAchievements1763900000001,
    KnownCatalogue1796000000000,
    LearnerProfilePublic1796100000000,
    ReviewLogsByDay1796200000000,
  ],
  createLoaders,
  services: ({ env }): ProgressServices => ({ freeDailyReviews: env.FREE_DAILY_REVIEWS }),
  events: progressEvents,
  // Without content's catalogue, completions and reviews cannot be checked; `npm start` and the test stack wait for it.
  readiness: ({ db }) => new KnownCatalogue(db.dataSource.manager).notReadyReason(),
});
