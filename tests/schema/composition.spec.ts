import fs from "node:fs";
import path from "node:path";
import { composeSupergraph, SCHEMA_DIR, schemaFiles } from "@learnloop/devstack";

it("schema/ matches a fresh composition of the subgraphs (run `npm run compose` when this fails)", async () => {
  const files = schemaFiles(await composeSupergraph());
  for (const [file, text] of Object.entries(files)) {
    const committed = fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8");
    expect({ file, text: committed }).toEqual({ file, text });
  }
});
