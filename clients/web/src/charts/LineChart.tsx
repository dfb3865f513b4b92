import { LineChart as MantineLineChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { useReducedMotion } from "@mantine/hooks";
import { ChartFigure } from "./ChartFigure";
import { tableOf, type CartesianChartProps } from "./series";

/** A line per series over the categories in order (Mantine's recharts LineChart), with its figures as a hidden table. */
export function LineChart(props: CartesianChartProps) {
  const { title, description, testId, data, series, categoryLabel, valueLabel, height = 260 } = props;
  const still = useReducedMotion();
  return (
    <ChartFigure title={title} description={description} testId={testId} kind="line" table={tableOf(props)}>
      <MantineLineChart
        h={height}
        data={data}
        dataKey="category"
        series={series.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
        xAxisLabel={categoryLabel}
        yAxisLabel={valueLabel}
        withLegend={series.length > 1}
        curveType="linear"
        lineChartProps={{ accessibilityLayer: false }}
        lineProps={{ isAnimationActive: !still }}
      />
    </ChartFigure>
  );
}
