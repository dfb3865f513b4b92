import fs from "node:fs";
import path from "node:path";
import express, { type Router } from "express";

export const GRAPHIQL_PATH = "/graphiql";

/**
 * GraphiQL 5, built from clients/graphiql (`npm run graphiql:build`; `npm start` builds it when it is
 * missing or stale): static files that fetch nothing from the internet, for when Apollo Sandbox cannot
 * load (ADR 0022). Mounted in development only, with Sandbox (`developerSurfaces`).
 */
export function graphiqlRoutes(dir: string): Router {
  const router = express.Router();
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    router.use((_req, res) => {
      res.status(503).type("text/plain").send(`GraphiQL is not built here (${dir} has no index.html). Run: npm run graphiql:build\n`);
    });
    return router;
  }
  router.use(
    express.static(dir, {
      index: "index.html",
      fallthrough: false,
      // Vite names every asset by its content hash; only index.html changes under the same name.
      setHeaders: (res, file) =>
        res.setHeader("cache-control", file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache"),
    }),
  );
  return router;
}
