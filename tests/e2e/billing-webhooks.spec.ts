import { FAKE_STRIPE_PRICES, type FakeStripeSubscription } from "@learnloop/devstack";
import { customerOf, sendStripeWebhook, stripeEvent } from "../support/stripe";
import { gql, startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const SUBSCRIPTION = `{ mySubscription { plan status features cancelAtPeriodEnd } }`;
const mine = async (userId: string) =>
  (await gql(stack.gatewayUrl, SUBSCRIPTION, { token: stack.token(userId) })).body.data?.mySubscription as Record<string, unknown>;
const events = async () =>
  Number((await stack.subgraphs.billing.db.dataSource.query(`SELECT count(*) AS n FROM "billing".stripe_events`))[0].n);

/** A learner with a Stripe customer (from startCheckout) and a Plus subscription at the fake Stripe, not yet announced. */
async function learner(userId: string): Promise<{ customer: string; sub: FakeStripeSubscription }> {
  const r = await gql(stack.gatewayUrl, `mutation { startCheckout(plan: PLUS) { url } }`, { token: stack.token(userId) });
  expect(r.body.errors).toBeUndefined();
  const customer = customerOf(stack, userId)!;
  return { customer, sub: stack.stripe.addSubscription(customer, FAKE_STRIPE_PRICES.plus, { metadata: { user_id: userId } }) };
}

const FREE = { plan: "FREE", status: "ACTIVE", features: [], cancelAtPeriodEnd: false };
const PLUS = { plan: "PLUS", status: "ACTIVE", features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"], cancelAtPeriodEnd: false };

describe("POST /webhooks/stripe, through the gateway", () => {
  it("valid: customer.subscription.created gives the plan (200 applied)", async () => {
    const { sub } = await learner("user_wh_valid");
    expect(await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub))).toMatchObject({
      status: 200,
      body: { status: "applied" },
    });
    expect(await mine("user_wh_valid")).toEqual(PLUS);
  });

  it("replayed: the same event id again is 200 duplicate and changes nothing", async () => {
    const { sub } = await learner("user_wh_replay");
    const event = stripeEvent("customer.subscription.created", sub);
    expect((await sendStripeWebhook(stack, event)).body.status).toBe("applied");
    const before = await events();
    // Same id with other content: a replay is recognised by id, and nothing is applied again.
    const replay = { ...event, data: { object: { ...sub, cancel_at_period_end: true } } };
    expect(await sendStripeWebhook(stack, replay)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(await events()).toBe(before);
    expect(await mine("user_wh_replay")).toEqual(PLUS);
  });

  it("forged: a wrong secret, a changed body or no signature is 400 INVALID_WEBHOOK_SIGNATURE and changes nothing", async () => {
    const { sub } = await learner("user_wh_forged");
    const event = stripeEvent("customer.subscription.created", sub);
    const before = await events();
    const wrong = await sendStripeWebhook(stack, event, { secret: "whsec_not_the_real_one" });
    expect(wrong).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: "INVALID_WEBHOOK_SIGNATURE" } }] } });
    const signedOther = await sendStripeWebhook(stack, JSON.stringify(event), {
      signature: (await import("stripe")).default.webhooks.generateTestHeaderString({
        payload: "{}",
        secret: stack.keys.stripeWebhookSecret,
      }),
    });
    expect(signedOther.status).toBe(400);
    expect(signedOther.body.errors?.[0].extensions?.code).toBe("INVALID_WEBHOOK_SIGNATURE");
    const res = await fetch(`${stack.gatewayOrigin}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(400);
    expect(await events()).toBe(before);
    expect(await mine("user_wh_forged")).toEqual(FREE);
  });

  it("stale: a delivery signed more than 5 minutes ago is 400 STALE_WEBHOOK", async () => {
    const { sub } = await learner("user_wh_stale");
    const r = await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(r).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: "STALE_WEBHOOK" } }] } });
    expect(await mine("user_wh_stale")).toEqual(FREE);
  });

  it("malformed: a signed body that is not JSON, or not an event, is 400 INVALID_WEBHOOK_PAYLOAD", async () => {
    expect(await sendStripeWebhook(stack, "{not json")).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: "INVALID_WEBHOOK_PAYLOAD" } }] },
    });
    expect(await sendStripeWebhook(stack, { hello: "world" })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: "INVALID_WEBHOOK_PAYLOAD" } }] },
    });
  });

  it("unknown type: 200 unknown-type, recorded once", async () => {
    const r = await sendStripeWebhook(stack, stripeEvent("payment_intent.created", { id: "pi_1", object: "payment_intent" }));
    expect(r).toMatchObject({ status: 200, body: { status: "unknown-type" } });
  });

  it("out of order: an updated older than the one applied is 200 stale and changes nothing", async () => {
    const { sub } = await learner("user_wh_order");
    const t = Math.floor(Date.now() / 1000);
    const newer = stripeEvent("customer.subscription.updated", { ...sub, cancel_at_period_end: true }, { created: t });
    const older = stripeEvent(
      "customer.subscription.updated",
      { ...sub, cancel_at_period_end: false, status: "past_due" },
      { created: t - 60 },
    );
    expect((await sendStripeWebhook(stack, newer)).body.status).toBe("applied");
    expect(await sendStripeWebhook(stack, older)).toMatchObject({ status: 200, body: { status: "stale" } });
    expect(await mine("user_wh_order")).toEqual({ ...PLUS, cancelAtPeriodEnd: true });
    // An updated that arrives before its created is applied; the older created then is stale.
    const { sub: second } = await learner("user_wh_order2");
    const created = stripeEvent("customer.subscription.created", second, { created: t - 30 });
    expect((await sendStripeWebhook(stack, stripeEvent("customer.subscription.updated", second, { created: t }))).body.status).toBe(
      "applied",
    );
    expect((await sendStripeWebhook(stack, created)).body.status).toBe("stale");
    expect(await mine("user_wh_order2")).toEqual(PLUS);
  });

  it("invoice.payment_failed marks past_due; invoice.paid makes it active again", async () => {
    const { sub, customer } = await learner("user_wh_invoice");
    const t = Math.floor(Date.now() / 1000);
    await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub, { created: t - 10 }));
    const invoice = (status: string) => ({
      id: "in_wh_1",
      object: "invoice",
      customer,
      status,
      amount_due: 900,
      amount_paid: status === "paid" ? 900 : 0,
      currency: "usd",
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
    });
    expect((await sendStripeWebhook(stack, stripeEvent("invoice.payment_failed", invoice("open"), { created: t - 5 }))).body.status).toBe(
      "applied",
    );
    expect(await mine("user_wh_invoice")).toEqual({ ...PLUS, status: "PAST_DUE" });
    expect((await sendStripeWebhook(stack, stripeEvent("invoice.paid", invoice("paid"), { created: t }))).body.status).toBe("applied");
    expect(await mine("user_wh_invoice")).toEqual(PLUS);
    expect(
      await stack.subgraphs.billing.db.dataSource.query(
        `SELECT status, amount_cents FROM "billing".invoices WHERE stripe_invoice_id = 'in_wh_1'`,
      ),
    ).toEqual([{ status: "paid", amount_cents: "900" }]);
  });

  it("entitlements.active_entitlement_summary.updated sets the features; customer.subscription.deleted returns to Free", async () => {
    const { sub, customer } = await learner("user_wh_entitled");
    const t = Math.floor(Date.now() / 1000);
    await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub, { created: t - 10 }));
    const summary = {
      object: "entitlements.active_entitlement_summary",
      customer,
      livemode: false,
      entitlements: {
        object: "list",
        data: [
          { id: "ent_1", object: "entitlements.active_entitlement", feature: "feat_1", livemode: false, lookup_key: "speaking_practice" },
          { id: "ent_2", object: "entitlements.active_entitlement", feature: "feat_2", livemode: false, lookup_key: "something_else" },
        ],
        has_more: false,
        url: "/v1/entitlements/active_entitlements",
      },
    };
    expect(
      (await sendStripeWebhook(stack, stripeEvent("entitlements.active_entitlement_summary.updated", summary, { created: t - 5 }))).body
        .status,
    ).toBe("applied");
    expect((await mine("user_wh_entitled")).features).toEqual(["SPEAKING_PRACTICE"]);
    // An older summary, delivered late, is stale and leaves the newer features alone.
    const older = { ...summary, entitlements: { ...summary.entitlements, data: [] } };
    expect(
      (await sendStripeWebhook(stack, stripeEvent("entitlements.active_entitlement_summary.updated", older, { created: t - 8 }))).body
        .status,
    ).toBe("stale");
    expect((await mine("user_wh_entitled")).features).toEqual(["SPEAKING_PRACTICE"]);
    const deleted = stripeEvent("customer.subscription.deleted", { ...sub, status: "canceled" }, { created: t });
    expect((await sendStripeWebhook(stack, deleted)).body.status).toBe("applied");
    expect(await mine("user_wh_entitled")).toEqual(FREE);
    const audit: { mutation: string; actor_machine_id: string }[] = await stack.subgraphs.billing.db.dataSource.query(
      `SELECT mutation, actor_machine_id FROM "billing".audit_log WHERE $1 = ANY (target_ids) AND mutation LIKE 'webhook:%' ORDER BY id`,
      ["user_wh_entitled"],
    );
    expect(audit).toEqual([
      { mutation: "webhook:customer.subscription.created", actor_machine_id: "stripe" },
      { mutation: "webhook:entitlements.active_entitlement_summary.updated", actor_machine_id: "stripe" },
      { mutation: "webhook:customer.subscription.deleted", actor_machine_id: "stripe" },
    ]);
  });

  it("checkout.session.completed fetches the subscription: Stripe down is a 500 that records nothing, and Stripe's retry applies it", async () => {
    const { sub, customer } = await learner("user_wh_retry");
    const event = stripeEvent("checkout.session.completed", {
      id: "cs_test_retry",
      object: "checkout.session",
      mode: "subscription",
      client_reference_id: "user_wh_retry",
      customer,
      subscription: sub.id,
    });
    stack.stripe.failNext(`/v1/subscriptions/${sub.id}`, 503, { times: 2 });
    expect(await sendStripeWebhook(stack, event)).toMatchObject({
      status: 500,
      body: { errors: [{ extensions: { code: "INTERNAL_SERVER_ERROR" } }] },
    });
    expect(await mine("user_wh_retry")).toEqual(FREE);
    expect(await sendStripeWebhook(stack, event)).toMatchObject({ status: 200, body: { status: "applied" } });
    expect(await mine("user_wh_retry")).toEqual(PLUS);
  });

  it("only POST", async () => {
    const res = await fetch(`${stack.gatewayOrigin}/webhooks/stripe`);
    expect(res.status).toBe(405);
  });
});
