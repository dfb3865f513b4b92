import { subgraphEnvSchema } from "@learnloop/kit";
import { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4006),
  ANALYTICS_PARTITION_MONTHS_AHEAD: z.coerce
    .number()
    .int()
    .min(1)
    .max(24)
    .default(2)
    .describe("Monthly partitions of analytics.events kept ready beyond the current month"),
  ANALYTICS_PARTITION_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(21_600_000)
    .describe("How often analytics checks that its months ahead exist (also once at start)"),
  ANALYTICS_TRIAGE_RULES_PATH: z
    .string()
    .min(1)
    .optional()
    .describe("The struggle triage rules (JSON, ADR 0034), checked at start; unset: the subgraph's config/triage-rules.json"),
  ANALYTICS_TRIAGE_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(86_400_000)
    .default(3_600_000)
    .describe("How often analytics looks for learners who stopped after signing up (struggle triage)"),
  ANALYTICS_REPORT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe("A staff report's statement timeout: longer is REPORT_TIMEOUT, so one wide range cannot hold a connection (ADR 0036)"),
  ANALYTICS_EXPERIMENTS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("A JSON file of experiments read at start instead of the bundled experiments.json (ADR 0035)"),
});
export type AnalyticsEnv = z.infer<typeof envSchema>;
