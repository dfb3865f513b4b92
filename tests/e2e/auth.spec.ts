import { InternalContextSigner, generateInternalContextKeys } from "@learnloop/kit/internal";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

describe("authentication at the gateway", () => {
  it("anonymous callers can browse the catalogue but have no `me`", async () => {
    const catalogue = await gql(stack.gatewayUrl, `{ courses(first: 2) { edges { node { title } } } }`);
    expect(catalogue.body.data!.courses.edges).toHaveLength(2);
    const me = await gql(stack.gatewayUrl, `{ me { id } }`);
    expect(codes(me)).toEqual(["UNAUTHENTICATED"]);
    const mutation = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`);
    expect(codes(mutation)).toEqual(["UNAUTHENTICATED"]);
    const lesson = await gql(stack.gatewayUrl, `{ lesson(id: "hiragana-01") { title completedByMe mastery } }`);
    expect(lesson.body.data!.lesson).toEqual({ title: "Hiragana: Vowels", completedByMe: false, mastery: null });
  });

  it("a signed-in caller sees its own private fields", async () => {
    const token = stack.token("user_auth_self");
    const r = await gql(stack.gatewayUrl, `{ me { id email locale timezone settings { dailyGoalXp } currentStreak } }`, { token });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.me).toMatchObject({
      id: "user_auth_self",
      locale: "en",
      timezone: "UTC",
      settings: { dailyGoalXp: 30 },
      currentStreak: 0,
    });
  });

  it("another user's private profile is not found; the private data of a public one is refused, its public fields are not", async () => {
    const token = stack.token("user_auth_intruder");
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token("user_auth_owner") });
    // Private by default (tests/e2e/profile-visibility.spec.ts has the whole matrix).
    expect(codes(await gql(stack.gatewayUrl, `{ user(id: "user_auth_owner") { id } }`, { token }))).toEqual(["NOT_FOUND"]);
    await gql(stack.gatewayUrl, `mutation { updateProfile(input: { profileVisibility: PUBLIC }) { id } }`, {
      token: stack.token("user_auth_owner"),
    });
    const query = `{ user(id: "user_auth_owner") { id displayName xp level } }`;
    // xp and level follow once progress has consumed the user.updated event.
    await waitFor(async () => !(await gql(stack.gatewayUrl, query, { token })).body.errors, 15_000, "progress to apply PUBLIC");
    const profile = await gql(stack.gatewayUrl, query, { token });
    expect(profile.body.data!.user).toMatchObject({ id: "user_auth_owner", displayName: "Learner", xp: 0, level: 1 });
    for (const field of ["email", "timezone", "settings { dailyGoalXp }", "currentStreak"]) {
      const r = await gql(stack.gatewayUrl, `{ user(id: "user_auth_owner") { ${field} } }`, { token });
      expect(codes(r)).toContain("FORBIDDEN");
      expect(JSON.stringify(r.body.data ?? null)).not.toContain("UTC");
    }
  });

  it("expired, forged and malformed tokens are rejected with UNAUTHENTICATED and a request id", async () => {
    const expired = stack.token("user_auth_expired", { issuedAt: Math.floor(Date.now() / 1000) - 7200, ttlSeconds: 60 });
    const forged = stack.token("user_auth_forged").replace(/\.[^.]+$/, ".c2lnbmF0dXJl");
    for (const [authorization, message] of [
      [`Bearer ${expired}`, /expired/],
      [`Bearer ${forged}`, /invalid/],
      ["Basic dXNlcjpwYXNz", /Bearer/],
    ] as const) {
      const r = await gql(stack.gatewayUrl, `{ me { id } }`, { headers: { authorization } });
      expect(r.status).toBe(401);
      expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
      expect(r.body.errors![0].message).toMatch(message);
      expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
    }
  });
});

describe("a correctly signed token is still refused unless it is one of ours", () => {
  const me = (token: string) => gql(stack.gatewayUrl, `{ me { id } }`, { token });
  const expectUnauthenticated = (r: Awaited<ReturnType<typeof me>>) => {
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
    expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
    expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|node_modules/);
  };

  it.each([
    ["a subject over 64 characters", `user_${"x".repeat(60)}`],
    ["a subject holding NUL", "user_a\u0000b"],
    ["a subject holding a newline", "user_a\nb"],
    ["a subject holding a space", "user a"],
  ])("%s: 401 UNAUTHENTICATED", async (_name, sub) => {
    expectUnauthenticated(await me(stack.token(sub)));
  });

  it("a subject of exactly 64 characters is a user", async () => {
    const sub = `user_${"y".repeat(59)}`;
    const r = await me(stack.token(sub));
    expect(r.body).toEqual({ data: { me: { id: sub } } });
  });

  it.each([
    ["another issuer", { iss: "https://clerk.evil.example" }],
    ["no issuer", { iss: null }],
    ["another authorized party", { azp: "https://evil.example" }],
  ])("%s: 401 UNAUTHENTICATED", async (_name, claims) => {
    expectUnauthenticated(await me(stack.token("user_auth_foreign", claims)));
  });
});

describe("a subgraph port reached directly", () => {
  const query = JSON.stringify({ query: `{ me { id email } }` });
  const post = (url: string, headers: Record<string, string>) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: query });

  it("refuses a request without the internal context", async () => {
    const res = await post(stack.subgraphs.users.url, {});
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a context signed with another key, for another subgraph, or expired, and plain identity headers", async () => {
    const impostor = new InternalContextSigner(generateInternalContextKeys().privateKey);
    const real = new InternalContextSigner(stack.keys.internal.privateKey);
    const cases = {
      forged: await impostor.sign({ userId: "user_victim", requestId: "req-forged-1" }, "users"),
      otherAudience: await real.sign({ userId: "user_victim", requestId: "req-aud-1" }, "progress"),
      expired: await real.sign({ userId: "user_victim", requestId: "req-old-1" }, "users", Date.now() - 120_000),
      tampered: (await real.sign({ userId: "user_a", requestId: "req-tamper-1" }, "users")).replace(
        /^([^.]+)\.[^.]+/,
        (_m, h) =>
          `${h}.${Buffer.from(JSON.stringify({ sub: "user_victim", rid: "x", aud: "users", iat: 1e10, exp: 1e10 })).toString("base64url")}`,
      ),
    };
    for (const token of Object.values(cases)) {
      const res = await post(stack.subgraphs.users.url, { "x-learnloop-context": token });
      expect(res.status).toBe(401);
    }
    const spoofed = await post(stack.subgraphs.users.url, { "x-user-id": "user_victim", "x-learnloop-user": "user_victim" });
    expect(spoofed.status).toBe(401);
  });

  it("accepts a valid context (what the gateway sends)", async () => {
    const real = new InternalContextSigner(stack.keys.internal.privateKey);
    const res = await post(stack.subgraphs.users.url, {
      "x-learnloop-context": await real.sign({ userId: "user_direct", requestId: "req-direct-1" }, "users"),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.me.id).toBe("user_direct");
  });
});
