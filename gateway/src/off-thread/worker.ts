import { workerData } from "node:worker_threads";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import {
  GraphQLError,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  parse,
  separateOperations,
  Source,
  specifiedRules,
  TokenKind,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type ValidationRule,
} from "graphql";
import { parseInputScalars } from "../input-scalars";

export interface WorkerData {
  supergraphSdl: string;
  maxTokens: number;
  introspection: boolean;
}

/** Each worker thread holds its own supergraph, API schema and query planner. */
const { supergraphSdl, maxTokens, introspection } = workerData as WorkerData;
const supergraph = Supergraph.build(supergraphSdl);
const apiSchema = supergraph.apiSchema();
const schema = parseInputScalars(apiSchema.toGraphQLJSSchema());
const planner = new QueryPlanner(supergraph);
/** graphql reads `1e309` as Infinity and lets it through; the query planner then refuses it with a 500. */
const FiniteFloatLiterals: ValidationRule = (context) => ({
  FloatValue(node) {
    if (!Number.isFinite(Number(node.value)))
      context.reportError(new GraphQLError(`Float literal ${node.value.slice(0, 40)} is out of range.`, { nodes: [node] }));
  },
});
// The rules Apollo Server would apply itself, since a document checked here skips its own check.
const rules = [...specifiedRules, FiniteFloatLiterals, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];

export type CheckResult =
  | { ok: true; document: DocumentNode }
  | { ok: false; code: "GRAPHQL_PARSE_FAILED" | "GRAPHQL_VALIDATION_FAILED"; errors: GraphQLFormattedError[] };

/**
 * Parses and validates an operation's text as Apollo Server would. The document goes back without
 * token locations: they would be most of what crosses threads, and only error positions use them,
 * which are reported from here.
 */
export function check(source: string): CheckResult {
  let located: DocumentNode;
  try {
    checkNesting(source);
    located = parse(source, { maxTokens });
  } catch (err) {
    return {
      ok: false,
      code: "GRAPHQL_PARSE_FAILED",
      errors: [{ message: (err as Error).message, locations: (err as { locations?: [] }).locations }],
    };
  }
  let errors: readonly GraphQLError[];
  try {
    errors = validate(schema, located, rules);
  } catch (err) {
    // Some rules throw instead of reporting (a subscription's root field behind @skip($var)).
    errors = [err instanceof GraphQLError ? err : new GraphQLError("The document could not be validated.")];
  }
  if (errors.length)
    return { ok: false, code: "GRAPHQL_VALIDATION_FAILED", errors: errors.map((e) => ({ message: e.message, locations: e.locations })) };
  return { ok: true, document: parse(source, { maxTokens, noLocation: true }) };
}

/** graphql's parser recurses once per level of nesting: bound it before parsing, in one linear pass. */
/**
 * Start-up only: holds this thread until `count` threads have joined (or 30 s pass), so each of
 * the pool's threads has loaded its supergraph before the gateway serves: a cold thread's load
 * would otherwise count against the first request's time limit.
 */
export function warm({ joined, count }: { joined: SharedArrayBuffer; count: number }): void {
  const counter = new Int32Array(joined);
  if (Atomics.add(counter, 0, 1) + 1 >= count) Atomics.notify(counter, 0);
  const deadline = Date.now() + 30_000;
  while (Atomics.load(counter, 0) < count && Date.now() < deadline) Atomics.wait(counter, 0, Atomics.load(counter, 0), 100);
}

export const MAX_NESTING = 100;
const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

function checkNesting(source: string): void {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  for (let token = lexer.advance(), count = 0; token.kind !== TokenKind.EOF && count <= maxTokens; token = lexer.advance(), count++) {
    if (OPENING.has(token.kind) && ++depth > MAX_NESTING)
      throw Object.assign(new Error(`Syntax Error: The document nests deeper than ${MAX_NESTING} levels.`), {
        locations: [{ line: token.line, column: token.column }],
      });
    if (CLOSING.has(token.kind)) depth--;
  }
}

export interface PlanTask {
  /** The operation's text, already checked and within the limits on the main thread. */
  source: string;
  operationName?: string;
}

export type PlanResult = { ok: true; plan: QueryPlan } | { ok: false; invalid: string };

/**
 * A query plan is plain data, so it crosses back to the main thread as it is. Only the chosen
 * operation and the fragments it uses are planned: the planner would check the others too.
 */
export function plan({ source, operationName }: PlanTask): PlanResult {
  const operations = separateOperations(parse(source, { noLocation: true }));
  const document = operations[operationName ?? Object.keys(operations)[0]];
  if (!document) return { ok: false, invalid: `The document has no operation named "${operationName}".` };
  try {
    return { ok: true, plan: planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName })) };
  } catch (err) {
    // federation's own checks of a valid document (INVALID_GRAPHQL) are about the document; errors cross threads without extensions.
    if ((err as GraphQLError).extensions?.code === "INVALID_GRAPHQL") return { ok: false, invalid: (err as Error).message };
    throw err;
  }
}
