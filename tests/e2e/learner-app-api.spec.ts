import { codes, gql, startStack, type TestStack, statementsDuring } from "../support/stack";

// What the learner web app (issue 13) reads through the gateway: stroke order, what each grade
// would schedule, course progress and what completing a lesson awards.
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const SVG_PATH = /^M[0-9MmZzLlHhVvCcSsQqTtAaEe.,+\- ]*$/;
const countStatements = (run: () => Promise<unknown>) => statementsDuring(stack, run);
const complete = (token: string, lessonId: string, learnedCharacterIds?: string[]) =>
  gql(
    stack.gatewayUrl,
    `mutation($id: ID!, $ids: [ID!]) { completeLesson(input: { lessonId: $id, learnedCharacterIds: $ids }) { xpAwarded completion { timesCompleted } } }`,
    { token, variables: { id: lessonId, ids: learnedCharacterIds } },
  );

describe("Character.strokes (KanjiVG)", () => {
  it("gives 日 its four strokes in order, to anyone", async () => {
    const r = await gql(stack.gatewayUrl, `{ character(literal: "日") { strokeCount strokes } }`);
    expect(r.body.errors).toBeUndefined();
    const { strokes, strokeCount } = r.body.data!.character;
    expect(strokeCount).toBe(4);
    expect(strokes).toHaveLength(4);
    for (const d of strokes) expect(d).toMatch(SVG_PATH);
    // KanjiVG's first stroke of 日 is the left vertical, starting at the top left.
    expect(strokes[0]).toMatch(/^M31\.5,24\.5c/);
  });

  it("has strokes for every character a lesson teaches, as many as KANJIDIC's stroke count", async () => {
    const characters: { literal: string; kind: string; strokes: string[] | null; strokeCount: number | null }[] = [];
    let after: string | null = null;
    do {
      const page: any = await gql(
        stack.gatewayUrl,
        `query($after: String) { lessons(first: 50, after: $after) { edges { node { characters { literal kind strokes strokeCount } } } pageInfo { hasNextPage endCursor } } }`,
        { variables: { after } },
      );
      expect(page.body.errors).toBeUndefined();
      for (const e of page.body.data.lessons.edges) characters.push(...e.node.characters);
      after = page.body.data.lessons.pageInfo.hasNextPage ? page.body.data.lessons.pageInfo.endCursor : null;
    } while (after);
    expect(characters.length).toBeGreaterThan(400);
    expect(characters.filter((c) => !c.strokes?.length).map((c) => c.literal)).toEqual([]);
    const kanji = characters.filter((c) => c.kind === "KANJI");
    expect(kanji.length).toBeGreaterThan(250);
    expect(kanji.filter((c) => c.strokes!.length !== c.strokeCount).map((c) => c.literal)).toEqual([]);
    expect(characters.flatMap((c) => c.strokes!).every((d) => SVG_PATH.test(d))).toBe(true);
  });

  it("is null for a kanji no lesson teaches", async () => {
    const r = await gql(stack.gatewayUrl, `{ character(literal: "鬱") { jlptLevel strokes } }`);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.character).toEqual({ jlptLevel: 1, strokes: null });
  });
});

interface Outcome {
  rating: string;
  due: string;
  intervalSeconds: number;
  state: string;
}
const PREVIEW = `schedulePreview { rating due intervalSeconds state }`;
const dueTimes = (preview: Outcome[]) => preview.map((o) => new Date(o.due).getTime());

