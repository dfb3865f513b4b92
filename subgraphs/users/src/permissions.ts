import { allow, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/user/user.entity";

const ownerOnly = isOwner<User>((user) => user.id);

export const permissions: IRules = {
  Query: { me: isAuthenticated, user: allow },
  Mutation: { updateProfile: isAuthenticated },
  User: {
    id: allow,
    displayName: allow,
    avatarUrl: allow,
    createdAt: allow,
    email: ownerOnly,
    locale: ownerOnly,
    timezone: ownerOnly,
    settings: ownerOnly,
  },
  UserSettings: allow,
};
