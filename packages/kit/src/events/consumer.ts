import type { Logger } from "pino";
import type { EntityManager } from "typeorm";
import { runInBackground, type Database } from "../db/database";
import type { ContractRegistry } from "./contract";
import { fromMessage, HEADERS, type EventEnvelope, type EventMeta } from "./envelope";
import { backoff, sleep } from "./lease";
import type { EventMap, EventPublisher } from "./outbox";
import type { EventTransport, PartitionLag, ReceivedMessage, Subscription } from "./transport";
import { deadLetterMessage, deadLetterTopic } from "./dead-letters";
import { contextOf, inSpan, SpanKind } from "../tracing/spans";
import { secondsSince } from "../server/metrics";

export interface EventHandlerContext<Events extends EventMap = EventMap, Services = unknown> {
  event: EventEnvelope<unknown>;
  /** The transaction that also records the event as processed. */
  manager: EntityManager;
  logger: Logger;
  /** Carry the cause's request id and trace into events this handler publishes. */
  meta: EventMeta;
  /** The subgraph's services, built once at start (SubgraphDefinition.services). */
  services: Services;
  /** Side effects outside the database (email) run only once the transaction committed. */
  afterCommit(effect: () => Promise<void>): void;
  /** Publishes a follow-up event through the outbox, in this transaction, carrying the cause's meta. */
  publish<K extends keyof Events & string>(event: K, payload: Events[K]): Promise<void>;
}

/**
 * One event type's handler. `handle` is a method so that a handler of one event's payload fits a
 * list of handlers of many (the consumer calls it only with its own event's validated payload).
 */
export interface EventHandler<Events extends EventMap = EventMap, Services = unknown> {
  event: keyof Events & string;
  handle(payload: Events[keyof Events & string], ctx: EventHandlerContext<Events, Services>): Promise<void>;
}

/**
 * Handler builders bound to an event map and a subgraph's services, so `on("user.created", ...)`
 * types its payload from the event name alone.
 */
export function eventHandlers<Events extends EventMap, Services = unknown>() {
  return {
    on<K extends keyof Events & string>(
      event: K,
      handle: (payload: Events[K], ctx: EventHandlerContext<Events, Services>) => Promise<void>,
    ): EventHandler<Events, Services> {
      return { event, handle };
    },
  };
}

/** A consumer's group, which names its offsets and its dead-letter topic: `<subgraph>.<purpose>`. */
export const consumerGroupId = (subgraph: string, purpose: string) => `${subgraph}.${purpose}`;

export interface ConsumerDefinition<Events extends EventMap = EventMap, Services = unknown> {
  /** With the subgraph's name, the consumer group: `<subgraph>.<purpose>`. */
  purpose: string;
  handlers: EventHandler<Events, Services>[];
}

export interface ConsumerStats {
  received: number;
  applied: number;
  duplicates: number;
  ignored: number;
  retries: number;
  deadLettered: number;
}

export interface RunningConsumer {
  groupId: string;
  stats: ConsumerStats;
  /** False once stopped, or once its subscription gave up: for /ready. */
  readonly running: boolean;
  /** What waits for the group in each partition (empty on a transport that cannot tell). */
  lag(): Promise<PartitionLag[]>;
  stop(): Promise<void>;
}

export interface ConsumerOptions<Events extends EventMap, Services> {
  subgraph: string;
  definition: ConsumerDefinition<Events, Services>;
  db: Database;
  transport: EventTransport;
  registry: ContractRegistry<Events>;
  logger: Logger;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** The subgraph's outbox, for handlers that publish follow-up events. */
  publisher: EventPublisher<Events>;
  services: Services;
  /** Told each applied or duplicate event's age when it was handled, in seconds (the delivery lag). */
  observeLag?: (seconds: number) => void;
}

/**
 * Applies each event exactly once in effect: the processed-events row and the handler's changes
 * commit together, so a redelivery finds the row and does nothing. A handler that keeps failing
 * is retried with backoff, then its message goes to `<group>.dlq` with the error, and the
 * consumer carries on. While the database itself is down, nothing is dead-lettered: the message
 * stays uncommitted and comes back.
 */
