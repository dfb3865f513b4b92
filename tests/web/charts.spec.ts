import { cellColour, cohortWeeks, formatShare } from "../../clients/web/src/charts/scale";
import { tableOf, type CartesianChartProps } from "../../clients/web/src/charts/series";

describe("the cohort heat map's colour scale", () => {
  it("gives each tenth of a share one shade of ten, the same in every row", () => {
    expect([0, 0.05, 0.1, 0.19, 0.5, 0.69, 0.7, 0.95, 1].map((s) => cellColour(s).shade)).toEqual([0, 0, 1, 1, 5, 6, 7, 9, 9]);
  });

  it("puts white text on shade 7 and darker, where dark text would fall below WCAG AA, and dark text on the rest", () => {
    expect(cellColour(0.69)).toEqual({ shade: 6, text: "dark" });
    expect(cellColour(0.7)).toEqual({ shade: 7, text: "light" });
    expect(cellColour(1)).toEqual({ shade: 9, text: "light" });
  });

  it("clamps shares outside 0 to 1, and reads a non-number as none", () => {
    expect(cellColour(-0.2).shade).toBe(0);
    expect(cellColour(1.4).shade).toBe(9);
    expect(cellColour(Number.NaN).shade).toBe(0);
  });

  it("has as many week columns as the longest cohort, and none for no cohorts", () => {
    expect(cohortWeeks([{ retained: [1, 0.4, 0.3] }, { retained: [1, 0.5] }, { retained: [1] }])).toBe(3);
    expect(cohortWeeks([])).toBe(0);
  });
});

describe("shares as text", () => {
  it("reads as a whole percentage in the learner's language, and a missing share as a dash", () => {
    expect(formatShare(0.425, "en")).toBe("43%");
    expect(formatShare(1, "ja")).toBe("100%");
    expect(formatShare(0, "en")).toBe("0%");
    expect(formatShare(null, "en")).toBe("–");
    expect(formatShare(undefined, "ja")).toBe("–");
  });
});

describe("a chart's figures table", () => {
  const chart: CartesianChartProps = {
    title: "Notifications",
    testId: "t",
    data: [
      { category: "Lessons", sent: 10, read: 4, readRate: 0.4 },
      { category: "Streaks", sent: 3, read: null, readRate: null },
    ],
    series: [
      { key: "sent", label: "Sent", color: "indigo.7" },
      { key: "read", label: "Read", color: "teal.8" },
    ],
    categoryLabel: "Kind",
    valueLabel: "Learners",
    formatValue: (v) => `${v} people`,
    extraColumns: [{ key: "readRate", label: "Read rate", format: (v) => (v === null ? "none" : `${v * 100}%`) }],
  };

  it("has the category, each series in order, then the table-only columns", () => {
    expect(tableOf(chart)).toEqual({
      headers: ["Kind", "Sent", "Read", "Read rate"],
      rows: [
        { key: "Lessons", cells: ["Lessons", "10 people", "4 people", "40%"] },
        { key: "Streaks", cells: ["Streaks", "3 people", "–", "none"] },
      ],
    });
  });

  it("writes plain numbers without a formatter", () => {
    const { formatValue: _, extraColumns: __, ...plain } = chart;
    expect(tableOf(plain).rows[0].cells).toEqual(["Lessons", "10", "4"]);
  });
});
