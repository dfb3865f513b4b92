import { Card, List, SimpleGrid, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { BarChart } from "../../charts/BarChart";
import { formatShare } from "../../charts/scale";
import { Stat } from "../../ui/Stat";
import type { Insights } from "./sections";

/** Accuracy (a share, drawn as a percentage) of each JLPT level, 5 to 1, then characters with none. */
export function AccuracyByLevel({ insights }: { insights: Insights }) {
  const { t, i18n } = useTranslation();
  return (
    <BarChart
      title={t("insights.byLevel")}
      description={t("insights.accuracyHelp")}
      testId="chart-accuracy-level"
      data={insights.accuracyByJlptLevel.map((a) => ({
        category: a.jlptLevel === null ? t("insights.noLevel") : `N${a.jlptLevel}`,
        accuracy: a.accuracy === null ? null : Math.round(a.accuracy * 100),
        reviews: a.reviews,
      }))}
      series={[{ key: "accuracy", label: t("insights.accuracy"), color: "teal.8" }]}
      categoryLabel={t("insights.level")}
      valueLabel={t("insights.accuracy")}
      formatValue={(v) => formatShare(v / 100, i18n.language)}
      extraColumns={[{ key: "reviews", label: t("insights.reviews"), format: (v) => String(v ?? 0) }]}
    />
  );
}

/** Accuracy of kana, kanji and vocabulary. */
export function AccuracyByKind({ insights }: { insights: Insights }) {
  const { t, i18n } = useTranslation();
  return (
    <BarChart
      title={t("insights.byKind")}
      description={t("insights.accuracyHelp")}
      testId="chart-accuracy-kind"
      data={insights.accuracyByKind.map((a) => ({
        category: t(`insights.kind.${a.kind}`),
        accuracy: a.accuracy === null ? null : Math.round(a.accuracy * 100),
        reviews: a.reviews,
      }))}
      series={[{ key: "accuracy", label: t("insights.accuracy"), color: "teal.8" }]}
      categoryLabel={t("insights.kindLabel")}
      valueLabel={t("insights.accuracy")}
      formatValue={(v) => formatShare(v / 100, i18n.language)}
      extraColumns={[{ key: "reviews", label: t("insights.reviews"), format: (v) => String(v ?? 0) }]}
    />
  );
}

/** Cards falling due on each of the next 14 days, today first. */
export function DueNext14Days({ insights }: { insights: Insights }) {
  const { t } = useTranslation();
  return (
    <BarChart
      title={t("insights.due")}
      description={t("insights.dueHelp")}
      testId="chart-due"
      data={insights.dueNext14Days.map((d) => ({ category: d.date.slice(5), count: d.count }))}
      series={[{ key: "count", label: t("insights.cards"), color: "indigo.7" }]}
      categoryLabel={t("reports.date")}
      valueLabel={t("insights.cards")}
    />
  );
}

/** Minutes studied by the hour the session ended, 0 to 23. */
export function StudyByHour({ insights }: { insights: Insights }) {
  const { t } = useTranslation();
  return (
    <BarChart
      title={t("insights.byHour")}
      description={t("insights.byHourHelp")}
      testId="chart-hour-minutes"
      data={insights.studyMinutesByHour.map((h) => ({ category: String(h.hour), minutes: h.minutes }))}
      series={[{ key: "minutes", label: t("insights.minutes"), color: "indigo.7" }]}
      categoryLabel={t("insights.hour")}
      valueLabel={t("insights.minutes")}
      formatValue={(count) => t("insights.minutesValue", { count })}
    />
  );
}

/** How well the reviewed cards are remembered now (FSRS). */
export function RetentionFigures({ insights }: { insights: Insights }) {
  const { t, i18n } = useTranslation();
  const r = insights.retention;
  const days = r.averageStabilityDays === null ? "–" : t("insights.days", { count: Math.round(r.averageStabilityDays * 10) / 10 });
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }}>
      <Stat label={t("insights.cardsReviewed")} value={r.cards} testId="insights-cards" />
      <Stat label={t("insights.recallNow")} value={formatShare(r.predictedRecallNow, i18n.language)} testId="insights-recall" />
      <Stat label={t("insights.stability")} value={days} testId="insights-stability" />
    </SimpleGrid>
  );
}

/** The ten characters least likely to be recalled now, with that chance. */
export function WeakestItems({ insights }: { insights: Insights }) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder data-testid="insights-weakest">
      <Title order={2} size="h4" mb="xs">
        {t("insights.weakest")}
      </Title>
      {insights.weakestItems.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("charts.none")}
        </Text>
      ) : (
        <List type="ordered">
          {insights.weakestItems.map((w) => (
            <List.Item key={w.character.id} data-testid="weak-item">
              <Text span fz="lg" fw={700} lang="ja" data-testid="weak-item-literal">
                {w.character.literal}
              </Text>{" "}
              <Text span size="sm" data-testid="weak-item-recall">
                {t("insights.recallValue", { share: formatShare(w.predictedRecallNow, i18n.language) })}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
