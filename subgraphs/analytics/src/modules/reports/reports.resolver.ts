import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { activeUsers } from "./active-users.report";
import { funnel } from "./funnel.report";
import { lessonCompletion } from "./lesson-completion.report";
import { Lesson } from "./lesson.stub";
import { notificationEngagement } from "./notification-engagement.report";
import { assertReportRange } from "./range";
import {
  ActiveUsersDay,
  DateRangeInput,
  FunnelStep,
  LessonCompletionStats,
  NotificationEngagement,
  RetentionCohort,
} from "./reports.types";
import { retentionCohorts } from "./retention-cohorts.report";

const ADMINS = " Admins only.";

/** Staff reports over analytics.events (permissions.ts: role admin). Each validates its range first. */
@Resolver()
export class ReportsResolver {
  @Query(() => [ActiveUsersDay], { description: `DAU, WAU and MAU for each UTC day of the range.${ADMINS}` })
  activeUsersReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    return activeUsers(ctx.manager, assertReportRange(range));
  }

  @Query(() => [RetentionCohort], { description: `Weekly retention of the users who signed up in the range.${ADMINS}` })
  retentionCohortReport(
    @Arg("range", () => DateRangeInput) range: DateRangeInput,
    @Arg("weeks", () => Int, { defaultValue: 8, description: "Weeks followed after each cohort's, 1 to 52." }) weeks: number,
    @Ctx() ctx: AnalyticsContext,
  ) {
    return retentionCohorts(ctx.manager, assertReportRange(range), weeks);
  }

  @Query(() => [FunnelStep], { description: `From sign-up (in the range) to a first lesson, a 7-day streak and a paid plan.${ADMINS}` })
  funnelReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    return funnel(ctx.manager, assertReportRange(range));
  }

  @Query(() => [LessonCompletionStats], {
    description: `Learners, completions and drop-off of each lesson completed in the range.${ADMINS}`,
  })
  async lessonCompletionReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    const rows = await lessonCompletion(ctx.manager, assertReportRange(range));
    return rows.map(({ lessonId, ...row }) => ({ ...row, lesson: Object.assign(new Lesson(), { id: lessonId }) }));
  }

  @Query(() => [NotificationEngagement], { description: `Notifications sent in the range against those read, by category.${ADMINS}` })
  notificationEngagementReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    return notificationEngagement(ctx.manager, assertReportRange(range));
  }
}
