export { startGateway, type RunningGateway } from "./server";
export { envSchema as gatewayEnvSchema, type GatewayEnv } from "./environment";
export { measure, queryLimitsPlugin } from "./limits";
export { LIVE_EVENTS, LIVE_ROUTES, type LiveRoute } from "./live/routes";
export { keysMain } from "./partner/keys-cli";
export { KNOWN_SCOPES, partnerOperations } from "./partner/scopes";
export { loadManifest } from "./persisted/manifest";
export { IdempotencyRecords } from "./idempotency-records";
export { rateLimitEnv } from "./rate-limit/environment";
