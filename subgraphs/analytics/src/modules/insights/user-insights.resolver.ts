import { ForbiddenError, UnauthenticatedError } from "@learnloop/kit";
import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { insightsOf } from "./insights.service";
import { LearningInsights } from "./insights.types";
import { User } from "./user.stub";

@Resolver(() => User)
export class UserInsightsResolver {
  @Directive('@requires(fields: "timezone")')
  @FieldResolver(() => LearningInsights, { description: "The learner's last 30 days in figures. Only the learner may read it." })
  insights(@Root() user: User, @Ctx() ctx: AnalyticsContext): Promise<LearningInsights> {
    // permissions.ts allows the owner only; checked again so an edited rule cannot open another's.
    if (!ctx.viewer) throw new UnauthenticatedError();
    if (ctx.viewer.userId !== user.id) throw new ForbiddenError("These are another learner's insights.");
    return insightsOf(ctx.manager, user.id, user.timezone);
  }
}
