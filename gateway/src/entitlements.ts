import { randomUUID } from "node:crypto";
import type { EntitlementsChangedV1 } from "@learnloop/events";
import {
  fromMessage,
  INTERNAL_CONTEXT_HEADER,
  REQUEST_ID_HEADER,
  type ContractRegistry,
  type EventTransport,
  type InternalContextSigner,
  type Subscription,
} from "@learnloop/kit/internal";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { Plan } from "./rate-limit/plans";

/** Asks billing for one user's plan and features (a miss); rejects on timeout or failure. */
export type EntitlementsLookup = (userId: string, signal: AbortSignal) => Promise<Pick<EntitlementsChangedV1, "plan" | "features">>;

/** What a request carries: the plan and features signed into every subgraph fetch. */
export type SignedEntitlements = { plan: EntitlementsChangedV1["plan"]; features: EntitlementsChangedV1["features"] };

const FREE: SignedEntitlements = { plan: "FREE", features: [] };

/** The events the gateway keeps state from (besides the live routes'); the convention suite counts them as consumed. */
export const ENTITLEMENT_EVENTS = ["entitlements.changed"];

export type Entitlements = Pick<EntitlementsChangedV1, "plan" | "features" | "status" | "changedAt">;

/**
 * Every active user's plan and entitlements, as billing last announced them (`entitlements.changed`),
 * so no request asks billing. Bounded: the least recently used users drop out first, and a user
 * the cache does not hold is on Free until billing's next event about them.
 */
export class EntitlementsCache {
  private readonly entries: LRUCache<string, Entitlements>;
  /** Events applied, for tests and metrics. */
  applied = 0;

  /** Misses answered by billing (Free included), and those that fell back to Free, for tests and metrics. */
  looked = 0;
  fellBack = 0;
  private readonly inFlight = new Map<string, Promise<SignedEntitlements>>();
  /** Users whose lookup just failed: Free without asking again for a few seconds. */
  private readonly failed: LRUCache<string, true>;

  constructor(
    max: number,
    private readonly lookup?: EntitlementsLookup,
    private readonly lookupTimeoutMs = 500,
    private readonly logger?: Logger,
  ) {
    this.entries = new LRUCache({ max });
    this.failed = new LRUCache({ max: Math.min(max, 10_000), ttl: 5_000 });
  }

  /**
   * The plan and features a signed-in user's request carries: the cache's, else billing's answer to
   * one lookup (concurrent misses share it, bounded by the timeout, cached like an event but never
   * over a newer one), else Free. Never throws: billing being down only makes a missed user Free.
   */
  async resolve(userId: string): Promise<SignedEntitlements> {
    const held = this.entries.get(userId);
    if (held) return { plan: held.plan, features: held.features };
    if (!this.lookup || this.failed.has(userId)) return FREE;
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.lookupOnce(userId, this.lookup).finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }

  private async lookupOnce(userId: string, lookup: EntitlementsLookup): Promise<SignedEntitlements> {
    try {
      const answer = await lookup(userId, AbortSignal.timeout(this.lookupTimeoutMs));
      this.looked++;
      // An event applied meanwhile is newer than this answer: it wins.
      const held = this.entries.peek(userId);
      if (held) return { plan: held.plan, features: held.features };
      this.entries.set(userId, { plan: answer.plan, features: answer.features, status: "ACTIVE", changedAt: "" });
      return { plan: answer.plan, features: answer.features };
    } catch (err) {
      this.fellBack++;
      this.failed.set(userId, true);
      this.logger?.warn({ err: (err as Error).message }, "entitlements lookup failed: the caller is on Free for now");
      return FREE;
    }
  }

  /** An event older than the one held (a redelivery, a replay of the backlog) changes nothing. */
  apply(event: EntitlementsChangedV1): void {
    const held = this.entries.peek(event.userId);
    if (held && held.changedAt > event.changedAt) return;
    this.entries.set(event.userId, { plan: event.plan, features: event.features, status: event.status, changedAt: event.changedAt });
    this.applied++;
  }

  get(userId: string): Entitlements | undefined {
    return this.entries.get(userId);
  }

  /** The rate-limit plan of a user the cache holds. */
  planOf(userId: string): Plan | undefined {
    const held = this.entries.get(userId);
    return held ? (held.plan.toLowerCase() as Plan) : undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Feeds the cache from the backbone: a broadcast (each gateway replica reads every event), starting
 * `tail` messages back in each partition so a restarted gateway knows recent changes at once.
 */
export async function startEntitlementsFeed(options: {
  transport: EventTransport;
  registry: ContractRegistry;
  cache: EntitlementsCache;
  tail: number;
  logger: Logger;
}): Promise<Subscription> {
  const { transport, registry, cache, tail, logger } = options;
  const topics = [...new Set(ENTITLEMENT_EVENTS.map((e) => registry.routing(e).topic))];
  await transport.ensureTopics(topics);
  return transport.subscribe({
    groupId: `gateway.entitlements.${randomUUID()}`,
    topics,
    broadcast: { tail },
    handle: async (message) => {
      try {
        const event = fromMessage(message);
        if (event.type !== "entitlements.changed") return;
        registry.validate(event.type, event.version, event.payload);
        cache.apply(event.payload as EntitlementsChangedV1);
      } catch (err) {
        logger.warn({ err, topic: message.topic, offset: message.offset }, "entitlements feed skipped an unreadable event");
      }
    },
  });
}

/**
 * The miss lookup: billing's own `mySubscription { plan features }`, asked directly at billing's
 * subgraph URL with a context the gateway signs for billing alone, as the user it authenticated
 * and as the `service` role (ADR 0027). No client header reaches it; no `_entities` is involved.
 */
export function billingLookup(url: string, signer: InternalContextSigner): EntitlementsLookup {
  return async (userId, signal) => {
    const requestId = `entitlements-${randomUUID()}`;
    const token = await signer.sign({ userId, roles: ["service"], requestId }, "billing");
    const response = await fetch(url, {
      method: "POST",
      signal,
      headers: { "content-type": "application/json", [INTERNAL_CONTEXT_HEADER]: token, [REQUEST_ID_HEADER]: requestId },
      body: JSON.stringify({ query: "query GatewayEntitlements { mySubscription { plan features } }" }),
    });
    if (!response.ok) throw new Error(`billing answered ${response.status}`);
    const body = (await response.json()) as { data?: { mySubscription?: Pick<EntitlementsChangedV1, "plan" | "features"> | null } };
    const found = body.data?.mySubscription;
    if (!found || typeof found.plan !== "string" || !Array.isArray(found.features)) throw new Error("billing gave no subscription");
    return { plan: found.plan, features: found.features };
  };
}
