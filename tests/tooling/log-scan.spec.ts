import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";

/**
 * The log scan (docs/adr/0017) can fail: a process logs through the kit's logger into a scratch
 * capture directory, never the run's own, and the scan command must report what it leaked.
 */
const LOGGER = path.join(REPO_ROOT, "packages", "kit", "dist", "logging", "logger.js");
const SENSITIVE = path.join(REPO_ROOT, "packages", "devstack", "dist", "sensitive.js");
const SCAN = path.join(REPO_ROOT, "packages", "devstack", "dist", "scan-logs.js");

const scratch: string[] = [];
const scratchDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "log-scan-"));
  scratch.push(dir);
  return dir;
};
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Runs `script` in a process whose logs are captured to dir, with the kit's logger and recordSensitive at hand. */
function inProcess(dir: string, script: string) {
  const prelude = `const { createLogger } = require(${JSON.stringify(LOGGER)}); const { recordSensitive } = require(${JSON.stringify(SENSITIVE)});`;
  const r = spawnSync(process.execPath, ["-e", `${prelude}\n${script}`], {
    encoding: "utf8",
    env: { ...process.env, LEARNLOOP_LOG_CAPTURE_DIR: dir },
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r;
}

const scan = (dir: string) => spawnSync(process.execPath, [SCAN, dir], { encoding: "utf8" });

describe("the log scan", () => {
  it("fails on a registered value and on a secret's pattern, and names them masked", () => {
    const dir = scratchDir();
    const secret = `fake-${randomBytes(12).toString("hex")}`;
    const jwt = `eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyXyR7cmFuZG9tfSJ9.${randomBytes(8).toString("base64url")}`;
    const captured = inProcess(
      dir,
      `recordSensitive(${JSON.stringify(secret)}, "fake secret");
       const log = createLogger("leaky", "silent");
       log.info("an ordinary line");
       log.warn({ detail: ${JSON.stringify(secret)} }, "leaks a registered value");
       log.error({ note: ${JSON.stringify(jwt)} }, "leaks a token nobody registered");`,
    );
    expect(captured.stdout).toBe(""); // "silent": only the capture file got the lines

    const r = scan(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/1 files, 3 log lines, 1 registered values, 2 hits/);
    expect(r.stdout).toMatch(/\.ndjson:2: registered fake secret fake…\(29 chars\) in leaky: leaks a registered value/);
    expect(r.stdout).toMatch(/\.ndjson:3: JWT eyJh…\(\d+ chars\) in leaky: leaks a token nobody registered/);
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toContain(jwt);
  });

  it("passes when a registered value was sent but never logged", () => {
    const dir = scratchDir();
    inProcess(
      dir,
      `recordSensitive("hana@example.com", "email");
       createLogger("careful", "silent").info({ user: { email: "hana@example.com" } }, "redacted by the logger");`,
    );
    const r = scan(dir);
    expect(r.stdout).toMatch(/1 files, 1 log lines, 1 registered values, 0 hits/);
    expect(r.status).toBe(0);
  });

  it("fails when nothing was captured", () => {
    const r = scan(scratchDir());
    expect(r.stdout).toMatch(/0 files, 0 log lines/);
    expect(r.stdout).toContain("the capture is broken");
    expect(r.status).toBe(1);
  });
});
