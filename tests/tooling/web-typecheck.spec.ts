import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@learnloop/devstack";

// Vite builds without type-checking, and `tsc -b` covers the Node packages only: the browser apps
// are checked here, so a wrong hook type or a missing translation key (ja.ts is typed by en.ts)
// fails the suite rather than a learner's page.
const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

describe("the browser apps type-check", () => {
  it.each(["web", "graphiql"])(
    "clients/%s",
    async (app) => {
      const project = path.join(REPO_ROOT, "clients", app, "tsconfig.json");
      await expect(promisify(execFile)(process.execPath, [TSC, "-p", project, "--noEmit"], { cwd: REPO_ROOT })).resolves.toBeDefined();
    },
    120_000,
  );
});
