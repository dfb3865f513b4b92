import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";

/** bench/run.js's command line (what `npm run bench -- ...` runs after its build); nothing here starts a benchmark. */
const bench = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(REPO_ROOT, "bench", "run.js"), ...args], { encoding: "utf8", timeout: 60_000 });

it("--help lists every benchmark with its options and their defaults, and exits 0", () => {
  const result = bench("--help");
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const expected: Record<string, string[]> = {
    events: ["--events 5000", "--batch 100", "--samples 200", "--warmup 20", "--users 4", "--pause 100", "--fetchwait 10"],
    live: ["--subscribers 10000", "--events 50", "--pause 50", "--concurrency 100"],
    partner: ["--requests 3000", "--concurrency 16", "--rounds 3"],
    "event-loop": ["--seconds 20", "--concurrency 8"],
    idempotency: ["--requests 300", "--concurrency 4", "--rounds 3"],
    tracing: ["--requests 300", "--concurrency 4", "--rounds 3"],
    fuzz: ["--seconds 300", "--seed 20261201"],
    "web-vitals": ["--runs 5", "--cpu 4"],
    "plan-checks": ["--requests 600", "--concurrency 8", "--rounds 5", "--users 40"],
    analytics: ["--rows 500000", "--users 2000", "--rounds 7"],
    "analytics-scale": ["--events 1000000", "--growth 1", "--rounds 5", "--ingest 2000", "--batch 100"],
    "stack-idle": ["--seconds 20", "--settle 5"],
  };
  const sections = result.stdout.split("\n\n").slice(1);
  expect(sections.map((s) => s.split(":")[0])).toEqual(Object.keys(expected));
  for (const section of sections) {
    const flags = [...section.matchAll(/^ {2}(--\S+ \d+) +\S/gm)].map((m) => m[1]);
    expect(flags).toEqual(expected[section.split(":")[0]]);
  }
  expect(result.stdout).toContain("TEST_DATABASE_URL");
  expect(bench("-h").stdout).toBe(result.stdout);
});

it.each([
  [["--no-such-flag"], /Unknown option '--no-such-flag'/],
  [["events", "--events"], /'--events <value>' argument missing/],
  [
    ["no-such-bench"],
    /unknown benchmark "no-such-bench"; known: events, live, partner, event-loop, idempotency, tracing, fuzz, web-vitals/,
  ],
  [["fuzz", "--events", "3"], /fuzz: unknown option --events \(known: seconds, seed\)/],
  [["fuzz", "--seconds=soon"], /fuzz: --seconds must be a positive integer, got "soon"/],
])("refuses %j with exit code 1 before starting anything", (args, message) => {
  const result = bench(...args);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain("npm run bench -- --help");
});
