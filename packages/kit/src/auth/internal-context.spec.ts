import { generateInternalContextKeys, InternalContextSigner, InternalContextVerifier } from "./internal-context";

const keys = generateInternalContextKeys();
const signer = new InternalContextSigner(keys.privateKey);
const verifier = new InternalContextVerifier(keys.publicKey, "users");

describe("internal context", () => {
  it("round-trips the identity for its audience", async () => {
    const token = await signer.sign({ userId: "user_1", requestId: "req-123456", clientId: "web-1" }, "users");
    expect(await verifier.verify(token)).toEqual({ ok: true, context: { userId: "user_1", requestId: "req-123456", clientId: "web-1" } });
  });
  it("carries anonymous callers without a user id", async () => {
    const result = await verifier.verify(await signer.sign({ requestId: "req-anon-1" }, "users"));
    expect(result).toEqual({ ok: true, context: { requestId: "req-anon-1", userId: undefined, clientId: undefined } });
  });
  it("carries a mutation's idempotency key and operation fingerprint, both or neither", async () => {
    const idempotency = { key: "3f0c9a2e-key", operation: "op-hash" };
    const result = await verifier.verify(await signer.sign({ userId: "user_1", requestId: "req-123456", idempotency }, "users"));
    expect(result).toMatchObject({ ok: true, context: { idempotency } });
    const plain = await verifier.verify(await signer.sign({ userId: "user_1", requestId: "req-123456" }, "users"));
    expect(plain.ok && plain.context.idempotency).toBeUndefined();
  });
  it("carries roles and a machine id, and drops roles it does not know", async () => {
    const token = await signer.sign({ requestId: "req-roles-1", roles: ["moderator", "admin"], machineId: "mch_reporting" }, "users");
    expect(await verifier.verify(token)).toMatchObject({
      ok: true,
      context: { roles: ["moderator", "admin"], machineId: "mch_reporting" },
    });
    const none = await verifier.verify(await signer.sign({ requestId: "req-roles-2", roles: [] }, "users"));
    expect(none.ok && none.context.roles).toBeUndefined();
  });
  it.each([
    ["missing", () => undefined],
    ["malformed", () => "a.b"],
    ["wrong audience", () => signer.sign({ requestId: "r-12345678" }, "progress")],
    ["expired", () => signer.sign({ requestId: "r-12345678" }, "users", Date.now() - 60_000)],
    ["not yet valid", () => signer.sign({ requestId: "r-12345678" }, "users", Date.now() + 60_000)],
    ["bad signature", () => new InternalContextSigner(generateInternalContextKeys().privateKey).sign({ requestId: "r-12345678" }, "users")],
  ])("rejects a %s token", async (reason, token) => {
    expect(await verifier.verify((await token()) as string | undefined)).toEqual({ ok: false, reason });
  });
  it("refuses a non-Ed25519 signing key", () => {
    const { generateKeyPairSync } = jest.requireActual("node:crypto");
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
    expect(() => new InternalContextSigner(rsa)).toThrow(/Ed25519/);
  });
});

describe("plan and features in the internal context", () => {
  it("carries a paid plan and its features, dropping features it does not know", async () => {
    const features = ["UNLIMITED_REVIEWS", "TIME_TRAVEL"] as unknown as ["UNLIMITED_REVIEWS"];
    const token = await signer.sign({ userId: "user_1", requestId: "req-plan-1", plan: "PLUS", features }, "progress");
    const result = await new InternalContextVerifier(keys.publicKey, "progress").verify(token);
    expect(result).toMatchObject({ ok: true, context: { plan: "PLUS", features: ["UNLIMITED_REVIEWS"] } });
  });
  it("leaves Free and no features out of the token", async () => {
    const result = await verifier.verify(
      await signer.sign({ userId: "user_1", requestId: "req-plan-2", plan: "FREE", features: [] }, "users"),
    );
    expect(result).toEqual({ ok: true, context: { userId: "user_1", requestId: "req-plan-2", clientId: undefined } });
  });
  it("ignores a plan that is not one of the plans", async () => {
    const token = await signer.sign({ requestId: "req-plan-3", plan: "ENTERPRISE" as "PRO" }, "users");
    const result = await verifier.verify(token);
    expect(result.ok && result.context.plan).toBeUndefined();
  });
});
