import fs from "node:fs";
import { EVENTS_DIR, listedSubgraphs, readContracts, readReleased } from "@learnloop/devstack";
import { learnloopContracts } from "@learnloop/events";
import { LIVE_EVENTS } from "@learnloop/gateway";
import { breakingChanges, eventRef, type EventContract } from "@learnloop/kit";

const current = readContracts();

describe("event contracts in schema/events", () => {
  it("are named <name>.v<version>.json after their x-event routing", () => {
    const files = fs.readdirSync(EVENTS_DIR).filter((f) => /\.v\d+\.json$/.test(f));
    expect(files.sort()).toEqual(current.map((c) => `${c["x-event"].name}.v${c["x-event"].version}.json`).sort());
  });

  it("change no released contract in a way that breaks a consumer (publish a new version instead)", () => {
    const released = readReleased() as Record<string, EventContract>;
    const problems = Object.entries(released).flatMap(([ref, old]) => {
      const now = current.find((c) => eventRef(c["x-event"].name, c["x-event"].version) === ref);
      return now ? breakingChanges(old, now).map((p) => `${ref} ${p}`) : [`${ref} was released and is gone`];
    });
    expect(problems).toEqual([]);
  });

  it("are all released (review, then `npm run events:release`)", () => {
    const released = Object.keys(readReleased());
    expect(current.map((c) => eventRef(c["x-event"].name, c["x-event"].version)).filter((r) => !released.includes(r))).toEqual([]);
  });
});

describe("events declared beside each subgraph", () => {
  const declaring = listedSubgraphs().map((s) => s.subgraph);

  it("exist in schema/events, and the subgraphs use the registry built from them", () => {
    expect(declaring.map((d) => d.name)).toEqual(expect.arrayContaining(["users", "progress"]));
    for (const def of declaring) {
      expect(def.events.contracts).toBe(learnloopContracts);
      const used = [...def.events.publishes, ...def.events.consumers.flatMap((c) => c.events)];
      for (const event of used) expect(() => learnloopContracts.routing(event)).not.toThrow();
    }
  });

  it("every published event has a consumer, and every consumed event a producer", () => {
    const published = new Set(declaring.flatMap((d) => d.events.publishes));
    // The gateway's live feed consumes too (gateway/src/live/routes.ts).
    const consumed = new Set([...declaring.flatMap((d) => d.events.consumers.flatMap((c) => c.events)), ...LIVE_EVENTS]);
    expect([...consumed].filter((e) => !published.has(e))).toEqual([]);
    expect([...published].filter((e) => !consumed.has(e))).toEqual([]);
  });
});
