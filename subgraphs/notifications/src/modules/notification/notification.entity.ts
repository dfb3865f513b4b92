import { Field, ID, ObjectType } from "type-graphql";
import { Check, Column, Entity, Index, PrimaryColumn, Unique } from "typeorm";
import { User } from "../recipient/user.stub";
import { Lesson } from "./lesson.stub";
import { NotificationCategory } from "./notification.enums";

/** An in-app notification. Unique per (source event, user): one event never notifies a user twice. */
@ObjectType({ description: "An in-app notification for the signed-in user." })
@Entity({ name: "notifications" })
@Unique("UQ_notifications_source_event_user", ["sourceEventId", "userId"])
@Index("IDX_notifications_user_created", ["userId", "createdAt"])
@Check("CHK_notifications_category", `category IN ('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM')`)
export class Notification {
  @Field(() => ID)
  @PrimaryColumn({ type: "uuid" })
  id!: string;

  @Column({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Field(() => NotificationCategory)
  @Column({ type: "varchar", length: 16 })
  category!: NotificationCategory;

  @Field({ description: "Rendered in the recipient's language when the notification was created." })
  @Column({ type: "text" })
  title!: string;

  @Field()
  @Column({ type: "text" })
  body!: string;

  /** The event's values the text was rendered from. */
  @Column({ type: "jsonb" })
  data!: Record<string, unknown>;

  /** The id of the event that caused this notification. */
  @Column({ name: "source_event_id", type: "varchar", length: 128 })
  sourceEventId!: string;

  // Millisecond precision, so a JavaScript Date holds the exact value and keyset cursors round-trip.
  @Field()
  @Column({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: "read_at", type: "timestamptz", precision: 3, nullable: true })
  readAt!: Date | null;

  // Nullable like every reference into another subgraph: a user users does not know (yet) must not
  // null the whole notification, in a query or in a live event.
  @Field(() => User, { nullable: true, description: "Whose notification it is." })
  get user(): User {
    return Object.assign(new User(), { id: this.userId });
  }

  // Notifications hold no lesson titles (content owns them); the gateway completes this reference.
  @Field(() => Lesson, { nullable: true, description: "The lesson a LESSON notification is about." })
  get lesson(): Lesson | null {
    const id = this.data?.lessonId;
    return typeof id === "string" && id ? Object.assign(new Lesson(), { id }) : null;
  }

  @Field({ description: "True once the user has read it." })
  get read(): boolean {
    return this.readAt !== null;
  }
}
