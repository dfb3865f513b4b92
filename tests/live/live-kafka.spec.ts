import { startKafkaBroker, type TestKafkaBroker } from "@learnloop/devstack";
import { connect, subscribe, type LiveConnection } from "../support/live";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/** The same live path on the Kafka transport: the gateway's feed is a broadcast consumer of a real Kafka protocol broker. */
let broker: TestKafkaBroker;
let stack: TestStack;
let connection: LiveConnection | undefined;
beforeAll(async () => {
  broker = await startKafkaBroker();
  stack = await startStack({
    subgraphEnv: broker.env,
  });
}, 120_000);
afterAll(async () => {
  await connection?.dispose();
  await stack?.stop();
  await broker?.stop();
});

it("progressUpdated arrives over Kafka, completed with the user from users", async () => {
  const userId = "user_live_kafka";
  const token = stack.token(userId);
  await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "Kai" }) { id } }`, { token });
  connection = connect(stack.gatewayUrl, { authorization: `Bearer ${token}` });
  const sub = subscribe(connection, `subscription { progressUpdated { xp user { displayName } } }`);
  await waitFor(() => (stack.gatewayLive?.hub.stats().members ?? 0) === 1);
  // The broadcast consumer joins its group of one before it reads; a completion now must still arrive.
  const r = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, { token });
  expect(r.body.errors).toBeUndefined();
  const result = await sub.nth(1, 30_000);
  expect(result.data.progressUpdated).toEqual({ xp: 10, user: { displayName: "Kai" } });
  expect(stack.gatewayLive!.feed.received).toBeGreaterThan(0);
}, 60_000);
