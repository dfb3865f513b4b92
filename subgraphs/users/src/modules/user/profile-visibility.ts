import { registerEnumType } from "type-graphql";

/** Who may see a user's profile and progress. New and existing users are PRIVATE until they choose. */
export enum ProfileVisibility {
  PUBLIC = "PUBLIC",
  PRIVATE = "PRIVATE",
}

registerEnumType(ProfileVisibility, {
  name: "ProfileVisibility",
  description: "Who may see a user's profile (user(id:)), XP and level, and their lesson activity.",
  valuesConfig: {
    PUBLIC: { description: "Everyone, signed in or not." },
    PRIVATE: { description: "Only the user. The default." },
  },
});
