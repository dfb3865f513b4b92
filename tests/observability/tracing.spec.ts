import {
  parseMetrics,
  startKafkaBroker,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
  type TestKafkaBroker,
} from "@learnloop/devstack";
import { connect, subscribe, type LiveConnection } from "../support/live";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * One trace from a client's request to the live delivery it causes, across four processes and the
 * Kafka transport: gateway → progress (HTTP, GraphQL, SQL, outbox write) → progress's relay →
 * Kafka → notifications' consumer (its SQL and outbox write) → notifications' relay → Kafka →
 * the gateway's live feed → the graphql-ws delivery of notificationAdded. Each service is its own
 * process with its own SDK, exporting OTLP/HTTP JSON to a receiver on loopback.
 */
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";

let broker: TestKafkaBroker;
let receiver: OtlpReceiver;
let stack: TestStack;
let connection: LiveConnection | undefined;
beforeAll(async () => {
  broker = await startKafkaBroker();
  receiver = await startOtlpReceiver();
  // Exported every 100 ms instead of every 5 s, so the test waits for spans no longer than it must.
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "100" };
  stack = await startStack({
    subgraphEnv: broker.env,
    processes: ["progress", "notifications"],
    envFor: { progress: tracing, notifications: tracing },
    gatewayProcess: true,
    gatewayEnv: tracing,
  });
}, 180_000);
afterAll(async () => {
  await connection?.dispose();
  await stack?.stop();
  await receiver?.stop();
  await broker?.stop();
});

/** The span's ancestors, nearest first, as far as the receiver has them. */
function ancestry(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let s = byId.get(span.parentSpanId ?? ""); s; s = byId.get(s.parentSpanId ?? "")) chain.push(s);
  return chain;
}

it("follows completeLesson from the client's traceparent to the graphql-ws delivery of its notification", async () => {
  const userId = "user_trace_mio";
  const token = stack.token(userId);
  expect(
    (await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "Mio" }) { id } }`, { token })).body.errors,
  ).toBeUndefined();
  connection = connect(stack.gatewayUrl, { authorization: `Bearer ${token}` });
  const sub = subscribe(connection, `subscription { notificationAdded { category title } }`);
  const subscriptions = async () => parseMetrics(await (await fetch(stack.gatewayMetricsUrl!)).text())["learnloop_live_subscriptions"];
  await waitFor(async () => (await subscriptions()) === 1, 30_000, "the subscription at the gateway");

  const r = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
    token,
    headers: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` },
  });
  expect(r.body.errors).toBeUndefined();
  await waitFor(() => sub.results.some((x) => x.data?.notificationAdded?.category === "LESSON"), 30_000, "the LESSON notification");

  const trace = () => receiver.spans.filter((s) => s.traceId === TRACE_ID);
  const isDelivery = (s: ReceivedSpan) => s.name === "graphql-ws deliver notificationAdded";
  // Complete: the delivery has arrived, every span's parent is in the trace (or is the client's
  // span), and every HTTP call the gateway made has the subgraph's side (exported by another process).
  await waitFor(
    () => {
      const spans = trace();
      const ids = new Set(spans.map((s) => s.spanId));
      const parents = new Set(spans.filter((s) => s.kind === "SERVER").map((s) => s.parentSpanId));
      return (
        spans.some(isDelivery) &&
        spans.every((s) => s.parentSpanId === CLIENT_SPAN || ids.has(s.parentSpanId ?? "")) &&
        spans.filter((s) => s.kind === "CLIENT" && s.name.startsWith("POST")).every((s) => parents.has(s.spanId))
      );
    },
    30_000,
    "the whole trace at the receiver",
  );
  const spans = trace();
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  if (process.env.PRINT_TRACE)
    process.stdout.write(
      spans.map((s) => `${s.service}\t${s.kind}\t${s.name}\t<- ${byId.get(s.parentSpanId ?? "")?.name ?? s.parentSpanId}`).join("\n") +
        "\n",
    );

  // Every process took part, and the gateway's trace started from the client's span.
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(["learnloop-gateway", "learnloop-progress", "learnloop-notifications"]));
  const roots = spans.filter((s) => s.parentSpanId === CLIENT_SPAN);
  expect(roots.map((s) => [s.service, s.kind])).toEqual([["learnloop-gateway", "SERVER"]]);

  // The LESSON delivery's ancestry, root first: each hop, in order, in the service that does it.
  const lessonDelivery = spans.filter(isDelivery).find((d) => ancestry(d, byId).some((s) => s.name === "process lesson.completed"));
  expect(lessonDelivery).toBeDefined();
  const path = [lessonDelivery!, ...ancestry(lessonDelivery!, byId)].reverse();
  expect(path[0]).toBe(roots[0]);
  const hops = path
    .filter((s) => /^(outbox write|publish|process|receive|graphql-ws deliver) /.test(s.name) || s.kind === "SERVER")
    .map((s) => [s.service, s.kind, s.name]);
  expect(hops).toEqual([
    ["learnloop-gateway", "SERVER", "POST /graphql"],
    ["learnloop-progress", "SERVER", "POST /graphql"],
    ["learnloop-progress", "INTERNAL", "outbox write lesson.completed"],
    ["learnloop-progress", "PRODUCER", "publish learnloop.progress.v1"],
    ["learnloop-notifications", "CONSUMER", "process lesson.completed"],
    ["learnloop-notifications", "INTERNAL", "outbox write notification.created"],
    ["learnloop-notifications", "PRODUCER", "publish learnloop.notifications.v1"],
    ["learnloop-gateway", "CONSUMER", "receive notification.created"],
    ["learnloop-gateway", "INTERNAL", "graphql-ws deliver notificationAdded"],
  ]);
  // Through Kafka, not the embedded log.
  for (const s of path.filter((p) => p.kind === "PRODUCER" || p.kind === "CONSUMER"))
    expect(s.attributes["messaging.system"]).toBe("kafka");

  // Between the hops: @apollo/gateway's own spans, the subgraph's GraphQL execution, its SQL.
  const named = (service: string, pattern: RegExp) => spans.filter((s) => s.service === service && pattern.test(s.name));
  expect(named("learnloop-gateway", /^gateway\.request$/)).not.toHaveLength(0);
  expect(named("learnloop-gateway", /^gateway\.fetch$/)).not.toHaveLength(0);
  expect(named("learnloop-progress", /^mutation$/).map((s) => s.attributes["graphql.operation.type"])).toContain("mutation");
  expect(named("learnloop-progress", /^graphql\.resolve completeLesson$/)).toHaveLength(1);
  // pg's spans are named for the statement's verb and the database.
  expect(named("learnloop-progress", /^pg\.query:INSERT /)).not.toHaveLength(0);
  expect(named("learnloop-notifications", /^pg\.query:INSERT /)).not.toHaveLength(0);
  // The delivery completed the notification from the notifications subgraph, in the same trace.
  const served = spans.filter((s) => s.service === "learnloop-notifications" && s.kind === "SERVER");
  expect(served).not.toHaveLength(0);
  expect(served.every((s) => ancestry(s, byId).some(isDelivery))).toBe(true);
}, 120_000);

