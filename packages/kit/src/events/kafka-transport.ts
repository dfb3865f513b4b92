import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type KafkaMessage, type Producer } from "kafkajs";
import type { Logger } from "pino";
import type { TransportMessage } from "./envelope";
import type { EventTransport, PartitionLag, ReceivedMessage, SubscribeOptions, Subscription } from "./transport";

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Short for tests against the mock cluster; Kafka's defaults suit production. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  fetchMaxWaitMs?: number;
  partitionsConcurrently?: number;
}

const headerValues = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v ?? "")]));

const received = (topic: string, partition: number, message: KafkaMessage): ReceivedMessage => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key?.toString() ?? "",
  value: message.value?.toString() ?? "",
  headers: headerValues(message.headers),
});

export class KafkaTransport implements EventTransport {
  readonly kind = "kafka";
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  /** One admin connection kept for lag reads at each scrape, made on the first. */
  private admin?: Promise<Admin>;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaTransportOptions) {
    const log = options.logger.child({ source: "kafkajs" });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      // Retries live in the outbox relay and the consumer, where they can back off without losing order.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      logCreator:
        () =>
        ({ level, log: entry }) => {
          const { message, ...extra } = entry;
          if (level <= logLevel.ERROR) log.error(extra, message);
          else log.warn(extra, message);
        },
    });
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      // Not `idempotent`: duplicates are absorbed by consumers' processed-events records instead.
      const producer = this.kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1 });
      await producer.connect();
      return producer;
    })().catch((err) => {
      this.producer = undefined;
      throw err;
    });
    return this.producer;
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (!messages.length) return;
    const producer = await this.getProducer();
    const byTopic = new Map<string, TransportMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  private newConsumer(groupId: string): Consumer {
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 5_000,
      allowAutoTopicCreation: true,
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (options.broadcast) return this.broadcast(options, options.broadcast.tail);
    const consumer = this.newConsumer(options.groupId);
    await consumer.connect();
    for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: true });
    const state = runState(consumer);
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 4,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await options.handle(received(topic, partition, message));
        await heartbeat();
      },
    });
    return {
      get running() {
        return state.running;
      },
      stop: async () => {
        state.running = false;
        // kafkajs waits for the message in hand and commits resolved offsets before leaving.
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  /** A group of one that commits nothing, placed `tail` messages back in every partition. */
  private async broadcast(options: SubscribeOptions, tail: number): Promise<Subscription> {
    const admin = this.kafka.admin();
    await admin.connect();
    const starts: { topic: string; partition: number; offset: string }[] = [];
    /** Each partition's end when we started: what lies before it is backlog. */
    const heads = new Map<string, number>();
    try {
      for (const topic of options.topics)
        for (const p of await admin.fetchTopicOffsets(topic)) {
          starts.push({ topic, partition: p.partition, offset: String(Math.max(Number(p.low), Number(p.high) - tail)) });
          heads.set(`${topic}/${p.partition}`, Number(p.high));
        }
    } finally {
      await admin.disconnect();
    }
    const consumer = this.newConsumer(options.groupId);
    await consumer.connect();
    for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: false });
    // Nothing is committed, so after a rejoin (kafkajs restarts a consumer that lost its broker)
    // it would start at the latest offset: every join puts each partition back where this one got to.
    const next = new Map(starts.map((s) => [`${s.topic}/${s.partition}`, s.offset]));
    const place = () => {
      for (const s of starts) consumer.seek({ topic: s.topic, partition: s.partition, offset: next.get(`${s.topic}/${s.partition}`)! });
    };
    consumer.on(consumer.events.GROUP_JOIN, place);
    const log = this.options.logger.child({ broadcast: options.groupId });
    const state = runState(consumer);
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        next.set(`${topic}/${partition}`, String(Number(message.offset) + 1));
        const m = { ...received(topic, partition, message), backlog: Number(message.offset) < (heads.get(`${topic}/${partition}`) ?? 0) };
        await options.handle(m).catch((err) => log.warn({ err }, "broadcast handler failed; message skipped"));
      },
    });
    place();
    return {
      get running() {
        return state.running;
      },
      stop: async () => {
        state.running = false;
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((err) => {
      this.admin = undefined;
      throw err;
    });
    return this.admin;
  }

  /** Each partition's end offset minus the group's committed offset (its low watermark before any commit). */
  async lag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const admin = await this.getAdmin();
    try {
      const committed = await admin.fetchOffsets({ groupId, topics });
      const lags: PartitionLag[] = [];
      for (const { topic, partitions } of committed)
        for (const end of await admin.fetchTopicOffsets(topic)) {
          const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          const position = offset >= 0 ? offset : Number(end.low);
          lags.push({ topic, partition: end.partition, messages: Math.max(0, Number(end.high) - position) });
        }
      return lags;
    } catch (err) {
      this.admin = undefined; // reconnect at the next read
      await admin.disconnect().catch(() => undefined);
      throw err;
    }
  }

  async readAll(topic: string): Promise<ReceivedMessage[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const pending = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
    const found: ReceivedMessage[] = [];
    if (!pending.size) return found;
    const consumer = this.kafka.consumer({ groupId: `inspect-${topic}-${Date.now()}`, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), 30_000);
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            found.push(received(topic, partition, message));
            if (Number(message.offset) + 1 >= (pending.get(partition) ?? 0)) pending.delete(partition);
            if (!pending.size) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return found;
  }

  async ensureTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 4 })), waitForLeaders: true });
    } catch (err) {
      this.options.logger.debug({ err }, "could not create topics; relying on auto-creation");
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    const producer = await this.producer?.catch(() => undefined);
    this.producer = undefined;
    await producer?.disconnect();
    const admin = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await admin?.disconnect();
  }
}

/** Whether a consumer still runs: kafkajs restarts it after most crashes, and gives up after the rest. */
function runState(consumer: Consumer): { running: boolean } {
  const state = { running: true };
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) state.running = false;
  });
  return state;
}
