import { subgraphEnvSchema } from "@learnloop/kit";
import type { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({ PORT: subgraphEnvSchema.shape.PORT.default(4003) });
export type ProgressEnv = z.infer<typeof envSchema>;
