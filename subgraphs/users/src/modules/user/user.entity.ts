import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { ProfileVisibility } from "./profile-visibility";
import { UserSettings } from "./user-settings";

@Directive('@key(fields: "id")')
@ObjectType({ description: "A learner. The id is the Clerk user id." })
@Entity({ name: "users" })
@Check("CHK_users_profile_visibility", `"profile_visibility" IN ('PUBLIC', 'PRIVATE')`)
export class User {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 64 })
  id!: string;

  @Field()
  @Column({ name: "display_name", type: "varchar", length: 80 })
  displayName!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: "avatar_url", type: "varchar", length: 2048, nullable: true })
  avatarUrl!: string | null;

  @Field(() => String, { nullable: true, description: "Primary email address; visible to its owner only." })
  @Column({ type: "varchar", length: 320, nullable: true })
  email!: string | null;

  @Field({ description: "BCP 47 language tag of the interface language." })
  @Column({ type: "varchar", length: 16, default: "en" })
  locale!: string;

  @Field({ description: "IANA time zone; streaks and quiet hours follow it." })
  @Column({ type: "varchar", length: 64, default: "UTC" })
  timezone!: string;

  @Field(() => UserSettings)
  @Column({ type: "jsonb" })
  settings!: UserSettings;

  @Field(() => ProfileVisibility, {
    description: "Who may see this profile, XP, level and lesson activity. PRIVATE unless the user chose PUBLIC.",
  })
  @Column({ name: "profile_visibility", type: "varchar", length: 16, default: ProfileVisibility.PRIVATE })
  profileVisibility!: ProfileVisibility;

  /** Clerk's updated_at of the last applied webhook, so an older delivery never overwrites a newer one. */
  @Column({ name: "clerk_updated_at", type: "bigint", nullable: true })
  clerkUpdatedAt!: string | null;

  @Field()
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
