export { SUBGRAPHS, localUrl, type SubgraphEntry } from "./subgraphs";
export { composeSupergraph, schemaFiles, type Composition } from "./compose";
export { loadDevKeys, type DevKeys } from "./dev-keys";
export { signSessionToken } from "./session-token";
export { REPO_ROOT, SCHEMA_DIR, SUPERGRAPH_PATH } from "./paths";
