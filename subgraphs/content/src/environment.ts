import { subgraphEnvSchema } from "@learnloop/kit";
import { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4002),
  CONTENT_IMPORT_ON_START: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true")
    .describe("Import the course content at start when it is missing or older than the code's"),
});
export type ContentEnv = z.infer<typeof envSchema>;
