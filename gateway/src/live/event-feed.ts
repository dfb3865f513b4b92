import { randomUUID } from "node:crypto";
import {
  contextOf,
  fromMessage,
  HEADERS,
  inSpan,
  SpanKind,
  type ContractRegistry,
  type EventEnvelope,
  type EventTransport,
  type ReceivedMessage,
  type Subscription,
} from "@learnloop/kit/internal";
import type { Logger } from "pino";

/**
 * The gateway's view of the event backbone: every event the live routes need, as a broadcast
 * (each gateway replica reads everything, commits nothing), and the last `window` of them kept
 * for clients that resume. On start it reads `window` messages back per partition, so a restarted
 * gateway can still resume a client that was connected to the one before.
 */
export class EventFeed {
  private readonly recent: EventEnvelope<unknown>[] = [];
  private readonly seen = new Set<string>();
  private subscription?: Subscription;
  /** Events received, for metrics and tests. */
  received = 0;

  constructor(
    private readonly options: {
      transport: EventTransport;
      registry: ContractRegistry;
      events: string[];
      window: number;
      logger: Logger;
      onEvent(event: EventEnvelope<unknown>): Promise<void>;
    },
  ) {}

  async start(): Promise<void> {
    const { transport, registry, events, window } = this.options;
    const topics = [...new Set(events.map((e) => registry.routing(e).topic))];
    await transport.ensureTopics(topics);
    this.subscription = await transport.subscribe({
      groupId: `gateway.live.${randomUUID()}`,
      topics,
      broadcast: { tail: window },
      handle: (message) =>
        inSpan(
          `receive ${message.headers[HEADERS.type] ?? message.topic}`,
          {
            kind: SpanKind.CONSUMER,
            parent: contextOf(message.headers),
            attributes: {
              "messaging.system": transport.kind,
              "messaging.operation.type": "receive",
              "messaging.destination.name": message.topic,
              "learnloop.event.id": message.headers[HEADERS.id],
            },
          },
          () => this.receive(message),
        ),
    });
  }

  /** Within the feed's CONSUMER span, so each live delivery it schedules continues the event's trace. */
  private async receive(message: ReceivedMessage): Promise<void> {
    const { events, logger } = this.options;
    let event: EventEnvelope<unknown>;
    try {
      event = fromMessage(message);
    } catch (err) {
      return logger.warn({ err, topic: message.topic, offset: message.offset }, "live feed skipped an unreadable message");
    }
    if (!events.includes(event.type) || this.seen.has(event.id)) return; // a republished copy is not news
    this.remember(event);
    this.received++;
    // What was in the log before this gateway started is only for resuming, never sent as new.
    if (!message.backlog) await this.options.onEvent(event);
  }

  private remember(event: EventEnvelope<unknown>): void {
    this.recent.push(event);
    this.seen.add(event.id);
    if (this.recent.length > this.options.window) this.seen.delete(this.recent.shift()!.id);
  }

  /** The events after `eventId`, oldest first; undefined when it is no longer (or never was) in the window. */
  since(eventId: string): EventEnvelope<unknown>[] | undefined {
    if (!this.seen.has(eventId)) return undefined;
    return this.recent.slice(this.recent.findIndex((e) => e.id === eventId) + 1);
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
