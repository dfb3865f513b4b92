import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { assignVariant } from "../../subgraphs/analytics/src/modules/experiments/assignment";
import bundled from "../../subgraphs/analytics/src/modules/experiments/experiments.json";
import { twoProportionZTest, wilsonInterval } from "../../subgraphs/analytics/src/modules/experiments/statistics";
import { deliverClerkWebhook } from "../support/clerk-webhook";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { ensureSubscribed } from "../support/stripe";
import { waitFor } from "../support/wait";

/**
 * Experiments through the gateway (ADR 0035): learners read their variant of plans-page-headline
 * (the same twice, exposed once), some of them subscribe through billing's real path (startCheckout,
 * then the fake Stripe's subscription webhook, whose entitlements.changed analytics stores), and staff
 * read per-variant counts with Wilson intervals and the z-test against the control.
 */
const KEY = "plans-page-headline";
const variants = bundled.experiments[0].variants;
// The bundled experiment, and a stopped one, from a file: ANALYTICS_EXPERIMENTS_FILE as deployed.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "experiments-"));
const file = path.join(dir, "experiments.json");
fs.writeFileSync(
  file,
  JSON.stringify({
    experiments: [
      ...bundled.experiments,
      { ...bundled.experiments[0], key: "old-lesson-tip", description: "A stopped test.", status: "stopped" },
    ],
  }),
);

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ envFor: { analytics: { ANALYTICS_EXPERIMENTS_FILE: file } } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const db = () => stack.subgraphs.analytics.db.dataSource;
const as = (userId: string, query: string, variables?: Record<string, unknown>) =>
  gql(stack.gatewayUrl, query, { token: stack.token(userId), variables });
const VARIANT = `query($key: String!) { me { experimentVariant(key: $key) { experiment variant } } }`;
const RESULTS = `query($key: String!) { experimentResults(key: $key) { experiment status conversionEvent alpha
  variants { variant share exposures conversions rate interval { lower upper level } zScore pValue significant } } }`;
const staff = () => stack.token("user_exp_staff", { roles: ["staff"] });
const exposuresOf = async (userId: string) =>
  (await db().query(`SELECT experiment, variant FROM analytics.experiment_exposures WHERE user_id = $1`, [userId])) as {
    experiment: string;
    variant: string;
  }[];
const exposureEventsOf = async (userId: string) =>
  db().query(`SELECT payload FROM analytics.events WHERE user_id = $1 AND type = 'experiment.exposure'`, [userId]);

/** Four learners of each variant, by the same assignment the subgraph runs. */
const learners = (() => {
  const picked: Record<string, string[]> = { control: [], benefits: [] };
  for (let i = 0; picked.control.length < 4 || picked.benefits.length < 4; i++) {
    const id = `user_exp_${i}`;
    const v = assignVariant(KEY, variants, id);
    if (picked[v].length < 4) picked[v].push(id);
  }
  return picked;
})();
const converters = [learners.control[0], ...learners.benefits.slice(0, 3)];

async function subscribe(userId: string) {
  const r = await as(userId, `mutation { startCheckout(plan: PLUS) { url } }`);
  expect(r.body.errors).toBeUndefined();
  await ensureSubscribed(stack, userId, FAKE_STRIPE_PRICES.plus);
}
const paidEntitlementsOf = async (userId: string) =>
  (
    await db().query(`SELECT 1 FROM analytics.events WHERE user_id = $1 AND type = 'entitlements.changed' AND payload->>'plan' = 'PLUS'`, [
      userId,
    ])
  ).length;

