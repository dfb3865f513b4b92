import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { generateInternalContextKeys, InternalContextSigner } from "@learnloop/kit/internal";
import { codes, gql, startStack, type GraphQLResponse, type TestStack } from "../support/stack";
import { customerOf, sendStripeWebhook, stripeEvent, subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";

/**
 * Issue 15, item 3: the caller's plan and features travel in the signed internal context, and
 * progress caps a Free learner's daily reviews from it (PLAN_REQUIRED naming PLUS). A paid webhook
 * unlocks it; billing stopped, the gateway's cache keeps it; a gateway that has not seen the event
 * asks billing once (the miss lookup), and falls back to Free when billing is down.
 */
const CAP = 3;
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ subgraphEnv: { FREE_DAILY_REVIEWS: String(CAP) } });
}, 120_000);
afterAll(() => stack?.stop());

const review = (url: string, userId: string, headers?: Record<string, string>) =>
  gql(url, `mutation { recordReview(input: { characterId: "c-3042", rating: GOOD }) { reps } }`, { token: stack.token(userId), headers });

const refusal = (r: GraphQLResponse) => r.body.errors?.find((e) => e.extensions?.code === "PLAN_REQUIRED");

async function useUpFreeReviews(url: string, userId: string) {
  for (let i = 0; i < CAP; i++) expect((await review(url, userId)).body.errors).toBeUndefined();
}

it("caps a Free learner's daily reviews with PLAN_REQUIRED naming the feature and PLUS, which nothing a client sends lifts", async () => {
  const user = "user_gate_free";
  await useUpFreeReviews(stack.gatewayUrl, user);
  const refused = await review(stack.gatewayUrl, user);
  expect(codes(refused)).toEqual(["PLAN_REQUIRED"]);
  expect(refused.body.errors![0].extensions).toMatchObject({ feature: "UNLIMITED_REVIEWS", plan: "PLUS", requestId: expect.any(String) });
  expect(refused.body.data).toBeNull();

  // A context the client signs itself, or made-up plan headers, reach no subgraph.
  const forged = await new InternalContextSigner(generateInternalContextKeys().privateKey).sign(
    { userId: user, requestId: "forged-1", plan: "PRO", features: ["UNLIMITED_REVIEWS"] },
    "progress",
  );
  const withForgery = await review(stack.gatewayUrl, user, { "x-learnloop-context": forged, "x-learnloop-plan": "PRO" });
  expect(codes(withForgery)).toEqual(["PLAN_REQUIRED"]);
});

it("a paid webhook unlocks it, and the unlock holds with billing stopped; a fresh gateway learns the plan by one lookup", async () => {
  const paid = "user_gate_paid";
  await useUpFreeReviews(stack.gatewayUrl, paid);
  expect(codes(await review(stack.gatewayUrl, paid))).toEqual(["PLAN_REQUIRED"]);

  await gql(stack.gatewayUrl, `mutation { startCheckout(plan: PLUS) { url } }`, { token: stack.token(paid) });
  const sub = stack.stripe.addSubscription(customerOf(stack, paid)!, FAKE_STRIPE_PRICES.plus, { metadata: { user_id: paid } });
  const sent = Date.now();
  expect((await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub))).body.status).toBe("applied");
  await waitFor(async () => !(await review(stack.gatewayUrl, paid)).body.errors, 20_000, "the Plus plan to lift the cap");
  process.stdout.write(
    `webhook to unlocked recordReview: ${Date.now() - sent} ms (outbox relay, event log, gateway feed, signed context)\n`,
  );

  // A subscriber from before this gateway started (no replay): not in its cache, it asks billing once.
  const early = "user_gate_early";
  await useUpFreeReviews(stack.gatewayUrl, early);
  await subscribe(
    stack,
    (q) => gql(stack.gatewayUrl, q, { token: stack.token(early) }).then((r) => r.body),
    early,
    FAKE_STRIPE_PRICES.plus,
  );
  // Its event is past (the stack's gateway applied it) before the new gateway starts reading the feed.
  await waitFor(async () => !(await review(stack.gatewayUrl, early)).body.errors, 20_000, "the stack's gateway to apply Plus");
  const fresh = await stack.startGatewayReplica({
    ENTITLEMENTS_REPLAY: "0",
    RATE_LIMIT_FREE_PER_MINUTE: "1000",
    RATE_LIMIT_PLUS_PER_MINUTE: "2000",
  });
  const first = await review(fresh.url, early);
  expect(first.body.errors).toBeUndefined();
  // Its first request is charged at Plus's budget too, not Free's: the lookup comes before the charge.
  expect(first.headers.get("ratelimit-limit")).toBe("2000");
  // ...and a Free learner it asked about stays capped.
  expect(codes(await review(fresh.url, "user_gate_free"))).toEqual(["PLAN_REQUIRED"]);

  await stack.subgraphs.billing.stop();
  // The gateways' caches hold: no request asks billing for a user they know.
  expect((await review(stack.gatewayUrl, paid)).body.errors).toBeUndefined();
  expect((await review(fresh.url, early)).body.errors).toBeUndefined();
  // A gateway that knows nobody, billing down: the paid learner is on Free for now, the request answered.
  const blind = await stack.startGatewayReplica({ ENTITLEMENTS_REPLAY: "0" });
  const answered = await review(blind.url, paid);
  expect(answered.status).toBe(200);
  expect(codes(answered)).toEqual(["PLAN_REQUIRED"]);
  const queue = await gql(blind.url, `{ reviewQueue { id } }`, { token: stack.token(paid) });
  expect(queue.body.errors).toBeUndefined();
  expect(refusal(answered)?.extensions?.plan).toBe("PLUS");
}, 120_000);

it("counts a Free learner's day from midnight in their time zone", async () => {
  const user = "user_gate_tz";
  const zone = "Pacific/Kiritimati"; // UTC+14: the local day starts ten hours before UTC's
  const db = stack.subgraphs.progress.db.dataSource;
  // Set as users' events would; the reviews are placed around the learner's local midnight.
  await db.query(`INSERT INTO progress.learners (user_id, timezone) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET timezone = $2`, [
    user,
    zone,
  ]);
  const [{ midnight }] = await db.query(`SELECT (date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1) AS midnight`, [zone]);
  const logAt = (at: Date, n: number) =>
    db.query(
      `INSERT INTO progress.review_logs (user_id, character_id, rating, state, reviewed_at)
       SELECT $1, 'c-3042', 3, 2, $2 FROM generate_series(1, $3)`,
      [user, at, n],
    );
  await logAt(new Date(new Date(midnight).getTime() - 60_000), CAP); // yesterday, locally
  expect((await review(stack.gatewayUrl, user)).body.errors).toBeUndefined();
  await logAt(new Date(midnight), CAP - 1); // today: with the review above, the cap
  expect(codes(await review(stack.gatewayUrl, user))).toEqual(["PLAN_REQUIRED"]);
});
