import type { EntityManager } from "typeorm";
import { ContractRegistry } from "./contract";
import { inSpan, withTraceContext } from "../tracing/spans";
import { createEnvelope, HEADERS, toMessage, type EventEnvelope, type EventMeta } from "./envelope";

/** Payload types by event name, generated from the contracts (see @learnloop/events). */
export type EventMap = Record<string, object>;

export class OutsideTransactionError extends Error {
  constructor() {
    super("events must be published inside the transaction that changes the state they describe");
  }
}

/**
 * Writes events to the subgraph's outbox in the caller's transaction, so an event exists if and
 * only if its state change committed. The relay publishes them afterwards.
 */
export class EventPublisher<Events extends EventMap = EventMap> {
  constructor(
    private readonly registry: ContractRegistry<Events>,
    private readonly producer: string,
    private readonly schema: string,
    private readonly allowed: readonly string[],
  ) {}

  async publish<K extends keyof Events & string>(
    manager: EntityManager,
    type: K,
    payload: Events[K],
    meta: EventMeta,
  ): Promise<EventEnvelope<Events[K]>> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutsideTransactionError();
    if (!this.allowed.includes(type)) throw new Error(`${this.producer} does not declare that it publishes ${type}`);
    const routing = this.registry.routing(type);
    this.registry.validate(type, routing.version, payload);
    const envelope = createEnvelope({
      type,
      version: routing.version,
      key: this.registry.partitionKey(type, routing.version, payload as Record<string, unknown>),
      producer: this.producer,
      payload,
      meta,
    });
    const message = toMessage(routing.topic, envelope);
    const attributes = { "messaging.destination.name": message.topic, "learnloop.event.type": type, "learnloop.event.id": envelope.id };
    await inSpan(`outbox write ${type}`, { attributes }, async () => {
      // With tracing on, the row carries this span's context, so the relay's send and every
      // consumer continue the trace of the change that caused the event (ADR 0030).
      const headers = withTraceContext(message.headers);
      envelope.meta.traceparent = headers[HEADERS.traceparent] ?? envelope.meta.traceparent;
      await manager.query(
        `INSERT INTO "${this.schema}".outbox (event_id, topic, key, type, version, value, headers) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [envelope.id, message.topic, message.key, type, routing.version, message.value, JSON.stringify(headers)],
      );
      // Delivered at commit; wakes the relay without waiting for its next poll.
      await manager.query(`SELECT pg_notify($1, '')`, [outboxChannel(this.schema)]);
    });
    return envelope;
  }
}

export const outboxChannel = (schema: string) => `${schema}_outbox`;
