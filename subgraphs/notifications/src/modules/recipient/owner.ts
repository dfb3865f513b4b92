import { ForbiddenError, UnauthenticatedError, type RequestContext } from "@learnloop/kit";
import type { User } from "./user.stub";

/**
 * The user's id when the viewer is that user. permissions.ts already allows these fields only to
 * the owner; resolvers check again so that a rule edited by mistake cannot open another inbox.
 */
export function ownUserId(user: User, ctx: RequestContext): string {
  if (!ctx.viewer) throw new UnauthenticatedError();
  if (ctx.viewer.userId !== user.id) throw new ForbiddenError("This belongs to another user.");
  return user.id;
}