describe("ReviewItem.schedulePreview", () => {
  it("gives each grade's due time in order, and recordReview then does what the preview said", async () => {
    const token = stack.token("user_app_preview");
    expect((await complete(token, "hiragana-01", ["c-3042", "c-3044"])).body.errors).toBeUndefined();
    const queue = await gql(stack.gatewayUrl, `{ reviewQueue { id reviewState ${PREVIEW} } }`, { token });
    expect(queue.body.errors).toBeUndefined();
    const item = queue.body.data!.reviewQueue.find((i: { id: string }) => i.id === "c-3042");
    expect(item.reviewState).toBe("NEW");
    const preview: Outcome[] = item.schedulePreview;
    expect(preview.map((o) => o.rating)).toEqual(["AGAIN", "HARD", "GOOD", "EASY"]);
    const dues = dueTimes(preview);
    for (let i = 1; i < dues.length; i++) expect(dues[i]).toBeGreaterThan(dues[i - 1]);
    for (let i = 1; i < preview.length; i++) expect(preview[i].intervalSeconds).toBeGreaterThan(preview[i - 1].intervalSeconds);
    expect(preview[3].state).toBe("REVIEW");

    const previewedBefore = Date.now();
    const good = preview.find((o) => o.rating === "GOOD")!;
    const graded = await gql(
      stack.gatewayUrl,
      `mutation { recordReview(input: { characterId: "c-3042", rating: GOOD }) { due lastReview reviewState } }`,
      { token },
    );
    const gradedAfter = Date.now();
    expect(graded.body.errors).toBeUndefined();
    const { due, lastReview, reviewState } = graded.body.data!.recordReview;
    expect(reviewState).toBe(good.state);
    // The same interval from the review's own moment (the preview's is rounded to the second)...
    expect(Math.abs(new Date(due).getTime() - new Date(lastReview).getTime() - good.intervalSeconds * 1000)).toBeLessThanOrEqual(1000);
    // ...so the due time is the preview's, moved on by no more than the time between the two requests.
    expect(Math.abs(new Date(due).getTime() - new Date(good.due).getTime())).toBeLessThanOrEqual(1000 + (gradedAfter - previewedBefore));
  });

  it("orders AGAIN < HARD < GOOD < EASY for a card in review", async () => {
    const token = stack.token("user_app_preview");
    const r = await gql(
      stack.gatewayUrl,
      `mutation { recordReview(input: { characterId: "c-3044", rating: EASY }) { reviewState due ${PREVIEW} } }`,
      { token },
    );
    expect(r.body.errors).toBeUndefined();
    const item = r.body.data!.recordReview;
    expect(item.reviewState).toBe("REVIEW");
    expect(item.schedulePreview.map((o: Outcome) => o.rating)).toEqual(["AGAIN", "HARD", "GOOD", "EASY"]);
    const dues = dueTimes(item.schedulePreview);
    for (let i = 1; i < dues.length; i++) expect(dues[i]).toBeGreaterThan(dues[i - 1]);
    expect(item.schedulePreview[0].state).toBe("RELEARNING");
    // A lapse comes back within the day; a remembered card in days.
    expect(item.schedulePreview[0].intervalSeconds).toBeLessThan(86_400);
    expect(item.schedulePreview[2].intervalSeconds).toBeGreaterThanOrEqual(86_400);
  });

  it("is the learner's own: signed out, the queue is refused", async () => {
    const r = await gql(stack.gatewayUrl, `{ reviewQueue { id ${PREVIEW} } }`);
    expect(codes(r)).toContain("UNAUTHENTICATED");
    expect(r.body.data?.reviewQueue ?? null).toBeNull();
  });
});

interface CourseNode {
  id: string;
  lessonIds: string[];
  lessons: { edges: { node: { id: string } }[] };
  myProgress: { lessonsCompleted: number; lessonsTotal: number; nextLesson: { id: string; title: string } | null } | null;
}
const COURSES = `query($n: Int) { courses(first: $n) { edges { node { id lessonIds lessons(first: 100) { edges { node { id } } }
  myProgress { lessonsCompleted lessonsTotal nextLesson { id title } } } } } }`;
async function coursesOf(token?: string): Promise<Record<string, CourseNode>> {
  const r = await gql(stack.gatewayUrl, COURSES, { token, variables: { n: 10 } });
  expect(r.body.errors).toBeUndefined();
  return Object.fromEntries(r.body.data!.courses.edges.map((e: { node: CourseNode }) => [e.node.id, e.node]));
}

