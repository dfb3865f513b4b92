import path from "node:path";
import { formatReport, scanCapture, scanPassed } from "./log-scan";

/**
 * `node packages/devstack/dist/scan-logs.js <capture-dir>`: scans captured logs again (Jest's
 * globalTeardown scans each run's; see docs/adr/0017) and exits 1 on any hit, or when nothing
 * was captured.
 */
const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: node packages/devstack/dist/scan-logs.js <capture-dir>   (a run under artifacts/logs/)\n");
  process.exit(2);
}
const report = scanCapture(path.resolve(dir));
process.stdout.write(`${formatReport(report)}\n`);
process.exit(scanPassed(report) ? 0 : 1);
