// `npm run codegen:check`: exits 1, naming the files, when the committed code generation output
// differs from a fresh one. It generates into a temporary directory (CODEGEN_OUT) and formats as
// `npm run codegen` does, so nothing in the tree is written. `--against <dir>` compares with
// another copy of the tree (the tests use it to prove a stale file is caught).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const prettier = require("prettier");

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "node_modules", "@graphql-codegen", "cli", "esm", "bin.js");

const listFiles = (dir) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

/** What `prettier --write` would leave in the file at `rel`, honouring .prettierignore. */
async function formatted(rel, text) {
  const target = path.join(ROOT, rel);
  const info = await prettier.getFileInfo(target, { ignorePath: path.join(ROOT, ".prettierignore") });
  if (info.ignored || !info.inferredParser) return text;
  return prettier.format(text, { ...(await prettier.resolveConfig(target)), filepath: target });
}

async function main() {
  const i = process.argv.indexOf("--against");
  const against = i > 0 ? path.resolve(process.argv[i + 1]) : ROOT;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-codegen-"));
  try {
    // Progress goes to stdout, errors (the operation file and field a schema change broke) to
    // stderr; codegen prints none when NODE_ENV is "test" (as under Jest).
    const env = { ...process.env, CODEGEN_OUT: out };
    if (env.NODE_ENV === "test") delete env.NODE_ENV;
    execFileSync(process.execPath, [CLI, "--config", "codegen.yml"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    const files = listFiles(out);
    const stale = [];
    for (const rel of files) {
      const fresh = await formatted(rel, fs.readFileSync(path.join(out, rel), "utf8"));
      const committed = path.join(against, rel);
      if (!fs.existsSync(committed) || fs.readFileSync(committed, "utf8") !== fresh) stale.push(rel);
    }
    if (stale.length) {
      console.error(`stale code generation output (run \`npm run codegen\`):\n${stale.map((f) => `  ${f}`).join("\n")}`);
      process.exitCode = 1;
    } else console.log(`${files.length} generated files are up to date`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((err) => {
  // A failed generation (an operation the schema no longer allows) has printed its errors already.
  if (!err.status) console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
