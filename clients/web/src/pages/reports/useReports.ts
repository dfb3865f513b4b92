import type { DateRangeInput, ReportsQuery } from "../../generated/graphql";
import { useReportsQuery } from "../../generated/hooks";

export type Reports = ReportsQuery;

/** What the Reports page draws: the reports once fetched (null while there are none), and how fetching went. */
export interface ReportsState {
  reports: Reports | null;
  loading: boolean;
  error: unknown;
}

/**
 * The staff reports for a range, with `weeks` columns of retention: the one place the Reports
 * page gets its data. Skipped for a viewer who may not read them (staff see only the triage list).
 */
export function useReports(range: DateRangeInput, weeks = 8, skip = false): ReportsState {
  // Events arrive all the time: ask on each visit, show the cached figures meanwhile.
  const { data, loading, error } = useReportsQuery({ variables: { range, weeks }, skip, fetchPolicy: "cache-and-network" });
  return { reports: data ?? null, loading, error };
}
