import { randomUUID } from "node:crypto";
import { createTestDatabase } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";
import { subgraph } from "../src";
import { eraseUser, recordEvents, type TrackedEvent } from "../src/modules/tracking/tracking.store";
import { loadTriageConfig, parseTriageConfig, type TriageConfig, type TriageRule } from "../src/modules/triage/triage.config";
import { evaluateLearner, listFlags, stoppedAfterSignupCandidates, type StrugglingPayload } from "../src/modules/triage/triage.store";

/**
 * The struggle triage rules (ADR 0034) over analytics.events on the machine's PostgreSQL: each of
 * the four fires at its threshold and not just below it, with its reason and score; the cool-down,
 * the sweep's candidates, erasure and the staff list's order.
 */
const NOW = new Date("2027-03-10T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const config: TriageConfig = parseTriageConfig({
  cooldownDays: 7,
  rules: [
    { id: "lapses-rising", enabled: true, threshold: 3, windowDays: 7, weight: 0.4, suggestion: "REPEAT_LAST_LESSON" },
    { id: "again-streak", enabled: true, threshold: 4, windowDays: 2, weight: 0.3, suggestion: "SHORT_REVIEW_SESSION" },
    { id: "streak-broken", enabled: true, threshold: 7, resetAtMost: 1, windowDays: 2, weight: 0.25, suggestion: "SHORT_REVIEW_SESSION" },
    { id: "stopped-after-signup", enabled: true, threshold: 3, windowDays: 30, weight: 0.5, suggestion: "RESUME_FIRST_LESSON" },
  ],
});
/** The configuration with only one rule on, so each test sees one rule's verdict. */
const only = (id: TriageRule["id"]): TriageConfig => ({ ...config, rules: config.rules.map((r) => ({ ...r, enabled: r.id === id })) });

let server: { url: string; drop(): Promise<void> };
let db: Database;
beforeAll(async () => {
  server = await createTestDatabase();
  db = new Database({ schema: "analytics", url: server.url, ...subgraph.database, poolSize: 2, logger: createLogger("test", "silent") });
  await db.start();
}, 60_000);
afterAll(async () => {
  await db?.stop();
  await server?.drop();
});

const store = (rows: TrackedEvent[]) => db.dataSource.transaction((tx) => recordEvents(tx, rows));
const row = (userId: string, type: string, occurredAt: Date, payload: Record<string, unknown>): TrackedEvent => ({
  eventId: randomUUID(),
  type,
  version: 1,
  source: "server",
  userId,
  occurredAt,
  payload,
});
/** A review.recorded row as analytics keeps it: the payload without userId and reviewedAt (columns). */
const review = (userId: string, at: Date, characterId: string, rating: string, lapses: number) =>
  row(userId, "review.recorded", at, { characterId, rating, state: rating === "AGAIN" ? "RELEARNING" : "REVIEW", lapses, reps: 5 });
const progress = (userId: string, at: Date, currentStreak: number) =>
  row(userId, "progress.updated", at, { cause: "LESSON_COMPLETED", xp: 100, xpAwarded: 10, level: 2, currentStreak });
const signUp = (userId: string, at: Date) => row(userId, "user.created", at, { locale: "en", timezone: "UTC" });

async function evaluate(userId: string, cfg: TriageConfig, now = NOW) {
  const published: StrugglingPayload[] = [];
  const flag = await db.dataSource.transaction((tx) => evaluateLearner(tx, userId, cfg, now, async (p) => void published.push(p)));
  return { flag, published };
}

