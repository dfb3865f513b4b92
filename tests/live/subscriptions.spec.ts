import WebSocket from "ws";
import { connect, subscribe, type LiveConnection } from "../support/live";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { progressSeesPublic, setVisibility } from "../support/visibility";
import { waitFor } from "../support/wait";

/**
 * Live subscriptions through real graphql-ws clients against the gateway, with every subgraph and
 * the embedded event log: events from mutations, completed across subgraphs by the query plan.
 */
let stack: TestStack;
const open: LiveConnection[] = [];
beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { LIVE_CONNECTIONS_PER_USER: "3", LIVE_SUBSCRIPTIONS_PER_CONNECTION: "4", LIVE_KEEPALIVE_MS: "1000" },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.dispose()));
  await stack?.stop();
});

const live = (userId: string, params: Record<string, unknown> = {}) => {
  const c = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token(userId)}`, ...params });
  open.push(c);
  return c;
};
const complete = (userId: string, lessonId: string, headers: Record<string, string> = {}) =>
  gql(stack.gatewayUrl, `mutation($id: ID!) { completeLesson(input: { lessonId: $id }) { xpAwarded } }`, {
    token: stack.token(userId),
    variables: { id: lessonId },
    headers,
  });
/**
 * Signs the user in once and waits for their welcome, so later events are about lessons only. A
 * PUBLIC learner also waits until progress has heard, so their completions say learnerPublic.
 */
const signIn = async (userId: string, displayName: string, visibility: "PUBLIC" | "PRIVATE" = "PRIVATE") => {
  const r = await gql(
    stack.gatewayUrl,
    `mutation($n: String!, $v: ProfileVisibility!) { updateProfile(input: { displayName: $n, profileVisibility: $v }) { id } }`,
    { token: stack.token(userId), variables: { n: displayName, v: visibility } },
  );
  expect(r.body.errors).toBeUndefined();
  if (visibility === "PUBLIC") await waitFor(() => progressSeesPublic(stack, userId), 15_000, "progress to hear the profile is public");
  const welcomes = () =>
    stack.subgraphs.notifications.db.dataSource.query(
      `SELECT 1 FROM notifications.notifications WHERE user_id = $1 AND category = 'WELCOME'`,
      [userId],
    );
  await waitFor(async () => (await welcomes()).length > 0, 15_000, "the welcome");
};
const hub = () => stack.gatewayLive!.hub.stats();
const settle = () => new Promise((r) => setTimeout(r, 700)); // room for an event that must not come

const NOTIFICATIONS = `subscription { notificationAdded { category title user { id displayName } lesson { id title } } }`;
const PROGRESS = `subscription { progressUpdated { cause xp xpAwarded level currentStreak user { displayName } lesson { title } } }`;
const ACTIVITY = `subscription($c: ID!) { lessonActivity(courseId: $c) { firstCompletion learner { displayName level } lesson { id title } } }`;

describe("live subscriptions", () => {
  let courseId: string;
  let otherCourseLesson: string;
  beforeAll(async () => {
    const r = await gql(stack.gatewayUrl, `{ courses(first: 5) { edges { node { id lessons(first: 1) { edges { node { id } } } } } } }`);
    const courses = r.body.data!.courses.edges.map((e: any) => ({ id: e.node.id, first: e.node.lessons.edges[0]?.node.id }));
    courseId = (await gql(stack.gatewayUrl, `{ lesson(id: "hiragana-01") { course { id } } }`)).body.data!.lesson.course.id;
    otherCourseLesson = courses.find((c: any) => c.id !== courseId && c.first)?.first;
    await signIn("user_live_aiko", "Aiko", "PUBLIC");
    await signIn("user_live_ben", "Ben");
  });

  it("notificationAdded is completed with fields from users and content, for its recipient only", async () => {
    const aiko = subscribe(live("user_live_aiko"), NOTIFICATIONS);
    const ben = subscribe(live("user_live_ben"), NOTIFICATIONS);
    await waitFor(() => hub().members >= 2);
    expect((await complete("user_live_aiko", "hiragana-01")).body.errors).toBeUndefined();

    // Her welcome may still be on its way too; wait for the lesson's two notifications.
    const categories = () => aiko.results.map((r) => r.data.notificationAdded.category);
    await waitFor(() => categories().includes("LESSON") && categories().includes("ACHIEVEMENT"), 15_000, "LESSON and ACHIEVEMENT");
    const byCategory = Object.fromEntries(aiko.results.map((r) => [r.data.notificationAdded.category, r]));
    expect(byCategory.LESSON.data.notificationAdded).toEqual({
      category: "LESSON",
      title: "Lesson complete",
      user: { id: "user_live_aiko", displayName: "Aiko" },
      lesson: { id: "hiragana-01", title: expect.any(String) },
    });
    expect(byCategory.LESSON.data.notificationAdded.lesson.title.length).toBeGreaterThan(0);
    expect(byCategory.ACHIEVEMENT.data.notificationAdded.title).toBe("Achievement unlocked: First lesson");
    expect(byCategory.LESSON.extensions).toEqual({ eventId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await settle();
    // Never another user's private events (his own welcome may come).
    expect(ben.results.map((r) => r.data.notificationAdded.user.id).filter((id) => id !== "user_live_ben")).toEqual([]);
    expect(aiko.results.map((r) => r.data.notificationAdded.user.id).filter((id) => id !== "user_live_aiko")).toEqual([]);
  });

  it("progressUpdated carries xp, level and streak, with the user from users and the lesson from content", async () => {
    const sub = subscribe(live("user_live_ben"), PROGRESS);
    await waitFor(() => hub().members >= 3);
    await complete("user_live_ben", "hiragana-02");
    const r = await sub.nth(1);
    expect(r.errors).toBeUndefined();
    expect(r.data.progressUpdated).toEqual({
      cause: "LESSON_COMPLETED",
      xp: 10,
      xpAwarded: 10,
      level: 1,
      currentStreak: 1,
      user: { displayName: "Ben" },
      lesson: { title: expect.any(String) },
    });
  });

  it("a learner users does not know yet still gets the event, with the user left null", async () => {
    // Never signed in through users (no `me`, no Clerk webhook), yet progress knows them.
    const sub = subscribe(live("user_live_ghost"), PROGRESS);
    await waitFor(() => hub().members >= 4);
    await complete("user_live_ghost", "hiragana-01");
    const r = await sub.nth(1);
    expect(r.data.progressUpdated).toMatchObject({ cause: "LESSON_COMPLETED", xp: 10, user: null, lesson: { title: expect.any(String) } });
  });

  it("lessonActivity shows public classmates' lessons of that course, with public profile fields only, and never a private learner's", async () => {
    const watcher = live("user_live_ben");
    const activity = subscribe(watcher, ACTIVITY, { variables: { c: courseId } });
    const prying = subscribe(watcher, `subscription($c: ID!) { lessonActivity(courseId: $c) { learner { displayName email } } }`, {
      variables: { c: courseId },
    });
    await waitFor(() => hub().members >= 6);
    await complete("user_live_ben", "hiragana-03"); // Ben is private (the default): his own watching changes nothing
    await complete("user_live_aiko", "hiragana-03");
    const r = await activity.nth(1);
    expect(r.data.lessonActivity).toEqual({
      firstCompletion: true,
      learner: { displayName: "Aiko", level: 1 },
      lesson: { id: "hiragana-03", title: expect.any(String) },
    });
    // Completed without a viewer: the email, owner-only in users, is refused and nothing leaks.
    const pried = await prying.nth(1);
    expect(pried.data.lessonActivity.learner).toEqual({ displayName: "Aiko", email: null });
    expect(codes({ status: 200, headers: new Headers(), body: pried as never })).toContain("UNAUTHENTICATED");

    if (otherCourseLesson) await complete("user_live_aiko", otherCourseLesson);
    await settle();
    // Only Aiko's: not Ben's private completion, nor another course's lesson.
    expect(activity.results).toHaveLength(1);
    expect(prying.results).toHaveLength(1);
  });

  it("one execution per event serves every subscriber with the same selection and scope", async () => {
    const classmate = live("user_live_fay");
    const subs = Array.from({ length: 3 }, () => subscribe(classmate, ACTIVITY, { variables: { c: courseId } }));
    await waitFor(() => hub().members >= 9);
    const before = hub().executionsByField.lessonActivity ?? 0;
    await complete("user_live_aiko", "hiragana-04");
    await Promise.all(subs.map((s) => s.nth(1)));
    // Five lessonActivity subscribers (Ben's two from before, Fay's three) in two selections: two executions, not five.
    expect(hub().executionsByField.lessonActivity - before).toBe(2);
    for (const s of subs) expect(s.results[0].data).toEqual(subs[0].results[0].data);
  });

  it("a learner who goes back to PRIVATE drops out of lessonActivity", async () => {
    await signIn("user_live_gil", "Gil", "PUBLIC");
    const watcher = subscribe(live("user_live_fay"), ACTIVITY, { variables: { c: courseId } });
    await waitFor(() => hub().members >= 10);
    await complete("user_live_gil", "hiragana-01");
    expect((await watcher.nth(1)).data.lessonActivity).toMatchObject({ learner: { displayName: "Gil", level: 1 } });

    await setVisibility(stack, "user_live_gil", "PRIVATE");
    await complete("user_live_gil", "hiragana-02");
    await settle();
    expect(watcher.results).toHaveLength(1);
    watcher.stop();
  });

  it("suppresses a client's own echo unless it asks for it", async () => {
    const tab = live("user_live_carol", { clientId: "tab-1" });
    await signIn("user_live_carol", "Carol");
    const quiet = subscribe(tab, PROGRESS);
    const echoing = subscribe(tab, PROGRESS, { extensions: { echoes: true } });
    const otherTab = subscribe(live("user_live_carol", { clientId: "tab-2" }), PROGRESS);
    await waitFor(() => hub().groups > 0 && otherTab.results.length === 0);
    await settle();
    await complete("user_live_carol", "hiragana-01", { "x-client-id": "tab-1" });
    await echoing.nth(1);
    await otherTab.nth(1);
    await settle();
    expect(quiet.results).toEqual([]);

    // A mutation sent over the tab's own socket carries its connection's client id.
    const viaSocket = subscribe(tab, `mutation { completeLesson(input: { lessonId: "hiragana-02" }) { xpAwarded } }`);
    expect((await viaSocket.nth(1)).data).toEqual({ completeLesson: { xpAwarded: 10 } });
    await echoing.nth(2);
    await otherTab.nth(2);
    await settle();
    expect(quiet.results).toEqual([]);
  });

  it("resumes after a reconnect with the events missed, in order, without duplicates", async () => {
    const first = live("user_live_dan");
    await signIn("user_live_dan", "Dan");
    const sub = subscribe(first, PROGRESS);
    await settle();
    await complete("user_live_dan", "hiragana-01");
    const seen = await sub.nth(1);
    const members = hub().members;
    await first.dispose();
    await waitFor(() => hub().members === members - 1, 5_000, "the hub to drop the closed subscription");

    await complete("user_live_dan", "hiragana-02");
    await complete("user_live_dan", "hiragana-03");
    const again = subscribe(live("user_live_dan"), PROGRESS, { extensions: { lastEventId: seen.extensions!.eventId } });
    const missed = [await again.nth(1), await again.nth(2)];
    expect(missed.map((r) => r.data.progressUpdated.xp)).toEqual([20, 30]);
    await complete("user_live_dan", "hiragana-04");
    expect((await again.nth(3)).data.progressUpdated.xp).toBe(40);
    await settle();
    expect(again.results).toHaveLength(3);

    const stale = subscribe(live("user_live_dan"), PROGRESS, { extensions: { lastEventId: "00000000-0000-4000-8000-000000000000" } });
    await waitFor(() => Boolean(stale.error));
    expect((stale.error as any[])[0].extensions).toMatchObject({ code: "RESUME_WINDOW_EXCEEDED", requestId: expect.any(String) });
  });

  it("closes everything upstream when clients disconnect", async () => {
    await Promise.all(open.splice(0).map((c) => c.dispose()));
    await waitFor(() => hub().members === 0 && hub().groups === 0, 5_000, "the hub to let go of every subscriber");
  });

  it("Apollo Sandbox finds the subscription endpoint and connects the way it does", async () => {
    const html = await (await fetch(`${stack.gatewayOrigin}/`)).text();
    expect(html).toContain("initialSubscriptionEndpoint");
    // Sandbox sends its connection payload as typed: a capitalised Authorization is fine.
    const sandbox = connect(stack.gatewayUrl, { Authorization: `Bearer ${stack.token("user_live_ben")}` });
    open.push(sandbox);
    const sub = subscribe(sandbox, PROGRESS);
    await waitFor(() => hub().members >= 1);
    await complete("user_live_ben", "hiragana-06");
    expect((await sub.nth(1)).data.progressUpdated.cause).toBe("LESSON_COMPLETED");
    sub.stop();
  });

  it("keeps an idle connection alive with pings", async () => {
    const socket = new WebSocket(stack.gatewayUrl.replace(/^http/, "ws"), "graphql-transport-ws");
    let pings = 0;
    socket.on("ping", () => pings++);
    await new Promise((resolve) => socket.once("open", resolve));
    const acked = new Promise((resolve) => socket.once("message", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${stack.token("user_live_gus")}` } }));
    expect(JSON.parse(String(await acked))).toEqual({ type: "connection_ack" });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(pings).toBeGreaterThanOrEqual(2); // LIVE_KEEPALIVE_MS is 1 s here
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close(1000);
  });

  it("does not count connections that close while they authenticate", async () => {
    for (let i = 0; i < 5; i++) {
      const socket = new WebSocket(stack.gatewayUrl.replace(/^http/, "ws"), "graphql-transport-ws");
      await new Promise((resolve) => socket.once("open", resolve));
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${stack.token("user_live_hal")}` } }));
      socket.terminate();
    }
    await new Promise((r) => setTimeout(r, 300));
    const conns = [live("user_live_hal"), live("user_live_hal"), live("user_live_hal")];
    await Promise.all(conns.map((c) => new Promise((r) => c.client.on("connected", r))));
    await Promise.all(conns.map((c) => c.dispose()));
  });

  it("answers root fields behind directives with an error and runs aliased ones", async () => {
    const c = live("user_live_ivy");
    const skipped = subscribe(c, `subscription { progressUpdated @skip(if: true) { xp } }`);
    await waitFor(() => Boolean(skipped.error));
    expect((skipped.error as any[])[0].extensions).toMatchObject({ code: "BAD_REQUEST" });
    const aliased = subscribe(c, `subscription { mine: progressUpdated { xp } }`);
    await waitFor(() => hub().members >= 1);
    await new Promise((r) => setTimeout(r, 300));
    await complete("user_live_ivy", "hiragana-01");
    expect((await aliased.nth(1)).data).toEqual({ mine: { xp: 10 } }); // the same socket is still open
    await c.dispose();
  });

  it("refuses bad connections and operations with clear codes", async () => {
    const anonymous = connect(stack.gatewayUrl, {});
    expect((await anonymous.closed).code).toBe(4401);
    const forged = connect(stack.gatewayUrl, { authorization: "Bearer not-a-token" });
    expect(await forged.closed).toEqual({ code: 4401, reason: "The session token is invalid." });

    const conns = [live("user_live_eve"), live("user_live_eve"), live("user_live_eve")];
    await Promise.all(conns.map((c) => new Promise((r) => c.client.on("connected", r))));
    const fourth = live("user_live_eve");
    expect((await fourth.closed).code).toBe(4429);

    const c = conns[0];
    const subs = Array.from({ length: 4 }, () => subscribe(c, PROGRESS));
    const fifth = subscribe(c, PROGRESS);
    await waitFor(() => Boolean(fifth.error));
    expect((fifth.error as any[])[0].extensions.code).toBe("TOO_MANY_SUBSCRIPTIONS");
    expect(subs.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined]); // the limit is 4, not 3
    subs.forEach((s) => s.stop());

    // Queries run over the socket too, as the connection's user, with the HTTP endpoint's rules.
    const query = subscribe(c, `{ me { id } }`);
    expect((await query.nth(1)).data).toEqual({ me: { id: "user_live_eve" } });
    const tooDeep = subscribe(
      c,
      `{ me { notifications { edges { node { user { notifications { edges { node { user { notifications { edges { node { id } } } } } } } } } } } } }`,
    );
    await waitFor(() => tooDeep.results.length > 0 || Boolean(tooDeep.error));
    expect(JSON.stringify(tooDeep.results[0] ?? tooDeep.error)).toContain("QUERY_TOO_DEEP");
    const invalid = subscribe(c, `subscription { notificationAdded { nope } }`);
    await waitFor(() => Boolean(invalid.error));
    expect((invalid.error as any[])[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const badVar = subscribe(c, ACTIVITY, { variables: { c: 42.5 } });
    await waitFor(() => Boolean(badVar.error));
    expect((badVar.error as any[])[0].extensions.code).toBe("BAD_USER_INPUT");

    const overHttp = await gql(stack.gatewayUrl, PROGRESS, { token: stack.token("user_live_eve") });
    expect(codes(overHttp)).toEqual(["SUBSCRIPTION_REQUIRES_WEBSOCKET"]);
  });

  it("a subgraph that goes down gives the subscriber an error event, not a hang", async () => {
    const sub = subscribe(live("user_live_ben"), NOTIFICATIONS);
    await waitFor(() => hub().members >= 1);
    const users = stack.subgraphs.users;
    delete stack.subgraphs.users; // stopped here, not again by stack.stop()
    await users.stop();
    await complete("user_live_ben", "hiragana-05");
    const r = await sub.nth(1);
    expect(r.errors![0].extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", service: "users", requestId: expect.any(String) });
  });
});
