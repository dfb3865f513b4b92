import { REPO_ROOT } from "@learnloop/devstack";
import { startStack, type TestStack } from "../support/stack";
import { generators, loadApiSchema } from "./generators";
import { createPartnerKey, fuzzUntilFailure, type FuzzTarget } from "./harness";
import { BOUNDS } from "./oracle";

/**
 * Property-based fuzzing of the gateway: random valid and damaged GraphQL requests from
 * schema/api.graphql, over HTTP (anonymous and signed in), graphql-ws and /partner/graphql. Every
 * answer must be a clean refusal or a result: see tests/fuzz/oracle.ts for the properties.
 * FUZZ_SEED and FUZZ_SECONDS change the seed and the budget; FUZZ_PATH replays one counterexample.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 45);

let stack: TestStack;
let target: FuzzTarget;
beforeAll(async () => {
  stack = await startStack();
  target = {
    gatewayUrl: stack.gatewayUrl,
    gatewayOrigin: stack.gatewayOrigin,
    token: (userId, roles) => stack.token(userId, roles?.length ? { roles } : undefined),
    partnerKey: await createPartnerKey(REPO_ROOT, stack.databaseUrl),
  };
}, 120_000);
afterAll(() => stack?.stop());

it(
  "every answer to a fuzzed request is a result or a clean refusal",
  async () => {
    const { fuzzCase } = generators(loadApiSchema());
    const report = await fuzzUntilFailure(target, fuzzCase, { seed: SEED, seconds: SECONDS, path: process.env.FUZZ_PATH });
    process.stdout.write(
      `fuzz: seed ${SEED}, ${report.cases} cases in ${report.seconds.toFixed(1)} s (${(report.cases / report.seconds).toFixed(1)} cases/s); ` +
        `bounds ${BOUNDS.maxMs} ms, ${BOUNDS.maxErrorBodyBytes} B\n`,
    );
    if (report.failure) throw new Error(report.failure);
    expect(report.cases).toBeGreaterThan(0);
  },
  (SECONDS + 180) * 1000,
);
