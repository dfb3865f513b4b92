import { newTemplateName, STACK_TEMPLATE_ENV } from "../../packages/devstack/src/stack-template";
import captureLogs from "./log-capture.global-setup";

/** Jest's globalSetup: log capture for the run (docs/adr/0017), and a name for the run's stack template (docs/adr/0037). */
export default function setup(): void {
  captureLogs();
  process.env[STACK_TEMPLATE_ENV] ??= newTemplateName(); // the first stack to start builds it
}
