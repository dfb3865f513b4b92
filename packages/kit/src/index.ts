import "reflect-metadata";

export * from "./errors/app-error";
export * from "./errors/format-error";
export * from "./config/env";
export * from "./logging/logger";
export * from "./auth/internal-context";
export * from "./authz/permissions";
export * from "./db/database";
export * from "./db/loaders";
export * from "./schema/federated-schema";
export * from "./schema/connection";
export * from "./schema/live-subscription";
export * from "./server/http";
export * from "./server/request-context";
export * from "./server/subgraph";
export * from "./events";
export * from "./server/periodic";
export * from "./server/prometheus";
