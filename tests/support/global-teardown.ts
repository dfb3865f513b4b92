import { dropStackTemplate } from "../../packages/devstack/src/stack-template";
import scanLogs from "./log-capture.global-teardown";

/** Jest's globalTeardown: drops the run's stack template if one was built, then scans the captured logs (which may fail the run). */
export default async function teardown(): Promise<void> {
  try {
    await dropStackTemplate();
  } finally {
    scanLogs(); // the personal-data gate runs whatever happened to the template
  }
}
