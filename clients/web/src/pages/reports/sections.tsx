import { Card, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BarChart } from "../../charts/BarChart";
import { CohortHeatmap } from "../../charts/CohortHeatmap";
import { LineChart } from "../../charts/LineChart";
import { formatShare } from "../../charts/scale";
import { ReportTable } from "./ReportTable";
import type { Reports } from "./useReports";

/** A report with no rows: its title and the words for it, not an empty drawing. */
function NoData({ title, testId }: { title: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid={testId}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
          {t("charts.none")}
        </Text>
      </Stack>
    </Card>
  );
}

/** Each report's rows, or none yet (before they are fetched, or when the period has none). */
type Rows<K extends keyof Reports> = { rows: Reports[K] | undefined };

const orNoData = (rows: unknown[] | undefined, title: string, testId: string, draw: () => ReactNode) =>
  rows?.length ? draw() : <NoData title={title} testId={testId} />;

export function ActiveUsers({ rows }: Rows<"activeUsersReport">) {
  const { t } = useTranslation();
  const title = t("reports.activeUsers");
  return orNoData(rows, title, "report-active-users", () => (
    <LineChart
      title={title}
      description={t("reports.activeUsersHelp")}
      testId="report-active-users"
      data={rows!.map((d) => ({ category: d.date, dau: d.dau, wau: d.wau, mau: d.mau }))}
      series={[
        { key: "dau", label: t("reports.dau"), color: "indigo.7" },
        { key: "wau", label: t("reports.wau"), color: "teal.8" },
        { key: "mau", label: t("reports.mau"), color: "orange.8" },
      ]}
      categoryLabel={t("reports.date")}
      valueLabel={t("reports.learners")}
    />
  ));
}

export function Retention({ rows }: Rows<"retentionCohortReport">) {
  const { t } = useTranslation();
  const title = t("reports.retention");
  return orNoData(rows, title, "report-retention", () => (
    <CohortHeatmap
      title={title}
      description={t("reports.retentionHelp")}
      testId="report-retention"
      cohortLabel={t("reports.cohort")}
      cohorts={rows!.map((c) => ({ label: c.cohortWeek, size: c.size, retained: c.retained }))}
    />
  ));
}

export function Funnel({ rows }: Rows<"funnelReport">) {
  const { t, i18n } = useTranslation();
  const title = t("reports.funnel");
  return orNoData(rows, title, "report-funnel", () => (
    <BarChart
      title={title}
      description={t("reports.funnelHelp")}
      testId="report-funnel"
      data={rows!.map((s) => ({
        category: t(`reports.funnelStep.${s.step}`),
        users: s.users,
        // Shown in the figures table only: a share does not share the bars' axis.
        conversion: s.conversionFromPrevious,
      }))}
      series={[{ key: "users", label: t("reports.learners"), color: "indigo.7" }]}
      categoryLabel={t("reports.step")}
      valueLabel={t("reports.learners")}
      extraColumns={[{ key: "conversion", label: t("reports.conversion"), format: (v) => formatShare(v, i18n.language) }]}
    />
  ));
}

export function LessonCompletionTable({ rows }: Rows<"lessonCompletionReport">) {
  const { t, i18n } = useTranslation();
  const title = t("reports.lessonCompletion");
  return orNoData(rows, title, "report-lessons", () => (
    <ReportTable
      title={title}
      testId="report-lessons"
      headers={[t("reports.lesson"), t("reports.learners"), t("reports.completions"), t("reports.dropOff")]}
    >
      {rows!.map((r) => (
        <Table.Tr key={r.lesson.id}>
          <Table.Th scope="row">{r.lesson.title}</Table.Th>
          <Table.Td>{r.learners}</Table.Td>
          <Table.Td>{r.completions}</Table.Td>
          <Table.Td>{formatShare(r.dropOff, i18n.language)}</Table.Td>
        </Table.Tr>
      ))}
    </ReportTable>
  ));
}

export function NotificationEngagementChart({ rows }: Rows<"notificationEngagementReport">) {
  const { t, i18n } = useTranslation();
  const title = t("reports.notifications");
  return orNoData(rows, title, "report-notifications", () => (
    <BarChart
      title={title}
      testId="report-notifications"
      data={rows!.map((n) => ({
        category: i18n.exists(`category.${n.category}`) ? t(`category.${n.category}`) : n.category,
        sent: n.sent,
        read: n.read,
        readRate: n.readRate,
      }))}
      series={[
        { key: "sent", label: t("reports.sent"), color: "indigo.7" },
        { key: "read", label: t("reports.read"), color: "teal.8" },
      ]}
      categoryLabel={t("reports.kind")}
      valueLabel={t("reports.learners")}
      extraColumns={[{ key: "readRate", label: t("reports.readRate"), format: (v) => formatShare(v, i18n.language) }]}
    />
  ));
}
