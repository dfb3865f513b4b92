import type { MutationExamples } from "../../../packages/devstack/src/conventions/mutation-examples";
import { FAKE_STRIPE_PRICES } from "../../../packages/devstack/src/fake-stripe";
import { subscribe } from "../../../tests/support/stripe";

/** One run of each mutation, for the convention suite's audit check (tests/conventions/audit.spec.ts). */
export const examples: MutationExamples = {
  startCheckout: { document: `mutation { startCheckout(plan: PRO) { url } }` },
  openBillingPortal: {
    setup: async ({ gql }) => {
      await gql(`mutation { startCheckout(plan: PLUS) { url } }`); // makes the Stripe customer
      return {};
    },
    document: `mutation { openBillingPortal { url } }`,
  },
  cancelSubscription: {
    setup: async ({ gql, userId, stack }) => {
      await subscribe(stack, gql, userId, FAKE_STRIPE_PRICES.plus);
      return {};
    },
    document: `mutation { cancelSubscription { cancelAtPeriodEnd } }`,
  },
  resumeSubscription: {
    setup: async ({ gql, userId, stack }) => {
      await subscribe(stack, gql, userId, FAKE_STRIPE_PRICES.plus, { cancel_at_period_end: true });
      return {};
    },
    document: `mutation { resumeSubscription { cancelAtPeriodEnd } }`,
  },
};