describe("a learner's variant", () => {
  it("is the assigned one, the same on a second (concurrent) read, and exposes the learner once (index row and event)", async () => {
    for (const userId of [...learners.control, ...learners.benefits]) {
      expect((await as(userId, `mutation { updateProfile(input: { displayName: "Exp" }) { id } }`)).body.errors).toBeUndefined();
      // Two reads at once: the exposure is still recorded once.
      const [first, second] = await Promise.all([as(userId, VARIANT, { key: KEY }), as(userId, VARIANT, { key: KEY })]);
      const expected = { experiment: KEY, variant: learners.control.includes(userId) ? "control" : "benefits" };
      expect(first.body).toEqual({ data: { me: { experimentVariant: expected } } });
      expect(second.body).toEqual(first.body);
      expect(await exposuresOf(userId)).toEqual([{ experiment: KEY, variant: expected.variant }]);
      expect(await exposureEventsOf(userId)).toEqual([{ payload: { experiment: KEY, variant: expected.variant } }]);
    }
  });

  it("is control for a stopped experiment, with no exposure recorded", async () => {
    const userId = learners.benefits[3];
    const r = await as(userId, VARIANT, { key: "old-lesson-tip" });
    expect(r.body).toEqual({ data: { me: { experimentVariant: { experiment: "old-lesson-tip", variant: "control" } } } });
    expect((await exposuresOf(userId)).map((e) => e.experiment)).toEqual([KEY]);
  });

  it("refuses an unknown key with NOT_FOUND, and a signed-out caller with UNAUTHENTICATED", async () => {
    const unknown = await as(learners.control[0], VARIANT, { key: "no-such-experiment" });
    expect(codes(unknown)).toEqual(["NOT_FOUND"]);
    expect(unknown.body.errors![0].message).toBe("Experiment no-such-experiment was not found.");
    expect(codes(await gql(stack.gatewayUrl, VARIANT, { variables: { key: KEY } }))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("experiment results", () => {
  // Subscribed before being exposed: not a conversion of the experiment.
  const early = "user_exp_early";

  it("count per variant the exposed learners who subscribed after exposure, with Wilson intervals and the z-test", async () => {
    for (const userId of converters) await subscribe(userId);
    expect((await as(early, `mutation { updateProfile(input: { displayName: "Early" }) { id } }`)).body.errors).toBeUndefined();
    await subscribe(early);
    await waitFor(
      async () => (await Promise.all([...converters, early].map(paidEntitlementsOf))).every((n) => n > 0),
      20_000,
      "the subscriptions' entitlements.changed in analytics",
    );
    const earlyVariant = (await as(early, VARIANT, { key: KEY })).body.data!.me.experimentVariant.variant as string;

    const r = await gql(stack.gatewayUrl, RESULTS, { token: staff(), variables: { key: KEY } });
    expect(r.body.errors).toBeUndefined();
    const results = r.body.data!.experimentResults;
    expect(results).toMatchObject({ experiment: KEY, status: "RUNNING", conversionEvent: "entitlements.changed", alpha: 0.05 });

    const counts = {
      control: { exposures: 4 + (earlyVariant === "control" ? 1 : 0), conversions: 1 },
      benefits: { exposures: 4 + (earlyVariant === "benefits" ? 1 : 0), conversions: 3 },
    };
    const c = counts.control;
    const b = counts.benefits;
    const test = twoProportionZTest(c.conversions, c.exposures, b.conversions, b.exposures)!;
    const interval = (x: number, n: number) => ({ ...wilsonInterval(x, n)!, level: 0.95 });
    expect(results.variants).toEqual([
      {
        variant: "control",
        share: 0.5,
        ...c,
        rate: c.conversions / c.exposures,
        interval: interval(c.conversions, c.exposures),
        zScore: null,
        pValue: null,
        significant: false,
      },
      {
        variant: "benefits",
        share: 0.5,
        ...b,
        rate: b.conversions / b.exposures,
        interval: interval(b.conversions, b.exposures),
        zScore: test.z,
        pValue: test.pValue,
        significant: test.pValue < 0.05,
      },
    ]);
    // With 1 of 4 against 3 of 4 (or 5 with the early learner) the test cannot tell them apart.
    expect(test.pValue).toBeGreaterThan(0.05);
    const admin = await gql(stack.gatewayUrl, RESULTS, {
      token: stack.token("user_exp_admin", { roles: ["admin"] }),
      variables: { key: KEY },
    });
    expect(admin.body.data!.experimentResults.variants).toEqual(results.variants);
  });

  it("are for staff and admins: a learner is FORBIDDEN, a signed-out caller UNAUTHENTICATED, an unknown key NOT_FOUND", async () => {
    expect(codes(await as(learners.control[1], RESULTS, { key: KEY }))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(stack.gatewayUrl, RESULTS, { variables: { key: KEY } }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await gql(stack.gatewayUrl, RESULTS, { token: staff(), variables: { key: "no-such-experiment" } }))).toEqual([
      "NOT_FOUND",
    ]);
  });

  it("lose a deleted learner: user.deleted erases their exposures with their events", async () => {
    const userId = learners.benefits[0];
    const before = (await gql(stack.gatewayUrl, RESULTS, { token: staff(), variables: { key: KEY } })).body.data!.experimentResults
      .variants[1];
    const deleted = await deliverClerkWebhook(
      stack,
      JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId, deleted: true } }),
    );
    expect(deleted.status).toBe(200);
    await waitFor(async () => (await exposuresOf(userId)).length === 0, 15_000, "analytics to erase the learner's exposures");
    expect(await exposureEventsOf(userId)).toEqual([]);
    const after = (await gql(stack.gatewayUrl, RESULTS, { token: staff(), variables: { key: KEY } })).body.data!.experimentResults
      .variants[1];
    expect([after.exposures, after.conversions]).toEqual([before.exposures - 1, before.conversions - 1]);
  });
});
