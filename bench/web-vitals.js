"use strict";
// Page timings of clients/web: First Contentful Paint and Largest Contentful Paint in headless
// Chromium, for each page of tests/support/web-pages.ts, cold cache, on a production build served
// as a CDN would, against a local stack; unthrottled, and as Lighthouse's mobile run (4× CPU, its
// throttled network). Measures; asserts nothing about speed.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { REPO_ROOT, startLocalStack } = require("@learnloop/devstack");
const { requireTs } = require("./ts-require");
const { postgresVersion } = require("./support");
const bundle = require("../tools/web-bundle-report");

const defaults = { runs: 5, cpu: 4 };
/** What `npm run bench -- --help` says about it and its options. */
const summary = "FCP and LCP of each clients/web page in headless Chromium, cold cache, unthrottled and as mobile (about 3 min)";
const help = {
  runs: "cold loads per page and profile (median and p95 are printed)",
  cpu: "CPU slowdown of the mobile profile (Emulation.setCPUThrottlingRate)",
};
const REPORT_FILE = path.join(REPO_ROOT, "artifacts", "web-vitals.json");

/**
 * Lighthouse's mobile network (its DevTools throttling of "mobileSlow4G", close to DevTools' old
 * "Fast 3G" preset): 150 ms RTT × 3.75 request latency, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up.
 */
const MOBILE_NETWORK = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: Math.floor((1.6 * 1024 * 0.9 * 1024) / 8),
  uploadThroughput: Math.floor((750 * 0.9 * 1024) / 8),
};
const profilesFor = (options) => [
  { name: "desktop", label: "unthrottled", viewport: { width: 1350, height: 940 }, cpu: 1, network: undefined },
  {
    name: "mobile",
    label: `${options.cpu}× CPU, ${MOBILE_NETWORK.latency} ms, ${((MOBILE_NETWORK.downloadThroughput * 8) / 1e6).toFixed(2)} Mbit/s down`,
    viewport: { width: 412, height: 823 },
    cpu: options.cpu,
    network: MOBILE_NETWORK,
  },
];

