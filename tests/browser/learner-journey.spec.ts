import { createHash } from "node:crypto";
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
  operations: { id: string; name: string; type: string }[];
};
const manifestIds = new Set(web.operations.map((op) => op.id));
const mutationNames = new Set(web.operations.filter((op) => op.type === "mutation").map((op) => op.name));

let stack: TestStack;
/** A second gateway that knows no web manifest: the APQ build must negotiate every text. */
/** A second gateway over the same subgraphs that knows no operation: the APQ build registers each. */
let apqGateway: Pick<TestStack, "gatewayUrl" | "token">;
let browser: Browser;
let site: { origin: string; close(): Promise<void> };
let siteDir = "";
const builds: Record<string, string> = {};

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  site = await serveStatic(() => siteDir);
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: site.origin } });
  const emptyManifest = path.join(ARTIFACTS_DIR, "..", "empty-web-manifest.json");
  fs.writeFileSync(emptyManifest, JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [] }));
  const replica = await stack.startGatewayReplica({ FIRST_PARTY_MANIFEST_PATH: emptyManifest });
  apqGateway = { gatewayUrl: replica.url, token: stack.token };
  [builds.locked, builds.apq] = await Promise.all([
    buildWebClient({ VITE_GATEWAY_URL: stack.gatewayUrl, VITE_PERSISTED: "locked" }),
    buildWebClient({ VITE_GATEWAY_URL: apqGateway.gatewayUrl, VITE_PERSISTED: "apq" }),
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
  const sent: { via: string; payload: Record<string, any>; idempotencyKey?: string }[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname === "/graphql" && req.method() === "POST")
      sent.push({ via: "http", payload: JSON.parse(req.postData() ?? "{}"), idempotencyKey: req.headers()["idempotency-key"] });
  });
  page.on("websocket", (ws) =>
    ws.on("framesent", ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type === "subscribe") sent.push({ via: "ws", payload: message.payload });
    }),
  );
  return sent;
}

async function signIn(page: Page, userId: string, displayName: string, on: Pick<TestStack, "gatewayUrl" | "token"> = stack) {
  // The account exists, as Clerk's webhook would have made it; the welcome is on its way.
  const r = await gql(on.gatewayUrl, `mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }`, {
    token: on.token(userId),
    variables: { n: displayName },
  });
  expect(r.body.errors).toBeUndefined();
  await page.goto(`${site.origin}/#/courses`);
  await page.getByTestId("signin-token").fill(on.token(userId));
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
      await page.getByTestId("review-reveal").click(); // the grades show with the answer
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
      // Private by default: nobody else finds her, until she ticks the box.
      const asAnyone = () => gql(stack.gatewayUrl, `{ user(id: "user_browser_hana") { displayName profileVisibility } }`);
      expect(await page.getByTestId("profile-public").isChecked()).toBe(false);
      expect((await asAnyone()).body.errors![0].extensions!.code).toBe("NOT_FOUND");
      await page.getByTestId("profile-public").click();
      await waitFor(() => page.getByTestId("profile-public").isChecked(), 15_000, "the public box to stay ticked");
      expect((await asAnyone()).body).toEqual({ data: { user: { displayName: "Hana", profileVisibility: "PUBLIC" } } });
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
      // Every mutation carried an Idempotency-Key of its own (ADR 0012); queries carry none.
      const mutations = sent.filter((s) => mutationNames.has(s.payload.operationName));
      expect(mutations.map((m) => m.payload.operationName)).toEqual(expect.arrayContaining(["CompleteLesson", "RecordReview"]));
      for (const m of mutations)
        expect({ op: m.payload.operationName, key: m.idempotencyKey }).toEqual({
          op: m.payload.operationName,
          key: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
      expect(new Set(mutations.map((m) => m.idempotencyKey)).size).toBe(mutations.length);
      expect(sent.filter((s) => !mutationNames.has(s.payload.operationName) && s.idempotencyKey)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe("the APQ build", () => {
  it("sends the text only when the gateway asks for it, and hashes each operation to exactly its manifest id", async () => {
    siteDir = builds.apq;
    const page = await browser.newPage();
    const sent = recordTraffic(page);
    try {
      await signIn(page, "user_browser_kenji", "Kenji", apqGateway);
      await page.getByTestId("lesson-link-hiragana-01").click();
      await page.getByTestId("complete-lesson").click();
      await page.getByTestId("lesson-completed").waitFor();
      // The subscription was negotiated too: the lesson's notification arrives live.
      await waitFor(async () => (await number(page, "bell-count")) >= 1, 15_000, "the bell");
      await shot(page, "07-apq-build");
      expect(await page.getByTestId("error").count()).toBe(0);

      const byHash = new Map<string, { via: string; withText: boolean }[]>();
      for (const { via, payload } of sent) {
        const hash = payload.extensions?.persistedQuery?.sha256Hash;
        expect(manifestIds.has(hash)).toBe(true); // the browser's hash is the codegen id
        if (payload.query) expect(createHash("sha256").update(payload.query).digest("hex")).toBe(hash);
        byHash.set(hash, [...(byHash.get(hash) ?? []), { via, withText: Boolean(payload.query) }]);
      }
      expect(new Set(sent.map((s) => s.via))).toEqual(new Set(["http", "ws"]));
      // The hash-then-text pair of one mutation is one request to the gateway's mind: one key.
      const completes = sent.filter((s) => s.payload.operationName === "CompleteLesson");
      expect(completes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(completes.map((s) => s.idempotencyKey)).size).toBe(1);
      expect(completes[0].idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      // Each operation's first request is the hash alone; the text follows once, after PERSISTED_QUERY_NOT_FOUND.
      for (const [hash, sends] of byHash) {
        expect({ hash, first: sends[0].withText }).toEqual({ hash, first: false });
        expect({ hash, texts: sends.filter((s) => s.withText).length }).toEqual({ hash, texts: 1 });
      }
    } finally {
      await page.close();
    }
  }, 60_000);
});
