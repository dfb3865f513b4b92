import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type GraphQLOutputType,
  type SelectionSetNode,
  type GraphQLCompositeType,
  valueFromASTUntyped,
} from "graphql";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** Lists without a page-size argument are assumed this long when estimating cost. */
const DEFAULT_LIST_SIZE = 20;
const PAGE_ARGS = ["first", "last", "limit"];

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * Measures an operation: depth of nested selections, number of aliases, and cost, where each
 * field costs 1 and a list multiplies its children by its page size. Fragments are expanded;
 * a fragment cycle is invalid GraphQL and has been rejected by validation already.
 */
export function measure(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  /** Page size given to the enclosing connection, which its `edges` list takes instead of the default. */
  pageSize?: number,
): Measure {
  let depth = 0;
  let aliases = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) aliases++;
      if (selection.name.value.startsWith("__")) continue;
      const fieldDef = "getFields" in parent ? parent.getFields()[selection.name.value] : undefined;
      const type = fieldDef?.type as GraphQLOutputType | undefined;
      const isList = Boolean(type && isListType(getNullableType(type)));
      let requested: number | undefined;
      for (const arg of selection.arguments ?? []) {
        if (!PAGE_ARGS.includes(arg.name.value)) continue;
        const value =
          arg.value.kind === Kind.INT
            ? Number(arg.value.value)
            : arg.value.kind === Kind.VARIABLE
              ? variables[arg.value.name.value]
              : undefined;
        if (typeof value === "number" && value > 0) requested = value;
      }
      // A list is as long as asked, or as its connection's page, or the default; a connection
      // itself is one object whose page size passes to its edges.
      const multiplier = isList ? (requested ?? pageSize ?? DEFAULT_LIST_SIZE) : 1;
      const named = type ? getNamedType(type) : undefined;
      if (selection.selectionSet && named && isCompositeType(named)) {
        const inner = measure(schema, selection.selectionSet, named, fragments, variables, isList ? undefined : requested);
        depth = Math.max(depth, inner.depth + 1);
        aliases += inner.aliases;
        cost += 1 + multiplier * inner.cost;
      } else {
        depth = Math.max(depth, 1);
        cost += 1;
      }
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      if (!fragment) continue;
      const typeName = fragment.typeCondition?.name.value;
      const type = (typeName ? schema.getType(typeName) : parent) as GraphQLCompositeType;
      const inner = measure(schema, fragment.selectionSet, type ?? parent, fragments, variables, pageSize);
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
      cost += inner.cost;
    }
  }
  return { depth, aliases, cost };
}

function reject(code: string, message: string): never {
  throw new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** Throws the limit's error when an operation is too deep, uses too many aliases, or costs too much. */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): void {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const root = schema.getRootType(operation.operation);
  if (!root) return;
  // A page size left to its declared default (`$first: Int = 10`) counts as that default.
  const defaults: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? [])
    if (v.defaultValue) defaults[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  const m = measure(schema, operation.selectionSet, root, fragments, { ...defaults, ...variables });
  if (m.depth > limits.maxDepth) reject("QUERY_TOO_DEEP", `The query is ${m.depth} levels deep; the limit is ${limits.maxDepth}.`);
  if (m.aliases > limits.maxAliases) reject("TOO_MANY_ALIASES", `The query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`);
  if (m.cost > limits.maxCost) reject("QUERY_TOO_COMPLEX", `The query's estimated cost is ${m.cost}; the limit is ${limits.maxCost}.`);
}

/** Refuses operations over the limits before any subgraph is called. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) checkLimits(schema, document, operation, request.variables ?? {}, limits);
        },
      };
    },
  };
}
