import type { MutationExamples } from "../../../packages/devstack/src/conventions/mutation-examples";

/** One run of each mutation, for the convention suite's audit check (tests/conventions/audit.spec.ts). */
export const examples: MutationExamples = {
  track: {
    document: `mutation($at: String!) { track(events: [{ type: SESSION_START, occurredAt: $at }]) { accepted } }`,
    variables: { at: new Date().toISOString() },
  },
};
