import fs from "node:fs";
import path from "node:path";
import { eventRef } from "@learnloop/kit/internal";
import { EVENTS_DIR, readContracts } from "./event-contracts";

export const RELEASED_CONTRACTS = path.join(EVENTS_DIR, "released.json");

/** Released contracts by `name@version`: the baseline that tests/schema/events.spec.ts holds changes to. */
export function readReleased(): Record<string, unknown> {
  return fs.existsSync(RELEASED_CONTRACTS) ? (JSON.parse(fs.readFileSync(RELEASED_CONTRACTS, "utf8")) as Record<string, unknown>) : {};
}

// `npm run events:release`: records every current contract as released, after review.
if (require.main === module) {
  const released = readReleased();
  for (const c of readContracts()) released[eventRef(c["x-event"].name, c["x-event"].version)] = c;
  fs.writeFileSync(RELEASED_CONTRACTS, JSON.stringify(released, null, 2) + "\n");
  console.log(`released ${Object.keys(released).length} event contracts to ${path.relative(process.cwd(), RELEASED_CONTRACTS)}`);
}
