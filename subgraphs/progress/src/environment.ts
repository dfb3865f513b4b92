import { subgraphEnvSchema } from "@learnloop/kit";
import { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4003),
  FREE_DAILY_REVIEWS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(50)
    .describe("Reviews a learner without UNLIMITED_REVIEWS (the Free plan) may record per day, in their own time zone"),
});
export type ProgressEnv = z.infer<typeof envSchema>;
