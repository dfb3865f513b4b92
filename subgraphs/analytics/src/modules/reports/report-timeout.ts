import { AppError } from "@learnloop/kit";
import type { EntityManager } from "typeorm";

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = "57014";

/**
 * Runs one report in its own transaction under `SET LOCAL statement_timeout`, so a wide range over
 * millions of events gives REPORT_TIMEOUT instead of holding a pooled connection for minutes (ADR 0036).
 * PGlite (the embedded default) does not fire statement_timeout, so there a report runs unbounded.
 */
export async function withinReportTimeout<T>(
  manager: EntityManager,
  timeoutMs: number,
  report: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await manager.transaction(async (tx) => {
      await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [`${Math.trunc(timeoutMs)}ms`]);
      return report(tx);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === QUERY_CANCELED)
      throw new AppError("REPORT_TIMEOUT", `The report took longer than ${timeoutMs} ms; ask for a shorter range.`, { timeoutMs });
    throw error;
  }
}
