import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { buildSubgraph } from "@learnloop/kit";
import { parse } from "graphql";
import { SCHEMA_DIR } from "./paths";
import { localUrl, SUBGRAPHS } from "./subgraphs";

export interface Composition {
  supergraphSdl: string;
  subgraphSdls: Record<string, string>;
}

/** Composes the supergraph from the subgraphs' code (no running service needed). */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphSdls: Record<string, string> = {};
  for (const entry of SUBGRAPHS) subgraphSdls[entry.definition.name] = printSubgraphSchema(await buildSubgraph(entry.definition));
  const result = composeServices(
    SUBGRAPHS.map((entry) => ({
      name: entry.definition.name,
      url: localUrl(entry.port),
      typeDefs: parse(subgraphSdls[entry.definition.name]),
    })),
  );
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  return { supergraphSdl: result.supergraphSdl, subgraphSdls };
}

/** The files `npm run compose` writes, by path relative to schema/. */
export function schemaFiles(c: Composition): Record<string, string> {
  const files: Record<string, string> = { "supergraph.graphql": c.supergraphSdl };
  const yaml = [
    "# rover-compatible composition config: `rover supergraph compose --config schema/supergraph.yaml`",
    "federation_version: =2.14.4",
    "subgraphs:",
  ];
  for (const entry of SUBGRAPHS) {
    const name = entry.definition.name;
    files[`subgraphs/${name}.graphql`] = c.subgraphSdls[name];
    yaml.push(`  ${name}:`, `    routing_url: ${localUrl(entry.port)}`, `    schema:`, `      file: ./subgraphs/${name}.graphql`);
  }
  files["supergraph.yaml"] = yaml.join("\n") + "\n";
  return files;
}

if (require.main === module) {
  composeSupergraph()
    .then((c) => {
      for (const [file, text] of Object.entries(schemaFiles(c))) {
        fs.mkdirSync(path.dirname(path.join(SCHEMA_DIR, file)), { recursive: true });
        fs.writeFileSync(path.join(SCHEMA_DIR, file), text);
      }
      console.log(`Composed ${SUBGRAPHS.length} subgraphs into schema/supergraph.graphql`);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
