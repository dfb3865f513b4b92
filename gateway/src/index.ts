export { startGateway, type RunningGateway } from "./server";
export { envSchema as gatewayEnvSchema, type GatewayEnv } from "./environment";
export { measure, queryLimitsPlugin } from "./limits";
