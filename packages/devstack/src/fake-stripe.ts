import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One API request the fake answered: the form body as flat Stripe keys (`line_items[0][price]`). */
export interface FakeStripeRequest {
  method: string;
  path: string;
  body: Record<string, string>;
  idempotencyKey?: string;
  stripeVersion?: string;
}

export interface FakeStripeSubscription {
  id: string;
  object: "subscription";
  customer: string;
  status: string;
  cancel_at_period_end: boolean;
  current_period_end: number;
  items: {
    object: "list";
    data: { id: string; object: "subscription_item"; current_period_end: number; price: { id: string; object: "price" } }[];
  };
  metadata: Record<string, string>;
}

export interface FakeStripe {
  /** `http://127.0.0.1:<port>`: the value of STRIPE_API_BASE. */
  url: string;
  requests: FakeStripeRequest[];
  customers: Map<string, { id: string; object: "customer"; email: string | null; name: string | null; metadata: Record<string, string> }>;
  subscriptions: Map<string, FakeStripeSubscription>;
  /** Adds a subscription as Stripe would after a paid checkout, for tests that then send its webhooks. */
  addSubscription(customer: string, price: string, fields?: Partial<FakeStripeSubscription>): FakeStripeSubscription;
  /** The next `times` requests to `path` answer this status with a Stripe error (an outage, a refusal). */
  failNext(path: string, status: number, options?: { type?: string; times?: number }): void;
  stop(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);
const MONTH = 30 * 24 * 3600;

function metadataOf(body: Record<string, string>, prefix = "metadata"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`).exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}

/**
 * A loopback stand-in for api.stripe.com, for tests and the offline `npm start`. It answers the
 * endpoints Learnloop's billing uses as Stripe's documented API does: form-encoded bodies, objects
 * with `id` and `object`, sessions with a `url`, errors as `{ error: { type, message } }`. It keeps
 * every request so tests can assert what billing sent. Production talks to api.stripe.com.
 */
export async function startFakeStripe(options: { port?: number; host?: string } = {}): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const customers: FakeStripe["customers"] = new Map();
  const subscriptions: FakeStripe["subscriptions"] = new Map();
  const failures = new Map<string, { status: number; type: string; times: number }>();
  const host = options.host ?? "127.0.0.1";

  const addSubscription: FakeStripe["addSubscription"] = (customer, price, fields = {}) => {
    const end = now() + MONTH;
    const sub: FakeStripeSubscription = {
      id: id("sub"),
      object: "subscription",
      customer,
      status: "active",
      cancel_at_period_end: false,
      current_period_end: end,
      items: {
        object: "list",
        data: [{ id: id("si"), object: "subscription_item", current_period_end: end, price: { id: price, object: "price" } }],
      },
      metadata: {},
      ...fields,
    };
    subscriptions.set(sub.id, sub);
    return sub;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stripe.local");
      const form = new URLSearchParams(req.method === "GET" ? url.search : Buffer.concat(chunks).toString("utf8"));
      const body = Object.fromEntries(form.entries());
      const path = url.pathname;
      requests.push({
        method: req.method ?? "GET",
        path,
        body,
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        stripeVersion: req.headers["stripe-version"] as string | undefined,
      });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
        res.end(JSON.stringify(value));
      };
      const error = (status: number, type: string, message: string, param?: string) =>
        send(status, { error: { type, message, ...(param ? { param } : {}) } });
      if (!/^Bearer sk_(test|live)_\S+$/.test(req.headers.authorization ?? ""))
        return error(401, "invalid_request_error", "Invalid API Key provided.");
      const failure = failures.get(path);
      if (failure) {
        if (--failure.times <= 0) failures.delete(path);
        return error(failure.status, failure.type, "The fake Stripe was told to fail this request.");
      }
      const required = (name: string) => {
        if (!body[name]) {
          error(400, "invalid_request_error", `Missing required param: ${name}.`, name);
          return false;
        }
        return true;
      };
      let m: RegExpExecArray | null;
      if (req.method === "POST" && path === "/v1/customers") {
        const customer = {
          id: id("cus"),
          object: "customer" as const,
          email: body.email ?? null,
          name: body.name ?? null,
          metadata: metadataOf(body),
        };
        customers.set(customer.id, customer);
        return send(200, customer);
      }
      if ((m = /^\/v1\/customers\/([^/]+)$/.exec(path))) {
        const customer = customers.get(m[1]);
        if (!customer) return error(404, "invalid_request_error", `No such customer: '${m[1]}'`, "id");
        if (req.method === "DELETE") {
          customers.delete(m[1]);
          return send(200, { id: m[1], object: "customer", deleted: true });
        }
        if (req.method === "POST") {
          if ("email" in body) customer.email = body.email || null;
          if ("name" in body) customer.name = body.name || null;
          Object.assign(customer.metadata, metadataOf(body));
        }
        return send(200, customer);
      }
      if (req.method === "POST" && path === "/v1/checkout/sessions") {
        if (!required("mode") || !required("success_url") || !required("line_items[0][price]")) return;
        if (body.customer && !customers.has(body.customer))
          return error(400, "invalid_request_error", `No such customer: '${body.customer}'`, "customer");
        const sessionId = id("cs_test");
        return send(200, {
          id: sessionId,
          object: "checkout.session",
          mode: body.mode,
          customer: body.customer ?? null,
          client_reference_id: body.client_reference_id ?? null,
          success_url: body.success_url,
          cancel_url: body.cancel_url ?? null,
          status: "open",
          metadata: metadataOf(body),
          url: `${fakeUrl}/checkout/${sessionId}`,
        });
      }
      if (req.method === "POST" && path === "/v1/billing_portal/sessions") {
        if (!required("customer")) return;
        if (!customers.has(body.customer)) return error(400, "invalid_request_error", `No such customer: '${body.customer}'`, "customer");
        const sessionId = id("bps");
        return send(200, {
          id: sessionId,
          object: "billing_portal.session",
          customer: body.customer,
          return_url: body.return_url ?? null,
          url: `${fakeUrl}/portal/${sessionId}`,
        });
      }
      if ((m = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
        const sub = subscriptions.get(m[1]);
        if (!sub) return error(404, "invalid_request_error", `No such subscription: '${m[1]}'`, "id");
        if (req.method === "POST" && "cancel_at_period_end" in body) sub.cancel_at_period_end = body.cancel_at_period_end === "true";
        if (req.method === "DELETE") sub.status = "canceled";
        return send(200, sub);
      }
      return error(404, "invalid_request_error", `Unrecognized request URL (${req.method}: ${path}).`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const fakeUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: fakeUrl,
    requests,
    customers,
    subscriptions,
    addSubscription,
    failNext: (path, status, { type = "api_error", times = 1 } = {}) => void failures.set(path, { status, type, times }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The prices the fake knows, and the devstack's values for STRIPE_PRICE_PLUS / STRIPE_PRICE_PRO. */
export const FAKE_STRIPE_PRICES = { plus: "price_learnloop_plus_monthly", pro: "price_learnloop_pro_monthly" } as const;
/** DEVELOPMENT ONLY: the fake accepts any `sk_test_…` key. */
export const FAKE_STRIPE_SECRET_KEY = "sk_test_learnloop_devstack";

/** The devstack values a billing subgraph needs to talk to a fake Stripe (subgraphs.json `env`). */
export const fakeStripeValues = (fake: Pick<FakeStripe, "url">, webhookSecret: string) => ({
  stripeApiBase: fake.url,
  stripeSecretKey: FAKE_STRIPE_SECRET_KEY,
  stripeWebhookSecret: webhookSecret,
  stripePricePlus: FAKE_STRIPE_PRICES.plus,
  stripePricePro: FAKE_STRIPE_PRICES.pro,
});
