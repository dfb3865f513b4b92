import fs from "node:fs";
import type { Browser } from "playwright-core";
import { expectNoSeriousViolations, writeAxeSummary } from "../support/axe";
import { buildWebClient, launchChromium, serveStatic } from "../support/browser";
import { startStack, type TestStack } from "../support/stack";
import { WEB_PAGES, prepareLearner, signInWithDevToken, signedOut } from "../support/web-pages";

/**
 * axe-core on every page of clients/web (tests/support/web-pages.ts), built for production, against
 * the real gateway: no serious or critical violation. Findings: artifacts/browser/axe/web-<page>.json
 * and artifacts/browser/axe-summary.json.
 */
/**
 * Serious or critical findings of today's app (2026-12-01), not fixed here because clients/web/src is
 * being rebuilt into the learner app: empty this list when they are gone.
 * - label (critical): the sign-in textarea has no label (src/auth/DevTokenSession.tsx).
 * - label-content-name-mismatch (serious): the bell's aria-label "Notifications" does not contain
 *   its visible text, the unread count (src/components/Bell.tsx).
 */
const KNOWN_VIOLATIONS = ["label", "label-content-name-mismatch"];

let stack: TestStack;
let browser: Browser;
let site: { origin: string; close(): Promise<void> };
let siteDir = "";

beforeAll(async () => {
  site = await serveStatic(() => siteDir);
  stack = await startStack({ gatewayEnv: { CORS_ORIGINS: site.origin } });
  await prepareLearner(stack.gatewayUrl, stack.token("user_browser_axe"));
  siteDir = await buildWebClient({ VITE_GATEWAY_URL: stack.gatewayUrl });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  if (browser) console.log(`axe findings (rules failed, by impact):\n${writeAxeSummary()}`);
  await browser?.close();
  await site?.close();
  await stack?.stop();
  if (siteDir) fs.rmSync(siteDir, { recursive: true, force: true });
});

it.each(WEB_PAGES.map((p) => [p.name, p] as const))("%s has no serious or critical accessibility violation", async (_, target) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  try {
    if (target.signedIn) await signInWithDevToken(page, site.origin, stack.token("user_browser_axe"));
    await page.goto(`${site.origin}${target.path}`);
    if (target.signedIn) await page.reload(); // the route's own first render, not the one after sign-in
    await page.waitForLoadState("networkidle");
    expect(await signedOut(page)).toBe(!target.signedIn);
    expect(await page.getByTestId("error").count()).toBe(0);
    await expectNoSeriousViolations(page, `web-${target.name}`, { allow: KNOWN_VIOLATIONS });
  } finally {
    await page.close();
  }
});
