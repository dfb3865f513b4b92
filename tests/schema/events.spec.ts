import fs from "node:fs";
import { EVENTS_DIR, readContracts, readReleased } from "@learnloop/devstack";
import { breakingChanges, eventRef, type EventContract } from "@learnloop/kit/internal";

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

// Each subgraph's declared events against these contracts: tests/conventions/events.spec.ts.
