import type { RequestHandler } from "express";
import type { Database } from "../db/database";

/**
 * GET /ready for the gateway and every subgraph: 503 with the first reason it is not ready (the
 * database did not answer within `timeoutMs`, or a check's own reason), else 200.
 */
export function readinessHandler(options: { db?: Database; timeoutMs: number; check?: () => Promise<string | null> }): RequestHandler {
  return async (_req, res) => {
    const waiting =
      options.db && !(await options.db.ping(options.timeoutMs))
        ? "database unreachable"
        : ((await options.check?.().catch(() => "readiness check failed")) ?? null);
    res.status(waiting ? 503 : 200).json({ status: waiting ?? "ready" });
  };
}
