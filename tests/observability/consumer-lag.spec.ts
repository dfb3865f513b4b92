import { createLogger, EmbeddedTransport, KafkaTransport, type EventTransport, type ReceivedMessage } from "@learnloop/kit/internal";
import { createTestDatabase, startKafkaBroker } from "@learnloop/devstack";
import { waitFor } from "../support/wait";

// learnloop_consumer_lag_messages reads the broker's committed positions, so a consumer stuck on a
// message (alive, applying nothing) still shows its backlog; the delivery-lag histogram cannot.
const logger = createLogger("test", "silent");
const TOPIC = "lag.test.v1";
const GROUP = "lagtest.effects";

const transports: [string, () => Promise<{ transport: EventTransport; cleanup(): Promise<void> }>][] = [
  [
    "embedded",
    async () => {
      const database = await createTestDatabase();
      return { transport: new EmbeddedTransport(database.url, logger, 20), cleanup: () => database.drop() };
    },
  ],
  [
    "kafka",
    async () => {
      const broker = await startKafkaBroker();
      await broker.createTopic(TOPIC, 2);
      const transport = new KafkaTransport({
        brokers: broker.brokers,
        clientId: "lag-test",
        logger,
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 1_000,
        fetchMaxWaitMs: 100,
      });
      return { transport, cleanup: () => broker.stop() };
    },
  ],
];

describe.each(transports)("consumer lag over the %s transport", (kind, make) => {
  it("counts what waits after the committed position, while the consumer is stuck and after it catches up", async () => {
    const { transport, cleanup } = await make();
    const total = async () => (await transport.lag!(GROUP, [TOPIC])).reduce((n, p) => n + p.messages, 0);
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const handled: ReceivedMessage[] = [];
    try {
      await transport.ensureTopics([TOPIC]);
      await transport.publish(["a", "b", "c"].map((key) => ({ topic: TOPIC, key, value: key, headers: {} })));
      // No member has ever committed: everything waits.
      expect(await total()).toBe(3);
      if (kind === "embedded") expect((await transport.lag!(GROUP, [TOPIC]))[0].oldestAgeSeconds).toBeGreaterThanOrEqual(0);
      const subscription = await transport.subscribe({
        groupId: GROUP,
        topics: [TOPIC],
        handle: async (m) => {
          handled.push(m);
          await stuck; // the first message never finishes until released
        },
      });
      await waitFor(() => handled.length >= 1, 30_000, "a message in hand");
      expect(subscription.running).toBe(true);
      // Running, stuck on a message: nothing committed, the backlog shows.
      expect(await total()).toBe(3);
      release();
      await waitFor(async () => (await total()) === 0, 30_000, "the lag to drain");
      if (kind === "embedded") expect((await transport.lag!(GROUP, [TOPIC]))[0]).toMatchObject({ messages: 0, oldestAgeSeconds: 0 });
      await subscription.stop();
    } finally {
      release?.();
      await transport.close();
      await cleanup();
    }
  }, 90_000);
});
