import { logCaptureDir } from "../../packages/kit/src/logging/capture";
import { formatReport, scanCapture, scanPassed } from "../../packages/devstack/src/log-scan";

/** Jest's globalTeardown: scans the run's captured logs; any hit, or nothing captured, fails the run. */
export default function teardown(): void {
  const dir = logCaptureDir();
  if (!dir) throw new Error("log capture was never turned on (tests/support/log-capture.global-setup.ts)");
  const report = scanCapture(dir);
  const text = formatReport(report);
  process.stderr.write(`${text}\n`);
  if (!scanPassed(report)) {
    const err = new Error("personal data or secrets in the logs, or no logs captured: see the log scan above");
    err.stack = err.message; // the report says where; a stack into this file would not
    throw err;
  }
}
