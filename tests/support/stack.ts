import { startLocalStack, type LocalStack, type LocalStackOptions } from "@learnloop/devstack";
import { sensitive, sensitiveInRequest } from "./sensitive";

export type TestStack = LocalStack;
/** The whole supergraph on loopback against a fresh database; see startLocalStack. */
export const startStack = (options?: LocalStackOptions): Promise<TestStack> => startLocalStack(options);

/** SQL statements each subgraph ran while `run` ran: what a batching (no N+1) test counts. */
export async function statementsDuring(stack: TestStack, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const statements = () => Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.db.statements.total]));
  const before = statements();
  await run();
  const after = statements();
  return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
}

export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  sensitive(options.token, "bearer token");
  sensitiveInRequest(query, options.variables);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

export const codes = (r: GraphQLResponse) => (r.body.errors ?? []).map((e) => e.extensions?.code);
