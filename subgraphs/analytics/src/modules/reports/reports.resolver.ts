import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { activeUsers } from "./active-users.report";
import { funnel } from "./funnel.report";
import { lessonCompletion } from "./lesson-completion.report";
import { Lesson } from "./lesson.stub";
import { notificationEngagement } from "./notification-engagement.report";
import { assertReportRange } from "./range";
import { withinReportTimeout } from "./report-timeout";
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

/** Staff reports over analytics.events (permissions.ts: role admin). Each validates its range first, and runs under the report timeout. */
@Resolver()
export class ReportsResolver {
  @Query(() => [ActiveUsersDay], { description: `DAU, WAU and MAU for each UTC day of the range.${ADMINS}` })
  activeUsersReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    const checked = assertReportRange(range);
    return withinReportTimeout(ctx.manager, ctx.services.reportTimeoutMs, (tx) => activeUsers(tx, checked));
  }

  @Query(() => [RetentionCohort], { description: `Weekly retention of the users who signed up in the range.${ADMINS}` })
  retentionCohortReport(
    @Arg("range", () => DateRangeInput) range: DateRangeInput,
    @Arg("weeks", () => Int, { defaultValue: 8, description: "Weeks followed after each cohort's, 1 to 52." }) weeks: number,
    @Ctx() ctx: AnalyticsContext,
  ) {
    const checked = assertReportRange(range);
    return withinReportTimeout(ctx.manager, ctx.services.reportTimeoutMs, (tx) => retentionCohorts(tx, checked, weeks));
  }

  @Query(() => [FunnelStep], { description: `From sign-up (in the range) to a first lesson, a 7-day streak and a paid plan.${ADMINS}` })
  funnelReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    const checked = assertReportRange(range);
    return withinReportTimeout(ctx.manager, ctx.services.reportTimeoutMs, (tx) => funnel(tx, checked));
  }

  @Query(() => [LessonCompletionStats], {
    description: `Learners, completions and drop-off of each lesson completed in the range.${ADMINS}`,
  })
  async lessonCompletionReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    const checked = assertReportRange(range);
    const rows = await withinReportTimeout(ctx.manager, ctx.services.reportTimeoutMs, (tx) => lessonCompletion(tx, checked));
    return rows.map(({ lessonId, ...row }) => ({ ...row, lesson: Object.assign(new Lesson(), { id: lessonId }) }));
  }

  @Query(() => [NotificationEngagement], { description: `Notifications sent in the range against those read, by category.${ADMINS}` })
  notificationEngagementReport(@Arg("range", () => DateRangeInput) range: DateRangeInput, @Ctx() ctx: AnalyticsContext) {
    const checked = assertReportRange(range);
    return withinReportTimeout(ctx.manager, ctx.services.reportTimeoutMs, (tx) => notificationEngagement(tx, checked));
  }
}
