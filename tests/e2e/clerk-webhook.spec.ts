import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { deliverClerkWebhook, userPayload, type DeliverOptions } from "../support/clerk-webhook";
import { gql, startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const deliver = (body: string, options: DeliverOptions = {}) => deliverClerkWebhook(stack, body, options);

const profile = async (id: string) =>
  (await gql(stack.gatewayUrl, `{ me { id displayName email avatarUrl } }`, { token: stack.token(id) })).body.data?.me;

describe("POST /webhooks/clerk", () => {
  it("applies user.created, user.updated and user.deleted", async () => {
    const created = await deliver(userPayload("user.created", "user_hook_1", 1000));
    expect(created).toMatchObject({ status: 200, body: { status: "applied" } });
    expect(await profile("user_hook_1")).toEqual({
      id: "user_hook_1",
      displayName: "Hana Sato",
      email: "hana@example.com",
      avatarUrl: "https://img.clerk.com/hana.png",
    });

    await deliver(userPayload("user.updated", "user_hook_1", 2000, "Haruka"));
    expect((await profile("user_hook_1")).displayName).toBe("Haruka Sato");
    // An older update delivered late does not overwrite the newer one.
    await deliver(userPayload("user.updated", "user_hook_1", 1500, "Stale"));
    expect((await profile("user_hook_1")).displayName).toBe("Haruka Sato");

    const deleted = await deliver(
      JSON.stringify({ type: "user.deleted", object: "event", data: { id: "user_hook_1", deleted: true, object: "user" } }),
    );
    expect(deleted.body.status).toBe("applied");
    const after = await gql(stack.gatewayUrl, `{ user(id: "user_hook_1") { id } }`);
    expect(after.body.errors![0].extensions!.code).toBe("NOT_FOUND");
  });

  it("rejects a forged signature and a tampered body", async () => {
    const forged = await deliver(userPayload("user.created", "user_hook_forged", 1000), {
      secret: `whsec_${Buffer.from("not the secret at all!!").toString("base64")}`,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].extensions.code).toBe("INVALID_WEBHOOK_SIGNATURE");

    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const body = userPayload("user.created", "user_hook_tampered", 1000);
    const signature = new Webhook(stack.keys.webhookSecret).sign(id, at, body);
    const res = await fetch(`${stack.gatewayOrigin}/webhooks/clerk`, {
      method: "POST",
      headers: { "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature },
      body: body.replace("Hana", "Mallory"),
    });
    expect(res.status).toBe(400);
    const check = await gql(stack.gatewayUrl, `{ user(id: "user_hook_tampered") { id } }`);
    expect(check.body.errors![0].extensions!.code).toBe("NOT_FOUND");
  });

  it("acknowledges a replayed delivery without applying it twice, and refuses a stale one", async () => {
    const first = await deliver(userPayload("user.created", "user_hook_replay", 1000));
    await deliver(userPayload("user.updated", "user_hook_replay", 2000, "Changed"));
    // The same delivery id again (Clerk's retry, or a replay within the tolerance) changes nothing.
    const replay = await deliver(userPayload("user.created", "user_hook_replay", 3000, "Replayed"), { id: first.id });
    expect(replay).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect((await profile("user_hook_replay")).displayName).toBe("Changed Sato");
    // A captured delivery replayed after the 5-minute tolerance is refused outright.
    const stale = await deliver(userPayload("user.updated", "user_hook_replay", 4000, "Stale"), { at: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(400);
    expect((await profile("user_hook_replay")).displayName).toBe("Changed Sato");
  });
});
