import type { GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { allow, deny, rule, shield, type IRule, type IRules } from "graphql-shield";
import { ForbiddenError, UnauthenticatedError } from "../errors/app-error";
import { hasFeature, PlanRequiredError, type Feature } from "../auth/entitlements";
import type { Role } from "../auth/roles";
import type { RequestContext } from "../server/request-context";

export { allow, deny, and, or, not, rule } from "graphql-shield";
export type { IRule, IRules };

export const isAuthenticated: IRule = rule({ cache: "contextual" })((_parent, _args, ctx: RequestContext) =>
  ctx.viewer ? true : new UnauthenticatedError(),
);

/**
 * Allows a field to callers holding any of these roles (from Clerk, through the signed internal
 * context). Anonymous callers get UNAUTHENTICATED; signed-in ones without the role, FORBIDDEN.
 */
export function hasRole(...roles: Role[]): IRule {
  return rule({ cache: "contextual" })((_parent, _args, ctx: RequestContext) => {
    if (ctx.roles.some((r) => roles.includes(r))) return true;
    return ctx.viewer || ctx.machineId ? new ForbiddenError(`This needs the ${roles.join(" or ")} role.`) : new UnauthenticatedError();
  });
}

/**
 * Allows a whole field to callers whose signed plan includes `feature` (ADR 0027): UNAUTHENTICATED
 * for an anonymous caller, PLAN_REQUIRED (naming the feature and the cheapest plan) for the rest.
 * A gate on part of a field's work (a daily cap) calls `requiresFeature` in the resolver instead.
 */
export function hasPlanFeature(feature: Feature): IRule {
  return rule({ cache: "contextual" })((_parent, _args, ctx: RequestContext) => {
    if (!ctx.viewer) return new UnauthenticatedError();
    return hasFeature(ctx, feature) ? true : new PlanRequiredError(feature);
  });
}

/** Allows a field only to the user the parent object belongs to. */
export function isOwner<P>(ownerId: (parent: P) => string | undefined): IRule {
  return rule({ cache: "strict" })((parent: P, _args, ctx: RequestContext) => {
    if (!ctx.viewer) return new UnauthenticatedError();
    return ownerId(parent) === ctx.viewer.userId ? true : new ForbiddenError("This belongs to another user.");
  });
}

/**
 * Allows a field to the user the parent belongs to, and to anyone once that user made it public.
 * Everyone else gets FORBIDDEN, anonymous callers too: signing in would not help them.
 */
export function isOwnerOrPublic<P, C extends RequestContext = RequestContext>(
  ownerId: (parent: P) => string | undefined,
  isPublic: (parent: P, ctx: C) => boolean | Promise<boolean>,
  message = "This user keeps it private.",
): IRule {
  return rule({ cache: "strict" })(async (parent: P, _args, ctx: C) => {
    if (ctx.viewer && ownerId(parent) === ctx.viewer.userId) return true;
    return (await isPublic(parent, ctx)) ? true : new ForbiddenError(message);
  });
}

/**
 * Deny by default: a type or field not named in the rules is refused. The federation plumbing
 * the gateway needs (`_service`, `_entities`) is opened here once; `_entities` grants nothing by
 * itself, because every entity type's fields carry their own rules. A subgraph without entities has no `_entities`.
 */
export function applyPermissions(schema: GraphQLSchema, rules: IRules): GraphQLSchema {
  const tree = rules as Record<string, unknown>;
  const query = (tree.Query ?? {}) as Record<string, unknown>;
  // A subgraph without entities (billing) has no `_entities`.
  const plumbing = schema.getQueryType()?.getFields()._entities ? { _service: allow, _entities: allow } : { _service: allow };
  const permissions = shield({ ...tree, Query: { ...query, ...plumbing }, _Service: allow } as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => new ForbiddenError(),
  });
  return applyMiddleware(schema, permissions);
}
