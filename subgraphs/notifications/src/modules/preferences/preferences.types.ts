import { Field, ObjectType } from "type-graphql";
import { NotificationCategory, NotificationChannel } from "../notification/notification.enums";

@ObjectType({ description: "Whether one category of notifications is delivered on one channel." })
export class NotificationPreference {
  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field(() => NotificationCategory)
  category!: NotificationCategory;

  @Field()
  enabled!: boolean;
}

@ObjectType({ description: "Local times, on the user's clock, in which no email is sent. The window may wrap midnight." })
export class QuietHours {
  @Field({ description: 'Start, "HH:MM" (included).' })
  start!: string;

  @Field({ description: 'End, "HH:MM" (excluded).' })
  end!: string;
}

@ObjectType({ description: "The signed-in user's notification settings." })
export class NotificationPreferences {
  @Field(() => [NotificationPreference], { description: "Every channel × category, with the defaults filled in." })
  settings!: NotificationPreference[];

  @Field(() => QuietHours, { nullable: true, description: "Null when the user has none." })
  quietHours!: QuietHours | null;
}
