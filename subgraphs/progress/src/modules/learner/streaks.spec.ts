import { computeStreaks, levelForXp, localDate } from "./streaks";

describe("streaks", () => {
  it("counts the current run up to today or yesterday, and the longest run", () => {
    const days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-10", "2026-11-11"];
    expect(computeStreaks(days, "2026-11-11")).toEqual({ current: 2, longest: 3 });
    expect(computeStreaks(days, "2026-11-12")).toEqual({ current: 2, longest: 3 });
    expect(computeStreaks(days, "2026-11-13")).toEqual({ current: 0, longest: 3 });
    expect(computeStreaks([], "2026-11-13")).toEqual({ current: 0, longest: 0 });
  });
  it("crosses month and year ends", () => {
    expect(computeStreaks(["2026-12-30", "2026-12-31", "2027-01-01"], "2027-01-01")).toEqual({ current: 3, longest: 3 });
  });
  it("uses the learner's time zone for the calendar day", () => {
    const instant = new Date("2026-11-22T20:30:00Z");
    expect(localDate(instant, "UTC")).toBe("2026-11-22");
    expect(localDate(instant, "Asia/Tokyo")).toBe("2026-11-23");
    expect(localDate(instant, "America/Los_Angeles")).toBe("2026-11-22");
  });
});

it("levels need 25·n·(n−1) XP", () => {
  expect([0, 49, 50, 149, 150, 300].map(levelForXp)).toEqual([1, 1, 2, 2, 3, 4]);
});
