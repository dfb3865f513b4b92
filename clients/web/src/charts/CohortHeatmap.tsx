import { Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { FigureCard } from "./ChartFigure";
import { cellColour, cohortWeeks, formatShare } from "./scale";

export interface CohortRow {
  /** The row's heading, such as the cohort's first Monday. */
  label: string;
  size: number;
  /** Share of the cohort active in week 0, 1, …; shorter rows are cohorts too young for the later weeks. */
  retained: number[];
}

/**
 * Cohorts by week as a table whose cells are shaded by the retained share (recharts has no heat
 * map): a real table, so the grid is its own text for screen readers and axe, and the colours are
 * the theme's indigo shades (scale.ts picks the shade and a text colour that reads on it).
 */
export function CohortHeatmap({
  title,
  description,
  testId,
  cohorts,
  cohortLabel,
}: {
  title: string;
  description?: string;
  testId: string;
  cohorts: CohortRow[];
  cohortLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const weeks = cohortWeeks(cohorts);
  return (
    <FigureCard title={title} description={description} testId={testId}>
      <Table.ScrollContainer minWidth={120 + weeks * 64}>
        <Table withTableBorder withColumnBorders data-testid={`${testId}-table`}>
          <caption>{title}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{cohortLabel}</Table.Th>
              <Table.Th scope="col">{t("charts.cohortSize")}</Table.Th>
              {Array.from({ length: weeks }, (_, w) => (
                <Table.Th key={w} scope="col" ta="center">
                  {t("charts.week", { n: w })}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cohorts.map((c) => (
              <Table.Tr key={c.label}>
                <Table.Th scope="row">{c.label}</Table.Th>
                <Table.Td>{c.size}</Table.Td>
                {Array.from({ length: weeks }, (_, w) => {
                  const share = c.retained[w];
                  if (share === undefined) return <Table.Td key={w} ta="center" />;
                  const colour = cellColour(share);
                  return (
                    <Table.Td
                      key={w}
                      ta="center"
                      data-share={share}
                      data-shade={colour.shade}
                      bg={`indigo.${colour.shade}`}
                      c={colour.text === "light" ? "white" : "black"}
                    >
                      {formatShare(share, i18n.language)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </FigureCard>
  );
}
