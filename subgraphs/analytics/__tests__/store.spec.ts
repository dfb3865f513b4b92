import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";
import { subgraph } from "../src";
import { ensureMonthlyPartitions, monthStart, partitionName } from "../src/modules/tracking/partitions";
import { loadExperiments } from "../src/modules/experiments/experiment-config";
import { recordExposure, variantCounts } from "../src/modules/experiments/experiments.store";
import { insightsOf } from "../src/modules/insights/insights.service";
import { eraseUser, recordEvents, type TrackedEvent } from "../src/modules/tracking/tracking.store";

/**
 * The store's SQL (ADR 0031): monthly partitions of analytics.events, erasure and insights, on the
 * machine's PostgreSQL and on PGlite, the embedded default of `npm start`: both must take the same SQL.
 */
async function startPglite(): Promise<{ url: string; stop(): void }> {
  // PGlite loads its WebAssembly with a dynamic import(), which Jest's sandbox refuses: it runs from the build, as a process.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "analytics-pglite-"));
  const entry = path.join(__dirname, "..", "..", "..", "packages", "embedded-postgres", "dist", "index.js");
  const script = `require(${JSON.stringify(entry)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, "data"))} }).then((p) => console.log(p.url))`;
  const server: ChildProcess = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    server.once("exit", (code) => reject(new Error(`embedded postgres exited with ${code}`)));
  });
  return {
    url,
    stop: () => {
      server.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const engines: [string, () => Promise<{ url: string; stop(): unknown }>][] = [
  ["PostgreSQL", async () => ({ ...(await createTestDatabase()), stop() {} })],
  ["PGlite", startPglite],
];

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
  let server: { url: string; stop(): unknown; drop?: () => Promise<void> };
  let db: Database;
  beforeAll(async () => {
    server = await start();
    db = new Database({ schema: "analytics", url: server.url, ...subgraph.database, poolSize: 2, logger: createLogger("test", "silent") });
    await db.start();
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
    await server?.drop?.();
    server?.stop();
  });

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
