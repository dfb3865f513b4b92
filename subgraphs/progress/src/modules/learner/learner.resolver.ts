import { Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { ProgressContext } from "../../context";
import { User } from "./user.stub";
import { levelForXp } from "./streaks";

@Resolver(() => User)
export class LearnerResolver {
  @FieldResolver(() => Int, {
    description: "Total experience points. Visible to the learner, and to everyone once their profile is PUBLIC; FORBIDDEN otherwise.",
  })
  async xp(@Root() user: User, @Ctx() ctx: ProgressContext): Promise<number> {
    return (await ctx.loaders.learnerById.load(user.id))?.xp ?? 0;
  }

  @FieldResolver(() => Int, { description: "Level from XP: level n needs 25·n·(n−1) XP. Visible like xp." })
  async level(@Root() user: User, @Ctx() ctx: ProgressContext): Promise<number> {
    return levelForXp((await ctx.loaders.learnerById.load(user.id))?.xp ?? 0);
  }

  @Directive('@requires(fields: "timezone")')
  @FieldResolver(() => Int, { description: "Consecutive days with activity, in the learner's time zone, up to today or yesterday." })
  async currentStreak(@Root() user: User, @Ctx() ctx: ProgressContext): Promise<number> {
    return (await ctx.loaders.streaks.load({ userId: user.id, timezone: user.timezone })).current;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      "When the learner's next review card falls due (now or earlier when some are due); null with no cards. Only the learner may read it.",
  })
  async nextReviewAt(@Root() user: User, @Ctx() ctx: ProgressContext): Promise<Date | null> {
    return (await ctx.loaders.nextReviewByUserId.load(user.id))?.due ?? null;
  }

  @Directive('@requires(fields: "timezone")')
  @FieldResolver(() => Int, { description: "The longest run of consecutive active days." })
  async longestStreak(@Root() user: User, @Ctx() ctx: ProgressContext): Promise<number> {
    return (await ctx.loaders.streaks.load({ userId: user.id, timezone: user.timezone })).longest;
  }
}

export function resolveUserReference(ref: { id: string; timezone?: string }): User {
  return Object.assign(new User(), ref);
}
