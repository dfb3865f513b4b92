import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { deliverClerkWebhook } from "../support/clerk-webhook";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";

/**
 * Issue 16, item 2: a Plus learner's `me { insights }` through the gateway, from the review.recorded
 * and lesson.completed (cardsAdded) events of real mutations: accuracy by JLPT level and kind,
 * FSRS retention, study time by hour in the learner's zone, the next 14 days' due cards and the
 * weakest characters resolved from content. A Free learner gets PLAN_REQUIRED; user.deleted erases the deck.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const ZONE = "Asia/Tokyo"; // UTC+9 without daylight saving
const analytics = () => stack.subgraphs.analytics.db.dataSource;
const progress = () => stack.subgraphs.progress.db.dataSource;
const localDate = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(at); // YYYY-MM-DD

const INSIGHTS = `{ me { insights {
  studyMinutesByWeekday { weekday minutes }
  accuracyByJlptLevel { jlptLevel reviews correct accuracy }
  accuracyByKind { kind reviews correct accuracy }
  retention { cards averageStabilityDays predictedRecallNow }
  studyMinutesByHour { hour minutes }
  dueNext14Days { date count }
  weakestItems { character { id literal } reviews accuracy lapses stabilityDays predictedRecallNow }
} } }`;

describe("learner insights", () => {
  const userId = "user_insights_plus";
  const as = (query: string, variables?: Record<string, unknown>) =>
    gql(stack.gatewayUrl, query, { token: stack.token(userId), variables });
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const r = await as(query, variables);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!;
  };

  it("need LEARNING_INSIGHTS: a Free learner is refused with PLAN_REQUIRED naming Plus", async () => {
    const r = await gql(stack.gatewayUrl, `{ me { insights { reviewsLast30Days } } }`, { token: stack.token("user_insights_free") });
    expect(codes(r)).toEqual(["PLAN_REQUIRED"]);
    expect(r.body.errors![0].extensions).toMatchObject({ feature: "LEARNING_INSIGHTS", plan: "PLUS" });
  });

  it("break down a Plus learner's reviews, memory, study hours and due cards, with the weakest characters from content", async () => {
    await subscribe(stack, (q) => as(q).then((r) => r.body), userId, FAKE_STRIPE_PRICES.plus);
    await waitFor(async () => !(await as(`{ me { insights { reviewsLast30Days } } }`)).body.errors, 20_000, "Plus to unlock insights");

    await ok(`mutation { updateProfile(input: { timezone: "${ZONE}" }) { id } }`);
    // あ and い (kana), 日 and 一 (JLPT 5 kanji) join the deck; あ, then 日, are reviewed.
    await ok(
      `mutation { completeLesson(input: { lessonId: "hiragana-01", learnedCharacterIds: ["c-3042", "c-3044"] }) { newReviewItems } }`,
    );
    await ok(
      `mutation { completeLesson(input: { lessonId: "kanji-n5-01", learnedCharacterIds: ["c-65e5", "c-4e00"] }) { newReviewItems } }`,
    );
    for (const [characterId, rating] of [
      ["c-3042", "AGAIN"],
      ["c-3042", "GOOD"],
      ["c-65e5", "GOOD"],
    ])
      await ok(`mutation { recordReview(input: { characterId: "${characterId}", rating: ${rating} }) { id } }`);
    // A 25-minute session that ended at the last 20:30 UTC gone by: 05:30 the next day in Tokyo.
    const ended = new Date();
    ended.setUTCHours(20, 30, 0, 0);
    if (ended.getTime() > Date.now()) ended.setUTCDate(ended.getUTCDate() - 1);
    await ok(`mutation($at: String!) { track(events: [{ type: SESSION_END, occurredAt: $at, durationSeconds: 1500 }]) { accepted } }`, {
      at: ended.toISOString(),
    });
    await waitFor(
      async () => {
        const [deck] = await analytics().query(
          `SELECT count(*)::int AS cards, sum(reviews)::int AS reviews FROM analytics.review_cards WHERE user_id = $1`,
          [userId],
        );
        return deck.cards === 4 && deck.reviews === 3;
      },
      20_000,
      "the deck in analytics",
    );

    const { jlptLevel } = (await ok(`{ character(id: "c-65e5") { jlptLevel } }`)).character;
    expect(jlptLevel).toBe(5);
    const insights = (await ok(INSIGHTS)).me.insights;
    const now = new Date();

    expect(insights.accuracyByKind).toEqual([
      { kind: "KANA", reviews: 2, correct: 1, accuracy: 0.5 },
      { kind: "KANJI", reviews: 1, correct: 1, accuracy: 1 },
      { kind: "VOCABULARY", reviews: 0, correct: 0, accuracy: null },
    ]);
    expect(insights.accuracyByJlptLevel).toEqual(
      [5, 4, 3, 2, 1, null].map((level) =>
        level === 5
          ? { jlptLevel: 5, reviews: 1, correct: 1, accuracy: 1 }
          : level === null
            ? { jlptLevel: null, reviews: 2, correct: 1, accuracy: 0.5 }
            : { jlptLevel: level, reviews: 0, correct: 0, accuracy: null },
      ),
    );

    // Retention and the weakest items agree with progress's own cards.
    const cards: { character_id: string; stability: number; lapses: number; due: Date }[] = await progress().query(
      `SELECT character_id, stability, lapses, due FROM progress.review_cards WHERE user_id = $1`,
      [userId],
    );
    const card = (id: string) => cards.find((c) => c.character_id === id)!;
    const [a, sun] = [card("c-3042"), card("c-65e5")];
    expect(insights.retention.cards).toBe(2);
    expect(insights.retention.averageStabilityDays).toBeCloseTo((a.stability + sun.stability) / 2, 6);
    // Reviewed seconds ago: recall is all but certain.
    expect(insights.retention.predictedRecallNow).toBeGreaterThan(0.99);
    expect(insights.retention.predictedRecallNow).toBeLessThanOrEqual(1);

    expect(insights.weakestItems.map((w: { character: { literal: string } }) => w.character.literal)).toEqual(["あ", "日"]);
    expect(insights.weakestItems[0]).toMatchObject({ character: { id: "c-3042" }, reviews: 2, accuracy: 0.5, lapses: a.lapses });
    expect(insights.weakestItems[0].stabilityDays).toBeCloseTo(a.stability, 6);
    expect(insights.weakestItems[1]).toMatchObject({ character: { id: "c-65e5" }, reviews: 1, accuracy: 1, lapses: sun.lapses });
    expect(insights.weakestItems[0].predictedRecallNow).toBeLessThanOrEqual(insights.weakestItems[1].predictedRecallNow);

    // 14 local days from today; each of progress's 4 cards on its local due date (overdue ones today).
    const today = localDate(now);
    expect(insights.dueNext14Days).toHaveLength(14);
    expect(insights.dueNext14Days[0].date).toBe(today);
    expect(insights.dueNext14Days[13].date).toBe(localDate(new Date(Date.parse(`${today}T12:00:00Z`) + 13 * 86_400_000)));
    const expected = new Map<string, number>();
    for (const c of cards) {
      const day = new Date(c.due) <= now ? today : localDate(new Date(c.due));
      expected.set(day, (expected.get(day) ?? 0) + 1);
    }
    expect(cards).toHaveLength(4);
    expect(
      Object.fromEntries(
        insights.dueNext14Days.filter((d: { count: number }) => d.count).map((d: { date: string; count: number }) => [d.date, d.count]),
      ),
    ).toEqual(Object.fromEntries(expected));

    // The session's minutes fall in Tokyo's hour 5, on Tokyo's weekday.
    expect(insights.studyMinutesByHour).toEqual(Array.from({ length: 24 }, (_, hour) => ({ hour, minutes: hour === 5 ? 25 : 0 })));
    const weekday = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, weekday: "long" }).format(ended).toUpperCase();
    expect(insights.studyMinutesByWeekday.find((d: { minutes: number }) => d.minutes)).toEqual({ weekday, minutes: 25 });
  }, 90_000);

  it("a late or repeated review never rolls a card back, and user.deleted erases the deck for good", async () => {
    const transport = stack.subgraphs.analytics.events!.transport;
    const reviews = (await transport.readAll("learnloop.progress.v1")).filter(
      (m) => m.key === userId && m.headers["event-type"] === "review.recorded",
    );
    expect(reviews).toHaveLength(3);
    const deckOf = () =>
      analytics().query(
        `SELECT character_id, state, stability, reps, reviews, correct, last_reviewed_at FROM analytics.review_cards WHERE user_id = $1 ORDER BY 1`,
        [userId],
      );
    const before = await deckOf();
    // The first review of あ (AGAIN) again: a duplicate, and older than the card's state.
    const groupStats = () => stack.subgraphs.analytics.events!.consumers.find((c) => c.groupId === "analytics.tracking")!.stats;
    const duplicates = groupStats().duplicates;
    await transport.publish([reviews[0]].map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    await waitFor(() => groupStats().duplicates > duplicates, 15_000, "the duplicate to be consumed");
    expect(await deckOf()).toEqual(before);

    const deleted = await deliverClerkWebhook(
      stack,
      JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId, deleted: true } }),
    );
    expect(deleted.status).toBe(200);
    await waitFor(async () => (await deckOf()).length === 0, 20_000, "the deck to be erased");
  });
});
