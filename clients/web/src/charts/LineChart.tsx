import { LineChart as MantineLineChart } from "@mantine/charts";
import { ChartFigure } from "./ChartFigure";
import { useDrawingProps } from "./drawing";
import { tableOf, type CartesianChartProps } from "./series";

/** A line per series over the categories in order (Mantine's recharts LineChart), with its figures as a hidden table. */
export function LineChart(props: CartesianChartProps) {
  const { common, animate } = useDrawingProps(props);
  return (
    <ChartFigure title={props.title} description={props.description} testId={props.testId} kind="line" table={tableOf(props)}>
      <MantineLineChart
        {...common}
        curveType="linear"
        lineChartProps={{ accessibilityLayer: false }}
        lineProps={{ isAnimationActive: animate }}
      />
    </ChartFigure>
  );
}
