import "@mantine/charts/styles.css";
import { useReducedMotion } from "@mantine/hooks";
import type { CartesianChartProps } from "./series";

/**
 * What Mantine's bar and line charts are given alike: the rows, the category key, the series in
 * theme colours, the axes' labels and a legend when there is more than one series. Recharts'
 * accessibility layer stays off in both (the figure names the drawing and the table carries its
 * figures: no focus stop inside an image), and nothing moves for a reader who asked for less motion.
 */
export function useDrawingProps({ data, series, categoryLabel, valueLabel, height = 260 }: CartesianChartProps) {
  const still = useReducedMotion();
  return {
    common: {
      h: height,
      data,
      dataKey: "category",
      series: series.map((s) => ({ name: s.key, label: s.label, color: s.color })),
      xAxisLabel: categoryLabel,
      yAxisLabel: valueLabel,
      withLegend: series.length > 1,
      tickLine: "y" as const,
    },
    animate: !still,
  };
}
