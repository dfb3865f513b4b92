import { Check, Column, Entity, Index, PrimaryColumn, Unique } from "typeorm";
import { DeliveryStatus, NotificationChannel } from "./notification.enums";

/**
 * One row per (source event, user, channel): the decision taken for that channel and, for email,
 * the send's outcome. The unique key is what makes a redelivered event a no-op, so an email is
 * never sent twice for the same event.
 */
@Entity({ name: "deliveries" })
@Unique("UQ_deliveries_source_event_user_channel", ["sourceEventId", "userId", "channel"])
@Index("IDX_deliveries_user", ["userId"])
@Index("IDX_deliveries_pending", ["createdAt"], { where: "status = 'PENDING'" })
@Check("CHK_deliveries_channel", `channel IN ('IN_APP', 'EMAIL')`)
@Check(
  "CHK_deliveries_status",
  `status IN ('PENDING', 'SENDING', 'SENT', 'SKIPPED_PREFERENCE', 'SKIPPED_QUIET_HOURS', 'SKIPPED_NO_ADDRESS', 'SKIPPED_NO_TRANSPORT', 'FAILED')`,
)
export class Delivery {
  @PrimaryColumn({ type: "uuid" })
  id!: string;

  @Column({ name: "source_event_id", type: "varchar", length: 128 })
  sourceEventId!: string;

  @Column({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ type: "varchar", length: 16 })
  channel!: NotificationChannel;

  @Column({ type: "varchar", length: 32 })
  status!: DeliveryStatus;

  @Column({ type: "text", nullable: true })
  error!: string | null;

  /** The rendered email, kept from the decision (in the event's transaction) to the send after commit. */
  @Column({ type: "text", nullable: true })
  subject!: string | null;

  @Column({ type: "text", nullable: true })
  body!: string | null;

  /** A deferred email (quiet hours, DEFERRED_IN_QUIET_HOURS) is not sent before this. */
  @Column({ name: "not_before", type: "timestamptz", nullable: true })
  notBefore!: Date | null;

  @Column({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt!: Date;

  @Column({ name: "updated_at", type: "timestamptz", default: () => "now()" })
  updatedAt!: Date;
}
