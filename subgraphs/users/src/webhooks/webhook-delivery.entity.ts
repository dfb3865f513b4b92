import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** One row per Clerk delivery (svix-id) already applied; makes the webhook idempotent. */
@Entity({ name: "webhook_deliveries" })
export class WebhookDelivery {
  @PrimaryColumn({ type: "varchar", length: 128 })
  id!: string;

  @Column({ type: "varchar", length: 64 })
  type!: string;

  @CreateDateColumn({ name: "received_at", type: "timestamptz" })
  receivedAt!: Date;
}
