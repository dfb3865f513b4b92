import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { gql, startStack, type TestStack } from "../support/stack";
import { customerOf, sendStripeWebhook, stripeEvent } from "../support/stripe";
import { waitFor } from "../support/wait";

/** Per-minute budgets far apart, so the RateLimit-Limit header names the plan the gateway applies. */
const LIMITS = { RATE_LIMIT_FREE_PER_MINUTE: "1000", RATE_LIMIT_PLUS_PER_MINUTE: "2000", RATE_LIMIT_PRO_PER_MINUTE: "3000" };

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ gatewayEnv: LIMITS });
}, 120_000);
afterAll(() => stack?.stop());

const limitFor = async (userId: string) => {
  const r = await gql(stack.gatewayUrl, `{ plans { plan } }`, { token: stack.token(userId) });
  return r.headers.get("ratelimit-limit");
};

it("a paid webhook reaches the gateway by billing's entitlements.changed, and holds with billing stopped", async () => {
  const user = "user_ent_paid";
  expect(await limitFor(user)).toBe("1000");
  await gql(stack.gatewayUrl, `mutation { startCheckout(plan: PRO) { url } }`, { token: stack.token(user) });
  const sub = stack.stripe.addSubscription(customerOf(stack, user)!, FAKE_STRIPE_PRICES.pro, { metadata: { user_id: user } });

  const sent = Date.now();
  expect((await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub))).body.status).toBe("applied");
  await waitFor(async () => (await limitFor(user)) === "3000", 20_000, "the gateway to apply the Pro plan");
  process.stdout.write(`webhook to the gateway applying the plan: ${Date.now() - sent} ms (outbox relay, event log, broadcast feed)\n`);

  // The gateway never asks billing: with billing stopped the plan still holds.
  await stack.subgraphs.billing.stop();
  expect(await limitFor(user)).toBe("3000");
  expect(await limitFor("user_ent_free")).toBe("1000");
});
