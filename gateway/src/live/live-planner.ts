import { buildOperationContext } from "@apollo/gateway";
import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import { print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";

export interface LivePlan {
  /** The document and operation name: subscribers with equal keys (and scope, variables) share executions. */
  key: string;
  /** The subscription's root field, e.g. notificationAdded. */
  field: string;
  /** Primary fetch (the owning subgraph, given the event) followed by the rest of the plan. */
  queryPlan: QueryPlan;
  operationContext: ReturnType<typeof buildOperationContext>;
  operation: OperationDefinitionNode;
}

/**
 * @apollo/gateway plans subscriptions but will not execute them; this keeps its own planner over
 * the same supergraph and turns a subscription plan into one that runs per event.
 */
export class LivePlanner {
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: Schema;
  readonly schema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, LivePlan>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** For a validated subscription document. */
  plan(document: DocumentNode, operationName?: string): LivePlan {
    const key = `${operationName ?? ""}#${print(document)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName });
    const plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName }));
    const node = plan.node;
    if (node?.kind !== "Subscription") throw new Error("not a subscription plan");
    const queryPlan: QueryPlan = {
      kind: "QueryPlan",
      node: node.rest ? { kind: "Sequence", nodes: [node.primary, node.rest] } : node.primary,
    };
    const selection = operationContext.operation.selectionSet.selections[0];
    const field = selection.kind === "Field" ? selection.name.value : "";
    const live: LivePlan = { key, field, queryPlan, operationContext, operation: operationContext.operation };
    if (this.cache.size > 1_000) this.cache.clear(); // distinct subscription documents are few; bound it anyway
    this.cache.set(key, live);
    return live;
  }
}
