import { randomUUID } from "node:crypto";
import type { Database } from "@learnloop/kit/internal";
import { reports } from "../src/modules/reports";
import { withinReportTimeout } from "../src/modules/reports/report-timeout";
import { ensureMonthlyPartitions } from "../src/modules/tracking/partitions";
import { eraseUser, recordEvents, type TrackedEvent } from "../src/modules/tracking/tracking.store";
import { analyticsDatabase, engines } from "./engines";

/**
 * The staff reports' SQL on chosen past instants (the gateway test drives each through the API on
 * today's): days and weeks without activity, trailing windows, cohorts, the funnel's steps,
 * drop-off and read rates, and a user erased with an anonymous row left behind.
 */
const at = (iso: string) => new Date(`${iso}Z`);
const row = (
  userId: string | null,
  type: string,
  when: string,
  payload: Record<string, unknown> = {},
  source: "server" | "client" = "server",
): TrackedEvent => ({
  eventId: randomUUID(),
  type,
  version: 1,
  source,
  userId,
  occurredAt: at(when),
  payload,
});
const n = { a1: randomUUID(), a2: randomUUID(), b1: randomUUID(), c1: randomUUID(), d1: randomUUID() };

const EVENTS: TrackedEvent[] = [
  // a: signs up Monday 2 March, two lessons, a 7-day streak, pays; back in week 2.
  row("rp_a", "user.created", "2026-03-02T10:00:00"),
  row("rp_a", "lesson.completed", "2026-03-02T10:05:00", { lessonId: "L1" }),
  row("rp_a", "notification.created", "2026-03-02T10:05:01", { notificationId: n.a1, category: "LESSON" }),
  row("rp_a", "lesson.completed", "2026-03-03T09:00:00", { lessonId: "L2" }),
  row("rp_a", "notification.created", "2026-03-03T09:00:01", { notificationId: n.a2, category: "LESSON" }),
  row("rp_a", "notification.read", "2026-03-04T08:00:00", { notificationId: n.a1, category: "LESSON" }),
  row("rp_a", "progress.updated", "2026-03-09T08:00:00", { cause: "REVIEW_RECORDED", currentStreak: 7 }),
  row("rp_a", "entitlements.changed", "2026-03-10T08:00:00", { plan: "PLUS", status: "ACTIVE" }),
  row("rp_a", "notification.read", "2026-03-12T08:00:00", { notificationId: n.a2, category: "LESSON" }),
  row("rp_a", "client.session_start", "2026-03-16T08:00:00", {}, "client"),
  // b: signs up Wednesday 4 March, one lesson twice, a 3-day milestone only, never back.
  row("rp_b", "user.created", "2026-03-04T10:00:00"),
  row("rp_b", "notification.created", "2026-03-04T10:00:01", { notificationId: n.b1, category: "WELCOME" }),
  row("rp_b", "notification.read", "2026-03-04T11:00:00", { notificationId: n.b1, category: "WELCOME" }),
  row("rp_b", "lesson.completed", "2026-03-04T12:00:00", { lessonId: "L1" }),
  row("rp_b", "lesson.completed", "2026-03-05T12:00:00", { lessonId: "L1" }),
  row("rp_b", "streak.milestone", "2026-03-05T12:00:01", { days: 3 }),
  // c: signs up the week after, a 7-day milestone, a plan past due (not paid), back in week 1.
  row("rp_c", "user.created", "2026-03-10T10:00:00"),
  row("rp_c", "notification.created", "2026-03-10T10:00:01", { notificationId: n.c1, category: "WELCOME" }),
  row("rp_c", "lesson.completed", "2026-03-10T11:00:00", { lessonId: "L1" }),
  row("rp_c", "streak.milestone", "2026-03-11T11:00:00", { days: 7 }),
  row("rp_c", "entitlements.changed", "2026-03-12T11:00:00", { plan: "PLUS", status: "PAST_DUE" }),
  row("rp_c", "progress.updated", "2026-03-17T11:00:00", { cause: "REVIEW_RECORDED", currentStreak: 1 }),
  // d: signs up and is erased; the anonymous deletion row stays.
  row("rp_d", "user.created", "2026-03-03T10:00:00"),
  row("rp_d", "lesson.completed", "2026-03-03T11:00:00", { lessonId: "L2" }),
  row("rp_d", "notification.created", "2026-03-03T11:00:01", { notificationId: n.d1, category: "LESSON" }),
  // e and f signed up before: e active 4 and 20 days before 2 March, f 28 days before.
  row("rp_e", "client.screen_view", "2026-02-10T12:00:00", { screen: "home" }, "client"),
  row("rp_e", "client.screen_view", "2026-02-26T12:00:00", { screen: "home" }, "client"),
  row("rp_f", "client.screen_view", "2026-02-02T12:00:00", { screen: "home" }, "client"),
];

