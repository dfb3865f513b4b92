import { startKafkaBroker, type TestKafkaBroker } from "@learnloop/devstack";
import { createLogger, KafkaTransport } from "@learnloop/kit/internal";
import { waitFor } from "../support/wait";

/**
 * A broadcast subscriber (the gateway's live feed) commits nothing. When kafkajs restarts it after
 * the broker comes back, it must carry on where it was, not jump to the latest offset.
 */
let broker: TestKafkaBroker;
let transport: KafkaTransport;
beforeAll(async () => {
  broker = await startKafkaBroker({ mock: true }); // takes the broker down: the mock only
  transport = new KafkaTransport({
    brokers: broker.brokers,
    clientId: "broadcast-outage",
    logger: createLogger("test", "silent"),
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 1_000,
    fetchMaxWaitMs: 100,
  });
}, 30_000);
afterAll(async () => {
  await transport?.close();
  await broker?.stop();
});

const message = (n: number) => ({ topic: "broadcast-outage", key: "k", value: JSON.stringify({ n }), headers: {} });

it("keeps its place across a broker outage", async () => {
  await broker.createTopic("broadcast-outage", 1);
  const seen: number[] = [];
  const sub = await transport.subscribe({
    groupId: `broadcast-outage-${Date.now()}`,
    topics: ["broadcast-outage"],
    broadcast: { tail: 0 },
    handle: async (m) => void seen.push(JSON.parse(m.value).n),
  });
  await new Promise((r) => setTimeout(r, 1_000));
  await transport.publish([message(1), message(2)]);
  await waitFor(() => seen.length === 2, 20_000, "the first messages");

  await broker.down();
  await new Promise((r) => setTimeout(r, 8_000)); // past the session timeout: kafkajs gives up and restarts the consumer
  await broker.up();
  await waitFor(
    async () => {
      try {
        await transport.publish([message(3)]);
        return true;
      } catch {
        return false;
      }
    },
    30_000,
    "the broker to take messages again",
  );
  await transport.publish([message(4)]);
  await waitFor(() => seen.includes(4), 40_000, "the messages after the outage");
  await sub.stop();
  expect(seen.filter((n, i) => seen.indexOf(n) === i)).toEqual([1, 2, 3, 4]);
}, 120_000);
