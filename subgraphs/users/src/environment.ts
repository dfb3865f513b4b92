import { subgraphEnvSchema } from "@learnloop/kit";
import { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4001),
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .startsWith("whsec_", "must be a Clerk signing secret (whsec_...)")
    .describe("`whsec_...` from the Clerk dashboard: verifies POST /webhooks/clerk"),
});
export type UsersEnv = z.infer<typeof envSchema>;
