/** A table of a chart's figures: a header row, then one row of text cells per category. */
export interface FigureTable {
  headers: string[];
  rows: { key: string; cells: string[] }[];
}

/** One row of a cartesian chart: its category's label under `category`, and a number (or null) per series. */
export type ChartRow = { category: string } & Record<string, string | number | null>;

/** A line or a set of bars: the row key it reads, its label in the legend and table, and a theme colour ("indigo.7"). */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

/** What the bar and line charts share: the data, the axes' labels, and how a value reads. */
export interface CartesianChartProps {
  /** The chart's accessible name and visible title. */
  title: string;
  description?: string;
  testId: string;
  data: ChartRow[];
  series: ChartSeries[];
  /** Under the x axis, and the first column of the figures table. */
  categoryLabel: string;
  /** Beside the y axis. */
  valueLabel: string;
  formatValue?: (value: number) => string;
  /** Figures for the table only, such as a conversion share beside the bars' counts. */
  extraColumns?: { key: string; label: string; format: (value: number | null) => string }[];
  height?: number;
}

const numberOrNull = (value: string | number | null | undefined) => (typeof value === "number" ? value : null);

/** The figures table of a cartesian chart: the category, each series' value as it reads, then the extra columns. */
export function tableOf({ data, series, categoryLabel, formatValue = String, extraColumns = [] }: CartesianChartProps): FigureTable {
  return {
    headers: [categoryLabel, ...series.map((s) => s.label), ...extraColumns.map((c) => c.label)],
    rows: data.map((row) => ({
      key: row.category,
      cells: [
        row.category,
        ...series.map((s) => {
          const value = numberOrNull(row[s.key]);
          return value === null ? "–" : formatValue(value);
        }),
        ...extraColumns.map((c) => c.format(numberOrNull(row[c.key]))),
      ],
    })),
  };
}
