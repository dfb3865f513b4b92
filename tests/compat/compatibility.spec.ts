import { startCompatibilityStack, type CompatibilityStack } from "./harness";

// The package's own runner: it runs its compiled Jest suite in a child process against
// PRODUCTS_URL and the router on :4000, and reports per federation feature.
const { runJest, TESTS } = require("@apollo/federation-subgraph-compatibility-tests/dist/testRunner") as {
  runJest(productsUrl: string): Promise<{ assertions: { fullName: string; status: string; failureMessages: string[] }[] }>;
  TESTS: { assertion: string; column: string; required: boolean }[];
};

describe("Apollo subgraph compatibility suite", () => {
  let stack: CompatibilityStack;
  beforeAll(async () => {
    stack = await startCompatibilityStack();
  });
  afterAll(() => stack?.stop());

  it("passes every test of every federation feature with the kit's products subgraph", async () => {
    const { assertions } = await runJest(stack.productsUrl);
    const failed = assertions.filter((a) => a.status !== "passed");
    const features = TESTS.map((t) => ({
      feature: t.column,
      passed: !assertions.some((a) => (a.fullName === t.assertion || a.fullName.startsWith(`${t.assertion} `)) && a.status !== "passed"),
    }));
    console.log(
      `compatibility: ${assertions.length - failed.length}/${assertions.length} tests, ` +
        `${features.filter((f) => f.passed).length}/${features.length} features`,
    );
    expect(failed.map((a) => `${a.fullName}: ${a.failureMessages.join("\n")}`)).toEqual([]);
    expect(assertions.length).toBe(23);
    expect(features.filter((f) => !f.passed)).toEqual([]);
  }, 180_000);
});
