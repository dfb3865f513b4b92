import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { expectNoSeriousViolations, formatAxeSummary, writeAxeSummary } from "../support/axe";
import { formatInterval } from "../../clients/web/src/format";
import { en } from "../../clients/web/src/i18n/en";
import { assignVariant } from "../../subgraphs/analytics/src/modules/experiments/assignment";
import experiments from "../../subgraphs/analytics/src/modules/experiments/experiments.json";
import { ARTIFACTS_DIR, buildWebClient, launchChromium, openPage, serveStatic } from "../support/browser";
import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { gql, startStack, type TestStack } from "../support/stack";
import { customerOf, ensureSubscribed, sendStripeWebhook, stripeEvent } from "../support/stripe";
import { waitFor } from "../support/wait";

/**
 * Every page of clients/web as a learner meets it, built for production and locked to the
 * manifest, in Debian's Chromium against the real gateway: what each page shows, the keyboard-only
 * review, the locale switch, bad and expiring sessions, a phone's viewport and the dark theme.
 * axe-core checks each page (serious or critical fails); screenshots go to artifacts/browser/app-*.
 */
let stack: TestStack;
let browser: Browser;
let site: { origin: string; close(): Promise<void> };
let siteDir = "";

beforeAll(async () => {
  site = await serveStatic(() => siteDir);
  // Free learners may record FREE_DAILY_REVIEWS reviews a day: 3 here, so one test can reach the cap.
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: site.origin }, envFor: { progress: { FREE_DAILY_REVIEWS: "3" } } });
  siteDir = await buildWebClient({ VITE_GATEWAY_URL: stack.gatewayUrl, VITE_PERSISTED: "locked" });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  if (browser) {
    writeAxeSummary();
    console.log(formatAxeSummary());
  }
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

const api = async (userId: string, query: string, variables?: Record<string, unknown>) => {
  const r = await gql(stack.gatewayUrl, query, { token: stack.token(userId), variables });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!;
};
/** The account exists, as Clerk's webhook would have made it. */
const account = (userId: string, displayName: string) =>
  api(userId, `mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }`, { n: displayName });

/** Completes hiragana-01 having learned its first `count` characters: that many cards to review. */
async function learn(userId: string, count: number) {
  const { lesson } = await api(userId, `{ lesson(id: "hiragana-01") { characters { id } } }`);
  const learned = (lesson.characters as { id: string }[]).slice(0, count).map((c) => c.id);
  await api(userId, `mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { xpAwarded } }`, {
    i: { lessonId: "hiragana-01", learnedCharacterIds: learned },
  });
}

const open = (options: BrowserContextOptions = {}) => openPage(browser, options);

async function signIn(page: Page, token: string, hash = "#/courses") {
  await page.goto(`${site.origin}/${hash}`);
  await page.getByTestId("signin-token").fill(token);
  await page.getByTestId("signin-submit").click();
  // Attached, not visible: on a phone the header's stats fold into the menu.
  await page.getByTestId("header-xp").waitFor({ state: "attached" });
}

/** A full-page screenshot from the top, so the fixed header is where a learner sees it. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `app-${name}.png`), fullPage: true });
}
/** The plans page's headline for a learner: the variant of plans-page-headline analytics assigns them (ADR 0035). */
const headlineOf = (userId: string) =>
  assignVariant("plans-page-headline", experiments.experiments[0].variants, userId) === "benefits"
    ? en.plans.titleBenefits
    : en.plans.title;
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? "").trim();
/** The page has loaded what it shows (no skeleton left), then axe; then the screenshot. */
async function check(page: Page, name: string) {
  await page.getByTestId("loading").waitFor({ state: "detached" });
  await expectNoSeriousViolations(page, name);
  await shot(page, name);
}

