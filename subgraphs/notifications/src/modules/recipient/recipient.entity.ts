import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * What notifications needs to know about a user, copied from the users subgraph's events:
 * where to send email, what to call them, which language to write in and their clock.
 */
@Entity({ name: "recipients" })
export class Recipient {
  /** The Clerk user id, which is `User.id` across the supergraph. */
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ type: "varchar", length: 320, nullable: true })
  email!: string | null;

  @Column({ name: "display_name", type: "text" })
  displayName!: string;

  /** BCP 47 tag as users stores it ("en", "ja", "pt-BR"); templates fall back to English. */
  @Column({ type: "varchar", length: 16 })
  locale!: string;

  /** IANA time zone; quiet hours are read on this clock. */
  @Column({ type: "varchar", length: 64 })
  timezone!: string;

  /** When the user changed at the source; an older copy never overwrites a newer one. */
  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
