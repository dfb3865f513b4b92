import { SegmentedControl, Stack, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMeQuery } from "../generated/hooks";
import { ErrorBox, ErrorList } from "../ui/ErrorBox";
import { PageSkeleton } from "../ui/PageSkeleton";
import { lastDays } from "./reports/range";
import { ActiveUsers, Funnel, LessonCompletionTable, NotificationEngagementChart, Retention } from "./reports/sections";
import { StrugglingLearners } from "./reports/StrugglingLearners";
import { useReports } from "./reports/useReports";

const PERIODS = [7, 30, 90] as const;

/**
 * Staff reports for administrators: active users, retention cohorts, the funnel, lesson
 * completion and notification engagement over a chosen period, then the learners triage flagged
 * (which staff see too). The API enforces the roles; the page says FORBIDDEN itself so a learner
 * who types the address sees why, not empty charts.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const me = useMeQuery();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const range = useMemo(() => lastDays(days), [days]);
  const roles = me.data?.me.roles ?? [];
  const admin = roles.includes("ADMIN");
  // The five reports are admins'; staff see the triage list only (the API enforces both).
  const { reports, loading, error } = useReports(range, 8, !admin);
  if (me.error) return <ErrorBox error={me.error} />;
  if (!me.data) return <PageSkeleton />;
  if (!admin && !roles.includes("STAFF"))
    return <ErrorList testId="forbidden" errors={[{ code: "FORBIDDEN", message: t("reports.forbidden") }]} />;
  return (
    <Stack maw={1080}>
      <Title order={1} size="h2">
        {t("reports.title")}
      </Title>
      {admin && (
        <SegmentedControl
          aria-label={t("reports.period")}
          data-testid="report-period"
          value={String(days)}
          onChange={(v) => setDays(Number(v) as (typeof PERIODS)[number])}
          data={PERIODS.map((n) => ({ value: String(n), label: t("reports.lastDays", { count: n }) }))}
          w="fit-content"
        />
      )}
      <ErrorBox error={error} />
      {!admin ? null : loading && !reports ? (
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
      <StrugglingLearners />
    </Stack>
  );
}
