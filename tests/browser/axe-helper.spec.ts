import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { AXE_DIR, AXE_SUMMARY_FILE, expectNoSeriousViolations, runAxe, writeAxeSummary } from "../support/axe";
import { launchChromium, serveStatic } from "../support/browser";

/** tests/support/axe.ts on static pages whose violations are known, in Debian's Chromium. */
const shell = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
const PAGES: Record<string, string> = {
  "clean.html": shell("Clean", `<main><h1>Clean</h1><p>Nothing to see.</p><button type="button">Go</button><a href="/x">Next</a></main>`),
  // An image without alt as a link's only content (link-name: serious, image-alt: critical), a button with no name (critical).
  "planted.html": shell(
    "Planted",
    `<main><h1>Planted</h1><a id="logo" href="/home"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></a>` +
      `<button class="icon" type="button"></button></main>`,
  ),
  // Content outside any landmark (region) and no main landmark: moderate only.
  "moderate.html": shell("Moderate", `<h1>Moderate</h1><p>No landmarks.</p>`),
};

let browser: Browser;
let site: { origin: string; close(): Promise<void> };
let page: Page;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-axe-"));

beforeAll(async () => {
  for (const [file, html] of Object.entries(PAGES)) fs.writeFileSync(path.join(dir, file), html);
  fs.writeFileSync(path.join(dir, "index.html"), PAGES["clean.html"]);
  site = await serveStatic(() => dir);
  browser = await launchChromium();
  page = await browser.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("passes on a clean page and writes its (empty) findings", async () => {
  await page.goto(`${site.origin}/clean.html`);
  const report = await expectNoSeriousViolations(page, "axe-helper-clean");
  expect(report.counts).toEqual({ minor: 0, moderate: 0, serious: 0, critical: 0 });
  const written = JSON.parse(fs.readFileSync(path.join(AXE_DIR, "axe-helper-clean.json"), "utf8"));
  expect(written).toMatchObject({ name: "axe-helper-clean", url: `${site.origin}/clean.html`, violations: [] });
  expect(written.testEngine.name).toBe("axe-core");
});

it("fails on a planted serious violation, naming the rule, its help and the element", async () => {
  await page.goto(`${site.origin}/planted.html`);
  const failure = await expectNoSeriousViolations(page, "axe-helper-planted").then(
    () => undefined,
    (err: Error) => err.message,
  );
  expect(failure).toMatch(
    /^3 serious or critical accessibility violations on "axe-helper-planted" \(http:\/\/127\.0\.0\.1:\d+\/planted\.html\)/,
  );
  // Critical first, then serious; each with its help text and the selectors of what it flagged (axe's shortest unique ones).
  expect(failure).toMatch(
    /\[critical\] button-name: Buttons must have discernible text \(https:\/\/dequeuniversity\.com\/[^)]+\)\n {6}button\n/,
  );
  expect(failure).toMatch(/\[critical\] image-alt: Images must have alternative text \(https:[^)]+\)\n {6}img\n/);
  expect(failure).toMatch(/\[serious\] link-name: Links must have discernible text \(https:[^)]+\)\n {6}#logo$/);
  expect(failure!.indexOf("[serious]")).toBeGreaterThan(failure!.lastIndexOf("[critical]"));

  const report = await runAxe(page, "axe-helper-planted");
  expect(report.counts).toMatchObject({ critical: 2, serious: 1 });
  expect(report.byImpact.serious.map((v) => v.id)).toEqual(["link-name"]);
  expect(report.byImpact.critical.map((v) => v.id).sort()).toEqual(["button-name", "image-alt"]);
  const written = JSON.parse(fs.readFileSync(report.file, "utf8"));
  expect(written.violations.map((v: { id: string }) => v.id).sort()).toEqual(["button-name", "image-alt", "link-name"]);
});

it("lets the rules in `allow` through, and fails on the others", async () => {
  await page.goto(`${site.origin}/planted.html`);
  const failure = await expectNoSeriousViolations(page, "axe-helper-planted", { allow: ["button-name", "image-alt"] }).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(failure?.message).toMatch(/^1 serious or critical accessibility violation on .*\n {2}\[serious\] link-name: [^\n]+\n {6}#logo$/);
  expect(failure?.stack).toContain("axe-helper.spec.ts"); // the stack starts at the test, not in the helper
  const report = await expectNoSeriousViolations(page, "axe-helper-planted", { allow: ["button-name", "image-alt", "link-name"] });
  expect(report.counts).toMatchObject({ critical: 2, serious: 1 }); // still counted
});

it("lets moderate and minor violations through, but counts them", async () => {
  await page.goto(`${site.origin}/moderate.html`);
  const report = await expectNoSeriousViolations(page, "axe-helper-moderate");
  expect(report.counts.moderate).toBeGreaterThan(0);
  expect(report.byImpact.moderate.map((v) => v.id)).toEqual(expect.arrayContaining(["landmark-one-main", "region"]));
  expect(report.counts).toMatchObject({ serious: 0, critical: 0 });
});

it("writes the summary of the pages checked, counts by impact", () => {
  const table = writeAxeSummary();
  expect(table.split("\n")[0]).toMatch(/^page\s+minor\s+moderate\s+serious\s+critical$/);
  expect(table).toMatch(/axe-helper-planted\s+0\s+0\s+1\s+2/);
  const { pages } = JSON.parse(fs.readFileSync(AXE_SUMMARY_FILE, "utf8"));
  expect(pages["axe-helper-clean"].violations).toEqual({ minor: 0, moderate: 0, serious: 0, critical: 0 });
  expect(pages["axe-helper-planted"].violations).toEqual({ minor: 0, moderate: 0, serious: 1, critical: 2 });
  expect(pages["axe-helper-planted"].nodes).toEqual({ minor: 0, moderate: 0, serious: 1, critical: 2 });
  expect(pages["axe-helper-moderate"].violations.moderate).toBeGreaterThan(0);
});
