import {
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsUrl,
  Length,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
} from "class-validator";
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

/** A field that may be left out, but not set to null: the profile always has one. */
const OmittedOrGiven = (): PropertyDecorator => (target, key) => {
  ValidateIf((_input, value) => value !== undefined)(target, key);
  IsDefined({ message: "$property may be left out, but not null" })(target, key);
};

@InputType({ description: "Fields to change; omitted fields stay as they are." })
export class UpdateProfileInput {
  @Field({ nullable: true })
  @OmittedOrGiven()
  @Length(1, 80)
  displayName?: string;

  @Field(() => String, { nullable: true, description: "An https URL, or null to remove the avatar." })
  @IsOptional()
  @IsUrl({ protocols: ["https"], require_protocol: true })
  avatarUrl?: string | null;

  @Field({ nullable: true })
  @OmittedOrGiven()
  @IsIn(SUPPORTED_LOCALES)
  locale?: string;

  @Field({ nullable: true })
  @OmittedOrGiven()
  @Validate(IsTimeZone)
  timezone?: string;

  @Field(() => ProfileVisibility, { nullable: true, description: "PUBLIC shows the profile, XP, level and lesson activity to everyone." })
  @OmittedOrGiven()
  @IsEnum(ProfileVisibility)
  profileVisibility?: ProfileVisibility;

  @Field(() => UserSettingsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  settings?: UserSettingsInput;
}
