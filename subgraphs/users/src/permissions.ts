import { isAuthenticated, isOwner, isOwnerOrPublic, allow, type IRules } from "@learnloop/kit";
import { ProfileVisibility } from "./modules/user/profile-visibility";
import type { User } from "./modules/user/user.entity";

const ownerOnly = isOwner<User>((user) => user.id);
// user(id:) already hides a private profile; this also covers a User reached as an entity.
const ownerOrPublic = isOwnerOrPublic<User>(
  (user) => user.id,
  (user) => user.profileVisibility === ProfileVisibility.PUBLIC,
);

export const permissions: IRules = {
  Query: { me: isAuthenticated, user: allow },
  Mutation: { updateProfile: isAuthenticated },
  User: {
    id: allow,
    displayName: ownerOrPublic,
    avatarUrl: ownerOrPublic,
    createdAt: ownerOrPublic,
    profileVisibility: ownerOrPublic,
    email: ownerOnly,
    locale: ownerOnly,
    timezone: ownerOnly,
    settings: ownerOnly,
    roles: ownerOnly,
  },
  UserSettings: allow,
};