describe.each(engines)("staff reports on %s", (engine, start) => {
  const analytics = analyticsDatabase(start);
  let db: Database;
  const run = <K extends keyof typeof reports>(name: K, from: string, to: string, ...rest: unknown[]) =>
    (reports[name] as (m: unknown, r: { from: Date; to: Date }, ...x: unknown[]) => Promise<unknown>)(
      db.dataSource.manager,
      { from: at(from), to: at(to) },
      ...rest,
    );

  beforeAll(async () => {
    db = analytics();
    await ensureMonthlyPartitions(db.dataSource, at("2026-03-15T00:00:00"), 1);
    await db.dataSource.transaction((tx) => recordEvents(tx, EVENTS));
    await db.dataSource.transaction(async (tx) => {
      await eraseUser(tx, "rp_d");
      await recordEvents(tx, [row(null, "user.deleted", "2026-03-05T00:00:00")]);
    });
  });

  it("DAU, WAU and MAU per UTC day, over trailing 7 and 30 days, without the erased user", async () => {
    expect(await run("activeUsers", "2026-03-02T00:00:00", "2026-03-05T00:00:00")).toEqual([
      { date: "2026-03-02", dau: 1, wau: 2, mau: 3 },
      { date: "2026-03-03", dau: 1, wau: 2, mau: 3 },
      { date: "2026-03-04", dau: 2, wau: 3, mau: 3 },
    ]);
    // A day without anyone is there with 0; a range cutting a day counts the day whole.
    expect(await run("activeUsers", "2026-01-01T12:00:00", "2026-01-02T00:00:01")).toEqual([
      { date: "2026-01-01", dau: 0, wau: 0, mau: 0 },
      { date: "2026-01-02", dau: 0, wau: 0, mau: 0 },
    ]);
  });

  it("weekly cohorts by the Monday of sign-up, with an empty week", async () => {
    expect(await run("retentionCohorts", "2026-03-02T00:00:00", "2026-03-23T00:00:00", 3)).toEqual([
      { cohortWeek: "2026-03-02", size: 2, retained: [1, 0.5, 0.5] },
      { cohortWeek: "2026-03-09", size: 1, retained: [1, 1, 0] },
      { cohortWeek: "2026-03-16", size: 0, retained: [0, 0, 0] },
    ]);
  });

  it("the funnel counts each step among those who passed the ones before", async () => {
    expect(await run("funnel", "2026-03-01T00:00:00", "2026-04-01T00:00:00")).toEqual([
      { step: "SIGNED_UP", users: 3, conversionFromPrevious: null },
      { step: "FIRST_LESSON", users: 3, conversionFromPrevious: 1 },
      { step: "SEVEN_DAY_STREAK", users: 2, conversionFromPrevious: 2 / 3 },
      { step: "PAID", users: 1, conversionFromPrevious: 0.5 },
    ]);
  });

  it("lessons: learners, completions, and the share who stopped after each", async () => {
    expect(await run("lessonCompletion", "2026-03-01T00:00:00", "2026-04-01T00:00:00")).toEqual([
      { lessonId: "L1", learners: 3, completions: 4, dropOff: 2 / 3 },
      { lessonId: "L2", learners: 1, completions: 1, dropOff: 1 },
    ]);
  });

  it("notifications sent in the range against those of them read", async () => {
    expect(await run("notificationEngagement", "2026-03-01T00:00:00", "2026-04-01T00:00:00")).toEqual([
      { category: "LESSON", sent: 2, read: 2, readRate: 1 },
      { category: "WELCOME", sent: 2, read: 1, readRate: 0.5 },
    ]);
  });

  if (engine === "PostgreSQL")
    it("each report reads only the months its range needs", async () => {
      const scanned = async (sql: () => Promise<unknown>) => {
        const seen = new Set<string>();
        const manager = db.dataSource.manager;
        const query = manager.query.bind(manager);
        // EXPLAIN of the report's own statement, with its parameters.
        (manager as { query: unknown }).query = async (text: string, params: unknown[]) => {
          const [{ "QUERY PLAN": plan }] = await query(`EXPLAIN (FORMAT JSON) ${text}`, params);
          JSON.stringify(plan).replace(/"Relation Name":"(events_[^"]+)"/g, (_m: string, name: string) => (seen.add(name), ""));
          return query(text, params);
        };
        try {
          await sql();
        } finally {
          (manager as { query: unknown }).query = query;
        }
        return [...seen].sort();
      };
      // Two March days need February (their 30 days) and March only.
      expect(await scanned(() => run("activeUsers", "2026-03-02T00:00:00", "2026-03-04T00:00:00"))).toEqual([
        "events_2026_02",
        "events_2026_03",
      ]);
      expect(await scanned(() => run("lessonCompletion", "2026-03-01T00:00:00", "2026-03-31T00:00:00"))).toEqual(["events_2026_03"]);
    });

  if (engine === "PostgreSQL")
    it("a report past its statement timeout is REPORT_TIMEOUT, and the timeout ends with its transaction", async () => {
      const manager = db.dataSource.manager;
      await expect(withinReportTimeout(manager, 100, (tx) => tx.query("SELECT pg_sleep(2)"))).rejects.toMatchObject({
        extensions: { code: "REPORT_TIMEOUT", timeoutMs: 100 },
      });
      // The same limit does not cut a report that is quick enough; the pool's connections keep no timeout.
      const [{ one }] = await withinReportTimeout(manager, 5_000, (tx) => tx.query("SELECT 1 AS one"));
      expect(one).toBe(1);
      const [{ statement_timeout }] = await manager.query("SHOW statement_timeout");
      expect(statement_timeout).toBe("0");
    });

  it("runs a report under the timeout to the same rows", async () => {
    const range = { from: at("2026-03-02T00:00:00"), to: at("2026-03-04T00:00:00") };
    const direct = await reports.activeUsers(db.dataSource.manager, range);
    expect(await withinReportTimeout(db.dataSource.manager, 30_000, (tx) => reports.activeUsers(tx, range))).toEqual(direct);
  });
});
