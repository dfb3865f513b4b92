import { ROLES, type Role } from "@learnloop/kit";
import { registerEnumType } from "type-graphql";

/** The kit's roles as a GraphQL enum: MODERATOR for the role "moderator", and so on. */
export const UserRole = Object.fromEntries(ROLES.map((r) => [r.toUpperCase(), r])) as { [K in Role as Uppercase<K>]: K };

registerEnumType(UserRole, {
  name: "UserRole",
  description: "What a user may do beyond learning. Granted in Clerk (public metadata or organisation role), never through this API.",
  valuesConfig: {
    MODERATOR: { description: "Reviews reported community content." },
    STAFF: { description: "Learnloop staff: support and reports." },
    ADMIN: { description: "Administers the platform, including audit trails." },
    SERVICE: { description: "A machine caller (M2M token), not a person." },
  },
});
