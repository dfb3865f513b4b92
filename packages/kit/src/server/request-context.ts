import type { AuditEntry } from "../audit/audit-log";
import type { Feature, Plan } from "../auth/entitlements";
import type { Role } from "../auth/roles";
import type { LiveEventContext } from "../schema/live-subscription";
import type { Logger } from "pino";
import type { EntityManager } from "typeorm";
import type { KeyedMutation } from "../idempotency/keyed-mutation";
import type { Database } from "../db/database";
import type { EventMeta } from "../events/envelope";
import type { EventMap, EventPublisher } from "../events/outbox";

export interface Viewer {
  /** The Clerk user id, which is also `User.id` across the supergraph. */
  userId: string;
}

/** What every resolver receives, in every subgraph. */
export interface RequestContext {
  requestId: string;
  viewer: Viewer | null;
  /** From the identity provider, through the signed internal context; empty for most learners. */
  roles: readonly Role[];
  /** A machine-to-machine caller's Clerk machine id; such a caller has no viewer. */
  machineId?: string;
  /** The caller's plan, signed by the gateway from billing's entitlements; FREE when signed out or unknown. */
  plan: Plan;
  /** The features the caller's plan unlocks (signed like `plan`); check them with the kit's `requiresFeature`. */
  features: readonly Feature[];
  clientId?: string;
  logger: Logger;
}

export interface SubgraphContext<Loaders = unknown, Events extends EventMap = EventMap, Services = unknown>
  extends RequestContext, LiveEventContext {
  db: Database;
  /**
   * What resolvers read and write through. For a mutation sent with an Idempotency-Key it is bound
   * to the request's one transaction (nested `transaction()` calls are savepoints in it); otherwise
   * it is the pool's manager. See ADR 0012.
   */
  manager: EntityManager;
  /** Set for a keyed mutation request; the kit's plugin admits and commits it. */
  idempotency?: KeyedMutation;
  /** Created per request, so batching and caching never leak between callers. */
  loaders: Loaders;
  /** Writes events to the outbox in the caller's transaction (only those the subgraph declares). */
  events: EventPublisher<Events>;
  /** What events caused by this request carry: request id, trace and client id. */
  eventMeta: EventMeta;
  /** Writes this request's audit row for a change, in the change's transaction (`manager`). See `audited`. */
  audit(manager: EntityManager, entry: AuditEntry): Promise<void>;
  /** The subgraph's long-lived services (`services(deps)` of its definition), as consumers get them. */
  services: Services;
}
