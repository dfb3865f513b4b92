import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, Matches, ValidateNested } from "class-validator";
import { Field, InputType } from "type-graphql";
import {
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  NotificationCategory,
  NotificationChannel,
} from "../notification/notification.enums";
import { HH_MM } from "./quiet-hours";

@InputType()
export class NotificationPreferenceInput {
  @Field(() => NotificationChannel)
  @IsIn(NOTIFICATION_CHANNELS, { message: "channel must be one of IN_APP, EMAIL" })
  channel!: NotificationChannel;

  @Field(() => NotificationCategory)
  @IsIn(NOTIFICATION_CATEGORIES, { message: `category must be one of ${NOTIFICATION_CATEGORIES.join(", ")}` })
  category!: NotificationCategory;

  @Field()
  @IsBoolean()
  enabled!: boolean;
}

@InputType()
export class QuietHoursInput {
  @Field({ description: 'Local start time, "HH:MM" such as "22:00".' })
  @Matches(HH_MM, { message: "quietHours.start must be a local time HH:MM such as 22:00" })
  start!: string;

  @Field({ description: 'Local end time, "HH:MM" such as "07:00"; earlier than start to wrap midnight.' })
  @Matches(HH_MM, { message: "quietHours.end must be a local time HH:MM such as 07:00" })
  end!: string;
}

@InputType({ description: "Settings to change; anything omitted stays as it is." })
export class UpdateNotificationPreferencesInput {
  @Field(() => [NotificationPreferenceInput], { nullable: true, description: "Channel × category switches to set." })
  @IsOptional()
  @ArrayMaxSize(NOTIFICATION_CHANNELS.length * NOTIFICATION_CATEGORIES.length)
  @ValidateNested({ each: true })
  settings?: NotificationPreferenceInput[];

  @Field(() => QuietHoursInput, { nullable: true, description: "New quiet hours; null removes them." })
  @IsOptional()
  @ValidateNested()
  quietHours?: QuietHoursInput | null;
}
