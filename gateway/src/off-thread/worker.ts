import { workerData } from "node:worker_threads";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import {
  Lexer,
  NoSchemaIntrospectionCustomRule,
  parse,
  Source,
  specifiedRules,
  TokenKind,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
} from "graphql";

export interface WorkerData {
  supergraphSdl: string;
  maxTokens: number;
  introspection: boolean;
}

/** Each worker thread holds its own supergraph, API schema and query planner. */
const { supergraphSdl, maxTokens, introspection } = workerData as WorkerData;
const supergraph = Supergraph.build(supergraphSdl);
const apiSchema = supergraph.apiSchema();
const schema = apiSchema.toGraphQLJSSchema();
const planner = new QueryPlanner(supergraph);
// The rules Apollo Server would apply itself, since a document checked here skips its own check.
const rules = introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];

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
  const errors = validate(schema, located, rules);
  if (errors.length)
    return { ok: false, code: "GRAPHQL_VALIDATION_FAILED", errors: errors.map((e) => ({ message: e.message, locations: e.locations })) };
  return { ok: true, document: parse(source, { maxTokens, noLocation: true }) };
}

/** graphql's parser recurses once per level of nesting: bound it before parsing, in one linear pass. */
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

/** A query plan is plain data, so it crosses back to the main thread as it is. */
export function plan({ source, operationName }: PlanTask): QueryPlan {
  return planner.buildQueryPlan(operationFromDocument(apiSchema, parse(source, { noLocation: true }), { operationName }));
}