const t0 = performance.now();
const progress = (msg) => console.error(`[web-vitals +${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Nearest rank: with 5 runs the p95 is the slowest. */
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1];

/** In the page: the buffered paint and largest-contentful-paint entries, through PerformanceObserver. */
function readPaints() {
  return new Promise((resolve) => {
    const seen = { fcp: null, lcp: null, lcpElement: null, lcpSize: null };
    const observe = (type, onEntry) => {
      const observer = new globalThis.PerformanceObserver((list) => list.getEntries().forEach(onEntry));
      observer.observe({ type, buffered: true });
      return observer;
    };
    const observers = [
      observe("paint", (e) => {
        if (e.name === "first-contentful-paint") seen.fcp = e.startTime;
      }),
      observe("largest-contentful-paint", (e) => {
        // The last entry is the page's LCP (no input has happened to end it).
        seen.lcp = e.startTime;
        seen.lcpSize = e.size;
        seen.lcpElement = e.element
          ? e.element.tagName.toLowerCase() + (e.element.dataset.testid ? `[${e.element.dataset.testid}]` : "")
          : null;
      }),
    ];
    // Buffered entries arrive in the observers' first callback, a task after observe().
    setTimeout(() => {
      observers.forEach((o) => o.disconnect());
      resolve(seen);
    }, 200);
  });
}

/** One cold load of `target` in a new context: signed in first if it needs it, then the cache cleared and the profile applied. */
async function measure(browser, { origin, target, profile, signIn, web }) {
  const context = await browser.newContext({ viewport: profile.viewport });
  try {
    const page = await context.newPage();
    if (target.signedIn) {
      await signIn(page, origin);
      await page.goto("about:blank"); // the session stays in the tab
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.clearBrowserCache");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (profile.network) await cdp.send("Network.emulateNetworkConditions", profile.network);
    if (profile.cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
    let bytes = 0;
    cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
    await page.goto(`${origin}${target.path}`, { waitUntil: "load", timeout: 120_000 });
    // The page has fetched its data and rendered it when nothing is loading for 0.5 s (WebSockets do not count).
    await page.waitForLoadState("networkidle", { timeout: 120_000 });
    if (target.signedIn && (await web.signedOut(page))) throw new Error(`${target.name}: shows the sign-in form, the session was lost`);
    const paints = await page.evaluate(readPaints);
    if (paints.fcp === null || paints.lcp === null) throw new Error(`${target.name}: no FCP or LCP entry (${JSON.stringify(paints)})`);
    return { ...paints, bytes };
  } finally {
    await context.close();
  }
}

async function run(options) {
  const browserSupport = requireTs("support/browser.ts");
  const web = requireTs("support/web-pages.ts");
  let siteDir = "";
  let stack;
  let browser;
  const site = await browserSupport.serveStatic(() => siteDir, { gzip: true });
  try {
    progress("starting the stack");
    stack = await startLocalStack({ logLevel: process.env.BENCH_LOG_LEVEL ?? "silent", gatewayEnv: { CORS_ORIGINS: site.origin } });
    const token = stack.token("user_bench_web_vitals");
    await web.prepareLearner(stack.gatewayUrl, token);
    const signIn = (page, origin) => web.signInWithDevToken(page, origin, token);
    progress("building clients/web for production (the default persisted mode, apq)");
    siteDir = await browserSupport.buildWebClient({ VITE_GATEWAY_URL: stack.gatewayUrl });
    const sizes = bundle.bundleReport(siteDir);
    browser = await browserSupport.launchChromium();
    const profiles = profilesFor(options);
    const results = [];
    for (const profile of profiles)
      for (const target of web.WEB_PAGES) {
        const runs = [];
        // One load first, not counted: the gateway's and subgraphs' own caches and JIT are warm for every counted run.
        await measure(browser, { origin: site.origin, target, profile, signIn, web });
        for (let i = 0; i < options.runs; i++) runs.push(await measure(browser, { origin: site.origin, target, profile, signIn, web }));
        const row = {
          profile: profile.name,
          page: target.name,
          path: target.path,
          fcp: { median: median(runs.map((r) => r.fcp)), p95: p95(runs.map((r) => r.fcp)) },
          lcp: { median: median(runs.map((r) => r.lcp)), p95: p95(runs.map((r) => r.lcp)) },
          lcpElement: runs[runs.length - 1].lcpElement,
          transferKiB: median(runs.map((r) => r.bytes)) / 1024,
          runs,
        };
        results.push(row);
        progress(`${profile.name} ${target.name}: FCP ${row.fcp.median.toFixed(0)} ms, LCP ${row.lcp.median.toFixed(0)} ms`);
      }

    const version = browser.version();
    console.log(`\nweb-vitals: clients/web, production build, cold cache, ${options.runs} runs per page and profile (median / p95, ms)`);
    console.log(
      `Chromium ${version} headless; ${os.cpus().length} cores; PostgreSQL ${await postgresVersion()}; ` +
        `initial JS ${(sizes.initial.js.gzip / 1024).toFixed(1)} KiB gzipped`,
    );
    for (const p of profiles) console.log(`  ${p.name}: ${p.viewport.width}×${p.viewport.height}, ${p.label}`);
    console.log("");
    console.log("| profile | page | FCP median | FCP p95 | LCP median | LCP p95 | LCP element | transfer KiB |");
    console.log("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |");
    for (const r of results)
      console.log(
        `| ${r.profile} | ${r.page} | ${r.fcp.median.toFixed(0)} | ${r.fcp.p95.toFixed(0)} | ${r.lcp.median.toFixed(0)} | ` +
          `${r.lcp.p95.toFixed(0)} | ${r.lcpElement ?? "?"} | ${r.transferKiB.toFixed(0)} |`,
      );
    fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    fs.writeFileSync(
      REPORT_FILE,
      JSON.stringify({ chromium: version, options, profiles, initialJsGzip: sizes.initial.js.gzip, results }, null, 2) + "\n",
    );
    console.log(`\nwritten to ${path.relative(process.cwd(), REPORT_FILE)}`);
  } finally {
    await browser?.close();
    await stack?.stop();
    await site.close();
    if (siteDir) fs.rmSync(siteDir, { recursive: true, force: true });
  }
}

module.exports = { name: "web-vitals", summary, defaults, help, run };
