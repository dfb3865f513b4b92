import { BarChart as MantineBarChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { useReducedMotion } from "@mantine/hooks";
import { ChartFigure } from "./ChartFigure";
import { tableOf, type CartesianChartProps } from "./series";

/** Bars per category, one colour per series (Mantine's recharts BarChart), with its figures as a hidden table. */
export function BarChart(props: CartesianChartProps) {
  const { title, description, testId, data, series, categoryLabel, valueLabel, height = 260 } = props;
  const still = useReducedMotion();
  return (
    <ChartFigure title={title} description={description} testId={testId} kind="bar" table={tableOf(props)}>
      <MantineBarChart
        h={height}
        data={data}
        dataKey="category"
        series={series.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
        xAxisLabel={categoryLabel}
        yAxisLabel={valueLabel}
        withLegend={series.length > 1}
        tickLine="y"
        // The figure names the drawing and the table carries its figures: no focus stop inside the image.
        barChartProps={{ accessibilityLayer: false }}
        barProps={{ isAnimationActive: !still }}
      />
    </ChartFigure>
  );
}
