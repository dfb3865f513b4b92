import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";

/** tools/test-prerequisites.sh, the first step of `npm test`, run as a user who cannot install. */
const SCRIPT = path.join(REPO_ROOT, "tools", "test-prerequisites.sh");
/** A copy of the script the user nobody can read, wherever the clone is (one under a private folder is not). */
function readableCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prereq-script-"));
  fs.chmodSync(dir, 0o755);
  const copy = path.join(dir, "test-prerequisites.sh");
  fs.copyFileSync(SCRIPT, copy);
  fs.chmodSync(copy, 0o644);
  return copy;
}
const asRoot = process.getuid?.() === 0;

/** A PATH holding only these commands (chromium, for one, is then missing), run as nobody when we are root. */
function run(commands: string[]) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "prereq-bin-"));
  fs.chmodSync(bin, 0o755);
  for (const name of commands) {
    const found = spawnSync("bash", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    if (found) fs.symlinkSync(found, path.join(bin, name));
  }
  const script = readableCopy();
  const argv = asRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", script] : ["bash", script];
  const result = spawnSync(argv[0], argv.slice(1), {
    encoding: "utf8",
    cwd: os.tmpdir(),
    env: { PATH: bin, HOME: os.tmpdir(), TMPDIR: os.tmpdir() },
  });
  fs.rmSync(bin, { recursive: true, force: true });
  fs.rmSync(path.dirname(script), { recursive: true, force: true });
  return result;
}

const BASICS = ["bash", "id", "ls", "head", "seq", "sleep", "setpriv", "pg_isready", "gcc"];

it("stops at once with the exact command when a package is missing and it cannot install", () => {
  const result = run(BASICS); // no chromium on this PATH
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("npm test needs these Debian packages: chromium");
  expect(result.stderr).toContain("sudo apt-get install -y --no-install-recommends chromium");
});

it("passes when everything is there", () => {
  const result = run([...BASICS, "chromium"]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});
