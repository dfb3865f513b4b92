import path from "node:path";
import { REPO_ROOT } from "./paths";

export const TSCONFIG = path.join(REPO_ROOT, "tsconfig.json");

/** Built before the subgraphs (their dependencies) and after them (what loads them). */
const BEFORE = ["packages/kit", "packages/embedded-postgres", "packages/events"];
const AFTER = ["gateway", "packages/devstack", "clients/partner"];

/** The root tsconfig, whose references `tsc -b` builds: the fixed packages and every listed subgraph. */
export function rootTsconfig(subgraphs: { dir: string }[], root = REPO_ROOT): string {
  const folders = subgraphs.map((s) => path.relative(root, s.dir).split(path.sep).join("/"));
  return JSON.stringify({ files: [], references: [...BEFORE, ...folders, ...AFTER].map((p) => ({ path: p })) }, null, 2) + "\n";
}
