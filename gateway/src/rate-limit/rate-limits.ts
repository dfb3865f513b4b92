import type { ApolloServerPlugin } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { sendGraphQLError, type Viewer } from "@learnloop/kit/internal";
import type { Request, RequestHandler, Response } from "express";
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { Logger } from "pino";
import type { GatewayContext } from "../context";
import { callerKey, callerOf, planLookup, tierOf, type Caller, type Plan, type Tier } from "./plans";
import type { FieldBudget } from "./environment";
import { createLimiterStore, type Decision, type Limiter, type LimiterStore } from "./store";

export interface RateLimitSettings {
  REDIS_URL?: string;
  RATE_LIMIT_KEY_PREFIX: string;
  RATE_LIMIT_REDIS_TIMEOUT_MS: number;
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: number;
  RATE_LIMIT_FREE_PER_MINUTE: number;
  RATE_LIMIT_PLUS_PER_MINUTE: number;
  RATE_LIMIT_PRO_PER_MINUTE: number;
  RATE_LIMIT_MACHINE_PER_MINUTE: number;
  RATE_LIMIT_EXPENSIVE_PER_HOUR: Record<string, FieldBudget>;
  RATE_LIMIT_TEST_PLANS: Record<string, Plan>;
}

/** IETF RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers), and Retry-After on a refusal. */
/**
 * Both generations of the IETF draft: RateLimit-Limit/-Remaining/-Reset (draft 6, what most
 * clients read) and the structured RateLimit-Policy and RateLimit fields of drafts 8 to 11.
 */
export function rateLimitHeaders(d: Decision): [string, string][] {
  const headers: [string, string][] = [
    ["ratelimit-limit", String(d.limit)],
    ["ratelimit-remaining", String(d.remaining)],
    ["ratelimit-reset", String(d.resetSeconds)],
    ["ratelimit-policy", `"${d.policy}";q=${d.limit};w=${d.windowSeconds}`],
    ["ratelimit", `"${d.policy}";r=${d.remaining};t=${d.resetSeconds}`],
  ];
  if (!d.allowed) headers.push(["retry-after", String(d.resetSeconds)]);
  return headers;
}

export const setRateLimitHeaders = (res: Response, d: Decision) => {
  for (const [name, value] of rateLimitHeaders(d)) res.setHeader(name, value);
};

export function sendRateLimited(res: Response, requestId: string, d: Decision, why: string): void {
  setRateLimitHeaders(res, d);
  sendGraphQLError(res, 429, "RATE_LIMITED", `${why}; retry after ${d.resetSeconds} s.`, requestId, { retryAfter: d.resetSeconds });
}

/** Root fields an operation selects, through fragments (aliases do not hide a field's name). */
function rootFields(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}

export interface RateLimits {
  store: LimiterStore;
  planOf(caller: Caller): Plan;
  tierLimit(tier: Tier): number;
  /** Charges one operation to the caller's per-minute budget. */
  charge(caller: Caller): Promise<Decision>;
  /** /graphql, after authentication and before the body is read: 429 over the caller's per-minute budget. */
  middleware(): RequestHandler;
  /**
   * A credential that failed: charged to the address's anonymous budget, so a bad token buys no
   * way around it. False when the budget is spent, and the 429 has been sent.
   */
  chargeFailedAuth(req: Request, res: Response): Promise<boolean>;
  /** Expensive root mutation fields, each charged to its own hourly budget once the operation is known. */
  plugin(): ApolloServerPlugin<GatewayContext>;
  close(): Promise<void>;
}

