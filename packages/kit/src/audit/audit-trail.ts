import { Args, ArgsType, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import type { IRules } from "graphql-shield";
import { allow } from "graphql-shield";
import { hasRole } from "../authz/permissions";
import { decodeCursor, encodeCursor, ConnectionArgs, PageInfo, type Connection } from "../schema/connection";
import { BadUserInputError } from "../errors/app-error";
import type { SubgraphContext } from "../server/request-context";
import { auditTable } from "./audit-log";

@Directive("@shareable")
@ObjectType({ description: "One mutation's record in a subgraph's audit trail: who changed what, when. No personal values." })
export class AuditEntry {
  @Field(() => ID) id!: string;
  @Field({ description: "ISO 8601." }) at!: string;
  @Field(() => String, { nullable: true, description: "The user who did it; null for a machine, or once that user was deleted." })
  actorUserId!: string | null;
  @Field(() => String, { nullable: true, description: "The M2M machine that did it." }) actorMachineId!: string | null;
  @Field(() => [String], { description: "The roles the actor held then." }) actorRoles!: string[];
  @Field({ description: "The mutation field." }) mutation!: string;
  @Field({ description: "The request it was part of (the x-request-id of its response, and of its logs)." }) requestId!: string;
  @Field() targetType!: string;
  @Field(() => [ID]) targetIds!: string[];
  @Field({ description: "What changed, as JSON: field names, ids and counts." }) changes!: string;
  @Field({ description: "A deleted user's id was stripped from this row." }) erased!: boolean;
}

@Directive("@shareable")
@ObjectType()
export class AuditEntryEdge {
  @Field() cursor!: string;
  @Field(() => AuditEntry) node!: AuditEntry;
}

@Directive("@shareable")
@ObjectType()
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge]) edges!: AuditEntryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ArgsType()
export class AuditTrailArgs extends ConnectionArgs {
  @Field(() => ID, { description: "The id of what was changed (a user, a notification, a lesson)." }) targetId!: string;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_machine_id: string | null;
  actor_roles: string[];
  mutation: string;
  target_type: string;
  target_ids: string[];
  request_id: string;
  changes: unknown;
  erased: boolean;
}

/** Newest first, keyset by id: one statement a page, using the GIN index on target ids. */
async function readTrail(ctx: SubgraphContext, schema: string, args: AuditTrailArgs): Promise<Connection<AuditEntry>> {
  if (args.last != null || args.before != null) throw new BadUserInputError("The audit trail pages forward only: use `first` and `after`.");
  const size = args.first ?? 20;
  const after = args.after ? decodeCursor(args.after) : null;
  if (args.after && !after) throw new BadUserInputError("Invalid cursor.");
  const rows: AuditRow[] = await ctx.db.dataSource.query(
    `SELECT * FROM ${auditTable(schema)} WHERE target_ids @> ARRAY[$1]::text[] AND ($2::bigint IS NULL OR id < $2::bigint)
     ORDER BY id DESC LIMIT $3`,
    [args.targetId, after ? String(after[1]) : null, size + 1],
  );
  const page = rows.slice(0, size);
  const edges = page.map((r) => ({
    cursor: encodeCursor([0, Number(r.id)]),
    node: {
      id: `${schema}:${r.id}`,
      at: r.at.toISOString(),
      actorUserId: r.actor_user_id,
      actorMachineId: r.actor_machine_id,
      actorRoles: r.actor_roles,
      mutation: r.mutation,
      requestId: r.request_id,
      targetType: r.target_type,
      targetIds: r.target_ids,
      changes: JSON.stringify(r.changes),
      erased: r.erased,
    },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** `<subgraph>AuditTrail(targetId:)`: each subgraph's own trail, since each keeps its own rows. */
export const auditTrailField = (subgraph: string) => `${subgraph.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}AuditTrail`;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function auditTrailResolver(subgraph: string): Function {
  @Resolver()
  class AuditTrailResolver {
    @Query(() => AuditEntryConnection, {
      name: auditTrailField(subgraph),
      description: `The ${subgraph} subgraph's audit trail for one target, newest first. Admins and staff only.`,
    })
    auditTrail(@Args() args: AuditTrailArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<AuditEntry>> {
      return readTrail(ctx, subgraph, args);
    }
  }
  return AuditTrailResolver;
}

/** The trail's rules, merged into every subgraph's: deny by default holds for them too. */
export const auditRules = (subgraph: string): IRules => ({
  Query: { [auditTrailField(subgraph)]: hasRole("admin", "staff") },
  AuditEntry: allow,
  AuditEntryEdge: allow,
  AuditEntryConnection: allow,
  PageInfo: allow,
});
