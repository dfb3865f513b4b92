// Builds the offline GraphiQL (dist/) when it is missing or older than its sources or its
// dependencies; `npm start` runs this so that the gateway's /graphiql works offline (ADR 0022).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const here = __dirname;
const built = path.join(here, "dist", "index.html");
const inputs = [
  path.join(here, "index.html"),
  path.join(here, "vite.config.ts"),
  path.join(here, "package.json"),
  path.join(here, "..", "..", "package-lock.json"),
  ...fs.readdirSync(path.join(here, "src"), { recursive: true }).map((f) => path.join(here, "src", String(f))),
];
const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : Infinity);
if (fs.existsSync(built) && inputs.every((file) => mtime(file) <= mtime(built))) process.exit(0);

const started = Date.now();
const vite = path.join(path.dirname(require.resolve("vite/package.json", { paths: [here] })), "bin", "vite.js");
execFileSync(process.execPath, [vite, "build", "--logLevel", "error"], { cwd: here, stdio: "inherit" });
console.log(`Built the offline GraphiQL (clients/graphiql/dist) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
