import { randomUUID } from "node:crypto";
import type { Database } from "@learnloop/kit/internal";
import { analyticsDatabase, engines } from "./engines";
import { ensureMonthlyPartitions, monthStart, partitionName } from "../src/modules/tracking/partitions";
import { loadExperiments } from "../src/modules/experiments/experiment-config";
import { recordExposure, variantCounts } from "../src/modules/experiments/experiments.store";
import { insightsOf } from "../src/modules/insights/insights.service";
import { eraseUser, recordEvents, type TrackedEvent } from "../src/modules/tracking/tracking.store";
import { addNewCards, applyReview, upsertCharacters } from "../src/modules/cards/cards.store";

/**
 * The store's SQL (ADR 0031): monthly partitions of analytics.events, erasure and insights, on the
 * machine's PostgreSQL and on PGlite, the embedded default of `npm start`: both must take the same SQL.
 */
const event = (userId: string | null, occurredAt: Date): TrackedEvent => ({
  eventId: randomUUID(),
  type: "lesson.completed",
  version: 1,
  source: "server",
  userId,
  occurredAt,
  payload: { lessonId: "hiragana-01" },
});

describe.each(engines)("on %s", (_engine, start) => {
  const analytics = analyticsDatabase(start);
  let db: Database;
  beforeAll(() => void (db = analytics()));

  const partitions = async (): Promise<string[]> =>
    (
      await db.dataSource.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = '"analytics".events'::regclass ORDER BY c.relname`,
      )
    ).map((r: { relname: string }) => r.relname);
  const whereIs = async (eventId: string) =>
    (await db.dataSource.query(`SELECT tableoid::regclass::text AS partition FROM "analytics".events WHERE event_id = $1`, [eventId]))[0]
      ?.partition;

  it("creates last month to `ahead` months on, once, and routes rows by month", async () => {
    const now = new Date("2027-01-15T12:00:00Z");
    expect(await ensureMonthlyPartitions(db.dataSource, now, 2)).toEqual([
      "events_2026_12",
      "events_2027_01",
      "events_2027_02",
      "events_2027_03",
    ]);
    expect(await ensureMonthlyPartitions(db.dataSource, now, 2)).toEqual([]);
    expect(await partitions()).toEqual(["events_2026_12", "events_2027_01", "events_2027_02", "events_2027_03", "events_default"]);
    const january = event("user_p_1", new Date("2027-01-31T23:59:59.999Z"));
    const older = event("user_p_1", new Date("2026-06-01T00:00:00Z"));
    expect(await db.dataSource.transaction((tx) => recordEvents(tx, [january, older]))).toBe(2);
    expect(await whereIs(january.eventId)).toBe("analytics.events_2027_01");
    expect(await whereIs(older.eventId)).toBe("analytics.events_default");
  });

  it("a month created later takes the rows the DEFAULT partition held for it", async () => {
    const june = event("user_p_2", new Date("2026-06-10T00:00:00Z"));
    await db.dataSource.transaction((tx) => recordEvents(tx, [june]));
    expect(await whereIs(june.eventId)).toBe("analytics.events_default");
    expect(await ensureMonthlyPartitions(db.dataSource, new Date("2026-07-02T00:00:00Z"), 1)).toEqual([
      "events_2026_06",
      "events_2026_07",
      "events_2026_08",
    ]);
    expect(await whereIs(june.eventId)).toBe("analytics.events_2026_06");
    // The earlier test's row of 2026-06-01 moved too; the primary key holds in the new month.
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM "analytics".events_2026_06`);
    expect(n).toBe(2);
    await expect(db.dataSource.query(`INSERT INTO "analytics".events SELECT * FROM "analytics".events_2026_06 LIMIT 1`)).rejects.toThrow(
      /duplicate key/,
    );
  });

  it("erasing a user deletes their rows in every month and keeps their later events out", async () => {
    await eraseUser(db.dataSource.manager, "user_p_1");
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM "analytics".events WHERE user_id = 'user_p_1'`);
    expect(n).toBe(0);
    expect(await db.dataSource.transaction((tx) => recordEvents(tx, [event("user_p_1", new Date()), event(null, new Date())]))).toBe(1);
  });

  it("insights count the last 30 days, and weekdays in the learner's time zone", async () => {
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    const row = (type: string, at: Date, payload: Record<string, unknown>, source: "server" | "client" = "server"): TrackedEvent => ({
      ...event("user_p_3", at),
      type,
      source,
      payload,
    });
    // Monday 2026-11-30 20:30 UTC is Tuesday in Tokyo; placed in the window by moving it whole weeks.
    const monday = new Date("2026-11-30T20:30:00Z");
    while (monday.getTime() > Date.now()) monday.setUTCDate(monday.getUTCDate() - 7);
    while (Date.now() - monday.getTime() > 7 * 86_400_000) monday.setUTCDate(monday.getUTCDate() + 7);
    await db.dataSource.transaction((tx) =>
      recordEvents(tx, [
        row("progress.updated", ago(1), { cause: "REVIEW_RECORDED" }),
        row("progress.updated", ago(1), { cause: "LESSON_COMPLETED" }),
        row("progress.updated", ago(31), { cause: "REVIEW_RECORDED" }),
        row("lesson.completed", ago(2), { score: 0.25 }),
        row("lesson.completed", ago(3), { score: 0.75 }),
        row("client.session_end", monday, { durationSeconds: 90 }, "client"),
      ]),
    );
    const insights = await insightsOf(db.dataSource.manager, "user_p_3", "Asia/Tokyo");
    expect(insights).toMatchObject({ reviewsLast30Days: 1, lessonsCompletedLast30Days: 2, averageLessonScoreLast30Days: 0.5 });
    expect(insights.studyMinutesByWeekday.filter((d) => d.minutes > 0)).toEqual([{ weekday: "TUESDAY", minutes: 2 }]);
    expect((await insightsOf(db.dataSource.manager, "user_p_none", "UTC")).averageLessonScoreLast30Days).toBeNull();
  });

  it("keeps each card at its latest review whatever the order, counts every review, and buckets due days in the zone", async () => {
    const user = "user_p_cards";
    const review = (characterId: string, rating: "AGAIN" | "GOOD", reviewedAt: string, stability: number, due: string) => ({
      userId: user,
      characterId,
      lessonId: null,
      rating,
      state: rating === "AGAIN" ? ("RELEARNING" as const) : ("REVIEW" as const),
      stability,
      difficulty: 5,
      due,
      reps: 1,
      lapses: rating === "AGAIN" ? 1 : 0,
      elapsedDays: 0,
      reviewedAt,
    });
    const now = new Date();
    const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
    await upsertCharacters(db.dataSource.manager, {
      catalogueId: "learnloop",
      publicationId: randomUUID(),
      contentVersion: "test",
      characterIds: ["c-3042", "c-65e5"],
      characters: [
        { id: "c-3042", kind: "HIRAGANA", jlptLevel: null },
        { id: "c-65e5", kind: "KANJI", jlptLevel: 5 },
      ],
    });
    await db.dataSource.transaction(async (tx) => {
      // The later review lands first; the earlier one still counts, but leaves the card as it is.
      await applyReview(tx, review("c-3042", "GOOD", at(-1), 3, at(72)));
      await applyReview(tx, review("c-3042", "AGAIN", at(-2), 0.5, at(-1.5)));
      await applyReview(tx, review("c-65e5", "GOOD", at(-1), 8, at(24 * 20)));
      // A lesson's card for a reviewed character is not reset; a new one is due now.
      await addNewCards(tx, user, ["c-3042", "c-4e00"], now.toISOString());
    });
    const [kana] = await db.dataSource.query(
      `SELECT stability, lapses, reviews, correct FROM "analytics".review_cards WHERE user_id = $1 AND character_id = 'c-3042'`,
      [user],
    );
    expect(kana).toEqual({ stability: 3, lapses: 0, reviews: 2, correct: 1 });

    const insights = await insightsOf(db.dataSource.manager, user, "Pacific/Kiritimati", now);
    expect(insights.accuracyByKind.map((k) => [k.kind, k.reviews, k.correct])).toEqual([
      ["KANA", 2, 1],
      ["KANJI", 1, 1],
      ["VOCABULARY", 0, 0],
    ]);
    expect(insights.retention.cards).toBe(2);
    expect(insights.weakestItems.map((w) => w.character.id)).toEqual(["c-3042", "c-65e5"]);
    // Due in the learner's zone (UTC+14): c-4e00 today, c-3042 three days on; c-65e5 is beyond 14 days.
    const local = (ms: number) => new Date(ms + 14 * 3_600_000).toISOString().slice(0, 10);
    expect(insights.dueNext14Days[0].date).toBe(local(now.getTime()));
    expect(insights.dueNext14Days.filter((d) => d.count)).toEqual([
      { date: local(now.getTime()), count: 1 },
      { date: local(now.getTime() + 72 * 3_600_000), count: 1 },
    ]);

    await eraseUser(db.dataSource.manager, user);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM "analytics".review_cards WHERE user_id = $1`, [user]);
    expect(n).toBe(0);
  });

  it("experiments expose a user once, count conversions after exposure only, and lose an erased user (ADR 0035)", async () => {
    const experiment = loadExperiments(["entitlements.changed"]).get("plans-page-headline")!;
    const m = db.dataSource.manager;
    const paid = (userId: string, at: Date, plan = "PLUS"): TrackedEvent => ({
      ...event(userId, at),
      type: "entitlements.changed",
      payload: { plan },
    });
    expect(await recordExposure(m, experiment.key, "control", "user_x_1")).toBe(true);
    expect(await recordExposure(m, experiment.key, "control", "user_x_1")).toBe(false);
    expect(await recordExposure(m, experiment.key, "benefits", "user_x_2")).toBe(true);
    expect(await recordExposure(m, experiment.key, "benefits", "user_x_3")).toBe(true);
    const later = new Date(Date.now() + 60_000);
    await db.dataSource.transaction((tx) =>
      recordEvents(tx, [
        paid("user_x_1", new Date(Date.now() - 86_400_000)), // before exposure: not a conversion
        paid("user_x_2", later),
        paid("user_x_2", later, "PRO"), // a second conversion event of one user counts once
        paid("user_x_3", later, "FREE"), // not a paid plan
      ]),
    );
    const counts = async () => (await variantCounts(m, experiment)).sort((a, b) => a.variant.localeCompare(b.variant));
    expect(await counts()).toEqual([
      { variant: "benefits", exposures: 2, conversions: 1 },
      { variant: "control", exposures: 1, conversions: 0 },
    ]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM "analytics".events WHERE type = 'experiment.exposure'`);
    expect(n).toBe(3);
    await eraseUser(m, "user_x_2");
    expect(await counts()).toEqual([
      { variant: "benefits", exposures: 1, conversions: 0 },
      { variant: "control", exposures: 1, conversions: 0 },
    ]);
    expect(await recordExposure(m, experiment.key, "benefits", "user_x_2")).toBe(false);
  });
});

it("names months in UTC", () => {
  expect(partitionName(monthStart(new Date("2026-12-31T23:30:00-05:00")))).toBe("events_2027_01");
  expect(monthStart(new Date("2026-01-15T00:00:00Z"), -1).toISOString()).toBe("2025-12-01T00:00:00.000Z");
});
