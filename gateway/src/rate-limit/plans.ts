import type { Viewer } from "@learnloop/kit/internal";

export const PLANS = ["free", "plus", "pro"] as const;
export type Plan = (typeof PLANS)[number];

/** Who is asking, as far as rate limits care: the budget is this caller's. */
export type Caller =
  { kind: "anonymous"; address: string } | { kind: "user"; userId: string; plan?: Plan } | { kind: "machine"; machineId: string };

export type Tier = "anonymous" | Plan | "machine";

/** The caller an authenticated request is (the gateway's authenticator sets viewer and machineId). */
export function callerOf(auth: { viewer: Viewer | null; machineId?: string }, address: string | undefined): Caller {
  if (auth.machineId) return { kind: "machine", machineId: auth.machineId };
  if (auth.viewer) return { kind: "user", userId: auth.viewer.userId };
  return { kind: "anonymous", address: address ?? "unknown" };
}

/** The key a caller's counters are kept under, in every store and every replica. */
export function callerKey(caller: Caller): string {
  switch (caller.kind) {
    case "anonymous":
      return `ip:${caller.address}`;
    case "user":
      return `user:${caller.userId}`;
    case "machine":
      return `machine:${caller.machineId}`;
  }
}

/**
 * A signed-in caller's plan: the caller's own `plan`, else, in dev and test only, an explicit
 * RATE_LIMIT_TEST_PLANS entry (an override, so billing's answer of Free for a user it has never
 * seen does not undo it), else billing's (the gateway's entitlements cache, fed by
 * `entitlements.changed` and its lookups), else Free.
 */
export function planLookup(
  testPlans: Readonly<Record<string, Plan>>,
  fromBilling: (userId: string) => Plan | undefined = () => undefined,
): (caller: Caller) => Plan {
  return (caller) => (caller.kind === "user" ? (caller.plan ?? testPlans[caller.userId] ?? fromBilling(caller.userId) ?? "free") : "free");
}

export function tierOf(caller: Caller, planOf: (caller: Caller) => Plan): Tier {
  return caller.kind === "user" ? planOf(caller) : caller.kind;
}
