import type { ApolloServerPlugin } from "@apollo/server";
import type { ErrorCode } from "@learnloop/kit/internal";
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type GraphQLOutputType,
  type SelectionSetNode,
  type GraphQLCompositeType,
  valueFromASTUntyped,
} from "graphql";
import type { OffThreadGraphQL } from "./off-thread/off-thread-graphql";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** Lists without a page-size argument are assumed this long when estimating cost. */
const DEFAULT_LIST_SIZE = 20;
const PAGE_ARGS = ["first", "last", "limit"];
/**
 * Introspection answers from the schema, not from data: its lists are bounded by the schema, and
 * graphql's MaxIntrospectionDepthRule bounds how deep they nest. What remains is how many times
 * one operation walks the schema, so each introspection root has a fixed cost: `__schema` walks
 * all of it (a handful fit under the default limit), `__type` one type.
 */
const INTROSPECTION_COST: Record<string, number> = { __schema: 1000, __type: 50 };

export interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

const NO_LIMITS: QueryLimits = { maxDepth: Infinity, maxAliases: Infinity, maxCost: Infinity };

function reject(code: ErrorCode, message: string): never {
  throw new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Measures an operation: depth of nested selections, number of aliases, and cost, where each
 * field costs 1 and a list multiplies its children by its page size.
 *
 * Each fragment is measured once per page size it is spread under, and the measure stops at the
 * first limit passed: a document whose fragments spread each other is measured in time linear in
 * its size, however large the expansion it describes.
 */
class Measurer {
  private readonly memo = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly limits: QueryLimits,
  ) {}

  /**
   * `level` is how deep this selection set sits in the operation; a part never costs more, nests
   * deeper or holds more aliases than the whole, so any part over a limit fails the operation.
   */
  selectionSet(selectionSet: SelectionSetNode, parent: GraphQLCompositeType, level: number, pageSize?: number): Measure {
    const total: Measure = { depth: 0, aliases: 0, cost: 0 };
    for (const selection of selectionSet.selections) {
      let part: Measure;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases++;
        const name = selection.name.value;
        if (name.startsWith("__")) {
          // __typename is free, but its aliases still count: `{ a0: __typename … }` must not pass the alias limit.
          part = { depth: 1, aliases: 0, cost: INTROSPECTION_COST[name] ?? 0 };
        } else part = this.field(selection, parent, level, pageSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = (typeName ? this.schema.getType(typeName) : parent) as GraphQLCompositeType | undefined;
        part = this.selectionSet(selection.selectionSet, type ?? parent, level, pageSize);
      } else {
        part = this.fragment(selection.name.value, parent, level, pageSize);
      }
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.cost += part.cost;
      this.check(total, level);
    }
    return total;
  }

  private field(selection: FieldNode, parent: GraphQLCompositeType, level: number, pageSize?: number): Measure {
    const fieldDef = "getFields" in parent ? parent.getFields()[selection.name.value] : undefined;
    const type = fieldDef?.type as GraphQLOutputType | undefined;
    const isList = Boolean(type && isListType(getNullableType(type)));
    const requested = this.requestedPageSize(selection.arguments ?? []);
    const named = type ? getNamedType(type) : undefined;
    if (!selection.selectionSet || !named || !isCompositeType(named)) return { depth: 1, aliases: 0, cost: 1 };
    // A list is as long as asked, or as its connection's page, or the default; a connection
    // itself is one object whose page size passes to its edges.
    const inner = this.selectionSet(selection.selectionSet, named, level + 1, isList ? undefined : requested);
    const multiplier = isList ? (requested ?? pageSize ?? DEFAULT_LIST_SIZE) : 1;
    return { depth: inner.depth + 1, aliases: inner.aliases, cost: 1 + multiplier * inner.cost };
  }

  private fragment(name: string, parent: GraphQLCompositeType, level: number, pageSize?: number): Measure {
    const fragment = this.fragments[name];
    // A fragment cycle or an unknown fragment is invalid GraphQL, refused by validation already.
    const key = `${name}\u0000${pageSize ?? ""}`;
    if (!fragment || this.inProgress.has(key)) return { depth: 0, aliases: 0, cost: 0 };
    let measured = this.memo.get(key);
    if (!measured) {
      this.inProgress.add(key);
      const type = this.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
      measured = this.selectionSet(fragment.selectionSet, type ?? parent, level, pageSize);
      this.inProgress.delete(key);
      this.memo.set(key, measured);
    }
    return measured;
  }

  private requestedPageSize(args: readonly ArgumentNode[]): number | undefined {
    let requested: number | undefined;
    for (const arg of args) {
      if (!PAGE_ARGS.includes(arg.name.value)) continue;
      const value =
        arg.value.kind === Kind.INT
          ? Number(arg.value.value)
          : arg.value.kind === Kind.VARIABLE
            ? this.variables[arg.value.name.value]
            : undefined;
      if (typeof value === "number" && value > 0) requested = value;
    }
    return requested;
  }

  private check(m: Measure, level: number): void {
    const { maxDepth, maxAliases, maxCost } = this.limits;
    const depth = level + m.depth;
    if (depth > maxDepth) reject("QUERY_TOO_DEEP", `The query is more than ${maxDepth} levels deep, the limit.`);
    if (m.aliases > maxAliases) reject("TOO_MANY_ALIASES", `The query uses more than ${maxAliases} aliases, the limit.`);
    if (m.cost > maxCost) reject("QUERY_TOO_COMPLEX", `The query's estimated cost is over ${maxCost}, the limit.`);
  }
}

/** Measures a selection set without limits (for tests and tools); see Measurer. */
export function measure(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Measure {
  return new Measurer(schema, fragments, variables, NO_LIMITS).selectionSet(selectionSet, parent, 0);
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
  new Measurer(schema, fragments, { ...defaults, ...variables }, limits).selectionSet(operation.selectionSet, root, 0);
}

/**
 * Refuses operations over the limits before any subgraph is called, then (with a planner) plans
 * what passed off the event loop. One hook, so nothing over the limits is ever planned.
 */
export function queryLimitsPlugin(limits: QueryLimits, planner?: OffThreadGraphQL): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, source, queryHash }) {
          if (!operation) return;
          checkLimits(schema, document, operation, request.variables ?? {}, limits);
          if (planner && operation.operation !== "subscription") await planner.prepare(source, queryHash, request.operationName);
        },
      };
    },
  };
}
