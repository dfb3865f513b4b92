import { catalogueOutbox, importContent, publishCatalogueIfBehind } from "@learnloop/subgraph-content";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * Mutations refer only to what exists: progress checks lesson and character ids against its read
 * model of content's catalogue, fed by catalogue.* events (ADR 0011), and commits nothing otherwise.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const progressDb = () => stack.subgraphs.progress.db.dataSource;
const contentDb = () => stack.subgraphs.content.db.dataSource;
const readyUrl = () => stack.subgraphs.progress.url.replace(/\/graphql$/, "/ready");

const complete = (userId: string, lessonId: string, learnedCharacterIds?: string[]) =>
  gql(
    stack.gatewayUrl,
    `mutation($id: ID!, $ids: [ID!]) { completeLesson(input: { lessonId: $id, learnedCharacterIds: $ids }) { xpAwarded newReviewItems } }`,
    { token: stack.token(userId), variables: { id: lessonId, ids: learnedCharacterIds } },
  );
const review = (userId: string, characterId: string) =>
  gql(stack.gatewayUrl, `mutation($id: ID!) { recordReview(input: { characterId: $id, rating: GOOD }) { id } }`, {
    token: stack.token(userId),
    variables: { id: characterId },
  });
const state = (userId: string) =>
  gql(stack.gatewayUrl, `{ me { xp } reviewQueue { id character { literal } } }`, { token: stack.token(userId) });

/** Everything a refused mutation must not have written, read straight from progress's tables and the event log. */
async function footprint(userId: string) {
  const count = async (sql: string) => Number((await progressDb().query(sql, [userId]))[0].n);
  return {
    completions: await count(`SELECT count(*) AS n FROM progress.lesson_completions WHERE user_id = $1`),
    cards: await count(`SELECT count(*) AS n FROM progress.review_cards WHERE user_id = $1`),
    activities: await count(`SELECT count(*) AS n FROM progress.activities WHERE user_id = $1`),
    outbox: await count(`SELECT count(*) AS n FROM progress.outbox WHERE key = $1`),
    published: await count(`SELECT count(*) AS n FROM eventlog.messages WHERE key = $1 AND topic = 'learnloop.progress.v1'`),
  };
}
const NOTHING = { completions: 0, cards: 0, activities: 0, outbox: 0, published: 0 };

describe("references that do not exist", () => {
  it("progress holds the whole catalogue once the stack is up", async () => {
    const [held] = await progressDb().query(
      `SELECT (SELECT count(*) FROM progress.catalogue_lessons)::int AS lessons, (SELECT count(*) FROM progress.catalogue_characters)::int AS characters`,
    );
    const [source] = await contentDb().query(
      `SELECT (SELECT count(*) FROM content.lessons)::int AS lessons, (SELECT count(*) FROM content.characters)::int AS characters`,
    );
    expect(source).toEqual({ lessons: 87, characters: 13250 });
    expect(held).toEqual(source);
    const [{ ms }] = await progressDb().query(
      `SELECT round(extract(epoch FROM (SELECT received_at FROM progress.catalogue_state) - (SELECT published_at FROM content.catalogue_publications)) * 1000) AS ms`,
    );
    console.log(
      `catalogue reached progress ${ms} ms after content wrote it to its outbox (progress starts after content, so this includes its start)`,
    );
    expect((await fetch(readyUrl())).status).toBe(200);
  });

  it("completeLesson with an invented lessonId is NOT_FOUND and commits nothing", async () => {
    const user = "user_ref_invented";
    const r = await complete(user, "kanji-n5-999", ["c-65e5"]);
    expect(codes(r)).toEqual(["NOT_FOUND"]);
    expect(r.body.errors![0].message).toContain("kanji-n5-999");
    expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
    expect((await state(user)).body).toEqual({ data: { me: { xp: 0 }, reviewQueue: [] } });
    expect(await footprint(user)).toEqual(NOTHING);
  });

  it("characters that are not the lesson's are BAD_USER_INPUT, named, and nothing is committed", async () => {
    const user = "user_ref_strangers";
    // c-65e5 (日) is in kanji-n5-01; c-3042 (あ) exists but is hiragana; c-10ffff is well formed and exists nowhere.
    const r = await complete(user, "kanji-n5-01", ["c-65e5", "c-3042", "c-10ffff"]);
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.body.errors![0].extensions!.invalidIds).toEqual(["c-3042", "c-10ffff"]);
    expect(r.body.errors![0].message).toMatch(/c-3042, c-10ffff/);
    expect((await state(user)).body).toEqual({ data: { me: { xp: 0 }, reviewQueue: [] } });
    expect(await footprint(user)).toEqual(NOTHING);
  });

  it("recordReview of a character that does not exist is NOT_FOUND: no xp, no card", async () => {
    const user = "user_ref_review";
    const r = await review(user, "c-10ffff");
    expect(codes(r)).toEqual(["NOT_FOUND"]);
    expect((await state(user)).body).toEqual({ data: { me: { xp: 0 }, reviewQueue: [] } });
    expect(await footprint(user)).toEqual(NOTHING);
  });

  it("a valid completion still awards xp and queues the lesson's characters; the queue has data and no errors", async () => {
    const user = "user_ref_valid";
    for (const attempt of [complete(user, "nope-01"), complete(user, "hiragana-01", ["c-65e5"]), review(user, "c-10ffff")])
      expect((await attempt).body.errors).toHaveLength(1);
    const r = await complete(user, "hiragana-01", ["c-3042", "c-3044"]);
    expect(r.body).toEqual({ data: { completeLesson: { xpAwarded: 10, newReviewItems: 2 } } });
    const after = await state(user);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data!.me).toEqual({ xp: 10 });
    expect(after.body.data!.reviewQueue.map((i: any) => i.character.literal).sort()).toEqual(["あ", "い"]);
    // Omitted learnedCharacterIds: the completion counts, and no cards are added.
    expect((await complete(user, "hiragana-02")).body).toEqual({ data: { completeLesson: { xpAwarded: 10, newReviewItems: 0 } } });
  });

  it("reviewQueue skips cards of characters progress does not know (rows from before the check), never data: null", async () => {
    const user = "user_ref_legacy";
    expect((await complete(user, "kanji-n5-01", ["c-65e5"])).body.errors).toBeUndefined();
    await progressDb().query(
      `INSERT INTO progress.review_cards (user_id, character_id, lesson_id, due, stability, difficulty, elapsed_days, scheduled_days,
         learning_steps, reps, lapses, state) VALUES ($1, 'c-10ffff', NULL, now() - interval '1 day', 0, 0, 0, 0, 0, 0, 0, 0)`,
      [user],
    );
    const r = await state(user);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ me: { xp: 10 }, reviewQueue: [{ id: "c-65e5", character: { literal: "日" } }] });
  });
});

