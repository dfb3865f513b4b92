import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const SCHEMA_DIR = path.join(REPO_ROOT, "schema");
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, "supergraph.graphql");
/** Local state of the embedded default (keys, data, logs); git-ignored. */
export const STATE_DIR = process.env.LEARNLOOP_STATE_DIR ?? path.join(REPO_ROOT, ".learnloop");
