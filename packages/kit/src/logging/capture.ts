import { randomBytes } from "node:crypto";
import path from "node:path";
import pino from "pino";

/**
 * Log capture, for the tests' scan for personal data and secrets in logs (docs/adr/0017).
 * Set, every logger also writes everything from CAPTURE_LEVEL up, whatever its own level, to
 * an NDJSON file in this directory; unset (production, `npm start`), nothing changes.
 */
export const LOG_CAPTURE_ENV = "LEARNLOOP_LOG_CAPTURE_DIR";
export const CAPTURE_LEVEL = "debug";

/** The capture directory, or undefined when capture is off. The only reader of LOG_CAPTURE_ENV. */
export function logCaptureDir(env: Record<string, string | undefined> = process.env): string | undefined {
  return env[LOG_CAPTURE_ENV] || undefined;
}

let capture: { dir: string; stream: pino.DestinationStream } | undefined;

/**
 * One file per module instance (a process, or a Jest test file: Jest loads modules afresh per
 * file), so a hit points at the file that logged it. Synchronous, so a child process killed
 * with SIGKILL has still written every line it logged.
 */
export function captureDestination(): pino.DestinationStream | undefined {
  const dir = logCaptureDir();
  if (!dir) return undefined;
  if (capture?.dir !== dir) {
    const file = path.join(dir, `${process.pid}-${randomBytes(4).toString("hex")}.ndjson`);
    capture = { dir, stream: pino.destination({ dest: file, sync: true, mkdir: true, append: true }) };
  }
  return capture.stream;
}
