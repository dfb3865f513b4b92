import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";
import type { Browser, Page } from "playwright-core";
import { ARTIFACTS_DIR, buildWebClient, launchChromium, serveStatic } from "../support/browser";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * clients/web, built as for production, in Debian's Chromium against the real gateway and
 * subgraphs. Screenshots go to artifacts/browser/.
 */
const web = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema", "persisted", "web.json"), "utf8")) as {
  operations: { id: string; name: string }[];
};
const manifestIds = new Set(web.operations.map((op) => op.id));

let stack: TestStack;
let browser: Browser;
let site: { origin: string; close(): Promise<void> };
let siteDir = "";
const builds: Record<string, string> = {};

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  site = await serveStatic(() => siteDir);
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: site.origin } });
  const common = { VITE_GATEWAY_URL: stack.gatewayUrl };
  [builds.locked, builds.apq] = await Promise.all([
    buildWebClient({ ...common, VITE_PERSISTED: "locked" }),
    buildWebClient({ ...common, VITE_PERSISTED: "apq" }),
  ]);
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
  for (const dir of Object.values(builds)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything the page sends to the gateway, over HTTP and WebSocket. */
function recordTraffic(page: Page) {
  const sent: { via: string; payload: Record<string, any> }[] = [];
  page.on("request", (req) => {
    if (req.url().startsWith(stack.gatewayUrl) && req.method() === "POST")
      sent.push({ via: "http", payload: JSON.parse(req.postData() ?? "{}") });
  });
  page.on("websocket", (ws) =>
    ws.on("framesent", ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type === "subscribe") sent.push({ via: "ws", payload: message.payload });
    }),
  );
  return sent;
}

async function signIn(page: Page, userId: string, displayName: string) {
  // The account exists, as Clerk's webhook would have made it; the welcome is on its way.
  const r = await gql(stack.gatewayUrl, `mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }`, {
    token: stack.token(userId),
    variables: { n: displayName },
  });
  expect(r.body.errors).toBeUndefined();
  await page.goto(`${site.origin}/#/courses`);
  await page.getByTestId("signin-token").fill(stack.token(userId));
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("header-xp").waitFor();
}

const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.trim() || "0");
/** "Lesson complete" items in the open bell: each arrived over the live subscription. */
const lessonNotices = (page: Page) => page.getByTestId("bell-item").filter({ hasText: "Lesson complete" }).count();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });

describe("a learner in the browser (build locked to the manifest)", () => {
  it("signs in, completes a lesson and a review, and sees xp and the bell update live without reloading", async () => {
    siteDir = builds.locked;
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const sent = recordTraffic(page);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await signIn(page, "user_browser_hana", "Hana");
      await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
      await shot(page, "01-signed-in");
      const xp0 = await number(page, "header-xp");

      await page.getByTestId("lesson-link-hiragana-01").click();
      await page.getByTestId("complete-lesson").waitFor();
      await shot(page, "02-lesson");
      await page.getByTestId("complete-lesson").click();
      await page.getByTestId("lesson-completed").waitFor();
      await waitFor(async () => (await number(page, "header-xp")) > xp0, 15_000, "xp after the lesson");
      // The LESSON notification comes only over the live subscription.
      await waitFor(async () => (await number(page, "bell-count")) >= 1, 15_000, "the bell after the lesson");
      await page.getByTestId("bell").click();
      await waitFor(async () => (await lessonNotices(page)) === 1, 15_000, "the lesson's notification in the bell");
      await page.getByTestId("bell").click(); // closed again
      await shot(page, "03-lesson-completed");

      await page.getByTestId("nav-review").click();
      await page.getByTestId("review-item").waitFor();
      await shot(page, "04-review");
      const xp1 = await number(page, "header-xp");
      await page.getByTestId("review-grade-GOOD").click();
      await waitFor(async () => (await number(page, "header-xp")) > xp1, 15_000, "xp after the review");

      // Activity elsewhere (another device) reaches this page live: the bell is open and loaded, and
      // nothing refetches it; the new item and the xp can only come over the subscriptions.
      await page.getByTestId("bell").click();
      await waitFor(async () => (await lessonNotices(page)) === 1, 15_000, "the bell's list");
      const listFetches = sent.filter((s) => s.payload.operationName === "Notifications").length;
      const meFetches = sent.filter((s) => s.payload.operationName === "Me").length;
      expect(listFetches * meFetches).toBeGreaterThan(0); // the counts below are of real requests
      const xp2 = await number(page, "header-xp");
      const bell2 = await number(page, "bell-count");
      const other = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-02" }) { xpAwarded } }`, {
        token: stack.token("user_browser_hana"),
      });
      expect(other.body.errors).toBeUndefined();
      await waitFor(async () => (await number(page, "header-xp")) > xp2, 15_000, "xp from another device");
      await waitFor(async () => (await lessonNotices(page)) === 2, 15_000, "the other device's lesson in the bell");
      expect(await number(page, "bell-count")).toBeGreaterThan(bell2);
      expect(sent.filter((s) => s.payload.operationName === "Notifications").length).toBe(listFetches);
      expect(sent.filter((s) => s.payload.operationName === "Me").length).toBe(meFetches);
      await shot(page, "05-live-from-elsewhere");

      await page.getByTestId("nav-profile").click();
      await page.getByTestId("profile-xp").waitFor();
      expect(await number(page, "profile-xp")).toBe(await number(page, "header-xp"));
      await shot(page, "06-profile");

      expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true); // never reloaded
      expect(await page.getByTestId("error").count()).toBe(0);
      expect(pageErrors).toEqual([]);
      // Locked: only manifest ids ever left the browser, never query text.
      expect(sent.length).toBeGreaterThan(5);
      for (const { payload } of sent) {
        expect(payload.query ?? "").toBe("");
        expect(manifestIds.has(payload.extensions?.persistedQuery?.sha256Hash)).toBe(true);
      }
      expect(new Set(sent.map((s) => s.via))).toEqual(new Set(["http", "ws"]));
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe("the APQ build", () => {
  it("hashes each operation in the browser to exactly its manifest id, so no text is needed", async () => {
    siteDir = builds.apq;
    const page = await browser.newPage();
    const sent = recordTraffic(page);
    try {
      await signIn(page, "user_browser_kenji", "Kenji");
      await page.getByTestId("lesson-link-hiragana-01").waitFor();
      await page.getByTestId("nav-review").click();
      await page
        .getByText(/review/i)
        .first()
        .waitFor();
      await shot(page, "07-apq-build");
      const hashes = sent.map((s) => s.payload.extensions?.persistedQuery?.sha256Hash);
      expect(hashes.length).toBeGreaterThan(2);
      for (const hash of hashes) expect(manifestIds.has(hash)).toBe(true);
      expect(sent.filter((s) => s.payload.query)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
