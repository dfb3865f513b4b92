import type { LearnloopEvents } from "@learnloop/events";
import type { Database, SubgraphContext, Viewer } from "@learnloop/kit";
import type Stripe from "stripe";
import type { BillingService } from "./modules/billing/billing.service";
import type { DunningService } from "./modules/dunning/dunning.service";

/** billing batches nothing per request: its fields are the caller's own, one row each. */
export function createLoaders(_db: Database, _viewer: Viewer | null) {
  return {};
}

export interface BillingServices {
  billing: BillingService;
  dunning: DunningService;
  stripe: Stripe;
}

export type BillingContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents, BillingServices>;
