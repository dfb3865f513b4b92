import { createLogger, onShutdown, parseEnvOrExit } from "@learnloop/kit/internal";
import { envSchema } from "./environment";
import { startGateway } from "./server";

/** The gateway's process, once main.ts has started tracing (or not). */
export async function run(): Promise<void> {
  const env = parseEnvOrExit("gateway", envSchema);
  const logger = createLogger("gateway", env.LOG_LEVEL);
  const gateway = await startGateway(env, logger);
  onShutdown(logger, () => gateway.stop());
}
