import fs from "node:fs";
import path from "node:path";
import type { AxeResults, ImpactValue, Result, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import { ARTIFACTS_DIR } from "./browser";

/**
 * axe-core (the npm package, injected as a script; @axe-core/playwright needs Node 22) run in a
 * playwright page. Each page's findings go to artifacts/browser/axe/<name>.json; the pages checked
 * in this test file are tallied for writeAxeSummary (artifacts/browser/axe-summary.json).
 */
export const AXE_DIR = path.join(ARTIFACTS_DIR, "axe");
export const AXE_SUMMARY_FILE = path.join(ARTIFACTS_DIR, "axe-summary.json");
export const IMPACTS = ["minor", "moderate", "serious", "critical"] as const;
export type Impact = (typeof IMPACTS)[number];
/** What fails expectNoSeriousViolations. */
export const BLOCKING: readonly Impact[] = ["serious", "critical"];

export interface AxeReport {
  name: string;
  url: string;
  /** Violations by impact; every impact is present, possibly empty. */
  byImpact: Record<Impact, Result[]>;
  /** Rules that failed, per impact (a rule counts once however many elements it flagged). */
  counts: Record<Impact, number>;
  /** Elements flagged, per impact. */
  nodes: Record<Impact, number>;
  file: string;
}

let source: string | undefined;
const axeSource = () => (source ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));

/** Letters, digits, dot, dash and underscore: the page's name is a file name. */
function fileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  if (!safe) throw new Error(`axe: page name ${JSON.stringify(name)} gives no file name`);
  return safe;
}

const emptyByImpact = (): Record<Impact, Result[]> => ({ minor: [], moderate: [], serious: [], critical: [] });
const impactOf = (v: { impact?: ImpactValue }): Impact => (v.impact && IMPACTS.includes(v.impact) ? v.impact : "minor");

const checked = new Map<string, AxeReport>();

/**
 * Runs axe-core on the page as it is now (wait for the content first), every rule that is not
 * experimental unless `options` says otherwise, and writes the violations and the incomplete
 * checks to artifacts/browser/axe/<name>.json.
 */
export async function runAxe(page: Page, name: string, options: RunOptions = {}): Promise<AxeReport> {
  // Into every frame, so axe in the top frame reaches theirs (as @axe-core/playwright does).
  await Promise.all(
    page.frames().map((frame) =>
      frame.evaluate(axeSource()).catch((err: Error) => {
        if (frame === page.mainFrame()) throw err;
      }),
    ),
  );
  const results = await page.evaluate(
    (opts) => (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<AxeResults> } }).axe.run(document, opts),
    { resultTypes: ["violations"], ...options } as RunOptions,
  );
  const byImpact = emptyByImpact();
  for (const v of results.violations) byImpact[impactOf(v)].push(v);
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, byImpact[i].length])) as Record<Impact, number>;
  const nodes = Object.fromEntries(IMPACTS.map((i) => [i, byImpact[i].reduce((n, v) => n + v.nodes.length, 0)])) as Record<Impact, number>;
  fs.mkdirSync(AXE_DIR, { recursive: true });
  const file = path.join(AXE_DIR, `${fileName(name)}.json`);
  const { url, timestamp, testEngine, testEnvironment, toolOptions, violations, incomplete } = results;
  fs.writeFileSync(
    file,
    JSON.stringify({ name, url, timestamp, testEngine, testEnvironment, toolOptions, counts, violations, incomplete }, null, 2) + "\n",
  );
  const report = { name, url, byImpact, counts, nodes, file };
  checked.set(name, report);
  return report;
}

/** One line per violation, then its elements' selectors (at most `maxNodes` of them). */
export function describeViolations(violations: Result[], maxNodes = 5): string {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, maxNodes).map((n) => `      ${n.target.map(String).join(" >>> ")}`);
      if (v.nodes.length > maxNodes) targets.push(`      … and ${v.nodes.length - maxNodes} more`);
      return [`  [${impactOf(v)}] ${v.id}: ${v.help} (${v.helpUrl})`, ...targets].join("\n");
    })
    .join("\n");
}

export interface ExpectOptions extends RunOptions {
  /**
   * Rule ids known to fail today that do not fail the check (they are still written and counted).
   * Keep it short, and say where each comes from.
   */
  allow?: readonly string[];
}

/** Fails on any serious or critical violation, naming each rule, its help and the elements' selectors. */
export async function expectNoSeriousViolations(page: Page, name: string, options: ExpectOptions = {}): Promise<AxeReport> {
  const { allow = [], ...runOptions } = options;
  const report = await runAxe(page, name, runOptions);
  const blocking = [...BLOCKING]
    .reverse()
    .flatMap((impact) => report.byImpact[impact])
    .filter((v) => !allow.includes(v.id));
  if (blocking.length) {
    const err = new Error(
      `${blocking.length} serious or critical accessibility violation${blocking.length === 1 ? "" : "s"} on "${name}" ` +
        `(${report.url}); details in ${path.relative(process.cwd(), report.file)}:\n${describeViolations(blocking)}`,
    );
    Error.captureStackTrace(err, expectNoSeriousViolations); // the stack starts at the test
    throw err;
  }
  return report;
}

export type AxeSummary = Record<string, { url: string; violations: Record<Impact, number>; nodes: Record<Impact, number> }>;

/** The pages checked so far in this test file: rules failed and elements flagged, by impact. */
export function axeSummary(): AxeSummary {
  return Object.fromEntries([...checked.values()].map((r) => [r.name, { url: r.url, violations: { ...r.counts }, nodes: { ...r.nodes } }]));
}

/** A table of axeSummary(): one row per page, the rules failed per impact. */
export function formatAxeSummary(summary: AxeSummary = axeSummary()): string {
  const names = Object.keys(summary);
  const width = Math.max(4, ...names.map((n) => n.length)) + 2;
  const header = "page".padEnd(width) + IMPACTS.map((i) => i.padStart(10)).join("");
  const rows = names.map((n) => n.padEnd(width) + IMPACTS.map((i) => String(summary[n].violations[i]).padStart(10)).join(""));
  return [header, ...rows].join("\n");
}

/**
 * Merges this file's pages into artifacts/browser/axe-summary.json (other test files' pages stay)
 * and returns the table; call it from afterAll.
 */
export function writeAxeSummary(): string {
  let pages: AxeSummary = {};
  try {
    pages = (JSON.parse(fs.readFileSync(AXE_SUMMARY_FILE, "utf8")) as { pages: AxeSummary }).pages ?? {};
  } catch {
    // no summary yet, or an unreadable one: start again
  }
  const mine = axeSummary();
  Object.assign(pages, mine);
  fs.mkdirSync(path.dirname(AXE_SUMMARY_FILE), { recursive: true });
  fs.writeFileSync(AXE_SUMMARY_FILE, JSON.stringify({ impacts: IMPACTS, pages }, null, 2) + "\n");
  return formatAxeSummary(mine);
}
