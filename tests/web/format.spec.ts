import { dayKey, formatDay, formatFromNow, formatInterval } from "../../clients/web/src/format";

const en = { language: "en", timeZone: "Asia/Tokyo" };
const ja = { language: "ja", timeZone: "Asia/Tokyo" };

describe("dates and durations in the learner's language and zone", () => {
  it("files an instant under the learner's own calendar day", () => {
    // 15:30 UTC is already the next day in Tokyo (UTC+9).
    expect(dayKey("2026-12-01T15:30:00Z", "Asia/Tokyo")).toBe("2026-12-02");
    expect(dayKey("2026-12-01T15:30:00Z", "America/New_York")).toBe("2026-12-01");
  });

  it("names today and yesterday, and dates the rest, by calendar day even across a daylight-saving change", () => {
    const now = new Date("2026-12-01T15:30:00Z"); // 2 Dec in Tokyo
    expect(formatDay("2026-12-02", en, now)).toBe("Today");
    expect(formatDay("2026-12-01", en, now)).toBe("Yesterday");
    expect(formatDay("2026-12-02", ja, now)).toBe("今日");
    expect(formatDay("2026-11-30", ja, now)).toBe("2026年11月30日");
    expect(formatDay("2026-11-30", en, now)).toBe("30 November 2026");
    // 00:30 on 9 March 2026 in New York: 8 March had 23 hours; 24 h earlier is still 8 March, but only just.
    const afterSpringForward = new Date("2026-03-09T04:30:00Z");
    expect(formatDay("2026-03-08", { language: "en", timeZone: "America/New_York" }, afterSpringForward)).toBe("Yesterday");
  });

  it("gives an interval as its largest whole unit, a year from 345 days", () => {
    expect(formatInterval(59, en)).toBe("1 min");
    expect(formatInterval(600, en)).toBe("10 mins");
    expect(formatInterval(8 * 86_400, en)).toBe("8 days");
    expect(formatInterval(350 * 86_400, en)).toBe("1 yr");
    expect(formatInterval(8 * 86_400, ja)).toBe("8 日");
  });

  it("says how far off a time is", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(formatFromNow("2026-12-04T12:00:00Z", en, now)).toBe("in 3 days");
    expect(formatFromNow("2026-12-01T12:00:20Z", en, now)).toBe("this minute");
    expect(formatFromNow("2026-12-04T12:00:00Z", ja, now)).toBe("3 日後");
  });
});
