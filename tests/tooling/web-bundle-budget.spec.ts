import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildWebClient } from "../support/browser";

/** clients/web built for production, against clients/web/bundle-budget.json (tools/web-bundle-report.js). */
const tool = require("../../tools/web-bundle-report.js") as typeof import("../../tools/web-bundle-report.js");

let outDir = "";
beforeAll(async () => {
  outDir = await buildWebClient({});
}, 180_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

it("keeps the initial JS within the budget, and has code-split routes when the budget requires them", () => {
  const report = tool.bundleReport(outDir);
  tool.writeReport(report);
  expect(report.entries).toEqual(["index.html"]);
  expect(report.initial.js.files.length).toBeGreaterThan(0);
  expect(report.initial.js.gzip).toBeGreaterThan(10 * 1024); // it measured the real chunks (React alone is more)
  // Every lazily loaded chunk is outside the initial load.
  for (const chunk of report.lazy) for (const file of chunk.files) expect(report.initial.js.files).not.toContain(file);
  const problems = tool.checkBudget(report);
  if (problems.length) throw new Error(`${problems.join("\n")}\n\n${tool.formatReport(report)}`);
});

describe("the budget check", () => {
  const report = () => tool.bundleReport(outDir);

  it("fails when the initial JS is over the budget, saying by how much and which files", () => {
    const r = report();
    const problems = tool.checkBudget(r, { ...r.budget, initialJsGzipKiB: 1 });
    expect(problems).toEqual([
      expect.stringMatching(/^initial JS is \d+\.\d KiB gzipped, over the budget of 1 KiB .*assets\/index-.*\.js/),
    ]);
  });

  it("fails when code splitting is required and no lazy chunk is a route", () => {
    const r = report();
    const notRoutes = r.lazy.map((c) => c.src);
    const problems = tool.checkBudget(
      { ...r, lazy: r.lazy.map((c) => ({ ...c, route: false })) },
      { ...r.budget, requireCodeSplit: true, notRoutes },
    );
    expect(problems).toEqual([expect.stringMatching(/^no lazily loaded route chunk: pages must be code-split/)]);
    expect(tool.checkBudget({ ...r, lazy: [] }, { ...r.budget, requireCodeSplit: true })).toEqual([
      "no lazily loaded route chunk: pages must be code-split (React.lazy(() => import(...)))",
    ]);
    // A route chunk satisfies it.
    const routed = { ...r, lazy: [{ src: "src/pages/Lesson.tsx", files: ["x.js"], css: [], route: true, raw: 1, gzip: 1 }] };
    expect(tool.checkBudget(routed, { ...r.budget, requireCodeSplit: true })).toEqual([]);
  });

  it("requires code splitting unless the budget file says otherwise", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-budget-")), "bundle-budget.json");
    fs.writeFileSync(file, JSON.stringify({ initialJsGzipKiB: 100 }));
    expect(tool.readBudget(file)).toEqual({ initialJsGzipKiB: 100, initialCssGzipKiB: undefined, requireCodeSplit: true, notRoutes: [] });
    fs.writeFileSync(file, JSON.stringify({ requireCodeSplit: false }));
    expect(() => tool.readBudget(file)).toThrow(/initialJsGzipKiB \(a number\) is required/);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it("lists each lazily loaded chunk with what it alone adds, marking those in notRoutes", () => {
    const r = report();
    const { budget } = r;
    for (const chunk of r.lazy) {
      expect(chunk.files.length).toBeGreaterThan(0);
      expect(chunk.route).toBe(!budget.notRoutes.includes(chunk.src));
    }
    expect(tool.formatReport(r)).toMatch(/^clients\/web bundle +KiB gzip KiB {2}files\ninitial JS \(entry \+ static imports\) /);
  });
});
