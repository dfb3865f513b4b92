import { ENTITLEMENT_EVENTS, LIVE_EVENTS, rateLimitEnv } from "@learnloop/gateway";
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { GraphQLSchema, parse, printSchema } from "graphql";
import { z } from "zod";
import { asyncApiDocument, generateContractsModule, GENERATED_CONTRACTS, readContracts } from "./event-contracts";
import { deployServices, HELM_SERVICES } from "./deploy/services";
import { envTable, withEnvTable } from "./env-table";
import { EVENTS_TABLE, eventsTable } from "./events-table";
import { ERRORS_TABLE, errorsTable } from "./errors-table";
import { ARCHITECTURE_DOC, withConventionsList } from "./conventions-section";
import { rootTsconfig, TSCONFIG } from "./tsconfig-references";
import { PARTNERS_DOC, partnersDoc } from "./partner-table";
import { AUTHORIZATION_DOC, authorizationDoc } from "./authorization";
import { REPO_ROOT, SCHEMA_DIR } from "./paths";
import { listedSubgraphs, localUrl, type ListedSubgraph } from "./subgraphs";

export interface Composition {
  supergraphSdl: string;
  /** The API schema clients see (no join__/link definitions): what client code generation validates against. */
  apiSdl: string;
  subgraphSdls: Record<string, string>;
}

/** A subgraph outside the list (a scaffold under test), by its SDL. */
export interface ExtraSubgraph {
  name: string;
  port: number;
  sdl: string;
}

/** Composes the supergraph from the listed subgraphs' code (no running service needed), plus any extra SDL. */
export async function composeSupergraph(extra: ExtraSubgraph[] = []): Promise<Composition> {
  const subgraphSdls: Record<string, string> = {};
  const all: { name: string; port: number }[] = [...listedSubgraphs(), ...extra];
  for (const s of listedSubgraphs()) subgraphSdls[s.name] = printSubgraphSchema(await s.subgraph.schema());
  for (const s of extra) subgraphSdls[s.name] = s.sdl;
  const result = composeServices(all.map((s) => ({ name: s.name, url: localUrl(s.port), typeDefs: parse(subgraphSdls[s.name]) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  // Types by name, as the gateway's own API schema (built from the sorted supergraph SDL) prints them.
  const api = result.schema.toAPISchema().toGraphQLJSSchema().toConfig();
  const types = [...api.types].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const apiSdl = printSchema(new GraphQLSchema({ ...api, types })) + "\n";
  return { supergraphSdl: result.supergraphSdl, apiSdl, subgraphSdls };
}

/** The files `npm run compose` writes, by path relative to schema/. */
export function schemaFiles(c: Composition): Record<string, string> {
  const files: Record<string, string> = { "supergraph.graphql": c.supergraphSdl, "api.graphql": c.apiSdl };
  const yaml = [
    "# rover-compatible composition config: `rover supergraph compose --config schema/supergraph.yaml`",
    "federation_version: =2.14.4",
    "subgraphs:",
  ];
  for (const entry of listedSubgraphs()) {
    const name = entry.name;
    files[`subgraphs/${name}.graphql`] = c.subgraphSdls[name];
    yaml.push(`  ${name}:`, `    routing_url: ${localUrl(entry.port)}`, `    schema:`, `      file: ./subgraphs/${name}.graphql`);
  }
  files["supergraph.yaml"] = yaml.join("\n") + "\n";
  return files;
}

/**
 * Everything `npm run compose` writes, by absolute path: schema/, the AsyncAPI document, the event
 * types, docs/events.md, docs/errors.md, docs/authorization.md, the operations table of docs/partners.md, the convention
 * tests listed in docs/architecture.md, each subgraph README's env table, the root tsconfig's references and the
 * Helm chart's list of services (helm/learnloop/generated/services.json).
 */
export async function generatedFiles(c: Composition): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const subgraphs: ListedSubgraph[] = listedSubgraphs();
  for (const [file, text] of Object.entries(schemaFiles(c))) files[path.join(SCHEMA_DIR, file)] = text;
  const contracts = readContracts();
  files[path.join(SCHEMA_DIR, "events", "asyncapi.yaml")] = asyncApiDocument(
    contracts,
    subgraphs.map((s) => s.subgraph),
    LIVE_EVENTS,
    ENTITLEMENT_EVENTS,
  );
  files[GENERATED_CONTRACTS] = await generateContractsModule(contracts);
  for (const entry of subgraphs) {
    const readme = path.join(entry.dir, "README.md");
    files[readme] = await formatted(readme, withEnvTable(readme, envTable(entry.subgraph.envSchema)));
  }
  // The gateway's own table lists its rate-limit variables (the others are described in environment.ts).
  const gatewayReadme = path.join(REPO_ROOT, "gateway", "README.md");
  files[gatewayReadme] = await formatted(gatewayReadme, withEnvTable(gatewayReadme, envTable(z.object(rateLimitEnv))));
  files[TSCONFIG] = await formatted(TSCONFIG, rootTsconfig(subgraphs));
  files[EVENTS_TABLE] = await eventsTable(
    contracts,
    subgraphs.map((s) => s.subgraph),
    LIVE_EVENTS,
    ENTITLEMENT_EVENTS,
  );
  files[PARTNERS_DOC] = await partnersDoc(c.apiSdl);
  files[ERRORS_TABLE] = await errorsTable();
  files[AUTHORIZATION_DOC] = await authorizationDoc();
  files[ARCHITECTURE_DOC] = await withConventionsList();
  files[HELM_SERVICES] = await formatted(HELM_SERVICES, deployServices(subgraphs, contracts));
  return files;
}

/** As the repository formats it, so `prettier --check` agrees with a fresh generation. */
async function formatted(file: string, text: string): Promise<string> {
  const prettier = require("prettier") as typeof import("prettier");
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

/** Generated files whose committed text differs from a fresh generation. */
export function staleFiles(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text)
    .map(([file]) => path.relative(REPO_ROOT, file));
}

if (require.main === module && process.argv.includes("--check")) {
  composeSupergraph()
    .then(generatedFiles)
    .then((files) => {
      const stale = staleFiles(files);
      if (stale.length) {
        console.error(`stale (run \`npm run compose\`):\n${stale.map((f) => `  ${f}`).join("\n")}`);
        process.exit(1);
      }
      console.log(`${Object.keys(files).length} generated files are up to date`);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
} else if (require.main === module) {
  composeSupergraph()
    .then(generatedFiles)
    .then((files) => {
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
      }
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
