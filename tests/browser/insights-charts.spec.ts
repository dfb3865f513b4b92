import path from "node:path";
import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { byWeekday, weekdayName } from "../../clients/web/src/pages/insights/weekdays";
import { expectNoSeriousViolations, formatAxeSummary, writeAxeSummary } from "../support/axe";
import { ARTIFACTS_DIR, buildWebClient, launchChromium, openPage, serveStatic } from "../support/browser";
import { gql, startStack, type TestStack } from "../support/stack";
import { subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";
import { signInWithDevToken } from "../support/web-pages";

/**
 * Issue 16, item 7: the Insights page's charts (recharts, through @mantine/charts) drawn from
 * figures this test makes through the gateway itself: client sessions sent with `track`, a lesson
 * completed with a score, reviews recorded. The production build, locked to the persisted
 * manifest, in Debian's Chromium; axe on each page; screenshots in artifacts/browser/insights-*.png.
 * The staff Reports page: in the navigation of administrators only, FORBIDDEN for a learner.
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
    for (const id of learned)
      await api(user, `mutation($id: ID!) { recordReview(input: { characterId: $id, rating: GOOD }) { id } }`, { id });
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
        return !errors && i?.reviewsLast30Days === 2 && i.lessonsCompletedLast30Days === 1;
      },
      30_000,
      "the lesson and reviews in the learner's insights",
    );
    expect((await api(user, INSIGHTS)).me.insights).toEqual({
      reviewsLast30Days: 2,
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
      expect(await page.getByTestId("insights-reviews").textContent()).toBe("2");
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
});

describe("the staff Reports page", () => {
  it("is in an administrator's navigation, and a learner who types its address is told FORBIDDEN", async () => {
    const admin = "user_charts_admin";
    await api(admin, `mutation { updateProfile(input: { displayName: "Aki" }) { id } }`);
    const staff = await open();
    try {
      await signInWithDevToken(staff.page, site.origin, stack.token(admin, { roles: ["admin"] }));
      await staff.page.getByTestId("nav-reports").click();
      await staff.page.getByTestId("report-period").waitFor();
      expect(staff.page.url()).toContain("#/staff/reports");
      // Every report has its place; with no report figures from the API yet, each says so rather than drawing.
      for (const id of ["report-active-users", "report-retention", "report-funnel", "report-lessons", "report-notifications"])
        expect(await staff.page.getByTestId(`${id}-empty`).textContent()).toBe("No data for this period.");
      expect(await staff.page.locator(".recharts-surface").count()).toBe(0);
      await check(staff.page, "reports-admin");
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.close();
    }

    const learner = "user_charts_ken";
    await api(learner, `mutation { updateProfile(input: { displayName: "Ken" }) { id } }`);
    const { page, errors, close } = await open();
    try {
      await signInWithDevToken(page, site.origin, stack.token(learner));
      await page.getByTestId("nav-insights").waitFor();
      expect(await page.getByTestId("nav-reports").count()).toBe(0);
      await page.goto(`${site.origin}/#/staff/reports`);
      const refused = page.getByTestId("forbidden");
      await refused.waitFor();
      expect(await refused.textContent()).toContain("FORBIDDEN");
      expect(await refused.textContent()).toContain("Reports are for Learnloop administrators.");
      expect(await page.getByTestId("report-period").count()).toBe(0);
      await check(page, "reports-forbidden");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
