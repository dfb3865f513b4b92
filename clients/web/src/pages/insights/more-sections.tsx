import { Card, List, SimpleGrid, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { BarChart } from "../../charts/BarChart";
import { formatShare } from "../../charts/scale";
import { Stat } from "../../ui/Stat";
import type { Insights } from "./sections";

/** One bar per group of reviews, as tall as its accuracy in percent; a group without reviews has none. */
function AccuracyChart({
  title,
  testId,
  categoryLabel,
  groups,
}: {
  title: string;
  testId: string;
  categoryLabel: string;
  groups: { label: string; reviews: number; accuracy: number | null }[];
}) {
  const { t, i18n } = useTranslation();
  return (
    <BarChart
      title={title}
      description={t("insights.accuracyHelp")}
      testId={testId}
      data={groups.map((g) => ({
        category: g.label,
        accuracy: g.accuracy === null ? null : Math.round(g.accuracy * 100),
        reviews: g.reviews,
      }))}
      series={[{ key: "accuracy", label: t("insights.accuracy"), color: "teal.8" }]}
      categoryLabel={categoryLabel}
      valueLabel={t("insights.accuracy")}
      formatValue={(v) => formatShare(v / 100, i18n.language)}
      extraColumns={[{ key: "reviews", label: t("insights.reviews"), format: (v) => String(v ?? 0) }]}
    />
  );
}

/** Accuracy of each JLPT level, 5 to 1, then the characters with none. */
export function AccuracyByLevel({ insights }: { insights: Insights }) {
  const { t } = useTranslation();
  const groups = insights.accuracyByJlptLevel.map((a) => ({
    ...a,
    label: a.jlptLevel === null ? t("insights.noLevel") : `N${a.jlptLevel}`,
  }));
  return <AccuracyChart title={t("insights.byLevel")} testId="chart-accuracy-level" categoryLabel={t("insights.level")} groups={groups} />;
}

/** Accuracy of kana, kanji and vocabulary. */
export function AccuracyByKind({ insights }: { insights: Insights }) {
  const { t } = useTranslation();
  const groups = insights.accuracyByKind.map((a) => ({ ...a, label: t(`insights.kind.${a.kind}`) }));
  return (
    <AccuracyChart title={t("insights.byKind")} testId="chart-accuracy-kind" categoryLabel={t("insights.kindLabel")} groups={groups} />
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
