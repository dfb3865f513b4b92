import { deliverClerkWebhook } from "../support/clerk-webhook";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/** Every mutation leaves an audit row in its subgraph, in the same transaction; admins read it by target (ADR 0020). */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const TRAIL = `query($t: ID!) { usersAuditTrail(targetId: $t, first: 10) {
  edges { node { mutation actorUserId actorRoles targetType targetIds changes requestId erased at } } } }`;
const progressTrail = `query($t: ID!) { progressAuditTrail(targetId: $t, first: 10) { edges { node { mutation actorUserId targetIds erased } } } }`;
const admin = () => stack.token("user_audit_admin", { roles: ["admin"] });
const trail = async (query: string, targetId: string) => {
  const r = await gql(stack.gatewayUrl, query, { token: admin(), variables: { t: targetId } });
  expect(r.body.errors).toBeUndefined();
  return (Object.values(r.body.data!)[0] as { edges: { node: Record<string, any> }[] }).edges.map((e) => e.node);
};

it("records who changed which fields of whom, with the request id, and never the values", async () => {
  const r = await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "秘密の名前", timezone: "Asia/Tokyo" }) { id } }`, {
    token: stack.token("user_audit_a", { roles: ["moderator"] }),
  });
  expect(r.body.errors).toBeUndefined();
  const [row] = await trail(TRAIL, "user_audit_a");
  expect(row).toMatchObject({
    mutation: "updateProfile",
    actorUserId: "user_audit_a",
    actorRoles: ["moderator"],
    targetType: "User",
    targetIds: ["user_audit_a"],
    requestId: r.headers.get("x-request-id"),
    erased: false,
  });
  expect(JSON.parse(row.changes)).toEqual({ fields: ["displayName", "timezone"] });
  expect(row.changes).not.toContain("秘密");
});

it("writes nothing for a mutation that failed: the row is in the change's transaction", async () => {
  const failed = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "no-such-lesson" }) { xpAwarded } }`, {
    token: stack.token("user_audit_fail"),
  });
  expect(codes(failed).length).toBe(1);
  expect(await trail(progressTrail, "user_audit_fail")).toEqual([]);
  const done = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
    token: stack.token("user_audit_fail"),
  });
  expect(done.body.errors).toBeUndefined();
  expect((await trail(progressTrail, "user_audit_fail")).map((e) => e.mutation)).toEqual(["completeLesson"]);
});

it("is for admins and staff only", async () => {
  const ask = (token?: string) => gql(stack.gatewayUrl, TRAIL, { token, variables: { t: "user_audit_a" } });
  expect(codes(await ask())).toEqual(["UNAUTHENTICATED"]);
  expect(codes(await ask(stack.token("user_audit_a", { roles: ["moderator"] })))).toEqual(["FORBIDDEN"]);
  expect((await ask(stack.token("user_audit_staff", { roles: ["staff"] }))).body.errors).toBeUndefined();
});

it("keeps a deleted user's rows in every subgraph, without their id", async () => {
  const userId = "user_audit_gone";
  const token = stack.token(userId);
  expect(
    (await gql(stack.gatewayUrl, `mutation { updateProfile(input: { locale: "ja" }) { id } }`, { token })).body.errors,
  ).toBeUndefined();
  expect(
    (await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, { token })).body.errors,
  ).toBeUndefined();
  expect((await trail(TRAIL, userId)).length).toBe(1);
  const deleted = await deliverClerkWebhook(
    stack,
    JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId, deleted: true } }),
  );
  expect(deleted.status).toBe(200);
  await waitFor(
    async () => (await trail(progressTrail, "erased-user")).some((e) => e.mutation === "completeLesson"),
    20_000,
    "progress to erase",
  );
  await waitFor(async () => (await trail(TRAIL, userId)).length === 0, 20_000, "users to erase");
  const kept = (await trail(TRAIL, "erased-user")).find((e) => e.mutation === "updateProfile" && e.erased);
  expect(kept).toMatchObject({ actorUserId: null, targetIds: ["erased-user"], erased: true });
  expect(await trail(progressTrail, userId)).toEqual([]);
}, 60_000);
