import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { codes, gql, startStack, type TestStack } from "../support/stack";

/** NODE_ENV=production turns Sandbox, the offline GraphiQL and introspection off unless they are set on. */
let stack: TestStack;
// A GraphiQL build is there to serve: production still does not (ADR 0022).
const graphiqlDir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-graphiql-"));
fs.writeFileSync(path.join(graphiqlDir, "index.html"), "<!doctype html><div id=graphiql></div>");
beforeAll(async () => {
  stack = await startStack({ gatewayEnv: { NODE_ENV: "production", GRAPHIQL_DIR: graphiqlDir } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(graphiqlDir, { recursive: true, force: true });
});

it("serves no Sandbox, no GraphiQL and refuses introspection", async () => {
  const page = await fetch(`${stack.gatewayOrigin}/`);
  expect(page.status).toBe(404);
  for (const p of ["/graphiql", "/graphiql/", "/graphiql/index.html"])
    expect((await fetch(`${stack.gatewayOrigin}${p}`, { redirect: "manual" })).status).toBe(404);
  const introspection = await gql(stack.gatewayUrl, `{ __schema { queryType { name } } }`);
  expect(new Set(codes(introspection))).toEqual(new Set(["GRAPHQL_VALIDATION_FAILED"]));
  expect(introspection.body.errors!.some((e) => /introspection/i.test(e.message))).toBe(true);
  // Everything else is as in development.
  expect((await gql(stack.gatewayUrl, `{ courses(first: 1) { edges { node { id } } } }`)).body.errors).toBeUndefined();
});