export async function startEventConsumer<Events extends EventMap, Services>(
  options: ConsumerOptions<Events, Services>,
): Promise<RunningConsumer> {
  const { definition, db, transport, registry, subgraph, publisher, services, maxAttempts = 5, retryBaseMs = 200 } = options;
  const groupId = consumerGroupId(subgraph, definition.purpose);
  const logger = options.logger.child({ source: "consumer", group: groupId });
  const stats: ConsumerStats = { received: 0, applied: 0, duplicates: 0, ignored: 0, retries: 0, deadLettered: 0 };
  const handlers = new Map<string, EventHandler<Events, Services>>(definition.handlers.map((h) => [h.event, h]));
  const topics = [...new Set(definition.handlers.map((h) => registry.routing(h.event).topic))];
  const stopping = new AbortController();

  const deadLetter = async (message: ReceivedMessage, error: unknown, attempts: number) => {
    await transport.publish([deadLetterMessage(groupId, message, error, attempts)]);
    stats.deadLettered++;
    logger.error(
      { err: error, topic: message.topic, partition: message.partition, offset: message.offset, attempts },
      "event dead-lettered",
    );
  };

  /** A CONSUMER span per message, continuing the trace of the change that caused it (the relay's send). */
  const traced = (message: ReceivedMessage): Promise<void> =>
    inSpan(
      `process ${message.headers[HEADERS.type] ?? message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextOf(message.headers),
        attributes: {
          "messaging.system": transport.kind,
          "messaging.operation.type": "process",
          "messaging.destination.name": message.topic,
          "messaging.consumer.group.name": groupId,
          "messaging.destination.partition.id": String(message.partition),
          "messaging.kafka.offset": Number(message.offset),
          "learnloop.event.id": message.headers[HEADERS.id],
        },
      },
      () => handle(message),
    );

  const handle = async (message: ReceivedMessage): Promise<void> => {
    stats.received++;
    let event: EventEnvelope<unknown>;
    try {
      event = fromMessage(message);
      if (!handlers.has(event.type)) {
        stats.ignored++; // another consumer's event on a shared topic
        return;
      }
      registry.validate(event.type, event.version, event.payload);
    } catch (err) {
      return deadLetter(message, err, 0); // poison: no retry can fix it
    }
    const handler = handlers.get(event.type)!;
    const log = logger.child({ eventId: event.id, type: event.type, requestId: event.meta.requestId });
    for (let attempt = 1; ; attempt++) {
      const effects: (() => Promise<void>)[] = [];
      try {
        const outcome = await db.dataSource.transaction(async (manager) => {
          const fresh = await manager.query(
            `INSERT INTO "${subgraph}".processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [groupId, event.id],
          );
          if (!fresh.length) return "duplicate" as const;
          // The registry validated the payload against this event's contract above.
          await handler.handle(event.payload as Events[keyof Events & string], {
            event,
            manager,
            logger: log,
            meta: event.meta,
            services,
            afterCommit: (e) => effects.push(e),
            publish: async (name, payload) => void (await publisher.publish(manager, name, payload, event.meta)),
          });
          return "applied" as const;
        });
        if (outcome === "duplicate") stats.duplicates++;
        else stats.applied++;
        const lag = secondsSince(event.occurredAt);
        if (lag !== undefined) options.observeLag?.(lag);
        for (const effect of effects) await effect().catch((err) => log.error({ err }, "after-commit effect failed"));
        return;
      } catch (err) {
        // Infrastructure trouble or shutdown, not this event: leave it uncommitted for redelivery.
        if (stopping.signal.aborted || !(await db.ping())) throw err;
        if (attempt >= maxAttempts) return deadLetter(message, err, attempt);
        stats.retries++;
        log.warn({ err, attempt }, "event handler failed; retrying");
        await sleep(backoff(attempt, retryBaseMs, 10_000), stopping.signal);
      }
    }
  };

  await transport.ensureTopics([...topics, deadLetterTopic(groupId)]);
  const subscription: Subscription = await transport.subscribe({ groupId, topics, handle: (m) => runInBackground(() => traced(m)) });
  logger.info({ topics }, "consumer started");
  return {
    groupId,
    stats,
    get running() {
      return !stopping.signal.aborted && subscription.running;
    },
    lag: async () => (transport.lag ? transport.lag(groupId, topics) : []),
    async stop() {
      stopping.abort();
      await subscription.stop();
    },
  };
}
