import { Check, Column, Entity, PrimaryColumn } from "typeorm";
import { NotificationCategory, NotificationChannel } from "../notification/notification.enums";

/** A user's explicit choice for one channel × category; without a row the default applies. */
@Entity({ name: "preferences" })
@Check("CHK_preferences_channel", `channel IN ('IN_APP', 'EMAIL')`)
@Check("CHK_preferences_category", `category IN ('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM')`)
export class Preference {
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  channel!: NotificationChannel;

  @PrimaryColumn({ type: "varchar", length: 16 })
  category!: NotificationCategory;

  @Column({ type: "boolean" })
  enabled!: boolean;

  @Column({ name: "updated_at", type: "timestamptz", default: () => "now()" })
  updatedAt!: Date;
}

/** Local times ("22:00" to "07:00", may wrap midnight) in which no email is sent, on the recipient's clock. */
@Entity({ name: "quiet_hours" })
@Check("CHK_quiet_hours_format", `starts_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND ends_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
export class QuietHoursRow {
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ name: "starts_at", type: "varchar", length: 5 })
  start!: string;

  @Column({ name: "ends_at", type: "varchar", length: 5 })
  end!: string;

  @Column({ name: "updated_at", type: "timestamptz", default: () => "now()" })
  updatedAt!: Date;
}