describe("lapses-rising", () => {
  it("counts lapses gained in the window from each card's count before it, and fires at the threshold", async () => {
    // Card a: 1 lapse before the window, 3 at its highest in it (+2); card b first seen in the window with 1 (+1).
    await store([
      review("user_lapse", ago(10), "a", "AGAIN", 1),
      review("user_lapse", ago(3), "a", "AGAIN", 2),
      review("user_lapse", ago(2), "a", "AGAIN", 3),
      review("user_lapse", ago(1), "a", "GOOD", 3),
    ]);
    expect((await evaluate("user_lapse", only("lapses-rising"))).flag).toBeNull(); // 2, below 3
    await store([review("user_lapse", ago(1), "b", "AGAIN", 1)]);
    const { flag, published } = await evaluate("user_lapse", only("lapses-rising"));
    expect(flag?.reasons).toEqual([
      {
        rule: "lapses-rising",
        value: 3,
        threshold: 3,
        explanation: "Forgot cards already learned 3 times in the last 7 days (flagged at 3 or more).",
      },
    ]);
    expect(flag?.score).toBe(0.4);
    expect(published).toEqual([
      {
        userId: "user_lapse",
        score: 0.4,
        reasons: [{ rule: "lapses-rising", value: 3, threshold: 3 }],
        suggestion: "REPEAT_LAST_LESSON",
        flaggedAt: NOW.toISOString(),
      },
    ]);
  });
});

describe("again-streak", () => {
  it("counts AGAIN answers in a row back from the latest review, and fires at the threshold", async () => {
    await store([
      review("user_again", ago(1.5), "a", "AGAIN", 0),
      review("user_again", ago(1.4), "b", "GOOD", 0), // breaks the run: the AGAIN before it does not count
      ...[1.3, 1.2, 1.1].map((d, i) => review("user_again", ago(d), `c${i}`, "AGAIN", 0)),
    ]);
    expect((await evaluate("user_again", only("again-streak"))).flag).toBeNull(); // 3 in a row, below 4
    await store([review("user_again", ago(1), "d", "AGAIN", 0)]);
    const { flag } = await evaluate("user_again", only("again-streak"));
    expect(flag?.reasons).toEqual([
      {
        rule: "again-streak",
        value: 4,
        threshold: 4,
        explanation: "Answered AGAIN 4 times in a row in the last 2 days (flagged at 4 or more).",
      },
    ]);
    expect(flag).toMatchObject({ score: 0.3, suggestion: "SHORT_REVIEW_SESSION" });
  });
});

describe("streak-broken", () => {
  it("fires when a streak of the threshold or more falls to resetAtMost, and not for a shorter one", async () => {
    await store([progress("user_streak_6", ago(1.2), 6), progress("user_streak_6", ago(0.1), 1)]);
    expect((await evaluate("user_streak_6", only("streak-broken"))).flag).toBeNull();
    await store([progress("user_streak_7", ago(1.2), 7), progress("user_streak_7", ago(0.1), 1)]);
    const { flag } = await evaluate("user_streak_7", only("streak-broken"));
    expect(flag?.reasons).toEqual([
      {
        rule: "streak-broken",
        value: 7,
        threshold: 7,
        explanation: "A 7-day streak broke (back to 1 or less; flagged for streaks of 7 days or more).",
      },
    ]);
    expect(flag?.score).toBe(0.25);
  });

  it("does not fire when the streak goes on, fell only to 2, or broke before the window", async () => {
    await store([progress("user_streak_on", ago(1.2), 9), progress("user_streak_on", ago(0.1), 10)]);
    await store([progress("user_streak_2", ago(1.2), 9), progress("user_streak_2", ago(0.1), 2)]);
    await store([progress("user_streak_old", ago(5), 9), progress("user_streak_old", ago(3), 1)]);
    for (const userId of ["user_streak_on", "user_streak_2", "user_streak_old"])
      expect((await evaluate(userId, only("streak-broken"))).flag).toBeNull();
  });
});

