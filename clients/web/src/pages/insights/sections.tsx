import { SimpleGrid } from "@mantine/core";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { BarChart } from "../../charts/BarChart";
import { formatShare } from "../../charts/scale";
import type { InsightsQuery } from "../../generated/graphql";
import { Stat } from "../../ui/Stat";
import { AccuracyByKind, AccuracyByLevel, DueNext14Days, RetentionFigures, StudyByHour, WeakestItems } from "./more-sections";
import { byWeekday, weekdayName } from "./weekdays";

export type Insights = InsightsQuery["me"]["insights"];

/** One part of the Insights page, drawn from the fields it asked for in graphql/insights.graphql. */
export type InsightsSection = ComponentType<{ insights: Insights }>;

/** The 30-day totals as figures. */
function Totals({ insights }: { insights: Insights }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }}>
      <Stat label={t("insights.reviews")} value={insights.reviewsLast30Days} testId="insights-reviews" />
      <Stat label={t("insights.lessons")} value={insights.lessonsCompletedLast30Days} testId="insights-lessons" />
      <Stat
        label={t("insights.averageScore")}
        value={formatShare(insights.averageLessonScoreLast30Days, i18n.language)}
        testId="insights-average-score"
      />
    </SimpleGrid>
  );
}

/** Minutes studied on each weekday, Monday to Sunday. */
function StudyByWeekday({ insights }: { insights: Insights }) {
  const { t, i18n } = useTranslation();
  const data = byWeekday(insights.studyMinutesByWeekday).map((d) => ({
    category: weekdayName(d.weekday, i18n.language),
    minutes: d.minutes,
  }));
  return (
    <BarChart
      title={t("insights.byWeekday")}
      description={t("insights.byWeekdayHelp")}
      testId="chart-weekday-minutes"
      data={data}
      series={[{ key: "minutes", label: t("insights.minutes"), color: "indigo.7" }]}
      categoryLabel={t("insights.weekday")}
      valueLabel={t("insights.minutes")}
      formatValue={(count) => t("insights.minutesValue", { count })}
    />
  );
}

/** The page's sections in order: a new insight is a field in insights.graphql and a section here. */
export const INSIGHTS_SECTIONS: { id: string; Section: InsightsSection }[] = [
  { id: "totals", Section: Totals },
  { id: "retention", Section: RetentionFigures },
  { id: "accuracy-level", Section: AccuracyByLevel },
  { id: "accuracy-kind", Section: AccuracyByKind },
  { id: "weakest", Section: WeakestItems },
  { id: "due", Section: DueNext14Days },
  { id: "weekday-minutes", Section: StudyByWeekday },
  { id: "hour-minutes", Section: StudyByHour },
];
