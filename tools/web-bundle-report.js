"use strict";
// What a browser downloads for clients/web, gzipped, from a production build's Vite manifest
// (build.manifest in clients/web/vite.config.ts): the initial JS (the entry chunk and everything it
// imports statically), the initial CSS, and each lazily loaded chunk (a dynamic import() and what it
// alone brings along). Checked against clients/web/bundle-budget.json.
//
//   node tools/web-bundle-report.js [outDir] [--check]   outDir defaults to clients/web/dist (npm run web:build)
//
// Prints a table to stdout and writes artifacts/web-bundle.json; --check exits 1 when over budget.
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const REPO_ROOT = path.join(__dirname, "..");
const WEB_DIR = path.join(REPO_ROOT, "clients", "web");
const BUDGET_FILE = path.join(WEB_DIR, "bundle-budget.json");
const REPORT_FILE = path.join(REPO_ROOT, "artifacts", "web-bundle.json");
const KiB = 1024;

/** Bytes on disk and gzipped (zlib's default level, as most servers and CDNs compress). */
function sizes(outDir, files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const data = fs.readFileSync(path.join(outDir, file));
    raw += data.length;
    gzip += zlib.gzipSync(data).length;
  }
  return { raw, gzip };
}

function readManifest(outDir) {
  const file = path.join(outDir, ".vite", "manifest.json");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build clients/web with build.manifest: true (clients/web/vite.config.ts)`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** The manifest keys a chunk pulls in statically, itself included, depth first. */
function staticClosure(manifest, key, into = new Set()) {
  if (into.has(key)) return into;
  if (!manifest[key]) throw new Error(`the Vite manifest names ${key} but has no entry for it`);
  into.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

const jsOf = (manifest, keys) => [...new Set([...keys].map((k) => manifest[k].file))].filter((f) => f.endsWith(".js"));
const cssOf = (manifest, keys) => [...new Set([...keys].flatMap((k) => manifest[k].css ?? []))];

function readBudget(file = BUDGET_FILE) {
  const budget = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof budget.initialJsGzipKiB !== "number") throw new Error(`${file}: initialJsGzipKiB (a number) is required`);
  return {
    initialJsGzipKiB: budget.initialJsGzipKiB,
    initialCssGzipKiB: budget.initialCssGzipKiB,
    requireCodeSplit: budget.requireCodeSplit ?? true,
    notRoutes: budget.notRoutes ?? [],
  };
}

/**
 * The report of a build in outDir. Lazy chunks whose source is in the budget's `notRoutes` (Clerk's
 * session, the persisted-operation manifest) are listed but are not counted as code-split routes.
 */
function bundleReport(outDir, budget = readBudget()) {
  const manifest = readManifest(outDir);
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
  if (!entries.length) throw new Error(`the Vite manifest of ${outDir} has no entry chunk`);
  const initialKeys = new Set();
  for (const entry of entries) staticClosure(manifest, entry, initialKeys);
  const initialJs = jsOf(manifest, initialKeys);
  const initialCss = cssOf(manifest, initialKeys);
  const lazy = Object.keys(manifest)
    .filter((k) => manifest[k].isDynamicEntry)
    .map((src) => {
      // What this import() adds over the initial load: itself and static imports not already loaded.
      const keys = [...staticClosure(manifest, src)].filter((k) => !initialKeys.has(k));
      const js = jsOf(manifest, keys);
      return { src, files: js, css: cssOf(manifest, keys), route: !budget.notRoutes.includes(src), ...sizes(outDir, js) };
    })
    .sort((a, b) => b.gzip - a.gzip);
  return {
    outDir,
    entries,
    initial: { js: { files: initialJs, ...sizes(outDir, initialJs) }, css: { files: initialCss, ...sizes(outDir, initialCss) } },
    lazy,
    budget,
  };
}

/** What is wrong with the report against its budget: an empty list when it is within it. */
function checkBudget(report, budget = report.budget) {
  const problems = [];
  const kib = (bytes) => (bytes / KiB).toFixed(1);
  if (report.initial.js.gzip > budget.initialJsGzipKiB * KiB)
    problems.push(
      `initial JS is ${kib(report.initial.js.gzip)} KiB gzipped, over the budget of ${budget.initialJsGzipKiB} KiB ` +
        `(clients/web/bundle-budget.json); files: ${report.initial.js.files.join(", ")}`,
    );
  if (typeof budget.initialCssGzipKiB === "number" && report.initial.css.gzip > budget.initialCssGzipKiB * KiB)
    problems.push(`initial CSS is ${kib(report.initial.css.gzip)} KiB gzipped, over the budget of ${budget.initialCssGzipKiB} KiB`);
  if (budget.requireCodeSplit && !report.lazy.some((c) => c.route))
    problems.push(
      "no lazily loaded route chunk: pages must be code-split (React.lazy(() => import(...)))" +
        (report.lazy.length ? `; the lazy chunks there are all in notRoutes: ${report.lazy.map((c) => c.src).join(", ")}` : ""),
    );
  return problems;
}

function formatReport(report) {
  const kib = (bytes) => (bytes / KiB).toFixed(1).padStart(9);
  const rows = [
    ["initial JS (entry + static imports)", report.initial.js],
    ["initial CSS", report.initial.css],
    ...report.lazy.map((c) => [`lazy: ${c.src}${c.route ? "" : " (not a route)"}`, c]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = [`${"clients/web bundle".padEnd(width)}${"KiB".padStart(9)}${"gzip KiB".padStart(9)}  files`];
  for (const [label, s] of rows) lines.push(`${label.padEnd(width)}${kib(s.raw)}${kib(s.gzip)}  ${s.files.join(", ")}`);
  const { budget } = report;
  lines.push(
    "",
    `budget (clients/web/bundle-budget.json): initial JS ≤ ${budget.initialJsGzipKiB} KiB gzipped` +
      (typeof budget.initialCssGzipKiB === "number" ? `, initial CSS ≤ ${budget.initialCssGzipKiB} KiB` : "") +
      `; code-split routes ${budget.requireCodeSplit ? "required" : "not required yet (requireCodeSplit: false)"}`,
  );
  return lines.join("\n");
}

function writeReport(report, file = REPORT_FILE) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...report, problems: checkBudget(report) }, null, 2) + "\n");
  return file;
}

module.exports = { bundleReport, checkBudget, formatReport, readBudget, writeReport, BUDGET_FILE, REPORT_FILE };

if (require.main === module) {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const outDir = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(WEB_DIR, "dist"));
  try {
    const report = bundleReport(outDir);
    console.log(formatReport(report));
    console.log(`\nwritten to ${path.relative(process.cwd(), writeReport(report))}`);
    const problems = checkBudget(report);
    for (const p of problems) console.error(`over budget: ${p}`);
    if (check && problems.length) process.exit(1);
  } catch (err) {
    console.error(`web-bundle-report: ${err.message}`);
    process.exit(1);
  }
}
