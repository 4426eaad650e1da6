import { describe, expect, it } from "vitest";
import { addWorkingDays, beijingTime, beijingToday, isWorkingDay, workingDaysBetween } from "../../worker/domain/working-days.ts";

describe("working days", () => {
  it.each([
    ["2025-10-01", false, "National Day is a holiday"],
    ["2025-10-08", false, "the last day of the 2025 National Day week is a holiday"],
    ["2025-09-28", true, "the make-up Sunday before National Day 2025 is a working day"],
    ["2025-10-11", true, "the make-up Saturday after National Day 2025 is a working day"],
    ["2025-10-12", false, "an ordinary Sunday is not a working day"],
    ["2025-10-09", true, "an ordinary Thursday is a working day"],
  ])("knows %s is working: %s (%s)", (day, expected) => {
    expect(isWorkingDay(day)).toBe(expected);
  });

  it("skips the National Day week when adding working days", () => {
    // Delivered Tuesday 30 Sep 2025: 1 Oct–8 Oct are holidays, so the first working day is Thu 9 Oct.
    expect(addWorkingDays("2025-09-30", 1)).toBe("2025-10-09");
    // 5 working days: 9, 10, 11 (make-up Saturday), 13, 14 Oct.
    expect(addWorkingDays("2025-09-30", 5)).toBe("2025-10-14");
  });

  it("counts the working days between two dates", () => {
    expect(workingDaysBetween("2025-09-30", "2025-10-14")).toBe(5);
    expect(workingDaysBetween("2025-10-14", "2025-10-14")).toBe(0);
  });

  it("takes today's date in Beijing", () => {
    expect(beijingToday(new Date("2025-10-08T17:00:00Z"))).toBe("2025-10-09");
  });
});

describe("beijingTime()", () => {
  it("shows an official's action in Beijing time, eight hours ahead of UTC", () => {
    expect(beijingTime(Date.UTC(2025, 9, 1, 17, 5))).toBe("2025-10-02 01:05");
  });
});
