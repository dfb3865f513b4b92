import fs from "node:fs";
import path from "node:path";
import { listedSubgraphs } from "@learnloop/devstack";
import { exampleGaps, MUTATION_EXAMPLES_FILE, type MutationExamples } from "../../packages/devstack/src/conventions/mutation-examples";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";
import { conventionTitle } from "./support";

/** Runs every Mutation field of every listed subgraph through the gateway and finds its audit row (ADR 0020). */
const subgraphs = listedSubgraphs();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const mutationsOf = async (name: string) =>
  Object.keys((await subgraphs.find((s) => s.name === name)!.subgraph.schema()).getMutationType()?.getFields() ?? {}).sort();
const examplesOf = (dir: string): MutationExamples => {
  const file = path.join(dir, MUTATION_EXAMPLES_FILE);
  return fs.existsSync(file) ? (require(file) as { examples: MutationExamples }).examples : {};
};

describe(conventionTitle(__filename), () => {
  it("finds a missing or stale example", () => {
    expect(exampleGaps(["addNote", "removeNote"], { addNote: { document: "mutation { addNote }" }, oldOne: { document: "" } })).toEqual({
      missing: ["removeNote"],
      stale: ["oldOne"],
    });
  });

  it.each(subgraphs.map((s) => [s.name, s.dir]))("%s: every mutation has an example to run", async (name, dir) => {
    expect(exampleGaps(await mutationsOf(name), examplesOf(dir))).toEqual({ missing: [], stale: [] });
  });

  it.each(subgraphs.map((s) => [s.name, s.dir]))(
    "%s: each mutation, run through the gateway, leaves one audit row with its request id",
    async (name, dir) => {
      const examples = examplesOf(dir);
      for (const field of await mutationsOf(name)) {
        const userId = `user_conv_${name}_${field}`.slice(0, 60);
        const token = stack.token(userId);
        const run = async (document: string, variables?: Record<string, unknown>) =>
          (await gql(stack.gatewayUrl, document, { token, variables })).body;
        const example = examples[field];
        const variables = {
          ...example.variables,
          ...(await example.setup?.({ gql: run, userId, waitFor: (c, w) => waitFor(c, 20_000, w), stack })),
        };
        const res = await gql(stack.gatewayUrl, example.document, { token, variables });
        expect({ field, errors: res.body.errors }).toEqual({ field, errors: undefined });
        const rows = await stack.subgraphs[name].db.dataSource.query(
          `SELECT actor_user_id FROM "${name}".audit_log WHERE mutation = $1 AND request_id = $2`,
          [field, res.headers.get("x-request-id")],
        );
        expect({ field, rows }).toEqual({ field, rows: [{ actor_user_id: userId }] });
      }
    },
    90_000,
  );
});
