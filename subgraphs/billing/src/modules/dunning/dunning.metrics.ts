import { Counter, Gauge, type Registry } from "prom-client";
import type { DataSource } from "typeorm";

/**
 * What the dunning runbook watches: grace periods the sweep failed to end, and how long the
 * oldest ended-but-not-acted-on one has waited (0 when none), read from the database at scrape.
 */
export function dunningMetrics(registry: Registry, dataSource: () => DataSource): { sweepFailed: () => void } {
  const failures = new Counter({
    name: "learnloop_dunning_sweep_failures_total",
    help: "Grace periods the dunning sweep could not end (each retried at the next sweep).",
    registers: [registry],
  });
  new Gauge({
    name: "learnloop_dunning_overdue_seconds",
    help: "Seconds since the oldest grace period that ended unpaid without its fall back to Free; 0 when none.",
    registers: [registry],
    async collect() {
      const [row]: { overdue: number | null }[] = await dataSource().query(
        `SELECT EXTRACT(EPOCH FROM now() - min(grace_ends_at))::float8 AS overdue FROM "billing".subscriptions
         WHERE grace_ends_at <= now() AND downgraded_at IS NULL AND status = 'past_due'`,
      );
      this.set(Math.max(0, Number(row?.overdue ?? 0)));
    },
  });
  return { sweepFailed: () => failures.inc() };
}
