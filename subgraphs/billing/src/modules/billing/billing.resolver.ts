import { audited, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { BillingContext } from "../../context";
import { Plan } from "../../plans";
import { BillingRedirect, BillingSubscription, PlanOffer } from "./billing.types";

const viewerOf = (ctx: BillingContext): string => {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer.userId;
};

@Resolver()
export class BillingResolver {
  @Query(() => [PlanOffer], { description: "Free, Plus and Pro, and what each unlocks. Public." })
  plans(@Ctx() ctx: BillingContext): PlanOffer[] {
    return ctx.services.billing.offers();
  }

  @Query(() => BillingSubscription, { description: "The signed-in learner's plan and subscription; Free when they have none." })
  mySubscription(@Ctx() ctx: BillingContext): Promise<BillingSubscription> {
    return ctx.services.billing.view(ctx.manager, viewerOf(ctx));
  }

  @Mutation(() => BillingRedirect, {
    description: "A Stripe Checkout page subscribing the learner to a paid plan. ALREADY_SUBSCRIBED when they have a subscription.",
  })
  startCheckout(@Arg("plan", () => Plan) plan: Plan, @Ctx() ctx: BillingContext): Promise<BillingRedirect> {
    const userId = viewerOf(ctx);
    return audited(
      ctx,
      "startCheckout",
      (tx) => ctx.services.billing.startCheckout(tx, userId, plan),
      (r) => ({ targetType: "CheckoutSession", targetIds: [r.sessionId, r.customerId, userId], changes: { plan } }),
    ).then(({ url }) => ({ url }));
  }

  @Mutation(() => BillingRedirect, { description: "Stripe's billing portal for the learner: payment method, invoices, plan changes." })
  openBillingPortal(@Ctx() ctx: BillingContext): Promise<BillingRedirect> {
    const userId = viewerOf(ctx);
    return audited(
      ctx,
      "openBillingPortal",
      (tx) => ctx.services.billing.openPortal(tx, userId),
      (r) => ({ targetType: "Customer", targetIds: [r.customerId, userId] }),
    ).then(({ url }) => ({ url }));
  }

  @Mutation(() => BillingSubscription, { description: "Ends the subscription at the end of its period. NO_SUBSCRIPTION without one." })
  cancelSubscription(@Ctx() ctx: BillingContext): Promise<BillingSubscription> {
    return this.setCancel(ctx, "cancelSubscription", true);
  }

  @Mutation(() => BillingSubscription, { description: "Undoes cancelSubscription before the period ends. NO_SUBSCRIPTION without one." })
  resumeSubscription(@Ctx() ctx: BillingContext): Promise<BillingSubscription> {
    return this.setCancel(ctx, "resumeSubscription", false);
  }

  private async setCancel(ctx: BillingContext, mutation: string, cancel: boolean): Promise<BillingSubscription> {
    const userId = viewerOf(ctx);
    const row = await audited(
      ctx,
      mutation,
      (tx) => ctx.services.billing.setCancelAtPeriodEnd(tx, userId, cancel),
      (r) => ({ targetType: "Subscription", targetIds: [r.stripeSubscriptionId, userId], changes: { cancelAtPeriodEnd: cancel } }),
    );
    return ctx.services.billing.viewOf(ctx.manager, row);
  }
}
