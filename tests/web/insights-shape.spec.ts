import { lastDays } from "../../clients/web/src/pages/reports/range";
import { byWeekday, weekdayName, WEEKDAYS } from "../../clients/web/src/pages/insights/weekdays";

describe("study minutes by weekday", () => {
  it("lists every weekday once, Monday to Sunday, whatever order the API gives", () => {
    const rows = byWeekday([
      { weekday: "SUNDAY", minutes: 5 },
      { weekday: "MONDAY", minutes: 30 },
      { weekday: "WEDNESDAY", minutes: 12 },
    ]);
    expect(rows.map((r) => r.weekday)).toEqual(WEEKDAYS);
    expect(rows.map((r) => r.minutes)).toEqual([30, 0, 12, 0, 0, 0, 5]);
  });

  it("adds up a weekday listed twice rather than dropping one", () => {
    expect(
      byWeekday([
        { weekday: "FRIDAY", minutes: 10 },
        { weekday: "FRIDAY", minutes: 4 },
      ])[4],
    ).toEqual({ weekday: "FRIDAY", minutes: 14 });
  });

  it("names weekdays in the learner's language", () => {
    expect(WEEKDAYS.map((d) => weekdayName(d, "en"))).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(WEEKDAYS.map((d) => weekdayName(d, "ja"))).toEqual(["月", "火", "水", "木", "金", "土", "日"]);
  });
});

describe("a report's period", () => {
  it("covers the last whole UTC days, today included, up to the midnight after today", () => {
    expect(lastDays(7, new Date("2026-12-01T20:15:00Z"))).toEqual({ from: "2026-11-25T00:00:00.000Z", to: "2026-12-02T00:00:00.000Z" });
    expect(lastDays(1, new Date("2026-12-31T23:59:59Z"))).toEqual({ from: "2026-12-31T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
  });
});
