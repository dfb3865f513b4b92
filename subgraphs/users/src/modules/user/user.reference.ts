import type { UsersContext } from "../../context";
import type { User } from "./user.entity";

export async function resolveUserReference(ref: { id: string }, ctx: UsersContext): Promise<User | null> {
  return ctx.loaders.userById.load(ref.id);
}
