/**
 * /coverage/ and its open data (issue 12 item 5) in the test build: every county's townships
 * add up, provinces are the sum of their counties, the states agree with townships.csv (an
 * illustrative list is never coverage), and township and county pages say where they stand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { loadDivisions } from "../../data/divisions.ts";
import { COVERAGE_CSV_COLUMNS, CoverageData } from "../../site/lib/open-data.ts";

const DIST = "dist";
const read = (path: string) => readFileSync(join(DIST, path), "utf8");
const provinces = (process.env.QINGDAN_PROVINCES ?? "43").split(",");
const divisions = loadDivisions();
const townships = divisions.all("township").filter((d) => provinces.includes(d.code.slice(0, 2)));
const data = CoverageData.parse(JSON.parse(read("data/coverage.json")));
const byCode = new Map(data.areas.map((a) => [a.code, a]));
const STATES = ["official", "repost", "figures", "none"] as const;

describe("coverage data", () => {
  it("has a row per province, prefecture and county whose states add up to its townships", () => {
    const counties = new Set(townships.map((t) => t.code.slice(0, 6)));
    expect(
      data.areas
        .filter((a) => a.level === "county")
        .map((a) => a.code)
        .sort(),
    ).toEqual([...counties].sort());
    for (const a of data.areas) expect(STATES.reduce((n, s) => n + a[s], 0)).toBe(a.townships);
    for (const county of counties) expect(byCode.get(county)!.townships).toBe(townships.filter((t) => t.code.startsWith(county)).length);
  });

  it("sums counties into prefectures and prefectures into provinces", () => {
    for (const upper of data.areas.filter((a) => a.level !== "county")) {
      const below = data.areas.filter((a) => a.level === "county" && a.code.startsWith(upper.code));
      for (const s of [...STATES, "townships"] as const) expect(below.reduce((n, a) => n + a[s], 0)).toBe(upper[s]);
    }
  });

  it("counts official lists and reposts as townships.csv has them, and an illustrative list as no list", () => {
    const rows = parseCsv(read("data/townships.csv").slice(1), { columns: true }) as Record<string, string>[];
    const guidong = rows.filter((r) => r.code!.startsWith("431027"));
    expect(guidong.some((r) => r.list_status === "illustrative")).toBe(true);
    for (const state of ["official", "repost"] as const) expect(byCode.get("431027")![state]).toBe(guidong.filter((r) => r.list_status === state).length);
    expect(byCode.get("431027")!.official).toBe(0);
  });

  it("coverage.csv holds the same rows with its columns and the BOM Excel needs", () => {
    const raw = read("data/coverage.csv");
    expect(raw.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(raw.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...COVERAGE_CSV_COLUMNS]);
    expect(rows.map((r) => [r.code, Number(r.none)])).toEqual(data.areas.map((a) => [a.code, a.none]));
    expect(rows.find((r) => r.code === "431027")).toMatchObject({ province: "湖南省", prefecture: "郴州市", name: "桂东县" });
  });
});

describe("coverage pages", () => {
  it("/coverage/ links each province's page, which has a row per county linking its region page", () => {
    expect(read("coverage/index.html")).toContain('href="/coverage/43/"');
    const page = read("coverage/43/index.html");
    for (const county of data.areas.filter((a) => a.level === "county"))
      expect(page).toMatch(new RegExp(`<tr id="c${county.code}"><th scope="row"[^>]*><a href="/r/${county.code}/">`));
  });

  it("one page per province, not per county (static-file budget)", () => {
    expect(() => read("coverage/431027/index.html")).toThrow();
  });

  it("the home page links /coverage/", () => {
    expect(read("index.html")).toContain('href="/coverage/"');
  });

  it("a township page without a list says where its county stands and links its row", () => {
    const page = read("r/431027102/index.html");
    const guidong = byCode.get("431027")!;
    expect(page).toContain(`桂东县共有 ${guidong.townships} 个乡镇（街道）`);
    expect(page).toContain('href="/coverage/43/#c431027"');
    expect(read("r/431027/index.html")).toContain('data-testid="coverage-line"');
  });
});
