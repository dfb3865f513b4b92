import { allow, isAuthenticated, type IRules } from "@learnloop/kit";

/** Deny by default: every type and field is named. Plans are public; the rest is the caller's own. */
export const permissions: IRules = {
  Query: { plans: allow, mySubscription: isAuthenticated },
  Mutation: {
    startCheckout: isAuthenticated,
    openBillingPortal: isAuthenticated,
    cancelSubscription: isAuthenticated,
    resumeSubscription: isAuthenticated,
  },
  PlanOffer: allow,
  BillingSubscription: allow,
  BillingRedirect: allow,
};
