import type { LearnloopEvents } from "@learnloop/events";
import { eventHandlers, type ConsumerDefinition } from "@learnloop/kit";
import type { BillingServices } from "../context";

const { on } = eventHandlers<LearnloopEvents, BillingServices>();

/**
 * A deleted user's billing: the Stripe subscription is cancelled now and the customer's personal
 * data erased at Stripe (the customer deleted); here the subscription and customer rows go and
 * invoices stay for the books without the user id.
 */
export const userDeletedConsumer: ConsumerDefinition<LearnloopEvents, BillingServices> = {
  purpose: "user-lifecycle",
  handlers: [
    on("user.deleted", async ({ userId }, { manager, services }) => {
      const subs: { stripe_subscription_id: string; status: string }[] = await manager.query(
        `SELECT stripe_subscription_id, status FROM "billing".subscriptions WHERE user_id = $1`,
        [userId],
      );
      // A retry after a partial run finds some already gone at Stripe (404), which is the goal.
      const goneAlready = (err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      };
      for (const sub of subs)
        if (!["canceled", "incomplete_expired"].includes(sub.status))
          await services.stripe.subscriptions.cancel(sub.stripe_subscription_id).catch(goneAlready);
      const customers: { stripe_customer_id: string }[] = await manager.query(
        `SELECT stripe_customer_id FROM "billing".customers WHERE user_id = $1`,
        [userId],
      );
      // Deleting a Stripe customer erases its personal data there.
      for (const c of customers) await services.stripe.customers.del(c.stripe_customer_id).catch(goneAlready);
      await manager.query(`DELETE FROM "billing".subscriptions WHERE user_id = $1`, [userId]);
      await manager.query(`DELETE FROM "billing".customers WHERE user_id = $1`, [userId]);
      await manager.query(`UPDATE "billing".invoices SET user_id = NULL WHERE user_id = $1`, [userId]);
      // Stripe's later webhooks about the cancelled subscription must not bring the user back.
      await manager.query(`INSERT INTO "billing".erased_users (user_id) VALUES ($1) ON CONFLICT DO NOTHING`, [userId]);
    }),
  ],
};
