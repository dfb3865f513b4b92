import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One row per (user, experiment) the first time the user is shown their variant (ADR 0035). The
 * variant is kept as assigned then, so results stay as they were if the weights are edited later.
 * Its `experiment.exposure` row in analytics.events is the append-only record; this is the index.
 */
export class CreateExperimentExposures1796800000000 implements MigrationInterface {
  name = "CreateExperimentExposures1796800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "analytics".experiment_exposures (
      experiment varchar(64) NOT NULL,
      user_id varchar(64) NOT NULL,
      variant varchar(64) NOT NULL,
      exposed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (experiment, user_id)
    )`);
    await q.query(`CREATE INDEX experiment_exposures_user ON "analytics".experiment_exposures (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "analytics".experiment_exposures`);
  }
}
