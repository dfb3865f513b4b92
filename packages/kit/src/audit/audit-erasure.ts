import { eventHandlers, type ConsumerDefinition } from "../events/consumer";
import type { EventMap } from "../events/outbox";
import { eraseFromAudit } from "./audit-log";

/**
 * Every subgraph's consumer of `user.deleted` for its audit trail: the rows stay (what happened,
 * when, to which other ids), the person's id goes. Listed in each subgraph's consumers.
 */
export function auditErasureConsumer<E extends EventMap & { "user.deleted": { userId: string } }, S = unknown>(
  schema: string,
): ConsumerDefinition<E, S> {
  const { on } = eventHandlers<E, S>();
  return {
    purpose: "audit-erasure",
    handlers: [on("user.deleted", async (payload, { manager }) => void (await eraseFromAudit(manager, schema, payload.userId)))],
  };
}
