import type { MigrationInterface, QueryRunner } from "typeorm";

const CATEGORIES = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM')`;
const CHANNELS = `('IN_APP', 'EMAIL')`;
const HH_MM = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

export class CreateNotifications1795320000000 implements MigrationInterface {
  name = "CreateNotifications1795320000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notifications.recipients (
      user_id varchar(64) PRIMARY KEY,
      email varchar(320),
      display_name text NOT NULL,
      locale varchar(16) NOT NULL,
      timezone varchar(64) NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE notifications.notifications (
      id uuid PRIMARY KEY,
      user_id varchar(64) NOT NULL,
      category varchar(16) NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      data jsonb NOT NULL,
      source_event_id varchar(128) NOT NULL,
      created_at timestamptz(3) NOT NULL,
      read_at timestamptz(3),
      CONSTRAINT "UQ_notifications_source_event_user" UNIQUE (source_event_id, user_id),
      CONSTRAINT "CHK_notifications_category" CHECK (category IN ${CATEGORIES})
    )`);
    await q.query(`CREATE INDEX "IDX_notifications_user_created" ON notifications.notifications (user_id, created_at)`);
    await q.query(`CREATE TABLE notifications.preferences (
      user_id varchar(64) NOT NULL,
      channel varchar(16) NOT NULL,
      category varchar(16) NOT NULL,
      enabled boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, channel, category),
      CONSTRAINT "CHK_preferences_channel" CHECK (channel IN ${CHANNELS}),
      CONSTRAINT "CHK_preferences_category" CHECK (category IN ${CATEGORIES})
    )`);
    await q.query(`CREATE TABLE notifications.quiet_hours (
      user_id varchar(64) PRIMARY KEY,
      starts_at varchar(5) NOT NULL,
      ends_at varchar(5) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_quiet_hours_format" CHECK (starts_at ~ ${HH_MM} AND ends_at ~ ${HH_MM})
    )`);
    await q.query(`CREATE TABLE notifications.deliveries (
      id uuid PRIMARY KEY,
      source_event_id varchar(128) NOT NULL,
      user_id varchar(64) NOT NULL,
      channel varchar(16) NOT NULL,
      status varchar(32) NOT NULL,
      error text,
      subject text,
      body text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_deliveries_source_event_user_channel" UNIQUE (source_event_id, user_id, channel),
      CONSTRAINT "CHK_deliveries_channel" CHECK (channel IN ${CHANNELS}),
      CONSTRAINT "CHK_deliveries_status" CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'SKIPPED_PREFERENCE',
        'SKIPPED_QUIET_HOURS', 'SKIPPED_NO_ADDRESS', 'SKIPPED_NO_TRANSPORT', 'FAILED'))
    )`);
    await q.query(`CREATE INDEX "IDX_deliveries_user" ON notifications.deliveries (user_id)`);
    // What a sweep after a crash looks for: emails decided but not yet claimed.
    await q.query(`CREATE INDEX "IDX_deliveries_pending" ON notifications.deliveries (created_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["deliveries", "quiet_hours", "preferences", "notifications", "recipients"])
      await q.query(`DROP TABLE notifications.${t}`);
  }
}
