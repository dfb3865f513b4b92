import { ProfileVisibility } from "./profile-visibility";
import type { User } from "./user.entity";

/** The owner always sees their profile; anyone else only once it is PUBLIC. */
export const isVisibleTo = (user: Pick<User, "id" | "profileVisibility">, viewerId: string | undefined): boolean =>
  user.profileVisibility === ProfileVisibility.PUBLIC || user.id === viewerId;
