import { BarChart as MantineBarChart } from "@mantine/charts";
import { ChartFigure } from "./ChartFigure";
import { useDrawingProps } from "./drawing";
import { tableOf, type CartesianChartProps } from "./series";

/** Bars per category, one colour per series (Mantine's recharts BarChart), with its figures as a hidden table. */
export function BarChart(props: CartesianChartProps) {
  const { common, animate } = useDrawingProps(props);
  return (
    <ChartFigure title={props.title} description={props.description} testId={props.testId} kind="bar" table={tableOf(props)}>
      <MantineBarChart {...common} barChartProps={{ accessibilityLayer: false }} barProps={{ isAnimationActive: animate }} />
    </ChartFigure>
  );
}
