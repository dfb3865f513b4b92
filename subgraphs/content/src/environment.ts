import { subgraphEnvSchema } from "@learnloop/kit";
import { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4002),
  CONTENT_IMPORT_ON_START: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});
export type ContentEnv = z.infer<typeof envSchema>;