describe("Course.myProgress", () => {
  it("counts the learner's completed lessons and names the next, as completions change", async () => {
    const token = stack.token("user_app_courses");
    const before = await coursesOf(token);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["hiragana", "katakana", "kanji-n5"]));
    const hiragana = before.hiragana;
    expect(hiragana.lessonIds).toEqual(hiragana.lessons.edges.map((e) => e.node.id));
    expect(hiragana.lessonIds[0]).toBe("hiragana-01");
    for (const course of Object.values(before))
      expect(course.myProgress).toMatchObject({
        lessonsCompleted: 0,
        lessonsTotal: course.lessonIds.length,
        nextLesson: { id: course.lessonIds[0] },
      });

    await complete(token, "hiragana-01");
    await complete(token, "hiragana-03");
    await complete(token, "hiragana-01"); // a repeat counts once
    let now = await coursesOf(token);
    expect(now.hiragana.myProgress).toMatchObject({
      lessonsCompleted: 2,
      lessonsTotal: hiragana.lessonIds.length,
      nextLesson: { id: "hiragana-02" },
    });
    expect(now.hiragana.myProgress!.nextLesson!.title).toMatch(/^Hiragana: /);
    expect(now.katakana.myProgress).toMatchObject({ lessonsCompleted: 0, nextLesson: { id: "katakana-01" } });

    for (const id of hiragana.lessonIds) if (id !== "hiragana-01" && id !== "hiragana-03") await complete(token, id);
    now = await coursesOf(token);
    expect(now.hiragana.myProgress).toEqual({
      lessonsCompleted: hiragana.lessonIds.length,
      lessonsTotal: hiragana.lessonIds.length,
      nextLesson: null,
    });

    // Another learner sees only their own progress; signed out there is none.
    const other = await coursesOf(stack.token("user_app_courses_other"));
    expect(other.hiragana.myProgress).toMatchObject({ lessonsCompleted: 0, nextLesson: { id: "hiragana-01" } });
    const anonymous = await coursesOf();
    for (const course of Object.values(anonymous)) expect(course.myProgress).toBeNull();
  });

  it("costs the same statements for one course as for every course (batched, no N+1)", async () => {
    // Every course has a next lesson for this learner, so each answer fetches lesson titles too.
    const token = stack.token("user_app_courses_count");
    await complete(token, "hiragana-01");
    const query = `query($n: Int) { courses(first: $n) { edges { node { id myProgress { lessonsCompleted lessonsTotal nextLesson { id title } } } } } }`;
    let result: any;
    const all = await countStatements(async () => (result = await gql(stack.gatewayUrl, query, { token, variables: { n: 10 } })));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.courses.edges.length).toBeGreaterThanOrEqual(5);
    const one = await countStatements(() => gql(stack.gatewayUrl, query, { token, variables: { n: 1 } }));
    console.log(`SQL statements, every course with progress: ${JSON.stringify(all)}; one course: ${JSON.stringify(one)}`);
    expect(all).toEqual(one);
    expect(all.progress).toBeLessThanOrEqual(2);
  });
});

describe("Lesson.xpForCompletion", () => {
  it("is the first-completion XP until the learner completes the lesson, then the repeat XP", async () => {
    const token = stack.token("user_app_xp");
    const xpFor = async (t?: string) => {
      const r = await gql(stack.gatewayUrl, `{ lesson(id: "katakana-02") { xpForCompletion completedByMe } }`, { token: t });
      expect(r.body.errors).toBeUndefined();
      return r.body.data!.lesson.xpForCompletion as number;
    };
    const first = await xpFor(token);
    expect(first).toBe(10);
    const done = await complete(token, "katakana-02");
    expect(done.body.data!.completeLesson).toEqual({ xpAwarded: first, completion: { timesCompleted: 1 } });
    const repeat = await xpFor(token);
    expect(repeat).toBe(2);
    const again = await complete(token, "katakana-02");
    expect(again.body.data!.completeLesson).toEqual({ xpAwarded: repeat, completion: { timesCompleted: 2 } });
    expect(await xpFor(token)).toBe(repeat);
    // Someone else's completions are not the caller's; signed out it is what a first completion awards.
    expect(await xpFor(stack.token("user_app_xp_other"))).toBe(first);
    expect(await xpFor()).toBe(first);
  });
});

