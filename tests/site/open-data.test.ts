/** Open data and feeds of the test subset: JSON and CSV match their schemas, RSS 2.0 is valid, the sitemap lists every page. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadDivisions } from "../../data/divisions.ts";
import { CountyData, ITEM_CSV_COLUMNS, ItemCsvRow, OPEN_SCHEMAS, TOWNSHIP_CSV_COLUMNS, TownshipCsvRow } from "../../site/lib/open-data.ts";

const DIST = "dist";
const read = (path: string) => readFileSync(join(DIST, path), "utf8");
const provinces = (process.env.QINGDAN_PROVINCES ?? "43").split(",");
const townships = loadDivisions()
  .all("township")
  .filter((d) => provinces.includes(d.code.slice(0, 2)));

describe("per-county JSON", () => {
  it("exists for every county and matches its schema", () => {
    const files = readdirSync(join(DIST, "data/county"));
    const counties = new Set(townships.map((t) => t.code.slice(0, 6)));
    expect(files.length).toBeGreaterThanOrEqual(counties.size);
    for (const f of files) CountyData.parse(JSON.parse(read(`data/county/${f}`)));
  });

  it("holds 沤江镇's current list for the check tool", () => {
    const county = CountyData.parse(JSON.parse(read("data/county/431027.json")));
    const township = county.townships.find((t) => t.code === "431027100")!;
    expect(township.list?.version).toBe("2025");
    expect(township.versions).toBe(2);
  });
});

describe("national CSVs", () => {
  const csv = (path: string) => {
    const raw = read(path);
    expect(raw.startsWith("\uFEFF")).toBe(true);
    return parseCsv(raw.slice(1), { columns: true }) as Record<string, string>[];
  };

  it("townships.csv has a row per township that matches its schema, with the BOM Excel needs", () => {
    const rows = csv("data/townships.csv");
    expect(Object.keys(rows[0]!)).toEqual([...TOWNSHIP_CSV_COLUMNS]);
    expect(rows.length).toBe(townships.length);
    for (const r of rows) TownshipCsvRow.parse(r);
    expect(rows.find((r) => r.code === "431027100")).toMatchObject({ list_status: "illustrative", list_version: "2025" });
  });

  it("items.csv has every item of every loaded list and matches its schema", () => {
    const rows = csv("data/items.csv");
    expect(Object.keys(rows[0]!)).toEqual([...ITEM_CSV_COLUMNS]);
    for (const r of rows) ItemCsvRow.parse(r);
    expect(rows.filter((r) => r.township_code === "431027100" && r.part === "returned").map((r) => r.name)).toContain("动物检疫及检疫证明出具");
  });

  it("publishes the JSON Schema generated from each zod schema", () => {
    for (const [name, schema] of Object.entries(OPEN_SCHEMAS)) {
      expect(JSON.parse(read(`data/schema/${name}.json`))).toEqual(
        JSON.parse(JSON.stringify(z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }))),
      );
    }
  });
});

describe("RSS feeds", () => {
  for (const path of ["measures/rss.xml", "measures/rss/43.xml"]) {
    it(`${path} is RSS 2.0 with a title, link and description, and a unique permalink guid per item`, () => {
      const xml = read(path);
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><rss version="2.0"/);
      const channel = xml.match(/<channel>([\s\S]*)<\/channel>/)![1]!;
      for (const tag of ["title", "link", "description"]) expect(channel).toMatch(new RegExp(`<${tag}>[^<]+</${tag}>`));
      const items = [...channel.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => m[1]!);
      expect(items.length).toBeGreaterThan(0);
      const guids = items.map((i) => i.match(/<guid isPermaLink="true">([^<]+)<\/guid>/)![1]!);
      expect(new Set(guids).size).toBe(guids.length);
      for (const [i, item] of items.entries()) {
        expect(item).toMatch(/<title>[^<]+<\/title>/);
        expect(guids[i]).toBe(item.match(/<link>([^<]+)<\/link>/)![1]);
      }
    });
  }
});

describe("sitemap and robots.txt", () => {
  it("the sitemap index lists files within the protocol's limit that hold every region page", () => {
    const index = read("sitemap-index.xml");
    const files = [...index.matchAll(/<loc>[^<]*\/(sitemap-\d+\.xml)<\/loc>/g)].map((m) => m[1]!);
    const urls = files.flatMap((f) => [...read(f).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname));
    for (const f of files) expect([...read(f).matchAll(/<url>/g)].length).toBeLessThanOrEqual(50_000);
    const set = new Set(urls);
    expect(townships.filter((t) => !set.has(`/r/${t.code}/`))).toEqual([]);
  });

  it("robots.txt points to the sitemap index", () => {
    expect(read("robots.txt")).toMatch(/^Sitemap: https?:\/\/.+\/sitemap-index\.xml$/m);
  });
});