export function createRateLimits(
  env: RateLimitSettings,
  logger: Logger,
  /** A user's plan as billing announced it (the entitlements cache). */
  planFromBilling?: (userId: string) => Plan | undefined,
  /**
   * Makes sure the cache holds a signed-in caller before they are charged (the bounded, shared
   * miss lookup of ADR 0027), so a subscriber's first request is charged at their plan, not Free.
   */
  lookUpPlan?: (userId: string) => Promise<unknown>,
): RateLimits {
  const store = createLimiterStore({
    redisUrl: env.REDIS_URL,
    prefix: env.RATE_LIMIT_KEY_PREFIX,
    timeoutMs: env.RATE_LIMIT_REDIS_TIMEOUT_MS,
    logger,
  });
  const perMinute: Record<Tier, number> = {
    anonymous: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    free: env.RATE_LIMIT_FREE_PER_MINUTE,
    plus: env.RATE_LIMIT_PLUS_PER_MINUTE,
    pro: env.RATE_LIMIT_PRO_PER_MINUTE,
    machine: env.RATE_LIMIT_MACHINE_PER_MINUTE,
  };
  const tiers = Object.fromEntries(
    Object.entries(perMinute).map(([tier, points]) => [tier, store.limiter(`op:${tier}`, points, 60)]),
  ) as Record<Tier, Limiter>;
  // One limiter per (field, tier): a plan with its own budget counts apart from the others.
  const expensive = new Map(
    Object.entries(env.RATE_LIMIT_EXPENSIVE_PER_HOUR).map(([field, budget]) => [
      field,
      (tier: Tier) => {
        const own = budget.byTier[tier];
        return own === undefined
          ? store.limiter(`field:${field}`, budget.perHour, 3600)
          : store.limiter(`field:${field}:${tier}`, own, 3600);
      },
    ]),
  );
  const planOf = planLookup(env.RATE_LIMIT_TEST_PLANS, planFromBilling);
  const charge = (caller: Caller) => tiers[tierOf(caller, planOf)].consume(callerKey(caller));

  return {
    store,
    planOf,
    tierLimit: (tier) => perMinute[tier],
    charge,
    middleware: () => async (req, res, next) => {
      const auth = res.locals.auth as { viewer: Viewer | null; machineId?: string };
      // req.ip follows the app's trust proxy (TRUST_PROXY_HOPS): X-Forwarded-For counts only through trusted hops.
      const caller = callerOf(auth, req.ip);
      res.locals.rateLimitCaller = caller;
      if (caller.kind === "user" && lookUpPlan) await lookUpPlan(caller.userId);
      const d = await charge(caller);
      if (!d.allowed) return sendRateLimited(res, req.requestId, d, `At most ${d.limit} operations a minute`);
      setRateLimitHeaders(res, d);
      next();
    },
    async chargeFailedAuth(req, res) {
      const d = await charge({ kind: "anonymous", address: req.ip ?? "unknown" });
      if (d.allowed) setRateLimitHeaders(res, d);
      else sendRateLimited(res, req.requestId, d, `At most ${d.limit} operations a minute`);
      return d.allowed;
    },
    plugin: () => ({
      async requestDidStart() {
        return {
          async didResolveOperation({ operation, document, contextValue, response }) {
            const caller = contextValue.rateLimitCaller;
            if (!expensive.size || operation?.operation !== "mutation" || !caller) return;
            const tier = tierOf(caller, planOf);
            for (const field of rootFields(operation, document)) {
              const limiterFor = expensive.get(field);
              if (!limiterFor) continue;
              const d = await limiterFor(tier).consume(callerKey(caller));
              if (d.allowed) continue;
              const headers = new HeaderMap(rateLimitHeaders(d));
              for (const [name, value] of headers) response.http.headers.set(name, value);
              throw new GraphQLError(`At most ${d.limit} ${field} an hour; retry after ${d.resetSeconds} s.`, {
                extensions: { code: "RATE_LIMITED", retryAfter: d.resetSeconds, field, http: { status: 429, headers } },
              });
            }
          },
        };
      },
    }),
    close: () => store.close(),
  };
}

/**
 * The same limits with nothing charged: the baseline of `npm run bench -- plan-checks`
 * (PLAN_CHECKS_BYPASS, dev and test only). Partner keys keep their buckets, in the same store.
 */
export function withoutRateLimits(limits: RateLimits): RateLimits {
  const unlimited = (): Decision => ({ allowed: true, limit: 0, remaining: 0, resetSeconds: 0, policy: "none", windowSeconds: 0 });
  return {
    ...limits,
    charge: async () => unlimited(),
    middleware: () => (_req, _res, next) => next(),
    chargeFailedAuth: async () => true,
    plugin: () => ({}),
  };
}