describe("the catalogue as progress receives it", () => {
  it("without a catalogue progress is not ready and refuses with a retryable CATALOGUE_NOT_READY; content's backfill restores it", async () => {
    const user = "user_ref_not_ready";
    await progressDb().query(`DELETE FROM progress.catalogue_state`);
    expect((await fetch(readyUrl())).status).toBe(503);
    for (const r of [await complete(user, "hiragana-01", ["c-3042"]), await review(user, "c-3042")]) {
      expect(codes(r)).toEqual(["CATALOGUE_NOT_READY"]);
      expect(r.body.errors![0].extensions!.retryable).toBe(true);
    }
    expect(codes(await state(user))).toEqual(["CATALOGUE_NOT_READY"]);
    expect(await footprint(user)).toEqual(NOTHING);

    // A deployment imported before content published anything: its next start finds no publication of that version.
    await contentDb().query(`DELETE FROM content.catalogue_publications`);
    const started = Date.now();
    const publication = await publishCatalogueIfBehind(contentDb().manager, catalogueOutbox());
    expect(publication).toMatchObject({ lessons: 87, characters: 13250, events: 1 + 7 + 1 });
    expect(await publishCatalogueIfBehind(contentDb().manager, catalogueOutbox())).toBeNull(); // caught up
    await waitFor(async () => (await fetch(readyUrl())).status === 200, 15_000, "progress to be ready again");
    console.log(
      `backfill: 9 catalogue events (87 lessons, 13,250 characters) written and applied by progress in ${Date.now() - started} ms`,
    );
    expect((await complete(user, "hiragana-01", ["c-3042"])).body).toEqual({
      data: { completeLesson: { xpAwarded: 10, newReviewItems: 1 } },
    });
  });

  it("a re-import of a changed catalogue reaches progress: a new lesson exists, a removed character leaves its lesson", async () => {
    const user = "user_ref_reimport";
    // The changed rows only: the import upserts them, then publishes the whole catalogue as its tables now hold it.
    const rows = async (id: string) =>
      (
        await contentDb().query(
          `SELECT id, course_id, unit_id, title, kind, position, sort_key, character_ids, vocabulary_ids FROM content.lessons WHERE id = $1`,
          [id],
        )
      )[0];
    const extra = {
      ...(await rows("kanji-n5-01")),
      id: "kanji-n5-extra",
      title: "Extra",
      position: 99,
      sort_key: 999,
      character_ids: ["c-65e5", "c-6708"],
    };
    const hiragana = await rows("hiragana-01");
    expect(hiragana.character_ids).toContain("c-304a");
    hiragana.character_ids = hiragana.character_ids.filter((id: string) => id !== "c-304a");
    const curriculum = { characters: [], vocabulary: [], courses: [], units: [], lessons: [hiragana, extra] };
    expect(codes(await complete(user, "kanji-n5-extra", ["c-6708"]))).toEqual(["NOT_FOUND"]);

    const result = await importContent(contentDb().manager, {
      force: true,
      version: "test-reimport.1",
      publisher: catalogueOutbox(),
      curriculum: () => curriculum,
    });
    expect(result.publication).toMatchObject({ contentVersion: "test-reimport.1", lessons: 88 });
    await waitFor(
      async () =>
        (await progressDb().query(`SELECT content_version FROM progress.catalogue_state`))[0]?.content_version === "test-reimport.1",
      15_000,
      "the re-imported catalogue to reach progress",
    );
    expect((await complete(user, "kanji-n5-extra", ["c-6708"])).body).toEqual({
      data: { completeLesson: { xpAwarded: 10, newReviewItems: 1 } },
    });
    const refused = await complete(user, "hiragana-01", ["c-304a"]);
    expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);
    expect(refused.body.errors![0].extensions!.invalidIds).toEqual(["c-304a"]);
  });
});
