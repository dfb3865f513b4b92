import { audited, eventSink, NotFoundError, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UsersContext } from "../../context";
import { User } from "./user.entity";
import { UpdateProfileInput } from "./user.inputs";
import { UserRole } from "./user-role";
import { UserService } from "./user.service";
import { isVisibleTo } from "./visibility";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: "The signed-in user." })
  async me(@Ctx() ctx: UsersContext): Promise<User> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    const existing = await ctx.loaders.userById.load(userId);
    if (existing) return existing;
    return ctx.db.dataSource.transaction((m) => new UserService(m, eventSink(ctx)).getOrProvision(userId));
  }

  @Query(() => User, { description: "A user's public profile. NOT_FOUND for a PRIVATE profile, unless it is the caller's own." })
  async user(@Arg("id", () => ID) id: string, @Ctx() ctx: UsersContext): Promise<User> {
    const user = await ctx.loaders.userById.load(id);
    // A private profile looks exactly like a missing one, so user(id:) tells no one who has an account.
    if (!user || !isVisibleTo(user, ctx.viewer?.userId)) throw new NotFoundError("User", id);
    return user;
  }

  @Mutation(() => User)
  async updateProfile(@Arg("input") input: UpdateProfileInput, @Ctx() ctx: UsersContext): Promise<User> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    return audited(
      ctx,
      "updateProfile",
      (tx) => new UserService(tx, eventSink(ctx)).updateProfile(userId, input),
      // Which fields changed, never their values (a name, a time zone).
      () => ({ targetType: "User", targetIds: [userId], changes: { fields: changedFields(input) } }),
    );
  }

  @FieldResolver(() => [UserRole], {
    description: "The signed-in user's own roles, as their session grants them. Only the user may read it.",
  })
  roles(@Root() user: User, @Ctx() ctx: UsersContext): readonly string[] {
    // Roles live in the caller's session, not in this subgraph: only the caller's own are known.
    return user.id === ctx.viewer?.userId ? ctx.roles : [];
  }
}

/** The input's fields that were given, nested settings as `settings.<name>`. */
function changedFields(input: UpdateProfileInput): string[] {
  const given = (o: object, prefix = ""): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v === undefined ? [] : v && typeof v === "object" && !Array.isArray(v) ? given(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  return given(input).sort();
}
