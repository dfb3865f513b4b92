import path from "node:path";
import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { byWeekday, weekdayName } from "../../clients/web/src/pages/insights/weekdays";
import { lastDays } from "../../clients/web/src/pages/reports/range";
import { expectNoSeriousViolations, formatAxeSummary, writeAxeSummary } from "../support/axe";
import { ARTIFACTS_DIR, buildWebClient, launchChromium, openPage, serveStatic } from "../support/browser";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { gql, startStack, type TestStack } from "../support/stack";
import { subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";
import { signInWithDevToken } from "../support/web-pages";

/**
 * Issue 16, item 7: the Insights page's charts (recharts, through @mantine/charts) drawn from
 * figures this test makes through the gateway itself: client sessions sent with `track`, a lesson
 * completed with a score, reviews recorded. The production build, locked to the persisted
 * manifest, in Debian's Chromium; axe on each page; screenshots in artifacts/browser/insights-*.png.
 * The staff Reports page: in the navigation of administrators only, FORBIDDEN for a learner; for
 * an admin its line chart, cohort heat map and funnel hold the figures the gateway gives for the
 * learners this test made. The client's own tracker reaches the gateway (`track`). A Free learner
 * is shown the way to the plans instead of insights.
 */
let stack: TestStack;
let browser: Browser;
let site: { origin: string; close(): Promise<void> };
let siteDir = "";
const shots: string[] = [];

beforeAll(async () => {
  site = await serveStatic(() => siteDir);
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: site.origin } });
  siteDir = await buildWebClient({ VITE_GATEWAY_URL: stack.gatewayUrl, VITE_PERSISTED: "locked" });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  if (browser) {
    writeAxeSummary();
    console.log(formatAxeSummary());
    console.log(`screenshots:\n${shots.map((s) => `  ${s}`).join("\n")}`);
  }
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

const run = async (userId: string, query: string, variables?: Record<string, unknown>, roles?: string[]) =>
  (await gql(stack.gatewayUrl, query, { token: stack.token(userId, roles ? { roles } : {}), variables })).body;
const api = async (userId: string, query: string, variables?: Record<string, unknown>) => {
  const body = await run(userId, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
};

const INSIGHTS = `{ me { insights { reviewsLast30Days lessonsCompletedLast30Days averageLessonScoreLast30Days
  studyMinutesByWeekday { weekday minutes } } } }`;
/** The insights the newer sections draw, as the test reads them through the gateway. */
const MORE_INSIGHTS = `{ me { insights { accuracyByJlptLevel { jlptLevel reviews accuracy } accuracyByKind { kind reviews accuracy }
  retention { cards predictedRecallNow } studyMinutesByHour { hour minutes } dueNext14Days { date count }
  weakestItems { character { literal } predictedRecallNow } } } }`;
const TRACK = `mutation($events: [ClientEventInput!]!) { track(events: $events) { accepted } }`;
const ZONE = "Asia/Tokyo";
const DAY_MS = 86_400_000;

/** `hour`:00 in Tokyo (UTC+9, no daylight saving) on the Tokyo calendar day `daysAgo` before today. */
function inTokyo(daysAgo: number, hour: number): Date {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00+09:00`) - daysAgo * DAY_MS + hour * 3_600_000);
}

/** The weekday an instant falls on in the learner's zone, as the API names it. */
const weekdayIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { weekday: "long", timeZone }).format(at).toUpperCase() as "MONDAY";

// Reduced motion: the bars are drawn at their height at once (the charts skip recharts' animation then).
const open = (options: BrowserContextOptions = {}) =>
  openPage(browser, { viewport: { width: 1200, height: 900 }, reducedMotion: "reduce", ...options });

/** A screenshot of one element (a chart's card), as artifacts/browser/<name>.png. */
async function shoot(page: Page, testId: string, name: string) {
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.getByTestId(testId).screenshot({ path: file });
  shots.push(path.relative(process.cwd(), file));
}

/** The ids of the audit trail's `track` entries for a user (analytics audits each track call), read by an admin. */
async function trackAudits(userId: string): Promise<string[]> {
  const body = await run(
    "user_charts_admin",
    `query($id: ID!) { analyticsAuditTrail(targetId: $id, first: 100) { edges { node { id mutation changes } } } }`,
    { id: userId },
    ["admin"],
  );
  expect(body.errors).toBeUndefined();
  const entries = body.data!.analyticsAuditTrail.edges as { node: { id: string; mutation: string; changes: string } }[];
  return entries.filter((e) => e.node.mutation === "track").map((e) => e.node.id);
}

/** axe on the page as it is, then a full-page screenshot whose path the run prints. */
async function check(page: Page, name: string) {
  await page.getByTestId("loading").waitFor({ state: "detached" });
  await expectNoSeriousViolations(page, `insights-${name}`);
  const file = path.join(ARTIFACTS_DIR, `insights-${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  shots.push(path.relative(process.cwd(), file));
}

/** The drawn bars of a chart, left to right: recharts draws none for a zero. */
async function bars(page: Page, testId: string): Promise<{ x: number; height: number }[]> {
  const boxes = await page
    .getByTestId(`${testId}-drawing`)
    .locator(".recharts-bar-rectangle path")
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x, height: r.height })));
  return boxes.sort((a, b) => a.x - b.x);
}

