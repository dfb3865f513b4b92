"use strict";
// What the plan checks cost per request at the gateway (issue 15, item 8): the caller's
// entitlements (cache lookup, plan and features signed into every subgraph fetch's context) and
// the rate limits by plan (one charge per operation, in process or in Redis). Four gateway
// processes on one stack differ only in PLAN_CHECKS_BYPASS and REDIS_URL; the same signed-in
// operation is sent to each in alternating rounds, and each is printed as a ratio to the one
// without either check.
const os = require("node:os");
const net = require("node:net");
const { randomBytes } = require("node:crypto");
const { performance } = require("node:perf_hooks");
const Stripe = require("stripe");
const { startLocalStack, FAKE_STRIPE_PRICES } = require("@learnloop/devstack");
const { postgresVersion, percentile, median } = require("./support");

const defaults = { requests: 600, concurrency: 8, rounds: 5, users: 40 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "what entitlements and rate limits by plan cost per request at the gateway, against neither";
const help = {
  requests: "operations per gateway in each round",
  concurrency: "requests in flight at once",
  rounds: "rounds, the gateways alternating (the median round is printed)",
  users: "signed-in learners sending them, each on Plus (so plan and features are signed into every fetch)",
};
const QUERY = `{ plans { plan paid } }`;
const REDIS = { host: "127.0.0.1", port: 6379 };
/** Far above what the bench sends: every operation is charged, none refused. */
const BUDGETS = Object.fromEntries(["ANONYMOUS", "FREE", "PLUS", "PRO", "MACHINE"].map((t) => [`RATE_LIMIT_${t}_PER_MINUTE`, "100000000"]));

const redisAnswers = () =>
  new Promise((resolve) => {
    const socket = net.connect(REDIS, () => socket.end(() => resolve(true)));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.on("error", () => resolve(false));
  });

/** Subscribes each learner to Plus as Stripe would: checkout (the customer), the subscription, its signed webhook. */
async function subscribeAll(stack, userIds) {
  const signer = new Stripe("sk_test_signing_only");
  for (const userId of userIds) {
    const checkout = await gql(stack.gatewayUrl, stack.token(userId), `mutation { startCheckout(plan: PLUS) { url } }`);
    if (!checkout.data) throw new Error(`startCheckout failed: ${JSON.stringify(checkout.errors)}`);
    const customer = [...stack.stripe.customers.values()].find((c) => c.metadata.user_id === userId);
    const sub = stack.stripe.addSubscription(customer.id, FAKE_STRIPE_PRICES.plus, { metadata: { user_id: userId } });
    const payload = JSON.stringify({
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      api_version: "2025-11-17.clover",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: "customer.subscription.created",
      data: { object: sub },
    });
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: stack.keys.stripeWebhookSecret });
    const res = await fetch(`${stack.gatewayOrigin}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body: payload,
    });
    if (res.status !== 200) throw new Error(`the subscription webhook answered ${res.status}`);
  }
}

async function gql(url, token, query) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

/** `requests` operations with `concurrency` in flight, each from one of the learners in turn. */
async function load(url, tokens, { requests, concurrency }) {
  const latencies = [];
  let next = 0;
  const began = performance.now();
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const t = performance.now();
      const json = await gql(url, tokens[i % tokens.length], QUERY);
      if (!json.data?.plans) throw new Error(`answered ${JSON.stringify(json).slice(0, 200)}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function run(options) {
  const redis = await redisAnswers();
  const stack = await startLocalStack({ logLevel: process.env.BENCH_LOG_LEVEL ?? "silent", gatewayEnv: BUDGETS });
  const variants = [
    { name: "neither (baseline)", env: { PLAN_CHECKS_BYPASS: "rate-limits,entitlements" } },
    { name: "entitlements", env: { PLAN_CHECKS_BYPASS: "rate-limits" } },
    { name: "entitlements + rate limits, in process", env: { PLAN_CHECKS_BYPASS: "" } },
    ...(redis
      ? [{ name: "entitlements + rate limits, Redis", env: { PLAN_CHECKS_BYPASS: "", REDIS_URL: `redis://${REDIS.host}:${REDIS.port}` } }]
      : []),
  ];
  const gateways = [];
  try {
    const userIds = Array.from({ length: options.users }, (_, i) => `user_bench_plan_${i}`);
    const tokens = userIds.map((u) => stack.token(u, { ttlSeconds: 3600 }));
    await subscribeAll(stack, userIds);
    const prefix = `bench-${randomBytes(4).toString("hex")}`; // fresh Redis counters for this run
    for (const v of variants) gateways.push(await stack.startGatewayReplica({ ...BUDGETS, RATE_LIMIT_KEY_PREFIX: prefix, ...v.env }));
    // Warm each: plans and documents cached, and each learner's Plus learned (by the feed or one lookup).
    for (const g of gateways) await load(g.url, tokens, { requests: Math.max(200, options.users * 2), concurrency: options.concurrency });
    // Each gateway does what its row says: limits answer with their headers, and only where they run.
    for (const [i, g] of gateways.entries()) {
      const res = await fetch(g.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokens[0]}` },
        body: JSON.stringify({ query: QUERY }),
      });
      const limited = res.headers.get("ratelimit-policy");
      if (Boolean(limited) !== !variants[i].env.PLAN_CHECKS_BYPASS.includes("rate-limits"))
        throw new Error(`${variants[i].name}: RateLimit-Policy is ${limited}, not what PLAN_CHECKS_BYPASS says`);
      if (limited && limited !== `"op-plus";q=${BUDGETS.RATE_LIMIT_PLUS_PER_MINUTE};w=60`)
        throw new Error(`${variants[i].name}: charged as ${limited}, not as a Plus learner`);
    }
    const rounds = variants.map(() => []);
    for (let round = 0; round < options.rounds; round++)
      for (let i = 0; i < gateways.length; i++) rounds[i].push(await load(gateways[i].url, tokens, options));
    const rows = variants.map((v, i) => ({
      name: v.name,
      perSecond: median(rounds[i].map((r) => r.perSecond)),
      p50: median(rounds[i].map((r) => r.p50)),
      p99: median(rounds[i].map((r) => r.p99)),
    }));
    const base = rows[0];
    console.log(`\nplan-checks: ${QUERY} through a gateway process, signed in as ${options.users} Plus learners,`);
    console.log(`${options.requests} operations x ${options.rounds} rounds per gateway, concurrency ${options.concurrency};`);
    console.log(
      `${os.cpus().length} cores; PostgreSQL ${await postgresVersion()}${redis ? "; Redis on 127.0.0.1:6379" : "; no Redis answered: its row is left out"}\n`,
    );
    console.log("| gateway | req/s (median round) | p50 ms | p99 ms | p50 / baseline | req/s / baseline |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.p50 / base.p50).toFixed(2)} | ${(r.perSecond / base.perSecond).toFixed(2)} |`,
      );
    const full = rows[2];
    console.log(
      `\nper request, entitlements and in-process limits add ${(full.p50 - base.p50).toFixed(2)} ms at p50` +
        (redis ? `; with Redis, ${(rows[3].p50 - base.p50).toFixed(2)} ms` : ""),
    );
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
    await stack.stop();
  }
}

module.exports = { name: "plan-checks", summary, defaults, help, run };
