import "reflect-metadata";

/**
 * What a subgraph builds with. The machinery behind it (transports, the relay, the HTTP bootstrap,
 * the internal context, metrics) is `@learnloop/kit/internal`, for the gateway, the devstack and tests.
 */
export * from "./errors/app-error";
export * from "./errors/codes";
export * from "./config/env";
export * from "./auth/roles";
export * from "./auth/entitlements";
export * from "./auth/user-id";
export * from "./authz/permissions";
export type { Database } from "./db/database";
export * from "./db/loaders";
export { returnedRows } from "./db/returned-rows";
export type { FederatedSchemaOptions, ReferenceResolvers, EntityRepresentation } from "./schema/federated-schema";
export * from "./schema/connection";
export * from "./schema/live-subscription";
export * from "./server/request-context";
export * from "./server/subgraph-definition";
export { defineSubgraph } from "./server/subgraph";
export { sendGraphQLError } from "./server/http";
export { findNulCharacter } from "./server/nul-guard";
export { startPeriodic, type BackgroundTask } from "./server/periodic";
export { eventHandlers, type ConsumerDefinition, type EventHandler, type EventHandlerContext } from "./events/consumer";
export { ContractRegistry, type EventContract } from "./events/contract";
export { newTraceparent, type EventEnvelope, type EventMeta } from "./events/envelope";
export { EventPublisher, type EventMap } from "./events/outbox";
export { audited, auditErasureConsumer, recordAudit, type AuditActor, type AuditChanges, type AuditEntry } from "./audit";
