import type { DateRangeInput, Reports } from "./types";

/** What the Reports page draws: the reports once fetched (null while there are none), and how fetching went. */
export interface ReportsState {
  reports: Reports | null;
  loading: boolean;
  error: unknown;
}

/**
 * The staff reports for a range, with `weeks` columns of retention: the one place the Reports
 * page gets its data. The gateway's schema has no report fields yet (they come with analytics'
 * reports, ANALYTICS-SDL.md), so there is nothing to ask for and nothing is shown: no stand-in
 * figures. When they land this becomes the generated `useReportsQuery({ variables: { range, weeks } })`,
 * answering `{ reports: data ?? null, loading, error }`.
 */
export function useReports(_range: DateRangeInput, _weeks = 8): ReportsState {
  return { reports: null, loading: false, error: undefined };
}
