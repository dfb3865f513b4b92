import { FAKE_STRIPE_PRICES, type FakeStripeSubscription } from "@learnloop/devstack";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { customerOf, sendStripeWebhook, stripeEvent, subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";

/**
 * Dunning (issue 15, item 5), through the gateway: a failed payment's webhook starts a grace
 * period, notifications emails the learner from billing's event, the sweep falls the plan back
 * to Free when the period ends (the gateway's entitlements follow), and a paid invoice restores
 * it. Each change leaves an audit row.
 */
const GRACE_S = 4;
/** Per-minute budgets far apart, so the RateLimit-Limit header names the plan the gateway applies. */
const LIMITS = { RATE_LIMIT_FREE_PER_MINUTE: "1000", RATE_LIMIT_PLUS_PER_MINUTE: "2000", RATE_LIMIT_PRO_PER_MINUTE: "3000" };

let stack: TestStack;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await startStack({
    gatewayEnv: LIMITS,
    envFor: {
      notifications: { SMTP_URL: smtp.url, MAIL_FROM: "Learnloop <no-reply@learnloop.test>", EMAIL_SWEEP_INTERVAL_MS: "200" },
      billing: { DUNNING_GRACE_PERIOD_S: String(GRACE_S), DUNNING_SWEEP_INTERVAL_MS: "200" },
    },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

const userId = "user_dunning";
const email = "hana@example.com"; // from the Clerk payload
const run = (document: string) => gql(stack.gatewayUrl, document, { token: stack.token(userId) }).then((r) => r.body);
const mine = async () =>
  (await run(`{ mySubscription { plan status features graceEndsAt } }`)).data?.mySubscription as {
    plan: string;
    status: string;
    features: string[];
    graceEndsAt: string | null;
  };
const gatewayLimit = async () =>
  (await gql(stack.gatewayUrl, `{ plans { plan } }`, { token: stack.token(userId) })).headers.get("ratelimit-limit");
const billingDb = () => stack.subgraphs.billing.db.dataSource;
const audit = async (subscriptionId: string): Promise<{ mutation: string; actor_machine_id: string | null; changes: any }[]> =>
  billingDb().query(`SELECT mutation, actor_machine_id, changes FROM "billing".audit_log WHERE $1 = ANY (target_ids) ORDER BY id`, [
    subscriptionId,
  ]);
/** How many `type` events billing has published for the user, once its outbox is drained to the log. */
async function published(type: string, user = userId): Promise<number> {
  const pending = async () => Number((await billingDb().query(`SELECT count(*) AS n FROM "billing".outbox`))[0].n);
  await waitFor(async () => (await pending()) === 0, 15_000, "billing's outbox to drain");
  const messages = await stack.subgraphs.billing.events!.transport.readAll("learnloop.billing.v1");
  return messages.filter((m) => m.key === user && m.headers["event-type"] === type).length;
}
const mailTo = () => smtp.received.filter((m) => m.to.includes(email));

let sub: FakeStripeSubscription;
const invoice = (id: string, status: string) => ({
  id,
  object: "invoice",
  customer: sub.customer,
  status,
  amount_due: 900,
  amount_paid: status === "paid" ? 900 : 0,
  currency: "usd",
  parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
});

describe("dunning", () => {
  let failedAt: number;

  it("a failed payment starts one grace period: the plan holds, and the learner is emailed once", async () => {
    expect((await deliverClerkWebhook(stack, userPayload("user.created", userId, Date.now()))).status).toBe(200);
    await waitFor(() => mailTo().length > 0, 15_000, "the welcome email (notifications knows the address)");
    sub = await subscribe(stack, run, userId, FAKE_STRIPE_PRICES.plus);
    await waitFor(async () => (await gatewayLimit()) === "2000", 15_000, "the gateway to apply Plus");

    failedAt = Math.floor(Date.now() / 1000);
    sub.status = "past_due"; // as Stripe holds it now
    const failed = await sendStripeWebhook(
      stack,
      stripeEvent("invoice.payment_failed", invoice("in_dun_1", "open"), { created: failedAt }),
    );
    expect(failed.body.status).toBe("applied");
    const graceEndsAt = new Date((failedAt + GRACE_S) * 1000).toISOString();
    expect(await mine()).toEqual({ plan: "PLUS", status: "PAST_DUE", features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"], graceEndsAt });
    expect(await gatewayLimit()).toBe("2000");

    await waitFor(() => mailTo().some((m) => m.subject === "Your payment didn't go through"), 15_000, "the payment-failed email");
    const notice = mailTo().find((m) => m.subject === "Your payment didn't go through")!;
    expect(notice.text).toContain("We couldn't take your payment of $9.00 for Learnloop Plus.");
    expect(notice.text).toContain("because it is about your Learnloop account and payments");

    // Stripe retries, and the retry fails too: the same grace period runs on, with no new email.
    const retry = await sendStripeWebhook(
      stack,
      stripeEvent("invoice.payment_failed", invoice("in_dun_1", "open"), { created: failedAt + 1 }),
    );
    expect(retry.body.status).toBe("applied");
    expect((await mine()).graceEndsAt).toBe(graceEndsAt);
    expect(await published("payment.failed")).toBe(1);
    expect((await audit(sub.id)).filter((a) => a.changes.gracePeriod === "started")).toEqual([
      { mutation: "webhook:invoice.payment_failed", actor_machine_id: "stripe", changes: { gracePeriod: "started", graceEndsAt } },
    ]);
  });

  it("billing emails cannot be turned off, since missing one costs the learner their plan", async () => {
    const r = await gql(
      stack.gatewayUrl,
      `mutation { updateNotificationPreferences(input: { settings: [{ channel: EMAIL, category: BILLING, enabled: false }] }) { settings { category } } }`,
      { token: stack.token(userId) },
    );
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("when the grace period ends unpaid, the plan falls back to Free, at the gateway too, with an email and an audit row", async () => {
    await waitFor(async () => (await mine()).plan === "FREE", (GRACE_S + 10) * 1000, "the sweep to end the grace period");
    expect(await mine()).toMatchObject({ plan: "FREE", status: "PAST_DUE", features: [] });
    expect(Date.now()).toBeGreaterThanOrEqual((failedAt + GRACE_S) * 1000);
    await waitFor(async () => (await gatewayLimit()) === "1000", 15_000, "the gateway to apply Free");
    await waitFor(() => mailTo().some((m) => m.subject === "You're on Learnloop Free for now"), 15_000, "the downgrade email");
    expect(mailTo().find((m) => m.subject === "You're on Learnloop Free for now")!.text).toContain("Pay the open invoice");
    const ended = (await audit(sub.id)).filter((a) => a.mutation === "dunning:grace-ended");
    expect(ended).toEqual([
      {
        mutation: "dunning:grace-ended",
        actor_machine_id: "dunning",
        changes: expect.objectContaining({ fromPlan: "PLUS", plan: "FREE" }),
      },
    ]);
    // The sweep acts once per grace period.
    await new Promise((r) => setTimeout(r, 600));
    expect(await published("subscription.downgraded")).toBe(1);
  });

  it("a paid invoice that is not the failed one (a proration) leaves the fall back as Stripe's state says", async () => {
    const proration = await sendStripeWebhook(stack, stripeEvent("invoice.paid", invoice("in_dun_proration", "paid")));
    expect(proration.body.status).toBe("applied");
    expect(await mine()).toMatchObject({ plan: "FREE", status: "PAST_DUE" });
  });

  it("paying the invoice restores the plan and ends the grace period", async () => {
    sub.status = "active"; // Stripe took the payment
    const paid = await sendStripeWebhook(
      stack,
      stripeEvent("invoice.paid", invoice("in_dun_1", "paid"), { created: Math.floor(Date.now() / 1000) + 1 }),
    );
    expect(paid.body.status).toBe("applied");
    expect(await mine()).toEqual({
      plan: "PLUS",
      status: "ACTIVE",
      features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"],
      graceEndsAt: null,
    });
    await waitFor(async () => (await gatewayLimit()) === "2000", 15_000, "the gateway to apply Plus again");
    expect((await audit(sub.id)).at(-1)).toMatchObject({ changes: { gracePeriod: "ended", planRestored: true } });
  });

  it("Stripe's past_due subscription event alone starts the grace period, announced without an amount", async () => {
    const other = "user_dunning_sub_event";
    const otherRun = (document: string) => gql(stack.gatewayUrl, document, { token: stack.token(other) }).then((r) => r.body);
    const otherSub = await subscribe(stack, otherRun, other, FAKE_STRIPE_PRICES.plus);
    const at = Math.floor(Date.now() / 1000) + 5;
    otherSub.status = "past_due";
    expect((await sendStripeWebhook(stack, stripeEvent("customer.subscription.updated", otherSub, { created: at }))).body.status).toBe(
      "applied",
    );
    const view = (await otherRun(`{ mySubscription { plan status graceEndsAt } }`)).data?.mySubscription;
    expect(view).toEqual({ plan: "PLUS", status: "PAST_DUE", graceEndsAt: new Date((at + GRACE_S) * 1000).toISOString() });
    // The invoice's own failure, older than that event, arrives late: it starts nothing more.
    const late = { ...invoice("in_dun_other", "open"), customer: otherSub.customer };
    late.parent.subscription_details.subscription = otherSub.id;
    expect((await sendStripeWebhook(stack, stripeEvent("invoice.payment_failed", late, { created: at - 3 }))).body.status).toBe("applied");
    expect((await otherRun(`{ mySubscription { graceEndsAt } }`)).data?.mySubscription.graceEndsAt).toBe(view.graceEndsAt);
    expect(await published("payment.failed", other)).toBe(1);
    const messages = await stack.subgraphs.billing.events!.transport.readAll("learnloop.billing.v1");
    const announced = messages
      .filter((m) => m.key === other && m.headers["event-type"] === "payment.failed")
      .map((m) => JSON.parse(m.value).payload);
    expect(announced).toHaveLength(1);
    expect(announced[0]).not.toHaveProperty("amountDueCents");
  });

  it("a failure older than the state billing holds starts no grace period", async () => {
    const stale = await sendStripeWebhook(
      stack,
      stripeEvent("invoice.payment_failed", invoice("in_dun_0", "open"), { created: failedAt - 60 }),
    );
    expect(stale.body.status).toBe("applied"); // the invoice is recorded; the subscription's newer state stands
    expect(await mine()).toMatchObject({ plan: "PLUS", status: "ACTIVE", graceEndsAt: null });
    expect(await published("payment.failed")).toBe(1);
    expect(customerOf(stack, userId)).toBe(sub.customer);
  });
});
