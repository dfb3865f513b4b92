import fs from "node:fs";
import path from "node:path";
import { DEPLOYMENT_DOC, defaultReachabilityTables, withReachability } from "./deploy/reachability";
import { OVERLAYS, overlayFile, overlayText } from "./deploy/render";
import { REPO_ROOT } from "./paths";

/**
 * `npm run deploy:render`: what is rendered from the Helm chart and committed: each kustomize
 * overlay's resource (k8s/overlays/<name>/learnloop.yaml, from that overlay's values) and the
 * reachability tables of docs/deployment.md. `--check` only lists stale files; tests/deploy checks the same.
 */
export async function deployFiles(): Promise<Record<string, string>> {
  const prettier = require("prettier") as typeof import("prettier");
  const doc = withReachability(fs.readFileSync(DEPLOYMENT_DOC, "utf8"), defaultReachabilityTables());
  return {
    ...Object.fromEntries(OVERLAYS.map((overlay) => [overlayFile(overlay), overlayText(overlay)])),
    [DEPLOYMENT_DOC]: await prettier.format(doc, { ...(await prettier.resolveConfig(DEPLOYMENT_DOC)), filepath: DEPLOYMENT_DOC }),
  };
}

if (require.main === module)
  deployFiles()
    .then((files) => {
      const check = process.argv.includes("--check");
      const stale = Object.entries(files).filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text);
      for (const [file, text] of stale) {
        if (check) console.error(`stale (run \`npm run deploy:render\`): ${path.relative(REPO_ROOT, file)}`);
        else {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, text);
          console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
        }
      }
      if (check && stale.length) process.exit(1);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
