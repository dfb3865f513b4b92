import { buildOperationContext } from "@apollo/gateway";
import { Supergraph, type Schema } from "@apollo/federation-internals";
import type { QueryPlan } from "@apollo/query-planner";
import { LRUCache } from "lru-cache";
import { print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { OffThreadGraphQL } from "../off-thread/off-thread-graphql";

export interface LivePlan {
  /** The document and operation name: subscribers with equal keys (and scope, variables) share executions. */
  key: string;
  /** The subscription's root field, e.g. notificationAdded. */
  field: string;
  /** Where the root field's value is in a result: its alias, or its name. */
  responseKey: string;
  /** Primary fetch (the owning subgraph, given the event) followed by the rest of the plan. */
  queryPlan: QueryPlan;
  operationContext: ReturnType<typeof buildOperationContext>;
  operation: OperationDefinitionNode;
}

/** A valid document the live path cannot run; its message is for the client. */
export class LivePlanError extends Error {}

/**
 * @apollo/gateway plans subscriptions but will not execute them; this keeps its own planner over
 * the same supergraph and turns a subscription plan into one that runs per event.
 */
export class LivePlanner {
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: Schema;
  readonly schema: GraphQLSchema;
  // Distinct subscription documents are few; bounded anyway.
  private readonly cache = new LRUCache<string, LivePlan>({ max: 1_000 });

  /** Subscription plans are made in the worker threads of `offThread`, off the event loop. */
  constructor(
    supergraphSdl: string,
    private readonly offThread: OffThreadGraphQL,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
  }

  /**
   * For a validated subscription document. Throws LivePlanError when the document is valid GraphQL
   * but not something the gateway can run live (a root field behind a fragment or a directive).
   */
  async plan(document: DocumentNode, operationName?: string): Promise<LivePlan> {
    const text = print(document);
    const key = `${operationName ?? ""}#${text}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName });
    const [selection, ...others] = operationContext.operation.selectionSet.selections;
    if (others.length || selection?.kind !== "Field" || selection.directives?.length)
      throw new LivePlanError("Select the subscription's one root field directly, without fragments or directives.");
    const plan = await this.offThread.plan(`live:${key}`, { source: text, operationName });
    const node = plan.node;
    if (node?.kind !== "Subscription") throw new LivePlanError("This subscription has nothing to run live.");
    const queryPlan: QueryPlan = {
      kind: "QueryPlan",
      node: node.rest ? { kind: "Sequence", nodes: [node.primary, node.rest] } : node.primary,
    };
    const field = selection.name.value;
    const responseKey = selection.alias?.value ?? field;
    const live: LivePlan = { key, field, responseKey, queryPlan, operationContext, operation: operationContext.operation };
    this.cache.set(key, live);
    return live;
  }
}
