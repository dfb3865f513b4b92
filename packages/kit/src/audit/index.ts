export * from "./audit-log";
export { auditTablesMigration } from "./audit-tables";
export { auditTrailField, type AuditEntry as AuditTrailEntry } from "./audit-trail";
export { auditErasureConsumer } from "./audit-erasure";
