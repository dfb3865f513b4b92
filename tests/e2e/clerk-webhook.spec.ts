import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { deliverClerkWebhook, userPayload, type DeliverOptions } from "../support/clerk-webhook";
import { expectCleanError, expectCleanHttpError } from "../support/errors";
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

  describe("a signed delivery of the wrong shape is a 400 INVALID_WEBHOOK_PAYLOAD, never a 500", () => {
    const created = (data: unknown) => JSON.stringify({ type: "user.created", object: "event", data });
    const user = (overrides: Record<string, unknown>) => ({
      ...JSON.parse(userPayload("user.created", "user_hook_shape", 1000)).data,
      ...overrides,
    });

    it.each([
      ["an oversized svix-id", userPayload("user.created", "user_hook_long_id", 1000), { id: `msg_${"x".repeat(200)}` }],
      ["data: null", created(null), {}],
      ["no data", JSON.stringify({ type: "user.updated", object: "event" }), {}],
      ["a user id over 64 characters", userPayload("user.created", `user_${"x".repeat(64)}`, 1000), {}],
      ["a user id holding a control character", userPayload("user.created", "user_a\nb", 1000), {}],
      ["a deleted user id over 64 characters", JSON.stringify({ type: "user.deleted", data: { id: `user_${"d".repeat(80)}` } }), {}],
      ["an event type over 64 characters", JSON.stringify({ type: `session.${"t".repeat(80)}`, data: {} }), {}],
      ["no event type", JSON.stringify({ data: {} }), {}],
      ["a payload that is not an object", JSON.stringify([1, 2]), {}],
      ["a name holding NUL", created(user({ first_name: "Ha\u0000na" })), {}],
      ["an avatar URL over 2048 characters", created(user({ image_url: `https://img.example/${"i".repeat(2100)}` })), {}],
      ["an email that is not one", created(user({ email_addresses: [{ id: "idn_1", email_address: "hana.example.com" }] })), {}],
      ["an updated_at that is not a number", created(user({ updated_at: "yesterday" })), {}],
    ])("%s", async (_name, body, options) => {
      const res = await deliver(body, options);
      expect(res.status).toBe(400);
      expectCleanError(res.body, res.requestId, "INVALID_WEBHOOK_PAYLOAD");
    });

    it("a refused delivery is not recorded: the same id with a good body is applied", async () => {
      const refused = await deliver(created(null));
      expect(refused.status).toBe(400);
      const retried = await deliver(userPayload("user.created", "user_hook_after_refusal", 1000), { id: refused.id });
      expect(retried).toMatchObject({ status: 200, body: { status: "applied" } });
      expect((await profile("user_hook_after_refusal")).displayName).toBe("Hana Sato");
    });

    it("any other method is a 405 METHOD_NOT_ALLOWED", async () => {
      const res = await fetch(`${stack.gatewayOrigin}/webhooks/clerk`);
      expect(res.headers.get("allow")).toBe("POST");
      await expectCleanHttpError(res, 405, "METHOD_NOT_ALLOWED");
    });

    it("an event type we do not act on is acknowledged, whatever its data", async () => {
      const res = await deliver(JSON.stringify({ type: "session.created", object: "event", data: null }));
      expect(res).toMatchObject({ status: 200, body: { status: "ignored" } });
    });
  });
});
