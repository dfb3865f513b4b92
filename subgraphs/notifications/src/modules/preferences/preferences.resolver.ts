import { audited, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { NotificationsContext } from "../../context";
import { ownUserId } from "../recipient/owner";
import { User } from "../recipient/user.stub";
import { UpdateNotificationPreferencesInput } from "./preferences.inputs";
import { PreferencesService } from "./preferences.service";
import { NotificationPreferences } from "./preferences.types";

@Resolver(() => User)
export class PreferencesResolver {
  @FieldResolver(() => NotificationPreferences, {
    description: "Which notifications the user gets where, and quiet hours. Only the user may read them.",
  })
  async notificationPreferences(@Root() user: User, @Ctx() ctx: NotificationsContext): Promise<NotificationPreferences> {
    return (await ctx.loaders.preferencesByUserId.load(ownUserId(user, ctx))).toGraphQL();
  }

  @Mutation(() => NotificationPreferences, { description: "Changes the signed-in user's notification settings." })
  async updateNotificationPreferences(
    @Arg("input") input: UpdateNotificationPreferencesInput,
    @Ctx() ctx: NotificationsContext,
  ): Promise<NotificationPreferences> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    const updated = await audited(
      ctx,
      "updateNotificationPreferences",
      (tx) => new PreferencesService(tx).update(userId, input),
      () => ({
        targetType: "User",
        targetIds: [userId],
        changes: {
          fields: Object.keys(input)
            .filter((k) => (input as Record<string, unknown>)[k] != null)
            .sort(),
        },
      }),
    );
    return updated.toGraphQL();
  }
}
