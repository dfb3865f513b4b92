import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { customerOf, sendStripeWebhook, stripeEvent, subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";
import { codes, gql, startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const SUBSCRIPTION = `{ mySubscription { plan status features currentPeriodEnd cancelAtPeriodEnd } }`;
const as = (userId: string) => (document: string) => gql(stack.gatewayUrl, document, { token: stack.token(userId) }).then((r) => r.body);
const mine = async (userId: string) => (await as(userId)(SUBSCRIPTION)).data?.mySubscription;
const requestsTo = (path: string) => stack.stripe.requests.filter((r) => r.path === path);

describe("plans and subscriptions", () => {
  it("lists the plans to anyone, without a token", async () => {
    const r = await gql(stack.gatewayUrl, `{ plans { plan paid features } }`);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.plans).toEqual([
      { plan: "FREE", paid: false, features: [] },
      { plan: "PLUS", paid: true, features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"] },
      { plan: "PRO", paid: true, features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS", "SPEAKING_PRACTICE", "GROUP_CREATION"] },
    ]);
  });

  it("is Free for a learner without a subscription, and refuses anonymous callers", async () => {
    expect(await mine("user_bill_free")).toEqual({
      plan: "FREE",
      status: "ACTIVE",
      features: [],
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
    });
    expect(codes(await gql(stack.gatewayUrl, SUBSCRIPTION))).toEqual(["UNAUTHENTICATED"]);
    for (const m of [
      `startCheckout(plan: PLUS) { url }`,
      `openBillingPortal { url }`,
      `cancelSubscription { plan }`,
      `resumeSubscription { plan }`,
    ])
      expect(codes(await gql(stack.gatewayUrl, `mutation { ${m} }`))).toEqual(["UNAUTHENTICATED"]);
  });

  it("startCheckout makes one Stripe customer and a subscription-mode Checkout Session, and returns its URL", async () => {
    const user = "user_bill_checkout";
    const first = await as(user)(`mutation { startCheckout(plan: PRO) { url } }`);
    expect(first.errors).toBeUndefined();
    const customer = customerOf(stack, user)!;
    expect(customer).toMatch(/^cus_/);
    const [session] = requestsTo("/v1/checkout/sessions").filter((r) => r.body.client_reference_id === user);
    expect(first.data?.startCheckout.url).toMatch(new RegExp(`^${stack.stripe.url}/checkout/cs_test_`));
    expect(session.body).toMatchObject({
      mode: "subscription",
      customer,
      client_reference_id: user,
      "line_items[0][price]": FAKE_STRIPE_PRICES.pro,
      "line_items[0][quantity]": "1",
      success_url: "http://localhost:5173/billing?checkout=success",
      cancel_url: "http://localhost:5173/billing?checkout=cancel",
      "subscription_data[metadata][user_id]": user,
    });
    expect(session.stripeVersion).toBeTruthy();
    // A second checkout reuses the customer.
    expect((await as(user)(`mutation { startCheckout(plan: PLUS) { url } }`)).errors).toBeUndefined();
    expect(requestsTo("/v1/customers").filter((r) => r.body["metadata[user_id]"] === user)).toHaveLength(1);
    expect(codes({ status: 200, headers: new Headers(), body: await as(user)(`mutation { startCheckout(plan: FREE) { url } }`) })).toEqual([
      "BAD_USER_INPUT",
    ]);
  });

  it("openBillingPortal needs a billing account, then returns the portal URL for the learner's customer", async () => {
    const user = "user_bill_portal";
    expect((await as(user)(`mutation { openBillingPortal { url } }`)).errors).toMatchObject([{ extensions: { code: "NO_SUBSCRIPTION" } }]);
    await as(user)(`mutation { startCheckout(plan: PLUS) { url } }`);
    const r = await as(user)(`mutation { openBillingPortal { url } }`);
    expect(r.data?.openBillingPortal.url).toMatch(new RegExp(`^${stack.stripe.url}/portal/bps_`));
    expect(requestsTo("/v1/billing_portal/sessions").at(-1)!.body).toEqual({
      customer: customerOf(stack, user),
      return_url: "http://localhost:5173/billing",
    });
  });

  it("a paid checkout's webhooks give the plan; cancel and resume go to Stripe and show at once", async () => {
    const user = "user_bill_paid";
    await as(user)(`mutation { startCheckout(plan: PLUS) { url } }`);
    const customer = customerOf(stack, user)!;
    const sub = stack.stripe.addSubscription(customer, FAKE_STRIPE_PRICES.plus);
    const completed = stripeEvent("checkout.session.completed", {
      id: "cs_test_paid",
      object: "checkout.session",
      mode: "subscription",
      client_reference_id: user,
      customer,
      subscription: sub.id,
    });
    expect(await sendStripeWebhook(stack, completed)).toMatchObject({ status: 200, body: { status: "applied" } });
    expect(await mine(user)).toEqual({
      plan: "PLUS",
      status: "ACTIVE",
      features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"],
      currentPeriodEnd: new Date(sub.current_period_end * 1000).toISOString(),
      cancelAtPeriodEnd: false,
    });
    expect(codes({ status: 200, headers: new Headers(), body: await as(user)(`mutation { startCheckout(plan: PRO) { url } }`) })).toEqual([
      "ALREADY_SUBSCRIBED",
    ]);

    const cancelled = await as(user)(`mutation { cancelSubscription { plan cancelAtPeriodEnd } }`);
    expect(cancelled.data?.cancelSubscription).toEqual({ plan: "PLUS", cancelAtPeriodEnd: true });
    expect(requestsTo(`/v1/subscriptions/${sub.id}`).at(-1)).toMatchObject({ method: "POST", body: { cancel_at_period_end: "true" } });
    expect((await mine(user)).cancelAtPeriodEnd).toBe(true);
    const resumed = await as(user)(`mutation { resumeSubscription { cancelAtPeriodEnd } }`);
    expect(resumed.data?.resumeSubscription).toEqual({ cancelAtPeriodEnd: false });
    expect(requestsTo(`/v1/subscriptions/${sub.id}`).at(-1)!.body).toEqual({ cancel_at_period_end: "false" });

    // Another learner sees only their own: Free, and nothing to cancel.
    expect((await mine("user_bill_other")).plan).toBe("FREE");
    expect((await as("user_bill_other")(`mutation { cancelSubscription { plan } }`)).errors).toMatchObject([
      { extensions: { code: "NO_SUBSCRIPTION" } },
    ]);
    expect(sub.cancel_at_period_end).toBe(false);
  });

  it("answers STRIPE_UNAVAILABLE when Stripe fails (after the SDK's one retry), and records nothing", async () => {
    const user = "user_bill_outage";
    stack.stripe.failNext("/v1/customers", 500, { times: 2 });
    const r = await as(user)(`mutation { startCheckout(plan: PLUS) { url } }`);
    expect(r.errors).toMatchObject([{ extensions: { code: "STRIPE_UNAVAILABLE" } }]);
    expect(
      await stack.subgraphs.billing.db.dataSource.query(`SELECT 1 FROM "billing".audit_log WHERE $1 = ANY (target_ids)`, [user]),
    ).toEqual([]);
  });

  it("audits each mutation", async () => {
    const rows: { mutation: string }[] = await stack.subgraphs.billing.db.dataSource.query(
      `SELECT mutation FROM "billing".audit_log WHERE $1 = ANY (target_ids) ORDER BY id`,
      ["user_bill_paid"],
    );
    expect(rows.map((r) => r.mutation)).toEqual([
      "startCheckout",
      "webhook:checkout.session.completed",
      "cancelSubscription",
      "resumeSubscription",
    ]);
  });

  it("user.deleted cancels the Stripe subscription, deletes the customer and keeps invoices without the user", async () => {
    const user = "user_bill_deleted";
    const sub = await subscribe(stack, as(user), user, FAKE_STRIPE_PRICES.plus);
    const customer = customerOf(stack, user)!;
    const invoice = {
      id: "in_deleted_1",
      object: "invoice",
      customer,
      amount_paid: 900,
      amount_due: 900,
      currency: "usd",
      parent: { subscription_details: { subscription: sub.id } },
    };
    expect((await sendStripeWebhook(stack, stripeEvent("invoice.paid", invoice))).status).toBe(200);
    const created = await deliverClerkWebhook(stack, userPayload("user.created", user, 1000));
    expect(created.status).toBe(200);
    expect(
      (
        await deliverClerkWebhook(
          stack,
          JSON.stringify({ type: "user.deleted", object: "event", data: { id: user, deleted: true, object: "user" } }),
        )
      ).status,
    ).toBe(200);
    const db = stack.subgraphs.billing.db.dataSource;
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM "billing".customers WHERE user_id = $1`, [user])).length === 0,
      20_000,
      "billing's erasure",
    );
    expect(stack.stripe.subscriptions.get(sub.id)!.status).toBe("canceled");
    expect(stack.stripe.customers.has(customer)).toBe(false);
    expect(await db.query(`SELECT user_id, amount_cents FROM "billing".invoices WHERE stripe_invoice_id = 'in_deleted_1'`)).toEqual([
      { user_id: null, amount_cents: "900" },
    ]);
    expect(await db.query(`SELECT 1 FROM "billing".subscriptions WHERE user_id = $1`, [user])).toEqual([]);
    // The kit's audit erasure is its own consumer.
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM "billing".audit_log WHERE $1 = ANY (target_ids)`, [user])).length === 0,
      20_000,
      "the audit erasure",
    );
    // Stripe then reports the cancellation it was asked for; it must not link the user to the customer again.
    const late = await sendStripeWebhook(stack, stripeEvent("customer.subscription.deleted", stack.stripe.subscriptions.get(sub.id)));
    expect(late).toMatchObject({ status: 200, body: { status: "ignored" } });
    expect(await db.query(`SELECT 1 FROM "billing".subscriptions WHERE user_id = $1`, [user])).toEqual([]);
    expect(await db.query(`SELECT 1 FROM "billing".audit_log WHERE $1 = ANY (target_ids)`, [user])).toEqual([]);
  });
});
