import { dropStackTemplate } from "../../packages/devstack/src/stack-template";
import scanLogs from "./log-capture.global-teardown";

/** Jest's globalTeardown: drops the run's stack template, then scans the captured logs (which may fail the run). */
export default async function teardown(): Promise<void> {
  await dropStackTemplate();
  scanLogs();
}