describe("sign-in", () => {
  it("refuses a bad or an expired token on the form with the gateway's own message, and never shows the shell", async () => {
    const { page, errors, close } = await open();
    try {
      await page.goto(`${site.origin}/`);
      await check(page, "sign-in");
      for (const token of ["not-a-token", stack.token("user_app_late", { ttlSeconds: -600 })]) {
        const direct = await gql(stack.gatewayUrl, "{ me { id } }", { token });
        const said = direct.body.errors![0];
        await page.getByTestId("signin-token").fill(token);
        await page.getByTestId("signin-submit").click();
        const error = page.getByTestId("signin-error");
        await error.waitFor();
        expect(await error.textContent()).toContain("UNAUTHENTICATED");
        expect(await error.textContent()).toContain(said.message);
        expect(await page.getByTestId("header-xp").count()).toBe(0);
        expect(await page.getByTestId("nav-courses").count()).toBe(0);
      }
      await check(page, "sign-in-refused");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it("a session that expires mid-use returns to sign-in on the same page, and what the learner typed is still there after signing in again", async () => {
    const user = "user_app_expiring";
    await account(user, "Ren");
    await learn(user, 2);
    const card = (await api(user, "{ reviewQueue { character { id } } }")).reviewQueue[0].character.id as string;
    const { page, close } = await open();
    try {
      // A short life; the gateway allows Clerk's 5 s of clock skew on top, which the wait below covers.
      const token = stack.token(user, { ttlSeconds: 8 });
      await signIn(page, token, "#/profile");
      await page.getByTestId("profile-display-name").fill("Ren Takahashi");
      await page.getByTestId("nav-review").click();
      await waitFor(
        async () => (await page.getByTestId("review-item").getAttribute("data-character-id")) === card,
        10_000,
        "the first card",
      );
      await page.keyboard.type("ka"); // wanakana makes it か as it is typed
      await waitFor(async () => (await gql(stack.gatewayUrl, "{ me { id } }", { token })).status === 401, 30_000, "the token to expire");
      await page.keyboard.press("Enter");
      await page.getByTestId("review-grade-AGAIN").waitFor();
      await page.keyboard.press("1"); // the grade is refused: the token has expired
      await page.getByTestId("session-expired").waitFor();
      await check(page, "session-expired");
      expect(page.url()).toContain("#/review");
      expect(await page.getByTestId("header-xp").count()).toBe(0);

      await page.getByTestId("signin-token").fill(stack.token(user));
      await page.getByTestId("signin-submit").click();
      await waitFor(
        async () => (await page.getByTestId("review-item").getAttribute("data-character-id")) === card,
        10_000,
        "the same card",
      );
      await expect(page.getByTestId("review-answer").inputValue()).resolves.toBe("か");
      await page.getByTestId("nav-profile").click();
      await expect(page.getByTestId("profile-display-name").inputValue()).resolves.toBe("Ren Takahashi");
      await page.getByTestId("profile-save").click();
      await waitFor(async () => (await api(user, "{ me { displayName } }")).me.displayName === "Ren Takahashi", 15_000, "the saved name");
    } finally {
      await close();
    }
  }, 90_000);

  it("in a Japanese browser the sign-in page is Japanese; a language chosen there is saved to the profile", async () => {
    const user = "user_app_aiko";
    await account(user, "Aiko");
    const ja = await open({ locale: "ja-JP" });
    try {
      await ja.page.goto(`${site.origin}/`);
      await ja.page.getByTestId("signin-submit").waitFor();
      expect(await ja.page.evaluate(() => document.documentElement.lang)).toBe("ja");
      expect(await text(ja.page, "signin-submit")).toBe("ログイン");
      await check(ja.page, "sign-in-ja");
    } finally {
      await ja.close();
    }
    const { page, errors, close } = await open({ locale: "en-GB" });
    try {
      await page.goto(`${site.origin}/`);
      await page.getByTestId("language-switch").getByText("日本語").click();
      await page.getByTestId("signin-token").fill(stack.token(user));
      await page.getByTestId("signin-submit").click();
      await waitFor(async () => (await api(user, "{ me { locale } }")).me.locale === "ja", 10_000, "the chosen language in the profile");
      await waitFor(async () => (await text(page, "nav-courses")) === "コース", 10_000, "the Japanese navigation");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

describe("courses and lessons", () => {
  it("shows progress per course with a continue item, labels readings, draws stroke order, lists vocabulary, and says what completing again awards", async () => {
    const user = "user_app_mika";
    await account(user, "Mika");
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user));
      await page.getByTestId("course-progress-hiragana").waitFor();
      const before = await text(page, "course-progress-hiragana");
      expect(before).toMatch(/^0 of \d+ lessons done$/);
      await check(page, "courses");

      await page.getByTestId("continue-hiragana").click();
      await page.getByTestId("complete-lesson").waitFor();
      expect(page.url()).toContain("#/lessons/hiragana-01");
      expect(await text(page, "completion-award")).toContain("10 XP");
      expect(await page.getByTestId("romaji").count()).toBeGreaterThan(0); // kana: their sound, labelled
      await check(page, "lesson-kana");
      await page.getByTestId("complete-lesson").click();
      await page.getByTestId("lesson-completed").waitFor();
      // The server's rule (progress README): 10 XP the first time, 2 after, and no new cards.
      await waitFor(async () => (await text(page, "completion-award")).includes("2 XP"), 10_000, "the repeat award");
      expect(await text(page, "complete-lesson")).toContain("+2 XP");
      await shot(page, "lesson-completed");
      await page.getByTestId("complete-lesson").click();
      await waitFor(async () => (await text(page, "lesson-completed")).includes("2 times"), 10_000, "the second completion");
      const xp = (await api(user, "{ me { xp } }")).me.xp;
      expect(xp).toBe(12);

      await page.getByTestId("nav-courses").click();
      await page.getByTestId("course-progress-hiragana").waitFor();
      expect(await text(page, "course-progress-hiragana")).toMatch(/^1 of \d+ lessons done$/);
      expect(await text(page, "continue-hiragana")).toContain("Continue");
      expect(await page.getByTestId("continue-hiragana").getAttribute("href")).toBe("#/lessons/hiragana-02");

      // A kanji lesson: labelled readings, KanjiVG strokes, example words.
      await page.goto(`${site.origin}/#/lessons/kanji-n5-01`);
      const card = page.getByTestId("character-card").first();
      await card.waitFor();
      const literal = (await card.getAttribute("data-character"))!;
      const { character } = await api(
        user,
        `query($l: String!) { character(literal: $l) { onReadings kunReadings meanings strokes examples(first: 3) { written } } }`,
        {
          l: literal,
        },
      );
      expect(character.strokes.length).toBeGreaterThan(0);
      expect(await card.getByTestId("stroke").count()).toBe(character.strokes.length);
      expect(await card.getByTestId("on-readings").textContent()).toBe(character.onReadings.join(""));
      expect(await card.getByTestId("meanings").textContent()).toBe(character.meanings.join("; "));
      // Example words written with it, from the API's own list.
      const words = character.examples.map((w: { written: string }) => w.written) as string[];
      expect(words.length).toBeGreaterThan(0);
      for (const w of words) expect(w).toContain(literal);
      expect(await card.getByTestId("character-examples").locator("p").count()).toBe(words.length);
      await expect(card.getByText("On-readings").count()).resolves.toBe(1);
      await expect(card.getByText("Kun-readings").count()).resolves.toBe(1);
      await check(page, "lesson-kanji");

      await page.goto(`${site.origin}/#/lessons/vocabulary-n5-01`);
      await page.getByTestId("vocabulary").waitFor();
      expect(await page.getByTestId("vocabulary").locator("tbody tr").count()).toBe(10);
      await check(page, "lesson-vocabulary");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe("review", () => {
  it("by keyboard alone: grades stay hidden until the answer shows, each explains itself with its next interval, typed romaji becomes kana and is checked, and a summary ends it", async () => {
    const user = "user_app_sora";
    await account(user, "Sora");
    await learn(user, 3);
    const queue = (await api(user, "{ reviewQueue { character { id romaji } schedulePreview { rating intervalSeconds } } }"))
      .reviewQueue as {
      character: { id: string; romaji: string };
      schedulePreview: { rating: string; intervalSeconds: number }[];
    }[];
    expect(queue.length).toBe(3);
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user), "#/review");
      for (const [i, { character, schedulePreview }] of queue.entries()) {
        const item = page.getByTestId("review-item");
        await waitFor(async () => (await item.getAttribute("data-character-id")) === character.id, 10_000, `card ${i + 1}`);
        expect(await page.getByTestId("review-grade-GOOD").count()).toBe(0); // no grading before the answer
        if (i === 0) await check(page, "review-question");
        // The answer field has the focus; romaji typed becomes kana.
        if (i < 2) {
          await page.keyboard.type(i === 0 ? character.romaji : "ka");
          await expect(page.getByTestId("review-answer").inputValue()).resolves.not.toMatch(/[a-z]/);
        }
        await page.keyboard.press("Enter");
        await page.getByTestId("review-grade-GOOD").waitFor();
        if (i === 0) expect(await page.getByTestId("review-verdict").getAttribute("data-correct")).toBe("true");
        if (i === 1) expect(await page.getByTestId("review-verdict").getAttribute("data-correct")).toBe("false");
        // Each grade says the interval the server's FSRS preview gives (a new card's are fixed steps).
        for (const { rating, intervalSeconds } of schedulePreview)
          expect(await text(page, `review-interval-${rating}`)).toBe(`next in ${formatInterval(intervalSeconds, { language: "en" })}`);
        if (i === 0) await check(page, "review-answer");
        // The recommended grade has the focus: Enter takes it; the digits pick the others.
        if (i === 2) await page.keyboard.press("Enter");
        else await page.keyboard.press(i === 0 ? "4" : "1");
      }
      await page.getByTestId("review-summary").waitFor();
      await page.getByTestId("review-next-due").waitFor();
      expect([await text(page, "summary-AGAIN"), await text(page, "summary-GOOD"), await text(page, "summary-EASY")]).toEqual([
        "1",
        "1",
        "1",
      ]);
      expect(await text(page, "summary-typed")).toContain("1 of 2");
      await check(page, "review-summary");
      const cards = (await api(user, "{ reviewQueue(limit: 50) { id } }")).reviewQueue as unknown[];
      expect(cards).toEqual([]); // every card graded; Again's comes back in a minute, not now
      await page.getByTestId("nav-courses").click();
      await page.getByTestId("nav-review").click();
      await page.getByTestId("review-done").waitFor();
      await check(page, "review-nothing-due");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe("profile, bell and language", () => {
  it("edits the display name, time zone and notification preferences with quiet hours", async () => {
    const user = "user_app_yuki";
    await account(user, "Yuki");
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user), "#/profile");
      await page.getByTestId("profile-display-name").fill("Yuki Sato");
      await page.getByTestId("profile-timezone").fill("Asia/Tok");
      await page.getByRole("option", { name: "Asia/Tokyo" }).click();
      await page.getByTestId("profile-save").click();
      await waitFor(
        async () => (await api(user, "{ me { displayName timezone } }")).me.timezone === "Asia/Tokyo",
        15_000,
        "the saved profile",
      );
      expect((await api(user, "{ me { displayName } }")).me.displayName).toBe("Yuki Sato");

      const prefsQuery = "{ me { notificationPreferences { settings { channel category enabled } quietHours { start end } } } }";
      type Setting = { channel: string; category: string; enabled: boolean };
      const before = (await api(user, prefsQuery)).me.notificationPreferences.settings as Setting[];
      const flip = (s: Setting) => s.channel === "EMAIL" && ["ACHIEVEMENT", "STREAK"].includes(s.category);
      // The defaults: achievement email on, streak email off. Turn each the other way.
      expect(before.filter(flip).map((s) => [s.category, s.enabled])).toEqual([
        ["ACHIEVEMENT", true],
        ["STREAK", false],
      ]);
      await page.getByTestId("pref-EMAIL-ACHIEVEMENT").setChecked(false);
      await page.getByTestId("pref-EMAIL-STREAK").setChecked(true);
      await page.getByTestId("quiet-hours").setChecked(true);
      await page.getByTestId("quiet-start").fill("21:30");
      await page.getByTestId("quiet-end").fill("06:45");
      await page.getByTestId("preferences-save").click();
      await page.getByTestId("preferences-saved").waitFor();
      const prefs = (await api(user, prefsQuery)).me.notificationPreferences;
      expect(prefs.quietHours).toEqual({ start: "21:30", end: "06:45" });
      // Exactly those two switches changed; every other setting is as it was.
      expect(prefs.settings).toEqual(before.map((s) => (flip(s) ? { ...s, enabled: !s.enabled } : s)));
      await check(page, "profile");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it("switches to Japanese, saves it to the profile, and the bell groups notifications by day with dates in the learner's locale and zone", async () => {
    const user = "user_app_hiro";
    await account(user, "Hiro");
    await api(user, `mutation { updateProfile(input: { timezone: "Asia/Tokyo" }) { id } }`);
    await api(user, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`);
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user));
      await page.getByTestId("language-switch").getByText("日本語").click();
      await waitFor(async () => (await text(page, "nav-courses")) === "コース", 10_000, "the Japanese navigation");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ja");
      await waitFor(async () => (await api(user, "{ me { locale } }")).me.locale === "ja", 10_000, "the saved locale");
      await page.getByTestId("course-progress-hiragana").waitFor();
      expect(await text(page, "course-progress-hiragana")).toMatch(/レッスン中1完了$/);
      await check(page, "courses-ja");

      await waitFor(async () => Number(await text(page, "bell-count")) >= 2, 15_000, "the bell");
      // One notification from three days ago, so the bell has more than one day to group.
      const oldest = (await api(user, "{ me { notifications(first: 1, unreadOnly: false) { edges { node { id } } } } }")).me.notifications
        .edges[0].node.id as string;
      await stack.subgraphs.notifications.db.dataSource.query(
        `UPDATE notifications.notifications SET created_at = created_at - interval '3 days' WHERE id = $1`,
        [oldest],
      );
      await page.getByTestId("bell").click();
      await page.getByTestId("bell-item").first().waitFor();
      const notes = (await api(user, "{ me { notifications { edges { node { createdAt } } } } }")).me.notifications.edges as {
        node: { createdAt: string };
      }[];
      const days = new Set(
        notes.map((n) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date(n.node.createdAt))),
      );
      expect(days.size).toBe(2);
      expect(await page.getByTestId("bell-day").count()).toBe(2);
      expect(await page.getByTestId("bell-day").allTextContents()).toEqual(["今日", expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日$/)]);
      const expected = new Intl.DateTimeFormat("ja-JP", { timeStyle: "short", timeZone: "Asia/Tokyo" }).format(
        new Date(notes[0].node.createdAt),
      );
      expect(await text(page, "bell-time")).toBe(expected);
      await check(page, "bell-ja");

      // A new visit takes the language from the profile, not the browser's English.
      await page.reload();
      await waitFor(async () => (await text(page, "nav-courses")) === "コース", 10_000, "Japanese after reload");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);
});

describe("plans", () => {
  it("lists Free, Plus and Pro with their features, upgrades through Stripe Checkout (the loopback fake), and shows the plan the webhook brings on the profile", async () => {
    const user = "user_app_kai";
    await account(user, "Kai");
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user), "#/plans");
      await page.getByTestId("plan-PRO").waitFor();
      const { plans } = await api(user, "{ plans { plan features } }");
      for (const offer of plans as { plan: string; features: string[] }[])
        expect(await page.getByTestId(`plan-${offer.plan}`).locator("li").count()).toBe(offer.features.length + 1);
      expect(await text(page, "current-plan")).toBe("Your plan: Free");
      expect(await text(page, "plans-headline")).toBe(headlineOf(user));
      await check(page, "plans");

      const before = stack.stripe.requests.length;
      await page.getByTestId("upgrade-PLUS").click();
      // The app hands the browser to the Checkout Session's URL, as it would to checkout.stripe.com.
      await page.waitForURL(/\/checkout\/cs_/, { waitUntil: "commit" });
      const session = stack.stripe.requests.slice(before).find((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
      expect(session?.body["line_items[0][price]"]).toBe(FAKE_STRIPE_PRICES.plus);
      expect(session?.body.client_reference_id).toBe(user);

      // Stripe's webhook arrives; back in the app the profile shows the plan.
      await ensureSubscribed(stack, user, FAKE_STRIPE_PRICES.plus);
      await page.goto(`${site.origin}/#/profile`);
      await waitFor(async () => (await text(page, "profile-plan")) === "Your plan: Plus", 10_000, "the plan on the profile");
      await page.getByTestId("nav-plans").click();
      await page.getByTestId("manage-billing").waitFor();
      expect(await page.getByTestId("upgrade-PRO").count()).toBe(0);
      await check(page, "plans-plus");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

describe("a failed payment", () => {
  it("the plans page says until when the plan holds and leads to the billing portal, with no new checkout offered", async () => {
    const user = "user_app_ren";
    await account(user, "Ren");
    await api(user, "mutation { startCheckout(plan: PLUS) { url } }");
    await ensureSubscribed(stack, user, FAKE_STRIPE_PRICES.plus);
    const customer = customerOf(stack, user)!;
    const sub = [...stack.stripe.subscriptions.values()].find((s) => s.customer === customer)!;
    const invoice = {
      id: "in_app_ren",
      object: "invoice",
      customer,
      status: "open",
      amount_due: 900,
      amount_paid: 0,
      currency: "usd",
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
    };
    expect((await sendStripeWebhook(stack, stripeEvent("invoice.payment_failed", invoice))).body.status).toBe("applied");
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user), "#/plans");
      const notice = page.getByTestId("payment-failed");
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/Your payment didn't go through.*You keep your plan until/);
      expect(await text(page, "current-plan")).toMatch(/^Your plan: Plus/);
      expect(await text(page, "plans-headline")).toBe(headlineOf(user));
      expect(await page.getByTestId("upgrade-PRO").count()).toBe(0);
      await check(page, "plans-payment-failed");
      const before = stack.stripe.requests.length;
      await page.getByTestId("fix-payment").click();
      await page.waitForURL((url) => !url.href.startsWith(site.origin), { waitUntil: "commit" });
      expect(stack.stripe.requests.slice(before).some((r) => r.method === "POST" && r.path === "/v1/billing_portal/sessions")).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

describe("a plan-gated feature", () => {
  it("past the Free daily review cap, review shows an upgrade prompt that leads to the plans page, not an error", async () => {
    const user = "user_app_mei";
    await account(user, "Mei");
    await learn(user, 4);
    const queue = (await api(user, "{ reviewQueue { character { id } } }")).reviewQueue as { character: { id: string } }[];
    for (const { character } of queue.slice(0, 3))
      await api(user, `mutation($id: ID!) { recordReview(input: { characterId: $id, rating: GOOD }) { id } }`, { id: character.id });
    const { page, errors, close } = await open();
    try {
      await signIn(page, stack.token(user), "#/review");
      await page.getByTestId("review-item").waitFor();
      await page.getByTestId("review-reveal").click();
      await page.getByTestId("review-grade-GOOD").click();
      const prompt = page.getByTestId("upgrade-prompt");
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain("Unlimited daily reviews comes with Plus.");
      expect(await page.getByTestId("error").count()).toBe(0);
      await check(page, "review-upgrade-prompt");
      await page.getByTestId("upgrade-link").click();
      await page.getByTestId("upgrade-PLUS").waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

describe("layouts and themes", () => {
  it("on a phone the navigation folds behind a menu button; every page still passes axe; the dark theme too", async () => {
    const user = "user_app_nao";
    await account(user, "Nao");
    await learn(user, 2);
    const phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await signIn(phone.page, stack.token(user));
      // Folded away: off the screen, and inert, so Tab cannot land on it.
      const folded = () =>
        phone.page.getByTestId("nav-review").evaluate((el) => el.getBoundingClientRect().right <= 0 && el.closest("[inert]") !== null);
      expect(await folded()).toBe(true);
      await phone.page.getByRole("button", { name: "Menu" }).click();
      await waitFor(
        () => phone.page.getByTestId("nav-review").evaluate((el) => el.getBoundingClientRect().left >= 0 && el.closest("[inert]") === null),
        5_000,
        "the menu to slide in",
      );
      await shot(phone.page, "mobile-menu");
      await phone.page.getByTestId("nav-review").click();
      await phone.page.getByTestId("review-item").waitFor();
      await waitFor(folded, 5_000, "the menu to fold after choosing a page");
      await check(phone.page, "mobile-review");
      for (const [name, hash] of [
        ["mobile-courses", "#/courses"],
        ["mobile-lesson", "#/lessons/kanji-n5-01"],
        ["mobile-profile", "#/profile"],
      ]) {
        await phone.page.goto(`${site.origin}/${hash}`);
        await phone.page.getByTestId("header-xp").waitFor({ state: "attached" });
        await check(phone.page, name);
        // Nothing wider than the screen: no sideways scrolling.
        expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      }
      // The bell's panel fits the phone's width, in English, and Escape closes it back to the bell.
      await phone.page.getByTestId("bell").click();
      await phone.page.getByTestId("bell-item").first().waitFor();
      const panel = await phone.page.getByTestId("bell-list").boundingBox();
      expect(panel!.x).toBeGreaterThanOrEqual(0);
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(390);
      await check(phone.page, "mobile-bell");
      await phone.page.keyboard.press("Escape");
      await phone.page.getByTestId("bell-list").waitFor({ state: "detached" });
      expect(await phone.page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("bell");
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
    const dark = await open({ colorScheme: "dark" });
    try {
      await signIn(dark.page, stack.token(user), "#/lessons/kanji-n5-01");
      await dark.page.getByTestId("character-card").first().waitFor();
      expect(await dark.page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"))).toBe("dark");
      await check(dark.page, "dark-lesson");
      for (const [name, nav, ready] of [
        ["dark-courses", "nav-courses", "course-progress-hiragana"],
        ["dark-review", "nav-review", "review-item"],
        ["dark-profile", "nav-profile", "profile-display-name"],
      ]) {
        await dark.page.getByTestId(nav).click();
        await dark.page.getByTestId(ready).waitFor();
        await check(dark.page, name);
      }
      await dark.page.getByTestId("color-scheme").click();
      await waitFor(
        async () => (await dark.page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"))) === "light",
        5_000,
        "the light theme",
      );
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.close();
    }
  }, 120_000);
});