it("keeps a GET's variables, the client's address and its user agent out of every span", async () => {
  const traceId = "5cf92f3577b34da6a3ce929d0e0e4737";
  const secret = "learner-typed-this-7f3a";
  const search = new URLSearchParams({
    query: `query Lesson($id: ID!) { lesson(id: $id) { id } }`,
    variables: JSON.stringify({ id: secret }),
  });
  // A GET through the gateway to progress (traced) would do as well; what matters is the query string.
  const res = await fetch(`${stack.gatewayUrl}?${search}&lessonHint=${secret}`, {
    headers: {
      "apollo-require-preflight": "true",
      "user-agent": "LearnerPhone/1.0 (agent-9c1d)",
      traceparent: `00-${traceId}-${CLIENT_SPAN}-01`,
    },
  });
  expect(res.status).toBeLessThan(500);
  await waitFor(
    () => receiver.spans.some((s) => s.traceId === traceId && s.service === "learnloop-gateway" && s.kind === "SERVER"),
    30_000,
    "the gateway's span of the GET",
  );
  const server = receiver.spans.find((s) => s.traceId === traceId && s.service === "learnloop-gateway" && s.kind === "SERVER")!;
  expect(server.name).toBe("GET /graphql");
  expect(server.attributes["url.path"]).toBe("/graphql");
  for (const name of ["url.query", "client.address", "network.peer.address", "user_agent.original"])
    expect([name, server.attributes[name]]).toEqual([name, undefined]);
  // No span of any process, of this trace or another, holds the value or the agent anywhere.
  const leaks = receiver.spans.flatMap((s) =>
    Object.entries(s.attributes)
      .filter(([, v]) => String(v).includes(secret) || String(v).includes("agent-9c1d"))
      .map(([k]) => `${s.service} ${s.name} ${k}`),
  );
  expect(leaks).toEqual([]);
}, 60_000);
