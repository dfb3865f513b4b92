import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";
import semver from "semver";

/**
 * package.json's `engines.node` is the project's real requirement: every Node it names is one that
 * every locked package (dependencies of dependencies, dev tools, other platforms' binaries) supports,
 * so `npm ci` on any of them prints no EBADENGINE warning.
 */
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
const supported: string = read("package.json").engines.node;

it("every locked package supports every Node that package.json names", () => {
  const packages = read("package-lock.json").packages as Record<string, { version?: string; engines?: { node?: unknown } }>;
  const narrower = Object.entries(packages)
    .filter(([, p]) => typeof p.engines?.node === "string" && !semver.subset(supported, p.engines.node))
    .map(([where, p]) => `${where.replace(/^.*node_modules\//, "")}@${p.version} wants node ${p.engines!.node}`);
  expect(narrower).toEqual([]);
});

it("the Node running the tests is one package.json names", () => {
  expect(semver.satisfies(process.version, supported)).toBe(true);
});
