/**
 * The open-data formats (issue #4 item 6), as zod schemas: the per-county JSON (also what the
 * check tool fetches) and the two national CSVs. JSON Schema files are generated from these
 * with `z.toJSONSchema` (site/pages/data/schema/[name].json.ts), so docs and data cannot drift.
 */
import { z } from "zod";
import { DivisionType, DutyList, DutyPart, PROVENANCE_STATUSES } from "../../data/schema/index.ts";

export const CountyTownship = z.object({
  code: z.string().regex(/^\d{9}$/),
  name: z.string(),
  type: DivisionType,
  /** The current list, or null when none is loaded. */
  list: z.lazy(() => DutyList.nullable()),
  /** How many versions are known (history at /r/<code>/history/ when more than one). */
  versions: z.number().int().nonnegative(),
});

export const CountyData = z.object({
  format: z.literal("qingdan-county/1"),
  county: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string(), chain: z.array(z.string()) }),
  dataset: z.string(),
  townships: z.array(CountyTownship),
});
export type CountyData = z.infer<typeof CountyData>;

export const TOWNSHIP_CSV_COLUMNS = [
  "code",
  "name",
  "type",
  "province",
  "prefecture",
  "county",
  "list_status",
  "list_version",
  "basic",
  "assisting",
  "returned",
  "total",
  "url",
] as const;
export const ITEM_CSV_COLUMNS = [
  "township_code",
  "township_name",
  "list_version",
  "list_status",
  "part",
  "no",
  "name",
  "domain",
  "basis",
  "lead_department",
  "department_duty",
  "township_duty",
  "receiving_department",
  "work_mode",
  "note",
] as const;

const cell = z.string();
export const TownshipCsvRow = z.object({
  code: z.string().regex(/^\d{9}$/),
  name: z.string().min(1),
  type: DivisionType,
  province: cell,
  prefecture: cell,
  county: cell,
  list_status: z.enum([...PROVENANCE_STATUSES, "none"]),
  list_version: cell,
  basic: z.string().regex(/^\d*$/),
  assisting: z.string().regex(/^\d*$/),
  returned: z.string().regex(/^\d*$/),
  total: z.string().regex(/^\d*$/),
  url: z.string().regex(/^\/r\/\d{9}\/$/),
});
export const ItemCsvRow = z.object({
  township_code: z.string().regex(/^\d{9}$/),
  township_name: cell,
  list_version: cell,
  list_status: z.enum(PROVENANCE_STATUSES),
  part: DutyPart,
  no: cell,
  name: z.string().min(1),
  domain: cell,
  basis: cell,
  lead_department: cell,
  department_duty: cell,
  township_duty: cell,
  receiving_department: cell,
  work_mode: cell,
  note: cell,
});

/**
 * Coverage (issue 12 item 5, /coverage/): one row per province, prefecture and county with its
 * townships by state; `notices` are the sources of counts and notices cited for the area.
 */
export const COVERAGE_CSV_COLUMNS = [
  "level",
  "code",
  "name",
  "province",
  "prefecture",
  "townships",
  "official",
  "repost",
  "figures",
  "none",
  "notices",
] as const;
const count = z.number().int().nonnegative();
export const CoverageArea = z.object({
  level: z.enum(["province", "prefecture", "county"]),
  code: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/),
  name: z.string().min(1),
  townships: count,
  official: count,
  repost: count,
  figures: count,
  none: count,
  /** Source URLs (or document numbers) of the counts and notices cited for this area (county rows only). */
  notices: z.array(z.string()),
});
export const CoverageData = z.object({
  format: z.literal("qingdan-coverage/1"),
  dataset: z.string(),
  areas: z.array(CoverageArea),
});
export type CoverageData = z.infer<typeof CoverageData>;

export const OPEN_SCHEMAS = { county: CountyData, townships: TownshipCsvRow, items: ItemCsvRow, coverage: CoverageData } as const;

/** One CSV line (RFC 4180 quoting). */
export const csvLine = (cells: (string | number | undefined)[]) =>
  cells
    .map((c) => {
      const s = c === undefined ? "" : String(c);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(",") + "\r\n";

/** UTF-8 byte-order mark, so Excel opens the CSVs as UTF-8. */
export const BOM = "\uFEFF";
