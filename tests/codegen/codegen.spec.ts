import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";
import { buildSchema, parse, print, visit } from "graphql";

// Code generation runs in child processes, as `npm run codegen:check` does: graphql-codegen loads ESM that Jest's VM cannot.
const CHECK = path.join(REPO_ROOT, "tools", "codegen", "check.cjs");
const GENERATED = [
  "clients/web/src/generated/graphql.ts",
  "clients/web/src/generated/hooks.ts",
  "schema/persisted/partner.json",
  "schema/persisted/web.json",
];

const check = (args: string[] = [], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CHECK, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env } });

let tmp = "";
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-codegen-test-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

it("the committed hooks, types and manifests match a fresh generation (run `npm run codegen` when this fails)", () => {
  const r = check();
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(`${GENERATED.length} generated files are up to date`);
  expect(r.status).toBe(0);
});

it("the check names a stale file", () => {
  for (const rel of GENERATED) {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, rel), path.join(tmp, rel));
  }
  fs.appendFileSync(path.join(tmp, "clients/web/src/generated/hooks.ts"), "// edited by hand\n");
  const r = check(["--against", tmp]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("clients/web/src/generated/hooks.ts");
  expect(r.stderr).not.toContain("graphql.ts");
});

it("the web app type-checks against the generated hooks", () => {
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  // Throws, with the compiler's messages, when it does not.
  execFileSync(process.execPath, [tsc, "-p", path.join(REPO_ROOT, "clients", "web", "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
}, 120_000);

it("a schema change that breaks a web operation fails the build (`npm run build` runs this check), naming the field and the operation's file", () => {
  const api = parse(fs.readFileSync(path.join(REPO_ROOT, "schema", "api.graphql"), "utf8"));
  const withoutXp = visit(api, {
    ObjectTypeDefinition: (node) =>
      node.name.value === "User" ? { ...node, fields: node.fields?.filter((f) => f.name.value !== "xp") } : undefined,
  });
  buildSchema(print(withoutXp)); // still a valid schema: only the client breaks
  fs.writeFileSync(path.join(tmp, "api.graphql"), print(withoutXp));

  const r = check([], { CODEGEN_SCHEMA: path.join(tmp, "api.graphql") });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('Cannot query field "xp" on type "User"');
  expect(r.stderr).toMatch(/clients\/web\/src\/graphql\/me\.graphql/);
}, 60_000);