describe("stopped-after-signup", () => {
  it("fires from the threshold's day on for a learner who never studied, and the sweep finds them", async () => {
    await store([signUp("user_stopped_2", ago(2.9)), signUp("user_stopped_3", ago(3)), signUp("user_studied", ago(5))]);
    await store([progress("user_studied", ago(4), 1)]);
    expect(await stoppedAfterSignupCandidates(db.dataSource.manager, config, NOW)).toEqual(["user_stopped_3"]);
    expect((await evaluate("user_stopped_2", only("stopped-after-signup"))).flag).toBeNull();
    expect((await evaluate("user_studied", only("stopped-after-signup"))).flag).toBeNull();
    const { flag } = await evaluate("user_stopped_3", only("stopped-after-signup"));
    expect(flag).toMatchObject({ score: 0.5, suggestion: "RESUME_FIRST_LESSON" });
    expect(flag?.reasons).toEqual([
      {
        rule: "stopped-after-signup",
        value: 3,
        threshold: 3,
        explanation: "Signed up 3 days ago and has not studied since (flagged after 3 days).",
      },
    ]);
    // Flagged: the cool-down keeps them out of the next sweep.
    expect(await stoppedAfterSignupCandidates(db.dataSource.manager, config, NOW)).toEqual([]);
  });

  it("is off when disabled", async () => {
    await store([signUp("user_stopped_off", ago(4))]);
    const off = { ...config, rules: config.rules.map((r) => ({ ...r, enabled: false })) };
    expect(await stoppedAfterSignupCandidates(db.dataSource.manager, off, NOW)).toEqual([]);
    expect((await evaluate("user_stopped_off", off)).flag).toBeNull();
  });
});

describe("flags", () => {
  it("sum the weights of every rule that fired, suggest the heaviest's step, and wait out the cool-down per rule", async () => {
    await store([progress("user_both", ago(1.2), 12), progress("user_both", ago(0.1), 1)]);
    await store([1, 0.9, 0.8, 0.7].map((d, i) => review("user_both", ago(d), `k${i}`, "AGAIN", 1)));
    const first = await evaluate("user_both", config);
    // lapses-rising (4 >= 3, 0.4), again-streak (4, 0.3), streak-broken (12, 0.25).
    expect(first.flag?.reasons.map((r) => r.rule)).toEqual(["lapses-rising", "again-streak", "streak-broken"]);
    expect(first.flag).toMatchObject({ score: 0.95, suggestion: "REPEAT_LAST_LESSON" });
    // The same reasons within the cool-down: no new flag, nothing published.
    expect(await evaluate("user_both", config, new Date(NOW.getTime() + 6 * DAY))).toEqual({ flag: null, published: [] });
    expect(await evaluate("user_both", config, new Date(NOW.getTime() + 7 * DAY + 1))).toMatchObject({ flag: null }); // windows passed
  });

  it("flag again within the cool-down for a new reason, with every rule that fires then", async () => {
    await store([progress("user_new_reason", ago(1.2), 8), progress("user_new_reason", ago(0.5), 1)]);
    expect((await evaluate("user_new_reason", config)).flag?.reasons.map((r) => r.rule)).toEqual(["streak-broken"]);
    const later = new Date(NOW.getTime() + 0.4 * DAY);
    await store([0.3, 0.2, 0.1, 0].map((d, i) => review("user_new_reason", new Date(later.getTime() - d * DAY), `n${i}`, "AGAIN", 0)));
    const { flag, published } = await evaluate("user_new_reason", config, later);
    expect(flag).toMatchObject({ score: 0.55, flaggedAt: later });
    expect(published[0].reasons.map((r) => r.rule)).toEqual(["again-streak", "streak-broken"]);
  });

  it("are listed highest score first, then latest, with cursors; erasing the learner removes theirs", async () => {
    const all = await listFlags(db.dataSource.manager, 100, null);
    const scores = all.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const [head, ...tail] = all;
    expect(await listFlags(db.dataSource.manager, 100, head)).toEqual(tail);
    expect(all.map((f) => f.userId)).toContain("user_lapse");
    await db.dataSource.transaction((tx) => eraseUser(tx, "user_lapse"));
    expect((await listFlags(db.dataSource.manager, 100, null)).map((f) => f.userId)).not.toContain("user_lapse");
    // An erased learner is never flagged again.
    expect((await evaluate("user_lapse", config, new Date(NOW.getTime() + 30 * DAY))).flag).toBeNull();
  });
});

describe("the default rules file", () => {
  it("is a valid configuration with the four rules", () => {
    expect(loadTriageConfig().rules.map((r) => r.id)).toEqual(["lapses-rising", "again-streak", "streak-broken", "stopped-after-signup"]);
  });
});
