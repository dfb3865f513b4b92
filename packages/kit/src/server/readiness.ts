import { Router, type RequestHandler } from "express";
import type { Database } from "../db/database";
import type { RunningEvents } from "./subgraph-definition";

export interface ReadinessOptions {
  db?: Database;
  timeoutMs: number;
  /** Why the service is not ready beyond its database, or null. */
  check?: () => Promise<string | null>;
}

/**
 * GET /ready for the gateway and every subgraph: 503 with the first reason it is not ready (the
 * database did not answer within `timeoutMs`, or a check's own reason), else 200.
 */
export function readinessHandler(options: ReadinessOptions): RequestHandler {
  return async (_req, res) => {
    const waiting =
      options.db && !(await options.db.ping(options.timeoutMs))
        ? "database unreachable"
        : ((await options.check?.().catch(() => "readiness check failed")) ?? null);
    res.status(waiting ? 503 : 200).json({ status: waiting ?? "ready" });
  };
}

/** GET /health (the process answers) and GET /ready (it can do its work), where a service mounts them. */
export function probeRoutes(readiness: ReadinessOptions): Router {
  const router = Router();
  router.get("/health", (_req, res) => void res.json({ status: "ok" }));
  router.get("/ready", readinessHandler(readiness));
  return router;
}

/**
 * A subgraph whose relay or a consumer stopped (or crashed) serves requests, but what it writes is
 * not published, or what others publish is not applied: not ready. Read at each probe, as a
 * benchmark may swap them.
 */
export function eventsReadiness(events: RunningEvents): string | null {
  if (events.relay && !events.relay.running) return "outbox relay stopped";
  const stopped = events.consumers.find((c) => !c.running);
  return stopped ? `consumer ${stopped.groupId} not running` : null;
}
