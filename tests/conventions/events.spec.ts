import { createTestDatabase, fakeStripeValues, listedSubgraphs, type DevstackValue } from "@learnloop/devstack";
import { learnloopContracts } from "@learnloop/events";
import { ENTITLEMENT_EVENTS, LIVE_EVENTS } from "@learnloop/gateway";
import { ContractRegistry, createLogger, generateInternalContextKeys, type RunningSubgraph } from "@learnloop/kit/internal";
import { publisherRefusals, uncontractedEvents, undeclaredPublishes, unpairedEvents } from "../../packages/devstack/src/conventions";
import { conventionTitle, subgraphSources, tempSources } from "./support";

const subgraphs = listedSubgraphs();
const eventNames = (registry: ContractRegistry) => [...new Set(registry.refs().map((ref) => ref.split("@")[0]))].sort();

describe(conventionTitle(__filename), () => {
  describe.each(subgraphs.map((s) => [s.name, s]))("%s", (_name, entry) => {
    const { events } = entry.subgraph;

    it("declares its events against the registry built from schema/events, and each has a contract there", () => {
      expect(events.contracts).toBe(learnloopContracts);
      expect(uncontractedEvents(entry.subgraph)).toEqual([]);
    });

    it("publishes in its src only events it declares", () => {
      expect(undeclaredPublishes(subgraphSources(entry.dir), events.publishes)).toEqual([]);
    });
  });

  it("every published event has a consumer, and every consumed event a producer (the gateway's live feed and entitlements cache consume too)", () => {
    expect(
      unpairedEvents(
        subgraphs.map((s) => s.subgraph),
        [...LIVE_EVENTS, ...ENTITLEMENT_EVENTS],
      ),
    ).toEqual([]);
  });

  describe("a running subgraph's publisher", () => {
    const secret = `whsec_${Buffer.from("conventions").toString("base64")}`;
    const DEVSTACK_PLACEHOLDERS: Record<DevstackValue, string> = {
      clerkWebhookSecret: secret,
      ...fakeStripeValues({ url: "http://127.0.0.1:9" }, secret),
    };
    let database: { url: string; drop(): Promise<void> };
    const keys = generateInternalContextKeys();
    beforeAll(async () => void (database = await createTestDatabase()));
    afterAll(async () => database?.drop());

    it.each(subgraphs.map((s) => [s.name, s]))(
      "%s: refuses every event it does not declare, and no event it does",
      async (_name, entry) => {
        const running: RunningSubgraph = await entry.subgraph.start(
          {
            PORT: "0",
            METRICS_PORT: "off",
            DATABASE_URL: database.url,
            DATABASE_POOL_SIZE: "2",
            INTERNAL_CONTEXT_PUBLIC_KEY: keys.publicKey,
            LOG_LEVEL: "silent",
            // Only content reads it; the catalogue import is not what this test is about.
            CONTENT_IMPORT_ON_START: "false",
            // What the devstack hands a subgraph (subgraphs.json `env`); no Stripe call is made here.
            ...Object.fromEntries(Object.entries(entry.env).map(([name, value]) => [name, DEVSTACK_PLACEHOLDERS[value]])),
          },
          createLogger("test", "silent"),
        );
        try {
          // An empty payload: a declared event then fails on its contract, inside a transaction that rolls back.
          const publish = (event: string) =>
            running.db.dataSource.transaction((manager) =>
              running.events.publisher.publish(manager, event, {}, { requestId: "conventions-check" }),
            );
          expect(await publisherRefusals(publish, eventNames(learnloopContracts), entry.subgraph.events.publishes)).toEqual([]);
        } finally {
          await running.stop();
        }
      },
    );
  });

  describe("the checks see a bad input", () => {
    const bad = tempSources({
      "a.ts": [
        'await publisher.publish(tx, "lesson.completed", payload, meta);',
        'await ctx.publish("notification.created", payload);',
        'async function profile(type: "user.created" | "user.updated") { await publisher.publish(manager, type, payload, meta); }',
        "async function any(type: string) { await publisher.publish(manager, type, payload, meta); }",
      ].join("\n"),
    });
    afterAll(() => bad.remove());

    it("a publish of an undeclared event, and one whose event the source does not name", () => {
      const problems = undeclaredPublishes(bad.sources, ["lesson.completed", "user.created"]);
      expect(problems).toEqual([
        expect.stringMatching(/a\.ts:2: publishes notification\.created, not in/),
        expect.stringMatching(/a\.ts:3: publishes user\.updated, not in/),
        expect.stringMatching(/a\.ts:4: publishes an event the source does not name/),
      ]);
    });

    it("an event without a contract, and events without a producer or a consumer", () => {
      const fake = {
        name: "fake",
        events: {
          contracts: learnloopContracts,
          publishes: ["made.up"],
          consumers: [{ purpose: "p", events: ["also.made.up", "user.created"] }],
        },
      };
      expect(uncontractedEvents(fake)).toEqual([
        "fake publishes made.up, which has no contract in schema/events",
        "fake consumes (p) also.made.up, which has no contract in schema/events",
      ]);
      expect(unpairedEvents([fake], [])).toEqual([
        "also.made.up is consumed but no subgraph publishes it",
        "user.created is consumed but no subgraph publishes it",
        "made.up is published but nothing consumes it",
      ]);
    });

    it("a publisher that takes an undeclared event, or refuses a declared one", async () => {
      const takesAll = async () => undefined;
      const refusesAll = async (e: string) => Promise.reject(new Error(`fake does not declare that it publishes ${e}`));
      expect(await publisherRefusals(takesAll, ["a.b", "c.d"], ["a.b"])).toEqual(["c.d is not declared, yet the publisher took it"]);
      expect(await publisherRefusals(refusesAll, ["a.b", "c.d"], ["a.b"])).toEqual([
        "a.b is declared, yet the publisher refused it as undeclared",
      ]);
    });
  });
});
