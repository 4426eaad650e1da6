/** Dates as the Chinese pages print them: a source dated only to the month shows no made-up day. */
import { describe, expect, it } from "vitest";
import { formatDate, measureDateLabel } from "../../site/lib/format.ts";

describe("formatDate", () => {
  it("prints a day, a month without a day, and an unknown date in Chinese", () => {
    expect(formatDate("2024-08-06")).toBe("2024年8月6日");
    expect(formatDate("2021-09")).toBe("2021年9月");
    expect(formatDate("unknown")).toBe("日期未注明");
  });

  it("labels a measure dated only by a month-dated source as its report date", () => {
    expect(measureDateLabel({ date: "unknown", sources: [{ publisher: "江永县民政局", url: "http://jiangyong.gov.cn/a.shtml", date: "2021-09" }] })).toBe(
      "报道日期 2021年9月",
    );
  });
});
