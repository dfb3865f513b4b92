import { randomBytes } from "node:crypto";
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type KafkaMessage, type Producer } from "kafkajs";
import { startKafkaBroker, type TestKafkaBroker } from "@learnloop/devstack";

// Proves that the test broker (librdkafka's mock cluster, or the real Kafka in KAFKA_BROKERS) behaves like Kafka for
// kafkajs 2.2.4. The tests run in order and share one consumer, as a service's consumer would live through them.

/** Polls until `check` passes, so the tests wait exactly as long as Kafka needs and no longer. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const text = (value: Buffer | string | null | undefined) => value?.toString() ?? null;

// Outages are mock-only: a shared real Kafka cannot be taken down.
const mockOnly = process.env.KAFKA_BROKERS?.trim() ? it.skip : it;

describe("Kafka test broker through kafkajs", () => {
  const run = randomBytes(4).toString("hex");
  const topic = `broker-spec-${run}`;
  const groupId = `broker-spec-${run}`;
  // One key for every message: they share a partition, so their order (and any gap) is well defined.
  const key = "learner-42";

  let broker: TestKafkaBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;
  const received: KafkaMessage[] = [];
  const values = (messages: KafkaMessage[]) => messages.map((m) => text(m.value));

  const newConsumer = () =>
    kafka.consumer({
      groupId,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      // Bounds how long disconnect() waits for an in-flight fetch (default 5 s).
      maxWaitTimeInMs: 500,
    });

  /** True once the group has committed every partition up to its end, i.e. nothing is left for a new member. */
  const groupCaughtUp = async () => {
    const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    return ends.every(({ partition, high }) => {
      const offset = committed.partitions.find((p) => p.partition === partition)?.offset ?? "-1";
      return Number(offset === "-1" ? 0 : offset) === Number(high);
    });
  };

  beforeAll(async () => {
    broker = await startKafkaBroker();
    kafka = new Kafka({ clientId: "broker-spec", brokers: broker.brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  it("delivers a keyed message from a 3-partition topic to a consumer group, with its key, value and headers", async () => {
    await broker.createTopic(topic, 3);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata.partitions).toHaveLength(3);

    const [sent] = await producer.send({
      topic,
      messages: [{ key, value: JSON.stringify({ lesson: 1 }), headers: { "event-type": "lesson.completed" } }],
    });

    consumer = newConsumer();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const partitions: number[] = [];
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        partitions.push(partition);
        received.push(message);
      },
    });
    await waitFor("the first message", () => received.length > 0);

    expect(received).toHaveLength(1);
    expect(partitions).toEqual([sent.partition]);
    const [message] = received;
    expect(text(message.key)).toBe(key);
    expect(JSON.parse(text(message.value)!)).toEqual({ lesson: 1 });
    expect(text(message.headers?.["event-type"] as Buffer)).toBe("lesson.completed");
  });

  mockOnly("refuses produces while down, and serves the same running consumer again after up", async () => {
    // A client that gives up at once, so "down" shows as a rejected send rather than a long retry loop.
    const impatient = new Kafka({
      clientId: "broker-spec-impatient",
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const doomed = impatient.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await doomed.connect();
    try {
      await broker.down();
      // Keep the brokers down long enough for the consumer to lose its connections and retry in vain,
      // checking that every produce meanwhile is refused.
      const outageEnds = Date.now() + 1500;
      do {
        await expect(doomed.send({ topic, messages: [{ key, value: "lost" }] })).rejects.toThrow();
        await new Promise((resolve) => setTimeout(resolve, 250));
      } while (Date.now() < outageEnds);
    } finally {
      await broker.up();
      await doomed.disconnect();
    }

    // The long-lived producer reconnects by itself; so does the consumer, without a new subscribe/run.
    await producer.send({ topic, messages: [{ key, value: "after-outage" }] });
    await waitFor("the consumer to receive the message produced after up()", () => received.length > 1);
    expect(values(received)).toEqual([JSON.stringify({ lesson: 1 }), "after-outage"]);
  });

  it("lets a new member of the group resume after the last committed offset", async () => {
    await waitFor("the group to commit what it consumed", groupCaughtUp);
    await consumer.disconnect();

    const [sent] = await producer.send({ topic, messages: [{ key, value: "while-no-one-listens" }] });
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const start = committed.partitions.find((p) => p.partition === sent.partition)?.offset;
    expect(start).toBe(sent.baseOffset);

    const resumed: KafkaMessage[] = [];
    consumer = newConsumer();
    await consumer.connect();
    // fromBeginning only applies where nothing is committed: with it, a replay would show up here.
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        resumed.push(message);
      },
    });
    await waitFor("the new member to receive the message produced while the group was empty", () => resumed.length > 0, 20_000);
    // Once the group is caught up again nothing else can arrive, so the list is final.
    await waitFor("the new member to commit", groupCaughtUp);

    expect(values(resumed)).toEqual(["while-no-one-listens"]);
    expect(resumed[0].offset).toBe(sent.baseOffset);
  });
});
