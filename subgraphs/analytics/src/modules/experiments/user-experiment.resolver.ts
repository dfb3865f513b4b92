import { ForbiddenError, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { User } from "../insights/user.stub";
import { variantFor } from "./experiments.service";
import { ExperimentAssignment } from "./experiments.types";

@Resolver(() => User)
export class UserExperimentResolver {
  @FieldResolver(() => ExperimentAssignment, {
    nullable: true,
    description:
      "The learner's variant of an experiment, the same on every call; the first call records the learner's exposure. " +
      "A stopped experiment answers control and records nothing; an unknown key is NOT_FOUND. Only the learner may read it.",
  })
  experimentVariant(@Root() user: User, @Arg("key") key: string, @Ctx() ctx: AnalyticsContext): Promise<ExperimentAssignment> {
    // permissions.ts allows the owner only; checked again so an edited rule cannot expose someone else.
    if (!ctx.viewer) throw new UnauthenticatedError();
    if (ctx.viewer.userId !== user.id) throw new ForbiddenError("This is another learner's experiment.");
    return variantFor(ctx.manager, ctx.services.experiments, key, user.id);
  }
}