describe("User.nextReviewAt", () => {
  it("is null before any card, the earliest due after a lesson and after grading, and the learner's alone", async () => {
    const token = stack.token("user_next_review");
    const next = async (t = token) => (await gql(stack.gatewayUrl, `{ me { nextReviewAt } }`, { token: t })).body;
    await gql(stack.gatewayUrl, `mutation { updateProfile(input: { displayName: "Next" }) { id } }`, { token });
    expect((await next()).data).toEqual({ me: { nextReviewAt: null } });

    const lesson = await gql(stack.gatewayUrl, `{ lesson(id: "hiragana-03") { characters { id } } }`);
    const [first, second] = (lesson.body.data!.lesson.characters as { id: string }[]).map((c) => c.id);
    expect((await complete(token, "hiragana-03", [first, second])).body.errors).toBeUndefined();
    const dueNow = new Date((await next()).data!.me.nextReviewAt).getTime();
    expect(dueNow).toBeLessThanOrEqual(Date.now()); // new cards are due at once

    const graded = async (characterId: string) =>
      (
        await gql(stack.gatewayUrl, `mutation($id: ID!) { recordReview(input: { characterId: $id, rating: EASY }) { due } }`, {
          token,
          variables: { id: characterId },
        })
      ).body.data!.recordReview.due as string;
    const firstDue = await graded(first);
    const secondDue = await graded(second);
    const earliest = [firstDue, secondDue].sort()[0];
    expect(new Date((await next()).data!.me.nextReviewAt).toISOString()).toBe(new Date(earliest).toISOString());

    // Another learner cannot read it, even on a public profile's user.
    await gql(stack.gatewayUrl, `mutation { updateProfile(input: { profileVisibility: PUBLIC }) { id } }`, { token });
    const other = await gql(stack.gatewayUrl, `{ user(id: "user_next_review") { nextReviewAt } }`, {
      token: stack.token("user_someone_else"),
    });
    expect(codes(other)).toEqual(["FORBIDDEN"]);
  });
});

describe("Character.examples", () => {
  it("lists words written with the character, N5 first, bounded, and in one statement for a whole lesson", async () => {
    const r = await gql(stack.gatewayUrl, `{ character(literal: "日") { examples(first: 5) { written jlptLevel } } }`);
    expect(r.body.errors).toBeUndefined();
    const words = r.body.data!.character.examples as { written: string; jlptLevel: number | null }[];
    expect(words).toHaveLength(5);
    for (const w of words) expect(w.written).toContain("日");
    const levels = words.map((w) => w.jlptLevel ?? 0);
    expect(levels).toEqual([...levels].sort((a, b) => b - a)); // N5 (the easiest) first

    expect(codes(await gql(stack.gatewayUrl, `{ character(literal: "日") { examples(first: 6) { id } } }`))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(stack.gatewayUrl, `{ character(literal: "日") { examples(first: 0) { id } } }`))).toEqual(["BAD_USER_INPUT"]);

    const lesson = `{ lesson(id: "kanji-n5-01") { characters { literal examples { written } } } }`;
    let answer: Awaited<ReturnType<typeof gql>> | undefined;
    const cost = await countStatements(async () => (answer = await gql(stack.gatewayUrl, lesson)));
    const characters = answer!.body.data!.lesson.characters as { literal: string; examples: { written: string }[] }[];
    expect(characters.length).toBe(8);
    for (const c of characters) for (const w of c.examples) expect(w.written).toContain(c.literal);
    // The lesson, its characters and every character's examples: three statements, not one per character.
    expect(cost.content).toBeLessThanOrEqual(3);
  });
});
