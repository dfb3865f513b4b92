import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { listedSubgraphs, REPO_ROOT } from "@learnloop/devstack";
import { CONVENTIONS, readSources, type OwnerRef, type Source } from "../../packages/devstack/src/conventions";

/** The describe title of a convention's spec file, from the one list docs/architecture.md is generated from. */
export function conventionTitle(specFile: string): string {
  const entry = CONVENTIONS.find((c) => c.file === path.basename(specFile));
  if (!entry) throw new Error(`${path.basename(specFile)} is not in packages/devstack/src/conventions/list.ts`);
  return entry.title;
}

/** Every listed subgraph as the ownership checks see it. */
export const owners = (): OwnerRef[] =>
  listedSubgraphs().map((s) => ({
    name: s.name,
    dir: s.dir,
    packageName: (JSON.parse(fs.readFileSync(path.join(s.dir, "package.json"), "utf8")) as { name: string }).name,
  }));

export const subgraphSources = (dir: string): Source[] => readSources(path.join(dir, "src"));

/** What ships code that sends errors: the gateway, the kit and each listed subgraph. */
export const serviceSources = (): Source[] =>
  [
    path.join(REPO_ROOT, "gateway", "src"),
    path.join(REPO_ROOT, "packages", "kit", "src"),
    ...listedSubgraphs().map((s) => path.join(s.dir, "src")),
  ].flatMap(readSources);

/** Writes files under a fresh temporary directory and reads them back as sources: the bad inputs of the negative tests. */
export function tempSources(files: Record<string, string>): { dir: string; sources: Source[]; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-conventions-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, sources: readSources(dir), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
