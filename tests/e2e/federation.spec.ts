import { gql, startStack, type TestStack, statementsDuring } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const countStatements = (run: () => Promise<unknown>) => statementsDuring(stack, run);

describe("a query crossing users, content and progress", () => {
  it("resolves fields in every direction through entity keys", async () => {
    const token = stack.token("user_fed_alice");
    await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "Alice", timezone: "Asia/Tokyo" }) { id } }`, { token });
    // progress -> users (User.displayName) and progress -> content (Lesson.title)
    const done = await gql(
      stack.gatewayUrl,
      `mutation { completeLesson(input: { lessonId: "kanji-n5-01", learnedCharacterIds: ["c-65e5", "c-4e00"] }) {
          xpAwarded newReviewItems completion { timesCompleted lesson { title kind } } user { displayName xp level currentStreak } } }`,
      { token },
    );
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data!.completeLesson).toMatchObject({
      xpAwarded: 10,
      newReviewItems: 2,
      completion: { timesCompleted: 1, lesson: { kind: "KANJI" } },
      user: { displayName: "Alice", xp: 10, level: 1, currentStreak: 1 },
    });
    expect(done.body.data!.completeLesson.completion.lesson.title).toMatch(/^N5 kanji 1:/);

    // users -> progress (xp, streak with @requires timezone), content -> progress, progress -> content
    const r = await gql(
      stack.gatewayUrl,
      `{ me { displayName timezone xp currentStreak longestStreak }
         lesson(id: "kanji-n5-01") { title completedByMe myCompletion { bestScore } }
         reviewQueue { id character { literal meanings jlptLevel } } }`,
      { token },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.me).toEqual({ displayName: "Alice", timezone: "Asia/Tokyo", xp: 10, currentStreak: 1, longestStreak: 1 });
    expect(r.body.data!.lesson).toMatchObject({ completedByMe: true, myCompletion: { bestScore: 1 } });
    const literals = r.body.data!.reviewQueue.map((i: { character: { literal: string } }) => i.character.literal).sort();
    expect(literals).toEqual(["一", "日"].sort());
    expect(r.body.data!.reviewQueue.find((i: { id: string }) => i.id === "c-65e5").character.meanings).toContain("day");
  });

  it("reschedules a review with FSRS and awards XP", async () => {
    const token = stack.token("user_fed_bob");
    await gql(
      stack.gatewayUrl,
      `mutation { completeLesson(input: { lessonId: "hiragana-01", learnedCharacterIds: ["c-3042"] }) { xpAwarded } }`,
      { token },
    );
    const r = await gql(
      stack.gatewayUrl,
      `mutation { recordReview(input: { characterId: "c-3042", rating: GOOD }) { id reps reviewState due character { literal } } }`,
      { token },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.recordReview).toMatchObject({ id: "c-3042", reps: 1, reviewState: "LEARNING", character: { literal: "あ" } });
    expect(new Date(r.body.data!.recordReview.due).getTime()).toBeGreaterThan(Date.now());
    const me = await gql(stack.gatewayUrl, `{ me { xp } reviewQueue { id } }`, { token });
    expect(me.body.data).toEqual({ me: { xp: 11 }, reviewQueue: [] });
  });

  it("paginates with cursors and searches by romaji, kana and meaning", async () => {
    const page1 = await gql(
      stack.gatewayUrl,
      `{ characters(first: 2, filter: { kind: KANJI, jlptLevel: 5 }) { edges { cursor node { literal } } pageInfo { hasNextPage endCursor } } }`,
    );
    const { edges, pageInfo } = page1.body.data!.characters;
    expect(edges).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(
      stack.gatewayUrl,
      `query($after: String) { characters(first: 2, after: $after, filter: { kind: KANJI, jlptLevel: 5 }) { edges { node { literal } } pageInfo { hasPreviousPage } } }`,
      { variables: { after: pageInfo.endCursor } },
    );
    const seen = [...edges, ...page2.body.data!.characters.edges].map((e: { node: { literal: string } }) => e.node.literal);
    expect(new Set(seen).size).toBe(4);
    expect(page2.body.data!.characters.pageInfo.hasPreviousPage).toBe(true);
    for (const search of ["nichi", "にち", "ニチ", "sun"]) {
      const r = await gql(
        stack.gatewayUrl,
        `query($s: String) { characters(first: 5, filter: { search: $s, jlptLevel: 5 }) { edges { node { literal } } } }`,
        { variables: { s: search } },
      );
      expect(r.body.data!.characters.edges.map((e: { node: { literal: string } }) => e.node.literal)).toContain("日");
    }
    const words = await gql(
      stack.gatewayUrl,
      `{ vocabulary(first: 3, filter: { search: "taberu" }) { edges { node { written reading meanings } } } }`,
    );
    expect(words.body.data!.vocabulary.edges.map((e: { node: { written: string } }) => e.node.written)).toContain("食べる");
  });
});

describe("N+1: statements per request stay constant as lists grow", () => {
  it("50 lessons with progress fields cost the same statements as 5", async () => {
    const token = stack.token("user_nplus1_lessons");
    for (const id of ["hiragana-01", "hiragana-03", "katakana-02"])
      await gql(stack.gatewayUrl, `mutation($id: ID!) { completeLesson(input: { lessonId: $id }) { xpAwarded } }`, {
        token,
        variables: { id },
      });
    const query = `query($n: Int) { lessons(first: $n) { edges { node { id title course { title } completedByMe mastery myCompletion { timesCompleted } } } } }`;
    let result: any;
    const fifty = await countStatements(async () => (result = await gql(stack.gatewayUrl, query, { token, variables: { n: 50 } })));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.lessons.edges).toHaveLength(50);
    expect(result.body.data.lessons.edges.filter((e: any) => e.node.completedByMe)).toHaveLength(3);
    const five = await countStatements(() => gql(stack.gatewayUrl, query, { token, variables: { n: 5 } }));
    console.log(`SQL statements, 50 lessons with progress: ${JSON.stringify(fifty)}; 5 lessons: ${JSON.stringify(five)}`);
    expect(fifty).toEqual(five);
    expect(fifty.content + fifty.progress).toBeLessThanOrEqual(5);
  });

  it("50 due reviews with their characters cost the same statements as 5", async () => {
    const token = stack.token("user_nplus1_reviews");
    // Learned characters must be the lesson's own: seven N4 lessons of 8 kanji give 56 cards.
    const lessons = (
      await gql(stack.gatewayUrl, `{ lessons(first: 7, courseId: "kanji-n4") { edges { node { id characters { id } } } } }`)
    ).body.data!.lessons.edges.map((e: any) => ({ id: e.node.id as string, ids: e.node.characters.map((c: any) => c.id as string) }));
    let added = 0;
    for (const lesson of lessons) {
      const r = await gql(
        stack.gatewayUrl,
        `mutation($id: ID!, $ids: [ID!]) { completeLesson(input: { lessonId: $id, learnedCharacterIds: $ids }) { newReviewItems } }`,
        { token, variables: { id: lesson.id, ids: lesson.ids } },
      );
      added += r.body.data!.completeLesson.newReviewItems;
    }
    expect(added).toBeGreaterThanOrEqual(50);
    const query = `query($n: Int!) { reviewQueue(limit: $n) { id due character { literal meanings strokeCount } } }`;
    let result: any;
    const fifty = await countStatements(async () => (result = await gql(stack.gatewayUrl, query, { token, variables: { n: 50 } })));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.reviewQueue).toHaveLength(50);
    expect(result.body.data.reviewQueue.every((i: any) => i.character.literal.length === 1)).toBe(true);
    const five = await countStatements(() => gql(stack.gatewayUrl, query, { token, variables: { n: 5 } }));
    console.log(`SQL statements, 50 reviews with characters: ${JSON.stringify(fifty)}; 5 reviews: ${JSON.stringify(five)}`);
    expect(fifty).toEqual(five);
    expect(fifty.content + fifty.progress).toBeLessThanOrEqual(3);
  });
});
