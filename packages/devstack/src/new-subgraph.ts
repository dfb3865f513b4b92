import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "./paths";
import { scaffoldFiles, scaffoldNames } from "./scaffold/templates";
import { readSubgraphList } from "./subgraphs";
import { rootTsconfig } from "./tsconfig-references";

const USAGE = `Usage: npm run new-subgraph -- <name> [--port <port>] [--root <dir>] [--no-install]

Scaffolds subgraphs/<name>/ (an entity, a query, a mutation, a consumer of user.deleted, a
migration, permissions, a README and a gateway test), adds it to subgraphs.json and the root
tsconfig.json, then runs npm install (links the workspace, updates the lockfile), the build and
npm run compose. <name>: lower-case letters and digits, plural (bookmarks → type Bookmark).

  --port <port>  its port (default: one past the highest in subgraphs.json)
  --root <dir>   the repository to add it to (default: this one)
  --no-install   write the files only`;

export interface NewSubgraphResult {
  dir: string;
  files: string[];
  port: number;
}

/** Writes the folder and the list entry; refuses a name or folder that exists. */
export function newSubgraph(name: string, root = REPO_ROOT, port?: number): NewSubgraphResult {
  if (!/^[a-z][a-z0-9]{2,30}$/.test(name))
    throw new Error(`"${name}" must be 3 to 31 lower-case letters and digits, starting with a letter`);
  const listFile = path.join(root, "subgraphs.json");
  const entries = readSubgraphList(listFile);
  if (entries.some((e) => e.name === name)) throw new Error(`subgraphs.json already has ${name}`);
  const dir = path.join(root, "subgraphs", name);
  if (fs.existsSync(dir)) throw new Error(`${path.relative(root, dir)} exists`);
  const chosen = port ?? Math.max(...entries.map((e) => e.port)) + 1;
  if (entries.some((e) => e.port === chosen)) throw new Error(`port ${chosen} is taken in subgraphs.json`);

  const files = scaffoldFiles(scaffoldNames(name, chosen), path.relative(dir, root).split(path.sep).join("/"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text.endsWith("\n") ? text : `${text}\n`);
  }
  const list = JSON.parse(fs.readFileSync(listFile, "utf8")) as { subgraphs: unknown[] };
  list.subgraphs.push({ name, folder: `subgraphs/${name}`, port: chosen });
  fs.writeFileSync(listFile, JSON.stringify(list, null, 2) + "\n");
  fs.writeFileSync(path.join(root, "tsconfig.json"), rootTsconfig(readSubgraphList(listFile), root));
  return { dir, files: Object.keys(files), port: chosen };
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string" },
      root: { type: "string" },
      "no-install": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(USAGE);
  if (positionals.length !== 1) throw new Error(`give one name\n\n${USAGE}`);
  const root = path.resolve(values.root ?? REPO_ROOT);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) throw new Error(`--port must be a number, not ${values.port}`);
  const result = newSubgraph(positionals[0], root, port);
  console.log(
    `wrote ${path.relative(root, result.dir)}/ (${result.files.length} files, port ${result.port}), subgraphs.json and tsconfig.json`,
  );
  if (values["no-install"]) return;
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
  run("npm", ["install", "--no-audit", "--no-fund"]);
  run("npm", ["run", "compose"]);
  run("npx", ["prettier", "--write", path.relative(root, result.dir), "subgraphs.json", "tsconfig.json"]);
  console.log(`\nNext: read ${path.relative(root, result.dir)}/README.md, then npm test.`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`new-subgraph: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
