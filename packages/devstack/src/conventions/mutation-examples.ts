import type { LocalStack } from "../local-stack";

/**
 * How the convention suite runs a subgraph's mutations: each subgraph keeps one example per
 * Mutation field in `__tests__/mutation-examples.ts`, so the suite can prove each writes its audit
 * row. A field with no example fails the suite, so a new mutation cannot skip it.
 */
export interface ExampleCaller {
  /** Runs a document through the gateway as this example's user. */
  gql(document: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, any> | null; errors?: unknown[] }>;
  userId: string;
  /** Polls until `check` holds (events between subgraphs take a moment). */
  waitFor(check: () => Promise<boolean>, what: string): Promise<void>;
  /** The stack's outside parts: the gateway's origin (webhooks), its keys and the fake Stripe. */
  stack: Pick<LocalStack, "gatewayOrigin" | "keys" | "stripe">;
}

export interface MutationExample {
  /** Work before the mutation (a notification to mark read); returns the mutation's variables. */
  setup?: (caller: ExampleCaller) => Promise<Record<string, unknown>>;
  document: string;
  variables?: Record<string, unknown>;
}

export type MutationExamples = Record<string, MutationExample>;

export const MUTATION_EXAMPLES_FILE = "__tests__/mutation-examples.ts";

/** Mutation fields with no example, and examples of fields that do not exist. */
export function exampleGaps(mutationFields: string[], examples: MutationExamples): { missing: string[]; stale: string[] } {
  return {
    missing: mutationFields.filter((f) => !(f in examples)),
    stale: Object.keys(examples).filter((e) => !mutationFields.includes(e)),
  };
}
