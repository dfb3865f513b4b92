import fs from "node:fs";

/** Subgraph name → URL as composed into the supergraph (`join__Graph`), overridden by configuration. */
export function subgraphUrls(supergraphSdl: string, overrides: Record<string, string>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const m of supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]+)"\)/g)) urls[m[1]] = m[2];
  return { ...urls, ...overrides };
}

export function readSupergraph(path: string): string {
  try {
    return fs.readFileSync(path, "utf8");
  } catch {
    throw new Error(`Cannot read the supergraph at ${path}; run \`npm run compose\` or set SUPERGRAPH_PATH.`);
  }
}
