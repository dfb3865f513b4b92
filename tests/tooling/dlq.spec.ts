import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, REPO_ROOT } from "@learnloop/devstack";

/** `npm run dlq` (packages/devstack/dist/dlq.js) on the embedded event log of a fresh database. */
const dlq = (args: string[], databaseUrl?: string) => {
  const { DATABASE_URL: _unset, KAFKA_BROKERS: _kafka, ...env } = process.env;
  return spawnSync(process.execPath, [path.join(REPO_ROOT, "packages", "devstack", "dist", "dlq.js"), ...args], {
    env: { ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    encoding: "utf8",
    timeout: 60_000,
  });
};

/** The consumer groups docs/events.md names (generated from the subgraph definitions; the composition test keeps it current). */
const documentedGroups = () =>
  [
    ...new Set(
      fs
        .readFileSync(path.join(REPO_ROOT, "docs", "events.md"), "utf8")
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .flatMap((line) => line.split("|").at(-2)!.split(","))
        .map((cell) => cell.trim())
        .filter((cell) => /^[a-z-]+\.[a-z-]+$/.test(cell)),
    ),
  ].sort();

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

it.each(["list", "replay"])("%s refuses a group no subgraph runs, naming the ones they do, and exits 2", (command) => {
  const groups = documentedGroups();
  expect(groups).toContain("notifications.progress-notifications");
  const result = dlq([command, "notifications.progress-notificationz"], database.url);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(
    `no consumer group "notifications.progress-notificationz"; the subgraphs' groups are: ${groups.join(", ")}`,
  );
});

it("lists a known group's dead letters (none, in a fresh database)", () => {
  const result = dlq(["list", "notifications.progress-notifications"], database.url);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("0 dead letter(s) for notifications.progress-notifications");
});
