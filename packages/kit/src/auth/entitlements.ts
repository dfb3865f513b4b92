import { AppError } from "../errors/app-error";

/**
 * Learnloop's plans, cheapest first, and what each unlocks (the billing subgraph declares the same
 * plans and maps them to Stripe prices). A caller's plan and features come from billing's
 * `entitlements.changed`, held by the gateway, and travel in the signed internal context (ADR 0027);
 * a client cannot set them.
 */
export const PLANS = ["FREE", "PLUS", "PRO"] as const;
export type Plan = (typeof PLANS)[number];

export const FEATURES = ["UNLIMITED_REVIEWS", "SPEAKING_PRACTICE", "LEARNING_INSIGHTS", "GROUP_CREATION"] as const;
export type Feature = (typeof FEATURES)[number];

/** The features each plan includes; the cheapest plan with a feature is the one PLAN_REQUIRED names. */
export const PLAN_FEATURES: Readonly<Record<Plan, readonly Feature[]>> = {
  FREE: [],
  PLUS: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"],
  PRO: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS", "SPEAKING_PRACTICE", "GROUP_CREATION"],
};

export const isPlan = (value: unknown): value is Plan => typeof value === "string" && (PLANS as readonly string[]).includes(value);

/** The known features among claim values; unknown ones are dropped, never errors. */
export function featuresFrom(value: unknown): Feature[] {
  const items = Array.isArray(value) ? value : [];
  return FEATURES.filter((f) => items.includes(f));
}

/** The cheapest plan that includes a feature. */
export function cheapestPlanWith(feature: Feature): Plan {
  return PLANS.find((p) => PLAN_FEATURES[p].includes(feature)) ?? "PRO";
}

/** The caller's plan does not include a feature: extensions name it and the cheapest plan with it. */
export class PlanRequiredError extends AppError {
  constructor(feature: Feature, message?: string) {
    const plan = cheapestPlanWith(feature);
    super("PLAN_REQUIRED", message ?? `This needs ${feature} (the ${plan} plan or above).`, { feature, plan });
  }
}

/** What `requiresFeature` reads: the entitlements the gateway signed into the request. */
export interface EntitledContext {
  features: readonly Feature[];
}

export const hasFeature = (ctx: EntitledContext, feature: Feature): boolean => ctx.features.includes(feature);

/**
 * The one plan check: throws PLAN_REQUIRED unless the caller's signed features include `feature`.
 * Call it where the gated work happens (a resolver, or a condition such as a daily cap).
 */
export function requiresFeature(ctx: EntitledContext, feature: Feature, message?: string): void {
  if (!hasFeature(ctx, feature)) throw new PlanRequiredError(feature, message);
}
