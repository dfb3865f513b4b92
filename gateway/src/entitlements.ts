import { randomUUID } from "node:crypto";
import type { EntitlementsChangedV1 } from "@learnloop/events";
import { fromMessage, type ContractRegistry, type EventTransport, type Subscription } from "@learnloop/kit/internal";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { Plan } from "./rate-limit/plans";

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

  constructor(max: number) {
    this.entries = new LRUCache({ max });
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
