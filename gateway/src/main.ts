import { createLogger, onShutdown, parseEnvOrExit } from "@learnloop/kit/internal";
import { envSchema } from "./environment";
import { startGateway } from "./server";

async function main() {
  const env = parseEnvOrExit("gateway", envSchema);
  const logger = createLogger("gateway", env.LOG_LEVEL);
  const gateway = await startGateway(env, logger);
  onShutdown(logger, () => gateway.stop());
}

void main();
