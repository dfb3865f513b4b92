import path from "node:path";
import {
  csv,
  eventSourceEnv,
  logLevel,
  metricsPortEnv,
  migrationLockEnv,
  pem,
  port,
  tracingEnv,
  whenParsed,
} from "@learnloop/kit/internal";
import { z } from "zod";
import { rateLimitEnv } from "./rate-limit/environment";

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const envSchema = z
  .object({
    PORT: port.default(4000),
    HOST: z.string().default("127.0.0.1"),
    LOG_LEVEL: logLevel,
    SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, "..", "..", "schema", "supergraph.graphql")),
    /** Overrides the URLs composed into the supergraph: `users=http://users:4001/graphql,content=...`. */
    SUBGRAPH_URLS: z
      .string()
      .default("")
      .transform((s, ctx) => {
        const map: Record<string, string> = {};
        for (const pair of s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)) {
          const [name, url] = pair.split("=");
          if (!name || !url || !/^https?:\/\//.test(url))
            ctx.addIssue({ code: "custom", message: `bad entry "${pair}", expected name=http://host:port/graphql` });
          else map[name] = url;
        }
        return map;
      }),
    CORS_ORIGINS: csv,
    CLERK_JWT_KEY: pem("CLERK_JWT_KEY").optional(),
    CLERK_SECRET_KEY: z.string().startsWith("sk_").optional(),
    /** Origins whose session tokens are accepted (the token's `azp`). Required in production. */
    CLERK_AUTHORIZED_PARTIES: csv,
    /** Clerk's Frontend API URL, which every session token names as its `iss`. Required in production. */
    CLERK_ISSUER: z
      .url()
      .transform((s) => s.replace(/\/+$/, ""))
      .optional(),
    /**
     * Where roles are read in a session token's claims: dotted paths, each a string or a list
     * (`metadata.roles` needs the Clerk session claim `{"metadata": "{{user.public_metadata}}"}`;
     * `o.rol` is the active organisation's role). Only known roles count (kit ROLES).
     */
    CLERK_ROLES_CLAIMS: csv.default(["metadata.roles"]),
    /** Machine (M2M) callers allowed in, with their roles: `mch_abc=service+moderator,mch_def=service`. Unlisted machines are refused. */
    CLERK_MACHINE_ROLES: z
      .string()
      .default("")
      .transform((s, ctx) => {
        const map: Record<string, string[]> = {};
        for (const entry of s
          .split(",")
          .map((e) => e.trim())
          .filter(Boolean)) {
          const m = /^(mch_[A-Za-z0-9]+)=([a-z+]+)$/.exec(entry);
          if (!m) {
            ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 40)}" is not mch_<id>=role+role` });
            return z.NEVER;
          }
          map[m[1]] = m[2].split("+");
        }
        return map;
      }),
    /** `production` makes the identity checks above mandatory, so a deployment cannot start without them. */
    NODE_ENV: z.string().default("development"),
    INTERNAL_CONTEXT_PRIVATE_KEY: pem("INTERNAL_CONTEXT_PRIVATE_KEY"),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
    MAX_ALIASES: z.coerce.number().int().min(0).default(30),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(5000),
    MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5000),
    BODY_LIMIT: z.string().default("100kb"),
    /** Worker threads that parse, validate and plan documents the gateway has not seen, off the event loop. */
    GRAPHQL_WORKER_THREADS: z.coerce.number().int().min(1).max(16).default(1),
    /** A document that takes longer to check or plan is refused (QUERY_TOO_COMPLEX) and its thread replaced. */
    GRAPHQL_WORKER_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    /** New documents waiting for a worker; more get SERVER_BUSY (429) until the queue drains. */
    GRAPHQL_WORKER_MAX_QUEUE: z.coerce.number().int().min(1).default(64),
    /** The workers' CPU priority below the event loop's (Unix nice increment): new documents yield to serving. */
    GRAPHQL_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** Unset: on, except with NODE_ENV=production (see `developerSurfaces`). */
    SANDBOX_ENABLED: bool.optional(),
    /** The offline GraphiQL (clients/graphiql built), served at /graphiql wherever Sandbox is. */
    GRAPHIQL_DIR: z.string().default(path.resolve(__dirname, "..", "..", "clients", "graphiql", "dist")),
    INTROSPECTION_ENABLED: bool.optional(),
    /** GET /metrics (Prometheus) on its own port; off by default because the gateway faces the internet. */
    METRICS_PORT: metricsPortEnv("off"),
    METRICS_ENABLED: z.never({ error: "was replaced by METRICS_PORT (metrics have their own port; ADR 0013)" }).optional(),
    /** The gateway's own PostgreSQL schema (`gateway`: partner API keys, idempotency keys). Without it /partner/graphql is off. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "a postgres:// URL")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
    ...migrationLockEnv,
    /** How long GET /ready waits for the gateway's database before it answers 503. */
    READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
    /** How long an Idempotency-Key stays bound to its operation (with DATABASE_URL); the subgraphs keep outcomes as long. */
    IDEMPOTENCY_TTL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(24 * 60 * 60 * 1000),
    /** The web client's operations (codegen): ids that always resolve, so a locked build never sends text. */
    FIRST_PARTY_MANIFEST_PATH: z.string().default(path.resolve(__dirname, "..", "..", "schema", "persisted", "web.json")),
    /** The only operations /partner/graphql runs. */
    PARTNER_MANIFEST_PATH: z.string().default(path.resolve(__dirname, "..", "..", "schema", "persisted", "partner.json")),
    /** How long a verified partner key is trusted before it is read again (revocation takes at most this). */
    PARTNER_KEY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
    /** Failed partner key checks per client address a minute; more are refused without a lookup. */
    PARTNER_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Proxies in front of the gateway whose X-Forwarded-For is trusted for the client's address. */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Live subscriptions (ADR 0009): the gateway reads events from Kafka, or from the embedded log
    // (EVENTLOG_DATABASE_URL: the subgraphs' DATABASE_URL under `npm start`).
    ...eventSourceEnv,
    // OpenTelemetry spans over OTLP/HTTP, off by default (ADR 0030); main.ts reads them before anything loads.
    ...tracingEnv,
    /** Events kept for clients that resume with lastEventId. */
    LIVE_RESUME_WINDOW: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
    /** Results waiting for a slow client before the oldest are dropped. */
    LIVE_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(100),
    LIVE_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(10),
    LIVE_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(25),
    LIVE_KEEPALIVE_MS: z.coerce.number().int().min(1_000).default(12_000),
    /** Users whose plan and entitlements the gateway keeps from billing's events (least recently used dropped first). */
    ENTITLEMENTS_CACHE_SIZE: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    /** Events per partition a starting gateway replays into the cache (default: ENTITLEMENTS_CACHE_SIZE); 0 leaves every user to the miss lookup. */
    ENTITLEMENTS_REPLAY: z.coerce.number().int().min(0).max(10_000_000).optional(),
    /** How long a request waits for billing's answer about a user the cache does not hold before going on as Free. */
    ENTITLEMENTS_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
    // Rate limits by plan, and the shared store partner keys use too (ADR 0025).
    ...rateLimitEnv,
    /** Dev and test only: the baseline of `npm run bench -- plan-checks`, which measures what these checks cost. */
    PLAN_CHECKS_BYPASS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(["rate-limits", "entitlements"])))
      .transform((list) => new Set(list)),
  })
  .refine((env) => env.CLERK_JWT_KEY || env.CLERK_SECRET_KEY, {
    message: "set CLERK_JWT_KEY (networkless verification) or CLERK_SECRET_KEY (JWKS)",
    path: ["CLERK_JWT_KEY"],
    ...whenParsed("CLERK_JWT_KEY", "CLERK_SECRET_KEY"),
  })
  // Each check on its own, so that one bad variable does not hide the other's absence.
  .refine((env) => env.NODE_ENV !== "production" || env.CLERK_ISSUER, {
    path: ["CLERK_ISSUER"],
    message: "required when NODE_ENV=production: Clerk's Frontend API URL",
    ...whenParsed("NODE_ENV", "CLERK_ISSUER"),
  })
  .refine((env) => env.NODE_ENV !== "production" || env.CLERK_AUTHORIZED_PARTIES.length, {
    path: ["CLERK_AUTHORIZED_PARTIES"],
    message: "required when NODE_ENV=production: the web app's origins, e.g. https://app.learnloop.dev",
    ...whenParsed("NODE_ENV", "CLERK_AUTHORIZED_PARTIES"),
  })
  // Allowed only where NODE_ENV says development or test: "prod", "staging" or a typo do not open them.
  .refine((env) => devOrTest(env.NODE_ENV) || !Object.keys(env.RATE_LIMIT_TEST_PLANS).length, {
    path: ["RATE_LIMIT_TEST_PLANS"],
    message: "dev and test only: refused unless NODE_ENV is development or test (plans come from billing)",
    ...whenParsed("NODE_ENV", "RATE_LIMIT_TEST_PLANS"),
  })
  .refine((env) => devOrTest(env.NODE_ENV) || !env.PLAN_CHECKS_BYPASS.size, {
    path: ["PLAN_CHECKS_BYPASS"],
    message: "dev and test only (a benchmark's baseline): refused unless NODE_ENV is development or test",
    ...whenParsed("NODE_ENV", "PLAN_CHECKS_BYPASS"),
  });

export type GatewayEnv = z.infer<typeof envSchema>;

/** Where the dev and test stand-ins may be set at all. */
function devOrTest(nodeEnv: string): boolean {
  return nodeEnv === "development" || nodeEnv === "test";
}

/** Sandbox and introspection: as set, else on for development and off in production (secure by default). */
export function developerSurfaces(env: Pick<GatewayEnv, "SANDBOX_ENABLED" | "INTROSPECTION_ENABLED" | "NODE_ENV">) {
  const development = env.NODE_ENV !== "production";
  return { sandbox: env.SANDBOX_ENABLED ?? development, introspection: env.INTROSPECTION_ENABLED ?? development };
}
