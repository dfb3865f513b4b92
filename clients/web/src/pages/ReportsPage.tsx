import { SegmentedControl, Stack, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMeQuery } from "../generated/hooks";
import { ErrorBox, ErrorList } from "../ui/ErrorBox";
import { PageSkeleton } from "../ui/PageSkeleton";
import { lastDays } from "./reports/range";
import { ActiveUsers, Funnel, LessonCompletionTable, NotificationEngagementChart, Retention } from "./reports/sections";
import { useReports } from "./reports/useReports";

const PERIODS = [7, 30, 90] as const;

/**
 * Staff reports for administrators: active users, retention cohorts, the funnel, lesson
 * completion and notification engagement over a chosen period. The API enforces the role; the
 * page says FORBIDDEN itself so a learner who types the address sees why, not empty charts.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const me = useMeQuery();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const range = useMemo(() => lastDays(days), [days]);
  const { reports, loading, error } = useReports(range);
  if (me.error) return <ErrorBox error={me.error} />;
  if (!me.data) return <PageSkeleton />;
  if (!me.data.me.roles.includes("ADMIN"))
    return <ErrorList testId="forbidden" errors={[{ code: "FORBIDDEN", message: t("reports.forbidden") }]} />;
  return (
    <Stack maw={1080}>
      <Title order={1} size="h2">
        {t("reports.title")}
      </Title>
      <SegmentedControl
        aria-label={t("reports.period")}
        data-testid="report-period"
        value={String(days)}
        onChange={(v) => setDays(Number(v) as (typeof PERIODS)[number])}
        data={PERIODS.map((n) => ({ value: String(n), label: t("reports.lastDays", { count: n }) }))}
        w="fit-content"
      />
      <ErrorBox error={error} />
      {loading && !reports ? (
        <PageSkeleton rows={3} />
      ) : (
        <>
          <ActiveUsers rows={reports?.activeUsersReport} />
          <Retention rows={reports?.retentionCohortReport} />
          <Funnel rows={reports?.funnelReport} />
          <LessonCompletionTable rows={reports?.lessonCompletionReport} />
          <NotificationEngagementChart rows={reports?.notificationEngagementReport} />
        </>
      )}
    </Stack>
  );
}
