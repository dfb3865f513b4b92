import type { TransportMessage } from "./envelope";

export interface ReceivedMessage extends TransportMessage {
  partition: number;
  offset: string;
  /** Broadcast only: the message was already in the log when the subscription started. */
  backlog?: boolean;
}

export interface SubscribeOptions {
  /** One consumer group per subgraph and purpose: `<subgraph>.<purpose>`. */
  groupId: string;
  topics: string[];
  /**
   * Called once per message, in order per partition. The offset is committed only after it
   * resolves; if it throws, the message is delivered again (at least once).
   */
  handle(message: ReceivedMessage): Promise<void>;
  /**
   * Broadcast instead of a group: this subscriber alone gets every message, commits nothing, and
   * starts `tail` messages back in each partition (topic, on the embedded log). The gateway's live
   * feed uses it: each gateway sees everything, and a restarted one still has a resume window.
   */
  broadcast?: { tail: number };
}

/** How far a consumer group is behind in one partition: messages after its committed position. */
export interface PartitionLag {
  topic: string;
  partition: number;
  messages: number;
  /** Seconds since the oldest of them was written; 0 when none. The embedded log only (Kafka's offsets carry no time). */
  oldestAgeSeconds?: number;
}

export interface Subscription {
  /** False once stopped, or once it has given up (a Kafka consumer that crashed and will not restart). */
  readonly running: boolean;
  /** Finishes the message in hand, commits, and leaves the group. */
  stop(): Promise<void>;
}

/**
 * What the outbox relay and the consumers need from a broker. Kafka in production; a
 * PostgreSQL-backed log on the embedded default. Both give at-least-once delivery, in order per key.
 */
export interface EventTransport {
  readonly kind: "kafka" | "embedded";
  /** Resolves once every message is durably accepted, in the order given. */
  publish(messages: TransportMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Every message currently in a topic, oldest first (dead-letter inspection). */
  readAll(topic: string): Promise<ReceivedMessage[]>;
  /** The group's lag in each partition of the topics, from the broker's committed positions. */
  lag?(groupId: string, topics: string[]): Promise<PartitionLag[]>;
  /** Best effort: production Kafka creates them, the test mock cannot. */
  ensureTopics(topics: string[]): Promise<void>;
  close(): Promise<void>;
}
