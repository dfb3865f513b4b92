import { execFileSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";

// Runs the built compose in a child process: code generation loads ESM that Jest's VM cannot.
it("schema/, the AsyncAPI document, the event types, docs/events.md and the partner operations in docs/partners.md match a fresh generation (run `npm run compose` when this fails)", () => {
  const out = execFileSync(process.execPath, [path.join(REPO_ROOT, "packages/devstack/dist/compose.js"), "--check"], { encoding: "utf8" });
  expect(out).toMatch(/generated files are up to date/);
});
