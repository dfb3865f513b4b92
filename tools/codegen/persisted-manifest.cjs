// GraphQL Code Generator plugin: a persisted-operation manifest in Apollo's format
// (`apollo-persisted-query-manifest`, version 1). Each id is the bare lowercase hex SHA-256 of its
// body, as Apollo Server's APQ and the gateway's manifest expect (no "sha256:" prefix).
// With `apolloClient: true` the body is what Apollo Client 4 sends: its own cache transform (adds
// __typename) and printer, loaded from the web client's dependencies, so the hash a browser
// computes for an operation equals its id here.
const { createHash } = require("node:crypto");
const { createRequire } = require("node:module");
const path = require("node:path");
const { Kind, print, visit } = require("graphql");

const WEB_PACKAGE = path.join(__dirname, "..", "..", "clients", "web", "package.json");
// Apollo Client strips or rewrites these before sending; a manifest body could not match.
const CLIENT_DIRECTIVES = new Set(["client", "connection", "nonreactive", "unmask", "export", "defer"]);

function apolloPrinter() {
  const webRequire = createRequire(WEB_PACKAGE);
  const { InMemoryCache } = webRequire("@apollo/client/cache");
  const { print: apolloPrint } = webRequire("@apollo/client/utilities");
  const cache = new InMemoryCache();
  return (document) => apolloPrint(cache.transformDocument(document));
}

function checkSupported(definition, where) {
  if (definition.kind !== Kind.OPERATION_DEFINITION) throw new Error(`${where}: fragments are not supported; inline the fields`);
  if (!definition.name) throw new Error(`${where}: every operation needs a name`);
  visit(definition, {
    FragmentSpread(node) {
      throw new Error(`${where}: operation ${definition.name.value} spreads ...${node.name.value}; inline the fields`);
    },
    Directive(node) {
      if (CLIENT_DIRECTIVES.has(node.name.value))
        throw new Error(`${where}: operation ${definition.name.value} uses @${node.name.value}, which Apollo Client rewrites`);
    },
  });
}

module.exports = {
  plugin(_schema, documents, config) {
    const printBody = config.apolloClient ? apolloPrinter() : print;
    const operations = [];
    for (const file of documents) {
      for (const definition of file.document.definitions) {
        checkSupported(definition, file.location);
        const body = printBody({ kind: Kind.DOCUMENT, definitions: [definition] });
        const id = createHash("sha256").update(body).digest("hex");
        operations.push({ id, name: definition.name.value, type: definition.operation, body });
      }
    }
    operations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = operations.map((o) => o.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new Error(`two operations are named ${duplicate}; names must be unique`);
    return JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations }, null, 2) + "\n";
  },
  validate(_schema, _documents, _config, outputFile) {
    if (!outputFile.endsWith(".json")) throw new Error(`persisted-manifest writes JSON, not ${outputFile}`);
  },
};
