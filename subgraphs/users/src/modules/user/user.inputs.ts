import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsUrl, Length, Max, Min, Validate, ValidateNested } from "class-validator";
import { Field, InputType, Int } from "type-graphql";
import { ProfileVisibility } from "./profile-visibility";
import { IsTimeZone, SUPPORTED_LOCALES } from "./user.validation";

@InputType()
export class UserSettingsInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(500)
  dailyGoalXp?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  showRomaji?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  autoplayAudio?: boolean;
}

@InputType({ description: "Fields to change; omitted fields stay as they are." })
export class UpdateProfileInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 80)
  displayName?: string;

  @Field(() => String, { nullable: true, description: "An https URL, or null to remove the avatar." })
  @IsOptional()
  @IsUrl({ protocols: ["https"], require_protocol: true })
  avatarUrl?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Validate(IsTimeZone)
  timezone?: string;

  @Field(() => ProfileVisibility, { nullable: true, description: "PUBLIC shows the profile, XP, level and lesson activity to everyone." })
  @IsOptional()
  @IsEnum(ProfileVisibility)
  profileVisibility?: ProfileVisibility;

  @Field(() => UserSettingsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  settings?: UserSettingsInput;
}
