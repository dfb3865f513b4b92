import { signMachineToken } from "@learnloop/devstack";
import { codes, gql, startStack, type TestStack } from "../support/stack";

/**
 * Roles come only from Clerk: a session claim (public metadata, or the organisation's role as
 * configured) or the gateway's list of machines. They reach subgraphs in the signed internal context.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { CLERK_ROLES_CLAIMS: "metadata.roles,o.rol", CLERK_MACHINE_ROLES: "mch_reporting=service,mch_tools=service+staff" },
  });
}, 120_000);
afterAll(() => stack?.stop());

const myRoles = async (token: string, headers?: Record<string, string>) => {
  const r = await gql(stack.gatewayUrl, `{ me { roles } }`, { token, headers });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.me.roles as string[];
};

it("reads roles from the session's public metadata", async () => {
  expect(await myRoles(stack.token("user_roles_mod", { roles: ["moderator"] }))).toEqual(["MODERATOR"]);
  expect(await myRoles(stack.token("user_roles_none"))).toEqual([]);
});

it("ignores roles it does not know, in any case", async () => {
  expect(await myRoles(stack.token("user_roles_mixed", { roles: ["superuser", "Admin", "ADMIN"] }))).toEqual(["ADMIN"]);
});

it("reads the organisation's role when configured, without its org: prefix", async () => {
  expect(await myRoles(stack.token("user_roles_org", { extra: { o: { id: "org_1", rol: "org:moderator" } } }))).toEqual(["MODERATOR"]);
});

it("cannot be forged: a client's own internal-context header is not what subgraphs get", async () => {
  const forged = "eyJhbGciOiJFZERTQSJ9.eyJyb2wiOlsiYWRtaW4iXX0.x";
  expect(await myRoles(stack.token("user_roles_forger"), { "x-learnloop-context": forged })).toEqual([]);
});

it("lets a listed machine in with its roles, and refuses an unlisted one", async () => {
  const listed = signMachineToken(stack.keys.clerkPrivateKey, { sub: "mch_reporting" });
  const courses = await gql(stack.gatewayUrl, `{ courses(first: 1) { edges { node { id } } } }`, { token: listed });
  expect(courses.status).toBe(200);
  expect(courses.body.errors).toBeUndefined();
  // A machine is nobody's session: fields of the signed-in user stay closed to it.
  expect(codes(await gql(stack.gatewayUrl, `{ me { id } }`, { token: listed }))).toEqual(["UNAUTHENTICATED"]);
  const unlisted = await gql(stack.gatewayUrl, `{ courses(first: 1) { edges { node { id } } } }`, {
    token: signMachineToken(stack.keys.clerkPrivateKey, { sub: "mch_stranger" }),
  });
  expect(unlisted.status).toBe(401);
  expect(codes(unlisted)).toEqual(["UNAUTHENTICATED"]);
});
