import { codes, gql, startStack, type TestStack } from "../support/stack";
import { progressSeesPublic } from "../support/visibility";
import { waitFor } from "../support/wait";

/**
 * Privacy by choice, through the gateway: a profile, its XP and its level are the learner's own
 * until they make the profile PUBLIC. Callers: anonymous, another signed-in user, the owner.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const OWNER = "user_vis_owner";
const OTHER = "user_vis_other";
const callers = [
  ["anonymous", undefined],
  ["another user", OTHER],
] as const;
const tokenOf = (userId: string | undefined) => (userId ? stack.token(userId) : undefined);
const profile = (userId: string | undefined, fields: string) =>
  gql(stack.gatewayUrl, `query($id: ID!) { user(id: $id) { ${fields} } }`, { token: tokenOf(userId), variables: { id: OWNER } });
const setVisibility = async (visibility: "PUBLIC" | "PRIVATE") => {
  const r = await gql(
    stack.gatewayUrl,
    `mutation($v: ProfileVisibility!) { updateProfile(input: { profileVisibility: $v }) { profileVisibility } }`,
    { token: stack.token(OWNER), variables: { v: visibility } },
  );
  expect(r.body).toEqual({ data: { updateProfile: { profileVisibility: visibility } } });
};
/** progress's copy of the visibility, which its xp/level rules and lesson.completed read. */
const progressSaysPublic = () => progressSeesPublic(stack, OWNER);

describe("profile visibility", () => {
  beforeAll(async () => {
    await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "Vera" }) { id } }`, { token: stack.token(OWNER) });
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(OTHER) });
    const done = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
      token: stack.token(OWNER),
    });
    expect(done.body.data).toEqual({ completeLesson: { xpAwarded: 10 } });
  });

  it("a new user is private: users says so, and so does progress once it has heard", async () => {
    const me = await gql(stack.gatewayUrl, `{ me { profileVisibility } }`, { token: stack.token(OTHER) });
    expect(me.body.data).toEqual({ me: { profileVisibility: "PRIVATE" } });
    const users = await stack.subgraphs.users.db.dataSource.query(`SELECT id, profile_visibility FROM users.users WHERE id IN ($1, $2)`, [
      OWNER,
      OTHER,
    ]);
    expect(users.map((u: any) => u.profile_visibility)).toEqual(["PRIVATE", "PRIVATE"]);
    // The users events reached progress (timezone copied), and carried PRIVATE.
    await waitFor(
      async () =>
        (await stack.subgraphs.progress.db.dataSource.query(`SELECT 1 FROM progress.learners WHERE user_id = $1`, [OTHER])).length > 0,
      15_000,
      "progress to hear of the new user",
    );
    expect(await progressSaysPublic()).toBe(false);
  });

  it("private: user(id:), xp and level are NOT_FOUND to anyone but the owner, who sees everything", async () => {
    for (const [, caller] of callers)
      for (const fields of ["id", "id displayName", "xp", "level", "id xp level"]) {
        const r = await profile(caller, fields);
        expect(codes(r)).toEqual(["NOT_FOUND"]);
        expect(r.body.data ?? null).toBeNull();
        expect(JSON.stringify(r.body)).not.toContain("Vera");
      }
    const own = await profile(OWNER, "id displayName profileVisibility xp level");
    expect(own.body).toEqual({ data: { user: { id: OWNER, displayName: "Vera", profileVisibility: "PRIVATE", xp: 10, level: 1 } } });
    const me = await gql(stack.gatewayUrl, `{ me { xp level } }`, { token: stack.token(OWNER) });
    expect(me.body).toEqual({ data: { me: { xp: 10, level: 1 } } });
  });

  it("public: everyone sees the profile, xp and level once progress has heard; the private fields stay private", async () => {
    await setVisibility("PUBLIC");
    // users answers at once; xp and level follow when progress has consumed user.updated.
    await waitFor(async () => codes(await profile(undefined, "xp")).length === 0, 15_000, "progress to apply PUBLIC");
    expect(await progressSaysPublic()).toBe(true);
    for (const [, caller] of [...callers, ["owner", OWNER] as const]) {
      const r = await profile(caller, "id displayName profileVisibility xp level");
      expect(r.body).toEqual({ data: { user: { id: OWNER, displayName: "Vera", profileVisibility: "PUBLIC", xp: 10, level: 1 } } });
    }
    for (const [name, caller] of callers)
      for (const field of ["email", "timezone", "currentStreak"]) {
        const r = await profile(caller, field);
        // currentStreak also needs the owner-only timezone from users: one code, maybe twice.
        expect([name, field, [...new Set(codes(r))]]).toEqual([name, field, [caller ? "FORBIDDEN" : "UNAUTHENTICATED"]]);
      }
  });

  it("xp and level are FORBIDDEN to others while progress still holds the learner private", async () => {
    // The window between users saving PUBLIC and progress consuming it, held open by hand.
    await stack.subgraphs.progress.db.dataSource.query(`UPDATE progress.learners SET profile_public = false WHERE user_id = $1`, [OWNER]);
    try {
      for (const [, caller] of callers) {
        for (const field of ["xp", "level"]) {
          const r = await profile(caller, `displayName ${field}`);
          expect(codes(r)).toEqual(["FORBIDDEN"]);
          expect(r.body.data).toBeNull(); // xp and level are non-null: the user goes, nothing of them leaks
        }
        expect((await profile(caller, "displayName")).body.data).toEqual({ user: { displayName: "Vera" } });
      }
      expect((await profile(OWNER, "xp level")).body).toEqual({ data: { user: { xp: 10, level: 1 } } });
    } finally {
      await stack.subgraphs.progress.db.dataSource.query(`UPDATE progress.learners SET profile_public = true WHERE user_id = $1`, [OWNER]);
    }
  });

  it("switching back to PRIVATE hides the profile from others at once, and progress follows", async () => {
    await setVisibility("PRIVATE");
    for (const [, caller] of callers) expect(codes(await profile(caller, "id xp level"))).toEqual(["NOT_FOUND"]);
    expect((await profile(OWNER, "profileVisibility xp")).body).toEqual({ data: { user: { profileVisibility: "PRIVATE", xp: 10 } } });
    await waitFor(async () => !(await progressSaysPublic()), 15_000, "progress to apply PRIVATE");
  });

  it("refuses a visibility that does not exist, and anonymous changes", async () => {
    const bad = await gql(stack.gatewayUrl, `mutation($v: ProfileVisibility!) { updateProfile(input: { profileVisibility: $v }) { id } }`, {
      token: stack.token(OWNER),
      variables: { v: "FRIENDS" },
    });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.body.errors![0].extensions!.requestId).toBe(bad.headers.get("x-request-id"));
    const anonymous = await gql(stack.gatewayUrl, `mutation { updateProfile(input: { profileVisibility: PUBLIC }) { id } }`);
    expect(codes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    expect((await profile(OWNER, "profileVisibility")).body.data).toEqual({ user: { profileVisibility: "PRIVATE" } });
  });
});
