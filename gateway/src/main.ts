import { ConfigError, createLogger, onShutdown, parseEnv } from "@learnloop/kit";
import { envSchema } from "./environment";
import { startGateway } from "./server";

async function main() {
  let env;
  try {
    env = parseEnv(envSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`gateway: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger("gateway", env.LOG_LEVEL);
  const gateway = await startGateway(env, logger);
  onShutdown(logger, () => gateway.stop());
}

void main();
