// Assembles one service's production app, as its image holds it: the root manifests, the service's
// folder and the workspace packages it depends on (built), then `npm ci --omit=dev` for that
// workspace alone. The Dockerfile runs this; tests/deploy/image.spec.ts runs it too and starts the
// service from the result. Usage: node tools/deploy/image-app.cjs <service> <out-dir> [--offline]
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..");
const manifest = (dir) => JSON.parse(fs.readFileSync(path.join(ROOT, dir, "package.json"), "utf8"));

/** A service's folder and default port: the gateway, or a subgraph from subgraphs.json. */
function entryOf(service) {
  if (service === "gateway") return { folder: "gateway", port: 4000 };
  const { subgraphs } = JSON.parse(fs.readFileSync(path.join(ROOT, "subgraphs.json"), "utf8"));
  const entry = subgraphs.find((s) => s.name === service);
  if (!entry) throw new Error(`no service "${service}": the gateway or one of ${subgraphs.map((s) => s.name).join(", ")}`);
  return entry;
}
const folderOf = (service) => entryOf(service).folder;

/** Workspace folders by package name. */
function workspaces() {
  const found = {};
  for (const pattern of manifest(".").workspaces) {
    const base = pattern.replace(/\/\*$/, "");
    const dirs = pattern.endsWith("/*") ? fs.readdirSync(path.join(ROOT, base)).map((d) => `${base}/${d}`) : [base];
    for (const dir of dirs) if (fs.existsSync(path.join(ROOT, dir, "package.json"))) found[manifest(dir).name] = dir;
  }
  return found;
}

/** The service's folder and every workspace package it needs, transitively. */
function foldersFor(service) {
  const all = workspaces();
  const folders = [folderOf(service)];
  for (let i = 0; i < folders.length; i++)
    for (const dep of Object.keys(manifest(folders[i]).dependencies ?? {}))
      if (all[dep] && !folders.includes(all[dep])) folders.push(all[dep]);
  return folders;
}

/** What a service needs from the repository beyond its folders at run time (read relative to dist). */
const EXTRA = { gateway: ["schema/supergraph.graphql", "schema/persisted"] };
const SKIP = new Set(["node_modules", "src", "__tests__", "tsconfig.json", "tsconfig.tsbuildinfo", "README.md"]);
/** Compiled tests (and their maps and declarations) beside the code in dist: not run in an image. */
const TEST_FILE = /\.(spec|test)\.(js|d\.ts)(\.map)?$/;

/** Whether the copy of a service's folder `dir` takes `src`. */
const copied = (dir, src) => src === dir || !(SKIP.has(path.basename(src)) || TEST_FILE.test(src));

function assemble(service, out, { offline = false } = {}) {
  fs.mkdirSync(out, { recursive: true });
  for (const file of ["package.json", "package-lock.json", ".npmrc"]) fs.copyFileSync(path.join(ROOT, file), path.join(out, file));
  // npm ci checks the lock against every workspace's manifest, so all of them come along (manifests only).
  for (const dir of Object.values(workspaces())) {
    fs.mkdirSync(path.join(out, dir), { recursive: true });
    fs.copyFileSync(path.join(ROOT, dir, "package.json"), path.join(out, dir, "package.json"));
  }
  const folders = foldersFor(service);
  for (const dir of folders) {
    if (!fs.existsSync(path.join(ROOT, dir, "dist"))) throw new Error(`${dir}/dist is missing: build first (npx tsc -b)`);
    fs.cpSync(path.join(ROOT, dir), path.join(out, dir), {
      recursive: true,
      filter: (src) => copied(path.join(ROOT, dir), src),
    });
  }
  for (const extra of EXTRA[service] ?? []) fs.cpSync(path.join(ROOT, extra), path.join(out, extra), { recursive: true });
  const name = manifest(folderOf(service)).name;
  execFileSync(
    "npm",
    ["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--workspace", name, ...(offline ? ["--offline"] : [])],
    {
      cwd: out,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    },
  );
  const main = path.join(folderOf(service), "dist", "main.js");
  // For the image's entry point and health check.
  fs.writeFileSync(path.join(out, ".main"), `${main}\n`);
  fs.writeFileSync(path.join(out, ".port"), `${entryOf(service).port}\n`);
  return { folders, main };
}

module.exports = { assemble, foldersFor, folderOf, EXTRA, copied };

if (require.main === module) {
  const [service, out] = process.argv.slice(2);
  if (!service || !out) {
    console.error("usage: node tools/deploy/image-app.cjs <service> <out-dir> [--offline]");
    process.exit(2);
  }
  const result = assemble(service, path.resolve(out), { offline: process.argv.includes("--offline") });
  console.log(JSON.stringify(result));
}
