import { codes, gql, startStack, type TestStack } from "../support/stack";

/** NODE_ENV=production turns Sandbox and introspection off unless they are set on. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { NODE_ENV: "production" } });
}, 120_000);
afterAll(() => stack?.stop());

it("serves no Sandbox and refuses introspection", async () => {
  const page = await fetch(`${stack.gatewayOrigin}/`);
  expect(page.status).toBe(404);
  const introspection = await gql(stack.gatewayUrl, `{ __schema { queryType { name } } }`);
  expect(new Set(codes(introspection))).toEqual(new Set(["GRAPHQL_VALIDATION_FAILED"]));
  expect(introspection.body.errors!.some((e) => /introspection/i.test(e.message))).toBe(true);
  // Everything else is as in development.
  expect((await gql(stack.gatewayUrl, `{ courses(first: 1) { edges { node { id } } } }`)).body.errors).toBeUndefined();
});
