import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { LOG_CAPTURE_ENV } from "./capture";
import { createLogger } from "./logger";

it("redacts personal data and credentials", () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
  const logger = createLogger("test", "info", sink as never);
  logger.info(
    { user: { email: "hana@example.com", displayName: "Hana" }, headers: { authorization: "Bearer secret-token" }, variables: { x: 1 } },
    "hello",
  );
  const out = lines.join("");
  expect(out).toContain("hello");
  expect(out).not.toMatch(/hana@example.com|Hana"|secret-token/);
  expect(out).toContain("[redacted]");
});

describe("under the tests' log capture (LEARNLOOP_LOG_CAPTURE_DIR)", () => {
  const given = process.env[LOG_CAPTURE_ENV];
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "log-capture-"));
    process.env[LOG_CAPTURE_ENV] = dir; // a scratch directory, not the run's own
  });
  afterAll(() => {
    process.env[LOG_CAPTURE_ENV] = given;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const captured = () =>
    fs
      .readdirSync(dir)
      .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n"))
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  it("writes everything from debug up to the capture, redacted, and the usual output at the usual level", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger("test", "warn", sink as never);
    logger.debug({ user: { email: "hana@example.com" } }, "detail");
    logger.warn("careful");
    createLogger("quiet", "silent").info("still captured");

    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["careful"]);
    expect(captured().map((l) => [l.service, l.msg])).toEqual([
      ["test", "detail"],
      ["test", "careful"],
      ["quiet", "still captured"],
    ]);
    expect(captured()[0].user.email).toBe("[redacted]");
  });
});
