import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "learners" })
export class Learner {
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ type: "int", default: 0 })
  xp!: number;

  /** Copied from user events; the users subgraph owns it. */
  @Column({ type: "varchar", length: 64, default: "UTC" })
  timezone!: string;

  /** Copied from user events (profileVisibility PUBLIC); false until users says so. */
  @Column({ name: "profile_public", type: "boolean", default: false })
  profilePublic!: boolean;
}

/** One row per thing a learner did; streaks are derived from these in the learner's time zone. */
@Entity({ name: "activities" })
@Index("IDX_activities_user_occurred", ["userId", "occurredAt"])
export class Activity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id!: string;

  @Column({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ type: "varchar", length: 32 })
  kind!: string;

  @Column({ type: "int" })
  xp!: number;

  @Column({ name: "occurred_at", type: "timestamptz", default: () => "now()" })
  occurredAt!: Date;
}