/** The figures table under a chart, row by row. */
const tableRows = (page: Page, testId: string) =>
  page
    .getByTestId(`${testId}-table`)
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? "").trim())));

describe("the Insights page", () => {
  const user = "user_charts_emi";
  // Sessions of the last week in the learner's zone: two on one day (they add up), one on each of two
  // other days; a session start and a screen view, which are not study time.
  const sessions = [
    { at: inTokyo(1, 12), seconds: 600 },
    { at: inTokyo(1, 20), seconds: 900 },
    { at: inTokyo(2, 9), seconds: 2_700 },
    { at: inTokyo(4, 18), seconds: 300 },
  ];
  const expected = byWeekday(sessions.map((s) => ({ weekday: weekdayIn(s.at, ZONE), minutes: s.seconds / 60 })));

  beforeAll(async () => {
    await api(user, `mutation { updateProfile(input: { displayName: "Emi", timezone: "${ZONE}" }) { id } }`);
    // Plus includes LEARNING_INSIGHTS (packages/kit's PLAN_FEATURES), which insights are to require.
    await subscribe(stack, (document) => run(user, document), user, FAKE_STRIPE_PRICES.plus);
    const { lesson } = await api(user, `{ lesson(id: "hiragana-01") { characters { id } } }`);
    const learned = (lesson.characters as { id: string }[]).slice(0, 2).map((c) => c.id);
    await api(user, `mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { xpAwarded } }`, {
      i: { lessonId: "hiragana-01", learnedCharacterIds: learned, score: 0.8 },
    });
    const review = (id: string, rating: string) =>
      api(user, `mutation($id: ID!, $r: ReviewRating!) { recordReview(input: { characterId: $id, rating: $r }) { id } }`, {
        id,
        r: rating,
      });
    for (const id of learned) await review(id, "GOOD");
    await review(learned[0], "AGAIN"); // forgotten once: accuracy 2 of 3, the weakest item first
    const events = [
      ...sessions.map((s) => ({ type: "SESSION_END", occurredAt: s.at.toISOString(), durationSeconds: s.seconds })),
      { type: "SESSION_START", occurredAt: inTokyo(3, 12).toISOString() },
      { type: "SCREEN_VIEW", occurredAt: inTokyo(3, 12).toISOString(), screen: "insights" },
    ];
    expect((await api(user, TRACK, { events })).track.accepted).toBe(events.length);
    // The server's events reach analytics through the outbox and the log: wait until it counts them all.
    await waitFor(
      async () => {
        const { data, errors } = await run(user, INSIGHTS);
        const i = data?.me?.insights;
        return !errors && i?.reviewsLast30Days === 3 && i.lessonsCompletedLast30Days === 1;
      },
      30_000,
      "the lesson and reviews in the learner's insights",
    );
    expect((await api(user, INSIGHTS)).me.insights).toEqual({
      reviewsLast30Days: 3,
      lessonsCompletedLast30Days: 1,
      averageLessonScoreLast30Days: 0.8,
      studyMinutesByWeekday: expected,
    });
  }, 60_000);

  it("draws a bar for each weekday studied, as tall as its minutes, with the figures in a table for screen readers", async () => {
    const { page, errors, close } = await open();
    try {
      await signInWithDevToken(page, site.origin, stack.token(user));
      await page.getByTestId("nav-insights").click();
      const chart = page.getByTestId("chart-weekday-minutes");
      await chart.waitFor();
      expect(await page.getByTestId("insights-reviews").textContent()).toBe("3");
      expect(await page.getByTestId("insights-lessons").textContent()).toBe("1");
      expect(await page.getByTestId("insights-average-score").textContent()).toBe("80%");

      // One drawn bar per weekday with minutes (three), in Monday-to-Sunday order, each as tall as its minutes.
      const studied = expected.filter((d) => d.minutes > 0);
      expect(studied).toHaveLength(3);
      await waitFor(async () => (await bars(page, "chart-weekday-minutes")).length === studied.length, 10_000, "the bars");
      const drawn = await bars(page, "chart-weekday-minutes");
      const pxPerMinute = drawn[0].height / studied[0].minutes;
      for (const [i, d] of studied.entries()) expect(drawn[i].height).toBeCloseTo(d.minutes * pxPerMinute, 0);
      expect(Math.max(...drawn.map((b) => b.height))).toBeGreaterThan(100); // a real drawing, not a sliver
      // The bars sit over their weekday's tick: the x-axis ticks in order, each studied bar under its own.
      const ticks = await chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").evaluateAll((els) =>
        els.map((el) => ({
          text: (el.textContent ?? "").trim(),
          x: el.getBoundingClientRect().x + el.getBoundingClientRect().width / 2,
        })),
      );
      expect(ticks.map((t) => t.text)).toEqual(expected.map((d) => weekdayName(d.weekday, "en")));
      for (const [i, d] of studied.entries()) {
        const tick = ticks[expected.indexOf(d)];
        expect(Math.abs(drawn[i].x - tick.x)).toBeLessThan(60);
      }

      // The drawing is one named image; the table says the same figures in words.
      const drawing = page.getByTestId("chart-weekday-minutes-drawing");
      expect(await drawing.getAttribute("role")).toBe("img");
      expect(await drawing.getAttribute("aria-label")).toBe(
        "Bar chart: Study minutes by weekday. Its figures are in the table that follows.",
      );
      expect(await tableRows(page, "chart-weekday-minutes")).toEqual(
        expected.map((d) => [weekdayName(d.weekday, "en"), `${d.minutes} min`]),
      );
      expect(await chart.getByRole("table", { name: "Study minutes by weekday" }).count()).toBe(1);
      await check(page, "weekday-chart");

      // In Japanese: the weekdays and units follow the language.
      await page.getByTestId("language-switch").getByText("日本語").click();
      await waitFor(async () => (await page.getByTestId("nav-insights").textContent()) === "分析", 10_000, "the Japanese navigation");
      expect(await tableRows(page, "chart-weekday-minutes")).toEqual(expected.map((d) => [weekdayName(d.weekday, "ja"), `${d.minutes}分`]));
      await check(page, "weekday-chart-ja");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it("draws the same in the dark theme and on a phone, where it fits the screen", async () => {
    const dark = await open({ colorScheme: "dark" });
    try {
      await signInWithDevToken(dark.page, site.origin, stack.token(user));
      await dark.page.goto(`${site.origin}/#/insights`);
      await waitFor(async () => (await bars(dark.page, "chart-weekday-minutes")).length === 3, 15_000, "the bars in the dark theme");
      await check(dark.page, "weekday-chart-dark");
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.close();
    }
    const phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await signInWithDevToken(phone.page, site.origin, stack.token(user));
      await phone.page.goto(`${site.origin}/#/insights`);
      await waitFor(async () => (await bars(phone.page, "chart-weekday-minutes")).length === 3, 15_000, "the bars on a phone");
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await check(phone.page, "weekday-chart-phone");
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 60_000);

  it("draws accuracy by level and kind, the 14 due days, the hours and the weakest characters; the tracker's events reach the gateway", async () => {
    const { insights } = (await api(user, MORE_INSIGHTS)).me;
    const kana = insights.accuracyByKind.find((k: { kind: string }) => k.kind === "KANA");
    expect(kana).toEqual({ kind: "KANA", reviews: 3, accuracy: 2 / 3 });
    expect(insights.dueNext14Days).toHaveLength(14);
    expect(insights.weakestItems.length).toBeGreaterThan(0);
    const pct = (share: number | null) => (share === null ? "–" : `${Math.round(share * 100)}%`);
    const kindName = { KANA: "Kana", KANJI: "Kanji", VOCABULARY: "Vocabulary" } as Record<string, string>;

    const { page, errors, close } = await open();
    try {
      await signInWithDevToken(page, site.origin, stack.token(user));
      const audited = (await trackAudits(user)).length;
      // The first test left Emi's profile in Japanese: back to English.
      await page.getByTestId("language-switch").getByText("English").click();
      await waitFor(async () => (await page.getByTestId("nav-insights").textContent()) === "Insights", 10_000, "the English navigation");
      await page.getByTestId("nav-insights").click();
      await page.getByTestId("chart-accuracy-kind").waitFor();
      expect(await tableRows(page, "chart-accuracy-kind")).toEqual(
        insights.accuracyByKind.map((k: { kind: string; reviews: number; accuracy: number | null }) => [
          kindName[k.kind],
          pct(k.accuracy),
          String(k.reviews),
        ]),
      );
      expect(await tableRows(page, "chart-accuracy-level")).toEqual(
        insights.accuracyByJlptLevel.map((l: { jlptLevel: number | null; reviews: number; accuracy: number | null }) => [
          l.jlptLevel === null ? "No level" : `N${l.jlptLevel}`,
          pct(l.accuracy),
          String(l.reviews),
        ]),
      );
      // Bars for the kinds with reviews (recharts draws none for a null): kana's 67%.
      await waitFor(async () => (await bars(page, "chart-accuracy-kind")).length === 1, 10_000, "the kana accuracy bar");
      expect((await bars(page, "chart-accuracy-level")).length).toBe(
        insights.accuracyByJlptLevel.filter((l: { accuracy: number | null }) => (l.accuracy ?? 0) > 0).length,
      );
      const due = await tableRows(page, "chart-due");
      expect(due).toHaveLength(14);
      expect(due.map((r) => r[1])).toEqual(insights.dueNext14Days.map((d: { count: number }) => String(d.count)));
      expect(await tableRows(page, "chart-hour-minutes")).toEqual(
        insights.studyMinutesByHour.map((h: { hour: number; minutes: number }) => [String(h.hour), `${h.minutes} min`]),
      );
      expect(await page.getByTestId("insights-cards").textContent()).toBe(String(insights.retention.cards));
      expect(await page.getByTestId("insights-recall").textContent()).toBe(pct(insights.retention.predictedRecallNow));
      const literals = await page.getByTestId("weak-item-literal").allTextContents();
      expect(literals).toEqual(insights.weakestItems.map((w: { character: { literal: string } }) => w.character.literal));
      expect(await page.getByTestId("weak-item-recall").first().textContent()).toBe(
        `${pct(insights.weakestItems[0].predictedRecallNow)} recall now`,
      );
      await check(page, "full");

      // The tab goes away: the tracker sends the session (start, screen views, end) with keepalive, through the gateway.
      const sent = page.waitForResponse((r) => r.request().method() === "POST" && r.request().postDataJSON()?.operationName === "Track");
      await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pagehide")));
      const response = await sent;
      const request = response.request().postDataJSON() as {
        variables: { events: { type: string; screen?: string; durationSeconds?: number }[] };
      };
      const events = request.variables.events;
      expect(events.map((e) => e.type)).toEqual(["SESSION_START", "SCREEN_VIEW", "SCREEN_VIEW", "SESSION_END"]);
      expect(events.filter((e) => e.type === "SCREEN_VIEW").map((e) => e.screen)).toEqual(["courses", "insights"]);
      expect(events[3].durationSeconds).toBeGreaterThanOrEqual(0);
      expect(await response.json()).toEqual({ data: { track: { accepted: events.length, __typename: "TrackResult" } } });
      // Analytics stored them: its audit trail has one more track call for the learner.
      await waitFor(async () => (await trackAudits(user)).length === audited + 1, 10_000, "the tracker's call in the audit trail");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);
});

describe("the staff Reports page", () => {
  const admin = "user_charts_admin";
  const learner = "user_charts_ken";
  // Learners who sign up through Clerk's webhook (user.created: this week's cohort) and study today.
  const signedUp = ["user_charts_rina", "user_charts_sora"];
  const REPORTS = `query($range: DateRangeInput!) {
    activeUsersReport(range: $range) { date dau wau mau }
    retentionCohortReport(range: $range, weeks: 8) { cohortWeek size retained }
    funnelReport(range: $range) { step users }
    lessonCompletionReport(range: $range) { lesson { title } learners completions } }`;
  const analyticsCount = async (type: string) =>
    (
      await stack.subgraphs.analytics.db.dataSource.query(
        `SELECT count(*)::int AS n FROM analytics.events WHERE type = $1 AND user_id = ANY($2::text[])`,
        [type, signedUp],
      )
    )[0].n as number;

  beforeAll(async () => {
    for (const id of signedUp) {
      expect((await deliverClerkWebhook(stack, userPayload("user.created", id, Date.now()))).status).toBe(200);
      await api(id, `mutation { completeLesson(input: { lessonId: "hiragana-01", score: 0.6 }) { xpAwarded } }`);
      await api(id, TRACK, { events: [{ type: "SESSION_END", occurredAt: new Date().toISOString(), durationSeconds: 120 }] });
    }
    // Whoever opens a page below is active today already, so their own tracker adds no one to the figures.
    for (const id of [admin, learner]) {
      await api(id, `mutation { updateProfile(input: { displayName: "${id === admin ? "Aki" : "Ken"}" }) { id } }`);
      await api(id, TRACK, { events: [{ type: "SESSION_START", occurredAt: new Date().toISOString() }] });
    }
    await waitFor(
      async () => (await analyticsCount("user.created")) === 2 && (await analyticsCount("lesson.completed")) === 2,
      30_000,
      "the sign-ups and lessons in analytics",
    );
  }, 60_000);

  it("draws DAU, WAU and MAU, this week's cohort and the funnel with the figures the gateway gives an admin", async () => {
    const range = lastDays(30);
    const body = await run(admin, REPORTS, { range }, ["admin"]);
    expect(body.errors).toBeUndefined();
    const expected = body.data!;
    const days = expected.activeUsersReport as { date: string; dau: number; wau: number; mau: number }[];
    const today = days[days.length - 1];
    expect(today.date).toBe(new Date().toISOString().slice(0, 10));
    // At least the two who signed up today, the admin and Ken (and learners of the tests before).
    expect(today.dau).toBeGreaterThanOrEqual(signedUp.length + 2);
    const day = 86_400_000;
    const monday = new Date(Math.floor(Date.now() / day) * day - ((new Date().getUTCDay() + 6) % 7) * day).toISOString().slice(0, 10);
    const cohort = (expected.retentionCohortReport as { cohortWeek: string; size: number; retained: number[] }[]).find(
      (c) => c.cohortWeek === monday,
    );
    expect(cohort?.size).toBeGreaterThanOrEqual(signedUp.length);
    expect(cohort?.retained[0]).toBe(1);
    const steps = expected.funnelReport as { step: string; users: number }[];
    expect(steps.find((f) => f.step === "FIRST_LESSON")?.users).toBeGreaterThanOrEqual(signedUp.length);

    const staff = await open();
    try {
      await signInWithDevToken(staff.page, site.origin, stack.token(admin, { roles: ["admin"] }));
      await staff.page.getByTestId("nav-reports").click();
      await staff.page.getByTestId("report-period").waitFor();
      expect(staff.page.url()).toContain("#/staff/reports");
      const line = staff.page.getByTestId("report-active-users-drawing");
      await line.waitFor();
      // Three lines (DAU, WAU, MAU), each through a point per day of the range.
      await waitFor(async () => (await line.locator(".recharts-line-curve").count()) === 3, 10_000, "the three lines");
      expect(await line.locator(".recharts-line-dots").count()).toBe(3);
      expect(await line.locator(".recharts-line-dots").first().locator("circle").count()).toBe(days.length);
      // The text fallback: a row per day with the gateway's figures; today's DAU among them.
      const rows = await tableRows(staff.page, "report-active-users");
      expect(rows).toEqual(days.map((d) => [d.date, String(d.dau), String(d.wau), String(d.mau)]));
      expect(rows[rows.length - 1]).toEqual([today.date, String(today.dau), String(today.wau), String(today.mau)]);

      // The cohort heat map: this week's row, its size, 100% in week 0 on the darkest shade.
      const cohorts = await tableRows(staff.page, "report-retention");
      const row = cohorts.find((r) => r[0] === monday);
      expect(row?.slice(0, 3)).toEqual([monday, String(cohort!.size), "100%"]);
      const week0 = staff.page.getByTestId("report-retention-table").locator("tbody tr", { hasText: monday }).locator("td").nth(1);
      expect(await week0.getAttribute("data-shade")).toBe("9");

      // The funnel: a bar per step with learners, the figures in its table.
      await waitFor(
        async () => (await bars(staff.page, "report-funnel")).length === steps.filter((f) => f.users > 0).length,
        10_000,
        "the funnel's bars",
      );
      expect((await tableRows(staff.page, "report-funnel")).map((r) => r[1])).toEqual(steps.map((f) => String(f.users)));
      // Lesson completion by title (content resolves the lesson), and the triage list.
      const lessons = expected.lessonCompletionReport as { lesson: { title: string } }[];
      for (const l of lessons) await staff.page.getByTestId("report-lessons").getByText(l.lesson.title, { exact: true }).waitFor();
      await staff.page.getByTestId("report-struggling").waitFor();

      await shoot(staff.page, "report-active-users", "reports-line");
      await shoot(staff.page, "report-retention", "reports-heatmap");
      await check(staff.page, "reports-admin");
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.close();
    }
  }, 90_000);

  it("is in an administrator's navigation only, and a learner who types its address is told FORBIDDEN", async () => {
    const { page, errors, close } = await open();
    try {
      await signInWithDevToken(page, site.origin, stack.token(learner));
      await page.getByTestId("nav-insights").waitFor();
      expect(await page.getByTestId("nav-reports").count()).toBe(0);
      await page.goto(`${site.origin}/#/staff/reports`);
      const refused = page.getByTestId("forbidden");
      await refused.waitFor();
      expect(await refused.textContent()).toContain("FORBIDDEN");
      expect(await refused.textContent()).toContain("Reports are for Learnloop staff and administrators.");
      expect(await page.getByTestId("report-period").count()).toBe(0);
      await check(page, "reports-forbidden");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

describe("the Insights page on the Free plan", () => {
  it("shows the way to the plans (PLAN_REQUIRED), not an error", async () => {
    const free = "user_charts_free";
    await api(free, `mutation { updateProfile(input: { displayName: "Yui" }) { id } }`);
    const refused = await run(free, INSIGHTS);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "PLAN_REQUIRED", feature: "LEARNING_INSIGHTS" });
    const { page, errors, close } = await open();
    try {
      await signInWithDevToken(page, site.origin, stack.token(free));
      await page.getByTestId("nav-insights").click();
      const prompt = page.getByTestId("upgrade-prompt");
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain("Learning insights");
      expect(await page.getByTestId("upgrade-link").getAttribute("href")).toBe("#/plans");
      expect(await page.getByTestId("error").count()).toBe(0);
      expect(await page.getByTestId("chart-weekday-minutes").count()).toBe(0);
      await check(page, "upsell");
      await page.getByTestId("upgrade-link").click();
      await waitFor(async () => page.url().endsWith("#/plans"), 10_000, "the plans page");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
