import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";

/** bench/analytics-scale.js at a tiny scale, so it cannot rot: it runs, both engines agree, it cleans up. No timings are judged. */
function bench(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "bench", "run.js"), "analytics-scale", ...args], {
      env: { ...process.env, BENCH_LOG_LEVEL: "silent" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const REPORTS = ["activeUsers", "retentionCohorts", "funnel", "lessonCompletion", "notificationEngagement", "insights"];

it("runs at 2000 events, then grown ×2, with PostgreSQL and DuckDB returning the same rows for every report", async () => {
  const { status, stdout, stderr } = await bench("--events", "2000", "--growth", "2", "--rounds", "1", "--ingest", "20", "--batch", "10");
  expect({ status, stderr: status === 0 ? "" : stderr }).toEqual({ status: 0, stderr: "" });
  for (const scale of ["2000", "4000"]) expect(stdout).toContain(`### ${scale} events, ${Number(scale) / 200} learners`);
  for (const report of REPORTS) {
    const lines = stdout.split("\n").filter((line) => line.startsWith(`| ${report} |`));
    // Two scale tables (rows, agree) and the growth table.
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(0, 2)) expect(line.split("|")[3].trim()).toBe("yes");
  }
  // Every report returned rows at the small scale too: an empty answer would agree trivially.
  const first = stdout.split("### 4000")[0];
  for (const report of REPORTS) expect(Number(first.split(`| ${report} | `)[1].split(" |")[0])).toBeGreaterThan(0);
  expect(stdout).toMatch(/ingest through recordEvents: \d+ events\/s one per transaction, \d+ events\/s in batches of 10/);
  expect(stdout).toMatch(/DuckDB load \(cursor \+ appender\) of 2000 rows: .*\(and \d+ cards and characters\)/);
  expect(stdout).toMatch(/DuckDB load \(cursor \+ appender\) of 2000 rows[\s\S]*DuckDB load \(cursor \+ appender\) of 2000 rows/);
  expect(stdout).toContain("### growth 2000 → 4000 events");
  // The learner's insights had a deck and activity to agree on (cards and characters were generated and loaded).
  const [, cards, due] =
    /insights are user_\d+'s \(\d+ reviews and \d+ lessons in 30 days, (\d+) reviewed cards, (\d+) due in 14 days\)/.exec(stdout) ?? [];
  expect(Number(cards)).toBeGreaterThan(0);
  expect(Number(due)).toBeGreaterThanOrEqual(0);
  // Every report has its DuckDB twin today: none is left unchecked.
  expect(stdout).not.toContain("agreement not checked");
}, 180_000);
