import fs from "node:fs";
import path from "node:path";
import { LOG_CAPTURE_ENV, logCaptureDir } from "../../packages/kit/src/logging/capture";

/** Where each Jest run's captured logs go unless LEARNLOOP_LOG_CAPTURE_DIR names a place (docs/adr/0017). */
export const RUNS_DIR = path.resolve(__dirname, "..", "..", "artifacts", "logs");
const KEEP_RUNS = 5;

/**
 * Jest's globalSetup: turns on log capture for the run, before any worker starts, so every
 * logger in the tests and in the processes they start writes to one run directory.
 */
export default function setup(): void {
  const given = logCaptureDir();
  let dir: string;
  if (given) dir = path.resolve(given);
  else {
    // Older runs are pruned: a run at debug level is tens of megabytes.
    const old = fs.existsSync(RUNS_DIR)
      ? fs
          .readdirSync(RUNS_DIR)
          .sort()
          .slice(0, -(KEEP_RUNS - 1))
      : [];
    for (const run of old) fs.rmSync(path.join(RUNS_DIR, run), { recursive: true, force: true });
    dir = path.join(RUNS_DIR, `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  process.env[LOG_CAPTURE_ENV] = dir; // absolute, so processes started elsewhere write here too
}
