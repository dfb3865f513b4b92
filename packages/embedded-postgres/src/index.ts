import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGliteSessionServer } from "./session-server";

export { PGliteSessionServer } from "./session-server";

/** How clients reach an embedded PostgreSQL served on this loopback port. */
export const embeddedPostgresUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

export interface EmbeddedPostgres {
  url: string;
  /** True when the data folder was created by this start (a first start). */
  created: boolean;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), kept in a data folder and served on a loopback
 * port, for `npm start` on a machine with no PostgreSQL. Every subgraph connects to it exactly
 * as to a real server.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<EmbeddedPostgres> {
  const created = !fs.existsSync(options.dataDir);
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir });
  const server = new PGliteSessionServer(db);
  const port = await server.listen(options.port ?? 0);
  return {
    url: embeddedPostgresUrl(port),
    created,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}
